from datetime import datetime

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.meetings.models import PARIS
from cercle.onsite import services
from cercle.onsite.models import CheckIn, RemoteAttendance
from tests.factories import agent_of
from tests.meetings.factories import at, register
from tests.onsite.conftest import register_many

pytestmark = pytest.mark.django_db


def _url(people, day=0):
    return f"/rencontres/{people.meeting.slug}/accueil/{people.days[day].date.isoformat()}/"


def test_check_in_by_code_records_who_and_when_and_audits(people, client, meeting_day):
    client.force_login(people.host_referent)
    code = services.badge_token(people.registration)

    response = client.post(_url(people), {"code": code})

    entry = CheckIn.objects.get()
    assert (entry.registration, entry.day, entry.checked_in_by, entry.method) == (
        people.registration,
        people.days[0],
        people.host_referent,
        "scan",
    )
    assert AuditEntry.objects.filter(action="meeting.checked_in").count() == 1
    html = response.content.decode()
    assert 'role="status"' in html
    assert "Hélène Léveillé (Pays de Saint-Omer) est enregistrée" in html or (
        "Hélène Léveillé (Pays de Saint-Omer)" in html
    )


def test_check_in_twice_says_so_with_the_first_time(people, client, meeting_day):
    first = datetime(2099, 6, 2, 9, 12, tzinfo=PARIS)
    services.check_in(
        day=people.days[0], actor=people.staff, registration=people.registration, now=first
    )
    client.force_login(people.staff)

    response = client.post(_url(people), {"code": services.badge_token(people.registration)})

    assert CheckIn.objects.count() == 1
    assert response.context["result"] == {
        "ok": False,
        "code": "already_checked_in",
        "message": "Hélène Léveillé a déjà été enregistrée à 09:12.",
    }


def test_check_in_service_raises_already_checked_in_with_the_first_entry(people, meeting_day):
    first = services.check_in(
        day=people.days[0], actor=people.staff, registration=people.registration
    )

    with pytest.raises(DomainError) as error:
        services.check_in(
            day=people.days[0], actor=people.staff, code=services.badge_token(people.registration)
        )

    assert error.value.code == "already_checked_in"
    assert error.value.code == "already_checked_in"
    assert error.value.params["name"] == first.registration.badge_name


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(token.split("-")[1].split(".")[0], "999999", 1),
        lambda token: "not a badge",
        lambda token: "",
    ],
)
def test_a_forged_or_altered_code_is_refused(people, client, forge, meeting_day):
    client.force_login(people.staff)

    response = client.post(_url(people), {"code": forge(services.badge_token(people.registration))})

    assert CheckIn.objects.count() == 0
    assert response.context["result"]["ok"] is False
    assert response.context["result"]["message"].startswith("Code non valide")


def test_a_badge_of_another_meeting_is_refused(people, meeting_day):
    from tests.meetings.factories import two_day_meeting

    other, other_days = two_day_meeting()
    other_registration = register(other, people.person, people.city, other_days)

    with pytest.raises(DomainError) as error:
        services.check_in(
            day=people.days[0], actor=people.staff, code=services.badge_token(other_registration)
        )

    assert error.value.code == "other_meeting"


def test_check_in_by_search_then_the_dashboard_counts_them_present(people, client, meeting_day):
    client.force_login(people.staff)

    found = client.get(_url(people), {"q": "saint-omer"})
    assert [r.pk for r in found.context["results"]] == [people.registration.pk]
    client.post(_url(people) + "?q=saint-omer", {"registration": people.registration.pk})
    figures = client.get(f"/rencontres/{people.meeting.slug}/chiffres/")

    entry = CheckIn.objects.get()
    assert entry.method == "search"
    first_day = figures.context["figures"]["days"][0]
    assert (first_day["on_site"], first_day["present"]) == (1, 1)
    after = client.get(_url(people), {"q": "Hélène"})
    assert after.context["results"][0].checked_in_at == entry.checked_in_at


def test_check_in_is_refused_to_other_referents_registrants_and_visitors(
    people, client, meeting_day
):
    code = services.badge_token(people.registration)
    response = client.post(_url(people), {"code": code})
    assert response.status_code == 302
    for user in (people.other_referent, people.person):
        client.force_login(user)
        assert client.post(_url(people), {"code": code}).status_code == 403
        with pytest.raises(DomainError):
            services.check_in(day=people.days[0], actor=user, code=code)
    assert CheckIn.objects.count() == 0


def test_check_in_search_makes_the_same_number_of_queries_with_more_people(
    people, client, meeting_day
):
    client.force_login(people.staff)
    register_many(people.meeting, people.days, 2)
    client.get(_url(people), {"q": "Personne"})
    reset_queries()
    with CaptureQueriesContext(connection) as few:
        client.get(_url(people), {"q": "Personne"})
    few_count = len(few)
    more = register_many(people.meeting, people.days, 8)
    for registration in more[:4]:
        services.check_in(day=people.days[0], actor=people.staff, registration=registration)
    reset_queries()
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(people), {"q": "Personne"})
    assert len(response.context["results"]) == 10
    assert len(many) == few_count


def test_remote_attendance_import_matches_email_then_name_and_reports_the_rest(
    people, client, clock
):
    clock.set(at(people.days[1], 18))
    other = agent_of(people.other_org, user__email="Jean.Dupont@example.test")
    register(people.meeting, other, people.other_org, people.days, badge_name="Jean Dupont")
    client.force_login(people.staff)
    csv_text = (
        b"Nom;Courriel\n"
        b"helene leveille;\n"
        b";jean.dupont@example.test\n"
        b"Inconnu Total;inconnu@example.test\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        _url(people, 1) + "distanciel/",
        {"attendance_list": SimpleUploadedFile("presence.csv", csv_text, "text/csv")},
    )

    report = response.context["report"]
    assert (report.matched, report.already, report.unmatched) == (
        2,
        0,
        [(4, "Inconnu Total, inconnu@example.test")],
    )
    assert RemoteAttendance.objects.filter(day=people.days[1]).count() == 2
    assert "Ligne 4" in response.content.decode()


def test_remote_attendance_import_without_name_or_email_column_is_refused(
    people, client, meeting_day
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.staff)
    response = client.post(
        _url(people, 1) + "distanciel/",
        {"attendance_list": SimpleUploadedFile("x.csv", b"foo,bar\n1,2\n", "text/csv")},
    )

    assert response.context["form"].errors["attendance_list"]
    assert RemoteAttendance.objects.count() == 0
