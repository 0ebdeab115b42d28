"""Certificates state only days that have ended (Europe/Paris) and attendance recorded."""

import io
import zipfile
from datetime import datetime

import pypdf
import pytest

from cercle.core.errors import DomainError
from cercle.meetings.models import PARIS
from cercle.onsite import services
from cercle.onsite.models import RemoteAttendance
from tests.meetings.factories import at, register, workshop
from tests.onsite.conftest import register_many

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _url(people):
    return f"/rencontres/{people.meeting.slug}/mon-attestation.pdf"


def _seen_online(people, registration, day):
    RemoteAttendance.objects.create(
        registration=registration, day=day, imported_at=at(day, 18), imported_by=people.staff
    )


def test_before_the_meeting_the_page_says_there_is_no_certificate_yet(people, client, clock):
    # Registered on site then remote, as on 30 November for a June meeting.
    clock.set(datetime(2098, 11, 30, 10, 0, tzinfo=PARIS))
    client.force_login(people.person)

    response = client.get(_url(people))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["code"] == "meeting_not_over"
    assert "pas encore d’attestation" in response.text or "pas encore" in response.text
    with pytest.raises(DomainError) as excinfo:
        services.certificate_for(registration=people.registration, actor=people.person)
    assert excinfo.value.code == "meeting_not_over"


def test_registered_remote_alone_gives_no_certificate_after_the_meeting(people, client, clock):
    clock.set(datetime(2099, 6, 10, 10, 0, tzinfo=PARIS))
    client.force_login(people.person)

    response = client.get(_url(people))

    assert response.context["code"] == "nothing_attended"
    assert "Aucune présence" in response.text


def test_during_the_meeting_only_the_ended_day_is_stated(people, client, clock):
    clock.set(at(people.days[0], 9))
    services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    # Day two is under way, and already imported as seen online: not stated before it ends.
    clock.set(at(people.days[1], 11))
    _seen_online(people, people.registration, people.days[1])
    client.force_login(people.person)

    text = _text(client.get(_url(people)).content)

    assert "mardi 2 juin 2099 — Sur place" in text
    assert "3 juin 2099" not in text


def test_after_the_meeting_on_site_and_remote_days_and_workshops(people, client, clock):
    atelier = workshop(people.days[0], "Atelier socle")
    other = register(
        people.meeting,
        people.other_referent,
        people.other_org,
        people.days,
        workshops=[atelier],
        badge_name="Jean Dupont",
    )
    clock.set(at(people.days[0], 9))
    services.check_in(day=people.days[0], actor=people.staff, registration=other)
    clock.set(at(people.days[1], 9))
    _seen_online(people, other, people.days[1])
    clock.set(datetime(2099, 6, 4, 0, 0, tzinfo=PARIS))
    client.force_login(people.other_referent)

    response = client.get(_url(people))

    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Jean Dupont" in text
    assert "mardi 2 juin 2099 — Sur place" in text
    assert "mercredi 3 juin 2099 — À distance" in text
    assert "Atelier socle" in text


def test_staff_download_every_certificate_as_one_pdf_or_a_zip(people, client, clock):
    others = register_many(people.meeting, people.days, 2, modes=["absent", "remote"])
    clock.set(at(people.days[0], 9))
    services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    clock.set(at(people.days[1], 9))
    for registration in others:
        _seen_online(people, registration, people.days[1])
    clock.set(datetime(2099, 6, 5, 9, 0, tzinfo=PARIS))
    client.force_login(people.host_referent)
    url = f"/rencontres/{people.meeting.slug}/attestations/"

    pdf = client.get(url, {"format": "pdf"})
    archive = client.get(url, {"format": "zip"})

    assert len(pypdf.PdfReader(io.BytesIO(pdf.content)).pages) == 3
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == 3
    assert f"attestation-personne-0-{others[0].pk}.pdf" in names


def test_staff_before_the_meeting_get_a_message_not_a_pdf(people, client, clock):
    clock.set(datetime(2099, 6, 1, 23, 59, tzinfo=PARIS))
    client.force_login(people.staff)

    response = client.get(f"/rencontres/{people.meeting.slug}/attestations/", {"format": "pdf"})

    assert response["Content-Type"].startswith("text/html")
    assert "pas encore" in response.text


def test_another_persons_certificate_is_refused(people, client, clock):
    clock.set(at(people.days[0], 9))
    services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    clock.set(datetime(2099, 6, 5, 9, 0, tzinfo=PARIS))
    for user in (people.other_referent, people.person):
        client.force_login(user)
        url = f"/rencontres/{people.meeting.slug}/attestations/?format=pdf"
        assert client.get(url).status_code == 403
    with pytest.raises(DomainError) as excinfo:
        services.certificate_for(registration=people.registration, actor=people.other_referent)
    assert excinfo.value.code == "forbidden"
    # Organisers may get anyone's certificate.
    pdf = services.certificate_for(registration=people.registration, actor=people.host_referent)
    assert "Hélène Léveillé" in _text(pdf)
    client.logout()
    assert client.get(_url(people)).status_code == 302


HOSTILE_NAME = '<b>Jean</b> & <font size=90>Dupont</font>\n=HYPERLINK("x")'


def test_hostile_text_reaches_the_certificate_as_plain_text(people, client, clock):
    atelier = workshop(people.days[0], "Atelier <para> & <img src=x/> \x01")
    people.meeting.title = "Rencontre <i>&amp; co"
    people.meeting.venue = "Salle <u>\nBEGIN:VALARM"
    people.meeting.save()
    other = register(
        people.meeting,
        people.other_referent,
        people.other_org,
        people.days,
        workshops=[atelier],
        badge_name=HOSTILE_NAME,
        badge_organisation="</para><para>Mairie",
    )
    clock.set(at(people.days[0], 9))
    services.check_in(day=people.days[0], actor=people.staff, registration=other)
    clock.set(datetime(2099, 6, 4, 0, 0, tzinfo=PARIS))
    client.force_login(people.other_referent)

    response = client.get(_url(people))

    assert response.status_code == 200
    text = _text(response.content)
    assert "<b>Jean</b> & <font size=90>Dupont</font>" in text
    assert "</para><para>Mairie" in text
    assert "Rencontre <i>&amp; co" in text
