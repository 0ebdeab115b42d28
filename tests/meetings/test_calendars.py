from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from cercle.meetings import services
from cercle.meetings.enums import Attendance
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import register, session, two_day_meeting, workshop

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def events(content: bytes):
    calendar = Calendar.from_ical(content)
    return calendar, sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_programme_feed_parses_with_paris_times(client):
    meeting, days = two_day_meeting()
    session(days[0], "Ouverture", start=(9, 30), end=(10, 0), room="Kiosque")
    workshop(days[1], "Atelier 1 : Socle personnes morales", start=(14, 0), end=(15, 30))

    response = client.get(f"/rencontres/{meeting.slug}/programme.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, found = events(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert [str(e["summary"]) for e in found] == [
        "Ouverture",
        "Atelier 1 : Socle personnes morales",
    ]
    assert found[0]["dtstart"].params["TZID"] == "Europe/Paris"
    assert found[0].decoded("dtstart") == datetime(2099, 6, 2, 9, 30, tzinfo=PARIS)
    assert found[1].decoded("dtend") == datetime(2099, 6, 3, 15, 30, tzinfo=PARIS)
    assert "Kiosque" in str(found[0]["location"])


def test_personal_feed_has_days_and_confirmed_workshops(client):
    meeting, days = two_day_meeting()
    session(days[0], "Plénière", start=(9, 0), end=(12, 0))
    session(days[1], "Table ronde", start=(9, 30), end=(17, 0))
    chosen = workshop(days[1], "Atelier choisi", start=(14, 0), end=(16, 0), open_to_remote=True)
    organisation = OrganisationFactory()
    registration = register(
        meeting,
        agent_of(organisation),
        organisation,
        days,
        modes=[Attendance.ON_SITE, Attendance.REMOTE],
        workshops=[chosen],
    )

    response = client.get(f"/rencontres/agenda/{registration.calendar_token}.ics")

    _calendar, found = events(response.content)
    summaries = [str(e["summary"]) for e in found]
    assert summaries == [
        f"{meeting.title} — sur place",
        f"{meeting.title} — à distance",
        "Atelier choisi",
    ]
    assert found[0].decoded("dtstart") == datetime(2099, 6, 2, 9, 0, tzinfo=PARIS)
    assert str(found[1]["url"]) == meeting.online_url
    assert found[2].decoded("dtstart") == datetime(2099, 6, 3, 14, 0, tzinfo=PARIS)


def test_personal_feed_with_unknown_token_is_not_found(client, db):
    assert client.get("/rencontres/agenda/nope.ics").status_code == 404


def test_confirmation_attachment_is_a_valid_calendar(db):
    from base64 import b64decode

    from cercle.outbox.models import Message

    meeting, days = two_day_meeting()
    organisation = OrganisationFactory()
    register(meeting, agent_of(organisation), organisation, days)
    services.send_due_notices()

    attachment = Message.objects.get().attachments[0]
    _calendar, found = events(b64decode(attachment["content"]))

    assert len(found) == 2
    assert found[0]["dtstart"].params["TZID"] == "Europe/Paris"


HOSTILE = "Piège\r\nSUMMARY:Réunion annulée\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\nX"


def _assert_not_injected(content: bytes, expected_events: int):
    calendar = Calendar.from_ical(content)
    found = calendar.walk("VEVENT")
    assert len(found) == expected_events
    assert calendar.walk("VALARM") == []
    for event in found:
        assert len(event.property_items(recursive=False)) == len(
            {name for name, _value in event.property_items(recursive=False)}
        )
        assert not [name for name, _value in event.property_items() if name == "ACTION"]
    lines = content.decode().split("\r\n")
    assert not [line for line in lines if line.startswith(("BEGIN:VALARM", "SUMMARY:Réunion"))]
    return found


@pytest.mark.parametrize("field", ["title", "venue", "address"])
def test_programme_feed_keeps_hostile_meeting_text_inside_its_property(client, field):
    meeting, days = two_day_meeting(**{field: HOSTILE})
    session(days[0], "Ouverture", room="Kiosque")
    workshop(days[1], "Atelier")

    response = client.get(f"/rencontres/{meeting.slug}/programme.ics")

    assert response.status_code == 200
    found = _assert_not_injected(response.content, 2)
    assert [str(e["summary"]) for e in found] == ["Ouverture", "Atelier"]
    if field == "title":
        calendar = Calendar.from_ical(response.content)
        assert str(calendar["X-WR-CALNAME"]).startswith("Piège")


