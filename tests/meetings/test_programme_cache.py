"""The programme page is cached, and never shows stale data after a write that concerns it."""

from django.urls import reverse

from cercle.meetings import services
from cercle.meetings.models import Session
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import register, session, two_day_meeting, workshop


def _programme(client, meeting, **params):
    url = reverse("meetings:programme", args=[meeting.slug])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_session_shows_at_once(page_cache, client):
    meeting, (day, _second) = two_day_meeting()
    session(day, "Ouverture")
    assert "Ouverture" in _programme(client, meeting)

    session(day, "Clôture", start=(17, 0), end=(18, 0))

    assert "Clôture" in _programme(client, meeting)


def test_an_edited_and_a_deleted_session_show_at_once(page_cache, client):
    meeting, (day, _second) = two_day_meeting()
    opening = session(day, "Ouverture")
    _programme(client, meeting)

    Session.objects.filter(pk=opening.pk).update(title="Ouverture officielle")
    assert "Ouverture officielle" in _programme(client, meeting)

    services.delete_session(session=opening, actor=StaffFactory())
    assert "Ouverture officielle" not in _programme(client, meeting)


def test_a_registration_updates_the_seats_left(page_cache, client):
    meeting, days = two_day_meeting()
    seats = workshop(days[0], "Atelier budget", capacity=3)
    before = _programme(client, meeting)
    assert "Sur place : 3 places restantes sur 3." in before
    organisation = OrganisationFactory()

    register(meeting, agent_of(organisation), organisation, days, workshops=[seats])

    after = _programme(client, meeting)
    assert "Sur place : 2 places restantes sur 3." in after


def test_each_person_sees_their_own_marks_not_someone_elses(page_cache, client):
    meeting, days = two_day_meeting()
    seats = workshop(days[0], "Atelier budget", capacity=3)
    organisation = OrganisationFactory()
    registered, other = agent_of(organisation), agent_of(organisation)
    register(meeting, registered, organisation, days, workshops=[seats])

    client.force_login(registered)
    mine = _programme(client, meeting)
    client.force_login(other)
    theirs = _programme(client, meeting)
    client.logout()
    anonymous = _programme(client, meeting)

    assert "session-mine" in mine
    assert "session-mine" not in theirs
    assert "session-mine" not in anonymous


def test_the_cached_programme_follows_the_language(page_cache, client):
    meeting, (day, _second) = two_day_meeting()
    workshop(day, "Atelier budget", capacity=3)
    french = _programme(client, meeting)
    client.cookies["django_language"] = "en"
    english = _programme(client, meeting)
    assert "Sur inscription." in french
    assert "Sign-up needed." in english


def test_each_filter_gets_its_own_cached_programme(page_cache, client):
    from tests.meetings.factories import track

    meeting, (day, _second) = two_day_meeting()
    finances = track(meeting, "Finances")
    session(day, "Budget participatif", track=finances)
    session(day, "État civil", start=(11, 0), end=(12, 0), track=track(meeting, "Population"))

    everything = _programme(client, meeting)
    filtered = _programme(client, meeting, track=str(finances.pk))

    assert "État civil" in everything
    assert "Budget participatif" in filtered and "État civil" not in filtered
    assert "État civil" in _programme(client, meeting)


def test_the_registration_page_preview_follows_the_seats_taken(page_cache, client):
    meeting, days = two_day_meeting()
    seats = workshop(days[0], "Atelier budget", capacity=3)
    organisation = OrganisationFactory()
    person = agent_of(organisation)
    client.force_login(person)
    url = reverse("meetings:register", args=[meeting.slug])
    before = client.get(url).content.decode()
    assert before.count("Sur place : 3 places restantes sur 3.") == 1

    register(meeting, agent_of(organisation), organisation, days, workshops=[seats])

    after = client.get(url).content.decode()
    assert after.count("Sur place : 2 places restantes sur 3.") == 1
    assert "Sur place : 3 places restantes sur 3." not in after


def test_sending_the_confirmations_keeps_the_cached_programme(page_cache, client, settings):
    from cercle.core import pagecache

    settings.MEETING_NOTICES_AFTER_COMMIT = False  # the worker's sweep sends them, as in production
    meeting, days = two_day_meeting()
    seats = workshop(days[0], "Atelier budget", capacity=3)
    organisation = OrganisationFactory()
    register(meeting, agent_of(organisation), organisation, days, workshops=[seats])
    _programme(client, meeting)
    before = pagecache.versions(["meetings"])

    assert services.send_due_notices() == 1

    # Only bookkeeping changed (the email is no longer due): nothing a page shows.
    assert pagecache.versions(["meetings"]) == before
    assert "Sur place : 2 places restantes sur 3." in _programme(client, meeting)
