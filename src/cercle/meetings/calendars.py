"""iCalendar output: the public programme feed and one person's own agenda (Europe/Paris).

Every text that reaches a calendar (titles, venue, address, rooms, descriptions, speakers) is
typed by someone: it goes in as an icalendar `vText`, which escapes line breaks, commas and
semicolons, so a title holding "\\nBEGIN:VALARM" stays text inside its own property. Links go
in only when they are one clean line.
"""

from datetime import date, time, timedelta

from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from cercle.meetings.enums import Attendance, SeatStatus
from cercle.meetings.models import PARIS, Registration, Session

PRODID = "-//Cercle//Club meetings//FR"
DAY_START, DAY_END = time(9, 0), time(17, 30)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Unknown X- properties are not escaped unless given as text explicitly.
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def _finish(calendar: Calendar, first: date | None) -> bytes:
    # Only the transitions around the meeting: a VTIMEZONE from 1970 would be large and slow.
    if first is not None:
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=first + timedelta(days=366)
        )
    return calendar.to_ical()


def _link(url: str) -> str:
    """A link to put in a calendar, or nothing when it is not one clean http(s) line."""
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        return ""
    return url


def _event(uid: str, summary: str, start, end, *, url: str = "", **texts) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("summary", vText(summary))
    event.add("dtstart", timezone.localtime(start, PARIS))
    event.add("dtend", timezone.localtime(end, PARIS))
    for key, value in texts.items():
        if value:
            event.add(key, vText(value))
    if _link(url):
        event.add("url", _link(url))
    return event


def _session_description(session: Session) -> str:
    lines = [session.kind_label]
    if session.track is not None:
        lines.append(_("Track: %(track)s") % {"track": session.track.name})
    if session.audience:
        lines.append(_("Audience: %(audience)s") % {"audience": session.audience_label})
    speakers = ", ".join(str(speaker) for speaker in session.speakers.all())
    if speakers:
        lines.append(_("Speakers: %(speakers)s") % {"speakers": speakers})
    if session.objectives:
        lines.append(_("Objectives: %(text)s") % {"text": session.objectives})
    if session.prerequisites:
        lines.append(_("Prerequisites: %(text)s") % {"text": session.prerequisites})
    return "\n".join(lines)


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "cercle"


def programme_calendar(meeting) -> bytes:
    """Every session of the meeting, one event each, in Europe/Paris time."""
    sessions = (
        Session.objects.filter(meeting=meeting)
        .select_related("track", "day")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )
    calendar = _calendar(meeting.title)
    url = settings.SITE_URL + reverse("meetings:programme", kwargs={"slug": meeting.slug})
    first = None
    for session in sessions:
        first = first or session.day.date
        location = ", ".join(part for part in (session.room, meeting.venue) if part)
        calendar.add_component(
            _event(
                f"session-{session.pk}@{_host()}",
                session.title,
                session.starts_at,
                session.ends_at,
                location=location,
                description=_session_description(session),
                url=url,
                categories=session.kind_label,
            )
        )
    return _finish(calendar, first)


def personal_calendar(registration: Registration, *, days=None, workshops=None) -> bytes:
    """The registrant's days (on site with the venue, remote with the online room) and seats.

    `days` and `workshops`: the registration's day choices and seats as `agenda` reads them,
    when the caller has just read them (the confirmation email shows them too).
    """
    meeting = registration.meeting
    calendar = _calendar(meeting.title)
    bounds = {
        row["day"]: row
        for row in Session.objects.filter(meeting=meeting)
        .values("day")
        .annotate(start=Min("starts_at"), end=Max("ends_at"))
    }
    if days is None:
        days = registration.days.select_related("day").exclude(attendance=Attendance.ABSENT)
    first = None
    for choice in days:
        if choice.attendance == Attendance.ABSENT:
            continue
        day = choice.day
        first = first or day.date
        span = bounds.get(day.pk, {})
        start = span.get("start") or day.at(DAY_START)
        end = span.get("end") or day.at(DAY_END)
        if choice.attendance == Attendance.ON_SITE:
            summary = _("%(meeting)s — on site") % {"meeting": meeting.title}
            if choice.status == SeatStatus.WAITING:
                summary = _("%(meeting)s — on site (waiting list)") % {"meeting": meeting.title}
            location = ", ".join(p for p in (meeting.venue, meeting.address) if p)
            extra = {"location": location, "description": meeting.address}
        else:
            summary = _("%(meeting)s — remote") % {"meeting": meeting.title}
            extra = _online(meeting)
        calendar.add_component(
            _event(
                f"registration-{registration.pk}-day-{day.pk}@{_host()}",
                summary,
                start,
                end,
                **extra,
            )
        )
    for event in _seat_events(registration, workshops):
        calendar.add_component(event)
    return _finish(calendar, first)


def _online(meeting) -> dict:
    link = _link(meeting.online_url)
    return {
        "location": link,
        "url": link,
        "description": _("Online room: %(url)s") % {"url": link} if link else "",
    }


def _seat_events(registration: Registration, workshops=None) -> list[Event]:
    meeting = registration.meeting
    if workshops is None:
        workshops = registration.workshops.filter(status=SeatStatus.CONFIRMED).select_related(
            "session", "session__track"
        )
    events = []
    for seat in workshops:
        if seat.status != SeatStatus.CONFIRMED:
            continue
        session = seat.session
        where = {"location": ", ".join(p for p in (session.room, meeting.venue) if p)}
        if seat.is_remote:
            where = _online(meeting)
        description = "\n".join(p for p in (session.objectives, where.pop("description", "")) if p)
        events.append(
            _event(
                f"registration-{registration.pk}-session-{session.pk}@{_host()}",
                session.title,
                session.starts_at,
                session.ends_at,
                description=description,
                **where,
            )
        )
    return events
