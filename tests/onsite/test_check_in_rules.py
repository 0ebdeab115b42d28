"""Check-in is open on the meeting day only; remote registrants need a recorded switch; a
handheld scanner typing into the search field checks the person in; nothing answers 500."""

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance
from cercle.meetings.models import PARIS, DayChoice
from cercle.onsite import services
from cercle.onsite.models import CheckIn, RemoteAttendance
from tests.factories import agent_of
from tests.meetings.factories import at, register

pytestmark = pytest.mark.django_db


def _url(people, day=0):
    return f"/rencontres/{people.meeting.slug}/accueil/{people.days[day].date.isoformat()}/"


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (datetime(2099, 6, 1, 12, 0, tzinfo=PARIS), "check_in_not_open"),
        (datetime(2099, 6, 1, 23, 59, tzinfo=PARIS), "check_in_not_open"),
        (datetime(2099, 6, 3, 0, 0, tzinfo=PARIS), "check_in_closed"),
        (datetime(2099, 12, 1, 9, 0, tzinfo=PARIS), "check_in_closed"),
    ],
)
def test_check_in_is_refused_outside_the_meeting_day(people, clock, client, moment, code):
    clock.set(moment)
    with pytest.raises(DomainError) as excinfo:
        services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    assert excinfo.value.code == code
    client.force_login(people.staff)
    page = client.post(_url(people), {"code": services.badge_token(people.registration)})
    assert page.status_code == 200
    assert page.context["result"]["code"] == code
    assert page.context["closed"]
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("hour", [0, 9, 23])
def test_check_in_is_open_all_the_meeting_day_in_paris(people, clock, hour):
    clock.set(at(people.days[0], hour))
    entry = services.check_in(
        day=people.days[0], actor=people.staff, registration=people.registration
    )
    assert entry.checked_in_by == people.staff


@override_settings(CHECK_IN_EVE_OPENS_AT="17:00")
def test_the_setting_opens_check_in_the_evening_before_for_badge_pick_up(people, clock):
    clock.set(datetime(2099, 6, 1, 16, 59, tzinfo=PARIS))
    with pytest.raises(DomainError) as excinfo:
        services.check_in(day=people.days[0], actor=people.staff, registration=people.registration)
    assert excinfo.value.code == "check_in_not_open"
    assert "17:00" in excinfo.value.message
    clock.set(datetime(2099, 6, 1, 17, 0, tzinfo=PARIS))
    assert services.check_in(
        day=people.days[0], actor=people.staff, registration=people.registration
    )


def test_a_future_day_page_answers_with_a_message_not_a_500(people, clock, client):
    clock.set(at(people.days[0], 9))
    client.force_login(people.staff)
    response = client.get(_url(people, 1), {"q": "Hélène"})
    assert response.status_code == 200
    assert "ouvre le 3 juin 2099 à 00:00" in response.text


def test_a_remote_registrant_gets_a_warning_then_staff_switch_them(people, clock, client):
    # Hélène is on site on day one and remote on day two.
    clock.set(at(people.days[1], 9))
    client.force_login(people.staff)
    code = services.badge_token(people.registration)

    warned = client.post(_url(people, 1), {"code": code})

    assert warned.context["result"]["code"] == "registered_remote"
    assert "à distance" in warned.context["result"]["message"]
    assert 'id="switch-form"' in warned.text
    assert CheckIn.objects.count() == 0
    switched = client.post(_url(people, 1), {"code": code, "switch_to_on_site": "1"})
    assert switched.context["result"]["code"] == "checked_in"
    choice = DayChoice.objects.get(registration=people.registration, day=people.days[1])
    assert choice.attendance == Attendance.ON_SITE
    audit = AuditEntry.objects.get(action="meeting.switched_to_on_site")
    assert audit.details["was"].startswith("remote")


def test_the_search_check_in_also_warns_for_a_remote_registrant(people, clock):
    clock.set(at(people.days[1], 9))
    with pytest.raises(DomainError) as excinfo:
        services.check_in(day=people.days[1], actor=people.staff, registration=people.registration)
    assert excinfo.value.code == "registered_remote"


def test_host_referents_check_in_and_agents_are_refused(people, clock, client):
    clock.set(at(people.days[0], 9))
    agent = agent_of(people.host)
    code = services.badge_token(people.registration)
    client.force_login(agent)
    assert client.post(_url(people), {"code": code}).status_code == 403
    with pytest.raises(DomainError) as excinfo:
        services.check_in(day=people.days[0], actor=agent, code=code)
    assert excinfo.value.code == "forbidden"
    client.force_login(people.host_referent)
    response = client.post(_url(people), {"code": code})
    assert response.context["result"]["code"] == "checked_in"


def test_a_scanner_typing_a_badge_into_the_search_field_checks_the_person_in(people, clock, client):
    clock.set(at(people.days[0], 9))
    client.force_login(people.staff)

    response = client.post(_url(people), {"q": services.badge_token(people.registration)})

    assert response.status_code == 200
    assert response.context["result"]["code"] == "checked_in"
    assert CheckIn.objects.get().method == "scan"


