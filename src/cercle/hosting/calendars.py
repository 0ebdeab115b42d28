"""The iCalendar invitation to a handover session (METHOD:REQUEST, Europe/Paris).

Title, place and notes are typed by people: they go in as `vText`, which escapes line breaks,
commas and semicolons, so "\\r\\nBEGIN:VALARM" stays text inside its own property. The online
link goes in only when it is one clean http(s) line.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from cercle.meetings.models import PARIS

PRODID = "-//Cercle//Hosting handover//FR"


def _link(url: str) -> str:
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        return ""
    return url


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "cercle"


def default_title(handover) -> str:
    return _("Handover: %(previous)s to %(next)s") % {
        "previous": handover.previous_meeting.host.name,
        "next": handover.meeting.host.name,
    }


def _address(email: str) -> str:
    return "mailto:" + "".join(ch for ch in email if not ch.isspace() and ch not in ';:,"')


def _param(text: str) -> str:
    """A parameter value (a name) on one line, without the quotes that delimit it."""
    return " ".join("".join(ch if ch.isprintable() and ch != '"' else " " for ch in text).split())


def handover_invitation(handover, *, attendees=()) -> bytes:
    """One VEVENT with a stable UID and the handover's sequence, so a new date replaces the
    previous invitation in the attendees' calendars."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"handover-{handover.pk}@{_host()}")
    event.add("sequence", handover.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(handover.starts_at, PARIS))
    event.add("dtend", timezone.localtime(handover.ends_at, PARIS))
    event.add("summary", vText(handover.title or default_title(handover)))
    link = _link(handover.online_url)
    location = handover.place or link
    if location:
        event.add("location", vText(location))
    description = "\n\n".join(
        part
        for part in (
            handover.notes,
            _("Online link: %(url)s") % {"url": link} if link else "",
        )
        if part
    )
    if description:
        event.add("description", vText(description))
    if link:
        event.add("url", link)
    organizer = vCalAddress(_address(settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].strip(">")))
    organizer.params["cn"] = "Cercle"
    event.add("organizer", organizer)
    for person in attendees:
        attendee = vCalAddress(_address(person.email))
        attendee.params["cn"] = _param(person.display_name or person.email)
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["rsvp"] = "TRUE"
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    start = timezone.localtime(handover.starts_at, PARIS).date()
    calendar.add_missing_timezones(
        first_date=start - timedelta(days=1), last_date=start + timedelta(days=1)
    )
    return calendar.to_ical()
