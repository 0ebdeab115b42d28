import io
import zipfile

import pypdf
import pytest

from cercle.onsite import services
from tests.meetings.factories import register, workshop
from tests.onsite.conftest import register_many

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_a_person_downloads_their_certificate_listing_days_and_workshops(people, client):
    atelier = workshop(people.days[0], "Atelier socle")
    register(
        people.meeting,
        people.person,
        people.city,
        people.days,
        modes=["on_site", "remote"],
        workshops=[atelier],
        badge_name="Hélène Léveillé",
    )
    services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    client.force_login(people.person)

    response = client.get(f"/rencontres/{people.meeting.slug}/mon-attestation.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(_text(response.content).split())
    assert "Hélène Léveillé" in text
    assert "mardi 2 juin 2099 — Sur place" in text
    assert "mercredi 3 juin 2099 — À distance" in text
    assert "Atelier socle" in text


def test_staff_download_every_certificate_as_one_pdf_or_a_zip(people, client):
    others = register_many(people.meeting, people.days, 2, modes=["absent", "remote"])
    services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    client.force_login(people.host_referent)
    url = f"/rencontres/{people.meeting.slug}/attestations/"

    pdf = client.get(url, {"format": "pdf"})
    archive = client.get(url, {"format": "zip"})

    assert len(pypdf.PdfReader(io.BytesIO(pdf.content)).pages) == 3
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == 3
    assert f"attestation-personne-0-{others[0].pk}.pdf" in names


def test_certificates_are_refused_to_other_people(people, client):
    services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    for user in (people.other_referent, people.person):
        client.force_login(user)
        url = f"/rencontres/{people.meeting.slug}/attestations/?format=pdf"
        assert client.get(url).status_code == 403
    with pytest.raises(services.OnsiteError):
        services.certificate_for(registration=people.registration, actor=people.other_referent)
    client.logout()
    assert client.get(f"/rencontres/{people.meeting.slug}/mon-attestation.pdf").status_code == 302