@pytest.mark.parametrize("field", ["title", "room", "objectives", "prerequisites", "speaker"])
def test_programme_feed_keeps_hostile_session_text_inside_its_property(client, field):
    from cercle.meetings.models import Speaker

    meeting, days = two_day_meeting()
    values = {"title": "Ouverture", field: HOSTILE}
    speaker = values.pop("speaker", None)
    hostile = session(days[0], **values)
    if speaker:
        Speaker.objects.create(session=hostile, name=speaker, organisation_name=HOSTILE)
    session(days[1], "Clôture")

    response = client.get(f"/rencontres/{meeting.slug}/programme.ics")

    assert response.status_code == 200
    found = _assert_not_injected(response.content, 2)
    assert str(found[1]["summary"]) == "Clôture"
    text = {"title": "summary", "room": "location"}.get(field, "description")
    assert HOSTILE.replace("\r\n", "\n") in str(found[0][text])


@pytest.mark.parametrize("field", ["title", "venue", "address", "online_url"])
def test_registration_and_personal_agenda_survive_hostile_meeting_text(
    client, field, django_capture_on_commit_callbacks
):
    meeting, days = two_day_meeting(**{field: HOSTILE})
    chosen = workshop(days[0], HOSTILE, room=HOSTILE, objectives=HOSTILE)
    organisation = OrganisationFactory()
    person = agent_of(organisation)
    client.force_login(person)

    from tests.meetings.factories import form_data

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/rencontres/{meeting.slug}/inscription/",
            form_data(
                organisation,
                days,
                modes=[Attendance.ON_SITE, Attendance.REMOTE],
                workshops=[chosen],
            ),
        )
    registration = person.meeting_registrations.get()
    agenda = client.get(f"/rencontres/agenda/{registration.calendar_token}.ics")

    assert response.status_code == 302
    assert agenda.status_code == 200
    found = _assert_not_injected(agenda.content, 3)
    if field == "online_url":
        assert "url" not in found[1]
    from base64 import b64decode

    from cercle.outbox.models import Message

    attachment = Message.objects.get(to=person.email).attachments[0]
    _assert_not_injected(b64decode(attachment["content"]), 3)


def test_confirmation_calendar_is_the_personal_feed_read_once(db):
    from base64 import b64decode

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cercle.meetings.calendars import personal_calendar
    from cercle.outbox.models import Message
    from tests.meetings.factories import add_days

    meeting, days = two_day_meeting()
    [third] = add_days(meeting, datetime(2099, 6, 4).date())
    full = workshop(days[0], "Atelier complet", capacity=1)
    chosen = workshop(days[1], "Atelier choisi", open_to_remote=True)
    taken = OrganisationFactory()
    register(meeting, agent_of(taken), taken, [*days, third], workshops=[full])
    services.send_due_notices()
    organisation = OrganisationFactory()
    modes = [Attendance.ON_SITE, Attendance.REMOTE, Attendance.ABSENT]
    registration = register(
        meeting,
        agent_of(organisation),
        organisation,
        [*days, third],
        modes=modes,
        workshops=[full, chosen],
    )

    with CaptureQueriesContext(connection) as queries:
        services.send_due_notices()

    attachment = Message.objects.get(to=registration.person.email).attachments[0]
    _calendar, sent = events(b64decode(attachment["content"]))
    _calendar, feed = events(personal_calendar(registration))
    described = [
        [(name, str(value)) for name, value in e.items() if name != "DTSTAMP"] for e in sent
    ]
    assert described == [
        [(name, str(value)) for name, value in e.items() if name != "DTSTAMP"] for e in feed
    ]
    assert [str(e["summary"]) for e in sent] == [
        f"{meeting.title} — sur place",
        f"{meeting.title} — à distance",
        "Atelier choisi",
    ]
    day_reads = [q for q in queries if q["sql"].startswith('SELECT "meetings_daychoice"."id", ')]
    assert len(day_reads) == 1
