from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

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
    chosen = workshop(days[1], "Atelier choisi", start=(14, 0), end=(16, 0))
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

    attachment = Message.objects.get().attachments[0]
    _calendar, found = events(b64decode(attachment["content"]))

    assert len(found) == 2
    assert found[0]["dtstart"].params["TZID"] == "Europe/Paris"
