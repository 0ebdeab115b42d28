"""The programme at a glance: rooms as columns on a wide screen, and the viewer's own marks."""

import re

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from cercle.meetings import glance
from cercle.meetings.enums import Attendance, SessionKind
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import register, session, two_day_meeting, workshop

pytestmark = pytest.mark.django_db


def classes_of(text, title):
    """The class attribute of the session titled `title` on the page."""
    pattern = r'<article class="([^"]*)" aria-labelledby="session-\d+">\s*<h3[^>]*>' + re.escape(
        title
    )
    return re.search(pattern, text).group(1).split()


@pytest.fixture
def parallel(db):
    """Day one: a plenary for everyone, two parallel workshops, a break without a room."""
    meeting, days = two_day_meeting()
    session(days[0], "Ouverture", start=(9, 0), end=(9, 30), room="Amphithéâtre")
    left = workshop(days[0], "Atelier Combo", start=(10, 0), end=(11, 30), room="Salle B")
    right = workshop(days[0], "Atelier Passerelle", start=(10, 0), end=(11, 0), room="salle a")
    session(days[0], "Pause", start=(11, 30), end=(12, 0), kind=SessionKind.BREAK)
    session(days[1], "Clôture", start=(16, 0), end=(17, 0), room="Amphithéâtre")
    return meeting, days, left, right


def test_rooms_are_columns_and_parallel_sessions_share_rows(client, parallel):
    meeting, _days, _left, _right = parallel

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    first_day = text.split('class="programme-day"')[1]
    rooms = re.findall(
        r'<p class="tt-room tt-r1 (tt-c\d)" aria-hidden="true">([^<]*)</p>', first_day
    )
    assert rooms == [("tt-c2", "Amphithéâtre"), ("tt-c3", "salle a"), ("tt-c4", "Salle B")]
    times = re.findall(
        r'<p class="tt-time (tt-r\d+) tt-c1" aria-hidden="true">([^<]*)</p>', first_day
    )
    assert times == [
        ("tt-r2", "09:00"),
        ("tt-r3", "09:30"),
        ("tt-r4", "10:00"),
        ("tt-r5", "11:00"),
        ("tt-r6", "11:30"),
    ]
    assert classes_of(text, "Atelier Passerelle")[-3:] == ["tt-r4", "tt-s1", "tt-c3"]
    assert classes_of(text, "Atelier Combo")[-3:] == ["tt-r4", "tt-s2", "tt-c4"]
    # A break with no room, alongside nothing, spans every room column.
    assert classes_of(text, "Pause")[-4:] == ["tt-r6", "tt-s1", "tt-c2", "tt-w3"]
    assert 'class="timetable"' in first_day
    assert "meetings/timetable.css" in text


def test_each_session_says_its_time_and_room_in_text(client, parallel):
    meeting, *_ = parallel

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    assert (
        '<span class="session-time">10:00–11:30</span> · '
        '<span class="visually-hidden">Salle : </span>Salle B'
    ) in text


def test_a_roomless_session_beside_others_gets_its_own_column(client, parallel):
    meeting, days, _left, _right = parallel
    session(days[0], "Café dans le hall", start=(10, 0), end=(10, 30), kind=SessionKind.BREAK)

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    assert "Salle non précisée" in text
    assert classes_of(text, "Café dans le hall")[-3:] == ["tt-r4", "tt-s1", "tt-c5"]


def test_a_day_too_wide_for_a_timetable_stays_a_list():
    meeting, days = two_day_meeting()
    sessions = [
        session(days[0], f"Atelier {n}", room=f"Salle {n}") for n in range(glance.MAX_ROOMS + 1)
    ]

    assert glance.layout(sessions) is None
    assert glance.layout(sessions[: glance.MAX_ROOMS]) is not None


def test_hostile_titles_and_rooms_stay_text_in_the_timetable(client):
    meeting, days = two_day_meeting()
    session(days[0], "<script>alert(1)</script>", room='"><script>x</script>')

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    assert "<script>alert" not in text
    assert "<script>x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.fixture
def registrant(parallel):
    meeting, days, left, _right = parallel
    city = OrganisationFactory()
    person = agent_of(city)
    register(
        meeting, person, city, days, modes=[Attendance.ON_SITE, Attendance.REMOTE], workshops=[left]
    )
    return person


def test_a_registrant_sees_their_workshops_and_days_marked(client, parallel, registrant):
    meeting, *_ = parallel
    client.force_login(registrant)

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    assert "session-mine" in classes_of(text, "Atelier Combo")
    assert "session-mine" not in classes_of(text, "Atelier Passerelle")
    assert "Mon atelier : place confirmée (sur place)" in text
    assert text.count("Mon atelier") == 1
    assert "Je viens sur place ce jour" in text
    assert "Je suis ce jour à distance" in text


def test_another_person_and_a_visitor_see_no_marks(client, parallel, registrant):
    meeting, *_ = parallel

    for viewer in (agent_of(OrganisationFactory()), None):
        if viewer:
            client.force_login(viewer)
        else:
            client.logout()
        text = client.get(f"/rencontres/{meeting.slug}/programme/").text
        assert "session-mine" not in text
        assert "Mon atelier" not in text
        assert "Je viens sur place" not in text


def test_a_cancelled_registration_marks_nothing(client, parallel, registrant):
    meeting, *_ = parallel
    registration = registrant.meeting_registrations.get()
    registration.cancelled_at = registration.created_at
    registration.save()
    client.force_login(registrant)

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    assert "Mon atelier" not in text


def _count(client, url):
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx)


def test_marks_cost_no_extra_query(client, parallel, registrant):
    meeting, *_ = parallel
    url = f"/rencontres/{meeting.slug}/programme/"
    client.force_login(agent_of(OrganisationFactory()))
    stranger = _count(client, url)
    client.force_login(registrant)

    assert _count(client, url) == stranger
