"""The meeting's figures are a cached fragment: a registration, a cancellation, a check-in or a
renamed organisation show at once; organisers only; queries constant in the number of people."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cercle.meetings import services as meetings
from cercle.meetings.enums import Attendance
from cercle.onsite.models import CheckIn
from cercle.organisations.models import Organisation
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import register, two_day_meeting

ON, REMOTE = Attendance.ON_SITE, Attendance.REMOTE


def _figures(client, meeting):
    response = client.get(f"/rencontres/{meeting.slug}/chiffres/")
    assert response.status_code == 200
    return response.content.decode()


def test_registrations_cancellations_and_check_ins_show_at_once(page_cache, client):
    meeting, days = two_day_meeting()
    city = OrganisationFactory(name="Ville de Nancy")
    first = register(meeting, agent_of(city), city, days, modes=[ON, REMOTE])
    client.force_login(StaffFactory())
    assert "1 inscription." in _figures(client, meeting)

    second = register(meeting, agent_of(city), city, days, modes=[ON, ON])
    assert "2 inscriptions." in _figures(client, meeting)

    CheckIn.objects.create(
        registration=second, day=days[0], checked_in_at=timezone.now(), method="search"
    )
    html = _figures(client, meeting)
    # First day: 2 on site, no waiting list, 1 present.
    assert "<td>2</td><td>0</td><td>1</td>" in html

    meetings.cancel_registration(registration=first, actor=first.person)
    assert "1 inscription." in _figures(client, meeting)


def test_a_renamed_organisation_shows_at_once(page_cache, client):
    meeting, days = two_day_meeting()
    city = OrganisationFactory(name="Ville de Nancy")
    register(meeting, agent_of(city), city, days)
    client.force_login(StaffFactory())
    assert "Ville de Nancy" in _figures(client, meeting)

    Organisation.objects.filter(pk=city.pk).update(name="Métropole du Grand Nancy")

    html = _figures(client, meeting)
    assert "Métropole du Grand Nancy" in html and "Ville de Nancy" not in html


def test_the_cached_figures_are_for_organisers_only(page_cache, client):
    meeting, days = two_day_meeting()
    city = OrganisationFactory(name="Ville de Nancy")
    person = agent_of(city)
    register(meeting, person, city, days)
    client.force_login(StaffFactory())
    assert "Ville de Nancy" in _figures(client, meeting)

    client.force_login(person)
    assert client.get(f"/rencontres/{meeting.slug}/chiffres/").status_code == 403
    client.logout()
    response = client.get(f"/rencontres/{meeting.slug}/chiffres/")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def _count(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        _figures(client, meeting)
    return len(queries)


def test_figures_queries_do_not_grow_with_the_people(client, db):
    meeting, days = two_day_meeting()
    client.force_login(StaffFactory())
    city = OrganisationFactory()
    register(meeting, agent_of(city), city, days)
    few = _count(client, meeting)
    for _ in range(4):
        other = OrganisationFactory()
        register(meeting, agent_of(other), other, days, modes=[REMOTE, ON])
    assert _count(client, meeting) == few


def test_cached_figures_cost_fewer_queries(page_cache, client):
    meeting, days = two_day_meeting()
    city = OrganisationFactory()
    register(meeting, agent_of(city), city, days)
    client.force_login(StaffFactory())
    cold, warm = _count(client, meeting), _count(client, meeting)
    assert warm < cold