def test_a_forged_badge_typed_into_the_search_field_is_refused(people, clock, client):
    clock.set(at(people.days[0], 9))
    client.force_login(people.staff)
    forged = services.badge_token(people.registration)[:-3] + "abc"

    response = client.post(_url(people), {"q": forged})

    assert response.context["result"]["code"] == "invalid_code"
    assert CheckIn.objects.count() == 0


def test_a_name_typed_into_the_search_field_shows_the_results(people, clock, client):
    clock.set(at(people.days[0], 9))
    client.force_login(people.staff)

    response = client.post(_url(people), {"q": "Hélène"}, follow=True)

    assert [r.pk for r in response.context["results"]] == [people.registration.pk]
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"registration": "abc"},
        {"registration": "99999999"},
        {"registration": "1" * 40},
        {"code": "x" * 5000},
        {"q": "\x00\x01"},
    ],
)
def test_hostile_check_in_posts_never_answer_500(people, clock, client, data):
    clock.set(at(people.days[0], 9))
    client.force_login(people.staff)
    response = client.post(_url(people), data)
    # A NUL character is refused before any view (400); everything else gets the desk page.
    assert response.status_code in (200, 302, 400)
    assert CheckIn.objects.count() == 0


# --- Remote attendance import -----------------------------------------------------------


def _import(client, people, content: bytes, day=1):
    return client.post(
        _url(people, day) + "distanciel/",
        {"attendance_list": SimpleUploadedFile("presence.csv", content, "text/csv")},
    )


@pytest.fixture
def importing(people, clock, client):
    clock.set(at(people.days[1], 18))
    client.force_login(people.staff)
    return client


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (bytes(range(256)) * 20, "not_text", "pas un fichier texte"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "not_text", "pas un fichier texte"),
        (
            b"Nom;Courriel\n" + b'"' + b"a" * 200_000 + b'";x@example.test\n',
            "field_too_long",
            "Ligne 2",
        ),
        (b"Nom;Courriel\nBob;" + b"b" * 1500 + b"\n", "field_too_long", "Ligne 2"),
        (b"foo,bar\n1,2\n", "no_columns", "première ligne"),
        (b"   \n\n", "empty_file", "vide"),
    ],
)
def test_a_bad_attendance_file_is_refused_with_a_french_reason(
    people, importing, content, code, words
):
    response = _import(importing, people, content)

    assert response.status_code == 200
    errors = response.context["form"].errors["attendance_list"]
    assert words in " ".join(errors)
    assert RemoteAttendance.objects.count() == 0
    with pytest.raises(DomainError) as excinfo:
        services.import_remote_attendance(day=people.days[1], actor=people.staff, data=content)
    assert excinfo.value.code == code


def test_an_empty_upload_is_refused_by_the_form(people, importing):
    response = _import(importing, people, b"")
    assert response.status_code == 200
    assert response.context["form"].errors["attendance_list"]


def test_a_windows_1252_file_with_unknown_emails_and_repeated_lines_is_read(people, importing):
    content = (
        "Nom;Courriel\nHélène Léveillé;\nHélène Léveillé;\nInconnu;inconnu@example.test\n"
    ).encode("cp1252")

    response = _import(importing, people, content)

    report = response.context["report"]
    assert (report.matched, report.duplicates, report.already) == (1, 1, 0)
    assert report.unmatched == [(4, "Inconnu, inconnu@example.test")]
    again = _import(importing, people, content).context["report"]
    assert (again.matched, again.already) == (0, 2)


def test_a_utf16_export_is_read(people, importing):
    content = "Nom\tCourriel\nHélène Léveillé\t\n".encode("utf-16")
    assert _import(importing, people, content).context["report"].matched == 1


def test_remote_attendance_cannot_be_imported_before_the_day(people, clock, client):
    clock.set(at(people.days[0], 18))
    client.force_login(people.staff)

    response = _import(client, people, b"Nom\nHelene Leveille\n", day=1)

    assert "pas commencé" in " ".join(response.context["form"].errors["attendance_list"])
    with pytest.raises(DomainError) as excinfo:
        services.import_remote_attendance(
            day=people.days[1], actor=people.staff, data=b"Nom\nHelene Leveille\n"
        )
    assert excinfo.value.code == "day_not_started"


def test_remote_import_is_refused_to_an_agent(people, clock, client):
    clock.set(at(people.days[1], 18))
    agent = agent_of(people.host)
    client.force_login(agent)
    assert _import(client, people, b"Nom\nx\n").status_code == 403
    with pytest.raises(DomainError) as excinfo:
        services.import_remote_attendance(day=people.days[1], actor=agent, data=b"Nom\nx\n")
    assert excinfo.value.code == "forbidden"


def test_a_remote_registrant_imported_by_email(people, importing):
    other = agent_of(people.other_org, user__email="jean@example.test")
    register(people.meeting, other, people.other_org, people.days, badge_name="Jean Dupont")
    report = _import(importing, people, b"email\nJEAN@example.test\n").context["report"]
    assert report.matched == 1
