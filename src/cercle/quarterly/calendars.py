"""The quarterly sessions as an iCalendar feed (through the meetings' calendar helpers)."""

from django.conf import settings
from django.utils.translation import gettext as _

from cercle.meetings.calendars import _calendar, _event, _finish, _host


def sessions_calendar(sessions) -> bytes:
    """Every quarterly session, one event each, linking to its public page (the online
    room's link is only for registered people); texts go in as escaped calendar text."""
    calendar = _calendar(_("Club quarterly online sessions"))
    first = None
    for session in sessions:
        first = first or session.starts_at.date()
        calendar.add_component(
            _event(
                f"quarterly-{session.pk}@{_host()}",
                session.meeting.title,
                session.starts_at,
                session.ends_at,
                url=settings.SITE_URL + session.get_absolute_url(),
                location=_("Online"),
                description=session.meeting.description,
            )
        )
    return _finish(calendar, first)
