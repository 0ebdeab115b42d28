import io

import pypdf
import pytest

from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance
from cercle.onsite import services
from tests.factories import MembershipFactory, OrganisationFactory, agent_of
from tests.meetings.factories import register
from tests.onsite.conftest import register_many
from tests.onsite.test_badge_pdf import _badge_rectangles, _decoded_qr_codes, _text_boxes

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _qr_codes(pdf: bytes) -> list[str]:
    return _decoded_qr_codes(pypdf.PdfReader(io.BytesIO(pdf)))


def test_badge_token_is_url_safe_and_about_55_characters(people):
    token = services.badge_token(people.registration)

    assert 40 <= len(token) <= 60
    assert all(c.isalnum() or c in "-_." for c in token)
    assert services.read_badge_token(token) == (people.meeting.pk, people.registration.pk)


def test_badges_view_returns_a_pdf_whose_names_organisations_and_qr_codes_read_back(
    people, client, meeting_day
):
    second = register(
        people.meeting,
        agent_of(people.other_org),
        people.other_org,
        people.days,
        badge_name="François-Xavier Œttinger",
        badge_organisation="Toulouse Métropole",
    )
    client.force_login(people.staff)

    response = client.get(f"/rencontres/{people.meeting.slug}/badges/", {"layout": "a4-8-90x60"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for name in ["Hélène Léveillé", "Pays de Saint-Omer", "François-Xavier", "Toulouse"]:
        assert name in text
    codes = _qr_codes(response.content)
    assert sorted(codes) == sorted(
        [services.badge_token(people.registration), services.badge_token(second)]
    )
    entry = services.check_in(day=people.days[0], actor=people.staff, code=codes[0])
    assert entry.registration in (people.registration, second)


def test_badges_for_one_organisation_and_one_day(people, client):
    remote_only = register_many(
        people.meeting, people.days, 1, modes=[Attendance.REMOTE, Attendance.ON_SITE]
    )[0]
    client.force_login(people.host_referent)

    by_day = client.get(
        f"/rencontres/{people.meeting.slug}/badges/",
        {"layout": "single", "day": str(people.days[0].pk)},
    )
    by_org = client.get(
        f"/rencontres/{people.meeting.slug}/badges/",
        {"layout": "single", "organisation": str(remote_only.organisation_id)},
    )

    assert len(pypdf.PdfReader(io.BytesIO(by_day.content)).pages) == 1
    assert "Hélène Léveillé" in _text(by_day.content)
    assert "Personne 0" in _text(by_org.content)
    assert "Hélène" not in _text(by_org.content)


def test_badges_for_a_selection_of_people(people, client):
    others = register_many(people.meeting, people.days, 3)
    client.force_login(people.staff)

    response = client.get(
        f"/rencontres/{people.meeting.slug}/badges/",
        {"layout": "single", "people": [str(others[1].pk), str(others[2].pk)]},
    )

    text = _text(response.content)
    assert "Personne 1" in text and "Personne 2" in text
    assert "Personne 0" not in text and "Hélène" not in text


def test_a_60_character_name_stays_inside_its_badge(people, client):
    people.registration.badge_name = "Marie-Thérèse Françoise de La Rochefoucauld-Montbel Dubois"
    people.registration.badge_name = people.registration.badge_name.ljust(60, "e")
    people.registration.save()
    client.force_login(people.staff)

    response = client.get(f"/rencontres/{people.meeting.slug}/badges/", {"layout": "a4-8-90x60"})

    reader = pypdf.PdfReader(io.BytesIO(response.content))
    boxes = _text_boxes(reader)
    rectangles = _badge_rectangles("a4-8-90x60")
    assert "Rochefoucauld" in " ".join(text for text, *_box in boxes)
    for text, left, bottom, right, top in boxes:
        assert any(
            left >= x0 and bottom >= y0 and right <= x1 and top <= y1
            for x0, y0, x1, y1 in rectangles
        ), text


def test_badge_bands_say_the_role(people):
    vendor = OrganisationFactory(name="Éditeur")
    MembershipFactory(user=people.staff, organisation=vendor)
    staff_registration = register(
        people.meeting, people.staff, vendor, people.days, badge_name="Équipe"
    )
    host_person = agent_of(people.host)
    host_registration = register(people.meeting, host_person, people.host, people.days)

    assert services.badge_role(staff_registration, people.meeting) == "vendor"
    assert services.badge_role(host_registration, people.meeting) == "host"
    assert services.badge_role(people.registration, people.meeting) == "newcomer"


def test_badges_are_refused_to_other_referents_registrants_and_visitors(people, client):
    url = f"/rencontres/{people.meeting.slug}/badges/?layout=single"
    assert client.get(url).status_code == 302
    for user in (people.other_referent, people.person):
        client.force_login(user)
        assert client.get(url).status_code == 403
    with pytest.raises(DomainError) as error:
        services.badges_pdf(
            meeting=people.meeting,
            actor=people.person,
            layout="single",
            registrations=[people.registration],
        )
    assert error.value.code == "forbidden"


def test_badges_with_nobody_matching_keep_the_form_with_an_error(people, client):
    client.force_login(people.staff)

    response = client.get(
        f"/rencontres/{people.meeting.slug}/badges/",
        {"layout": "single", "day": str(people.days[1].pk)},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Personne ne correspond à ces choix : aucun badge à imprimer."
    ]
    assert response.context["form"]["day"].value() == str(people.days[1].pk)
