from django.http import Http404

from cercle.meetings.models import Session
from cercle.meetings.permissions import can_view_meeting


def session_for(request, slug, pk) -> Session:
    """The session `pk` of the meeting `slug` (404 for a session of another meeting, or of a
    meeting the person may not see: the same rule as `meetings.lookups.meeting_for`), read
    with its meeting in one query."""
    session = (
        Session.objects.select_related("meeting", "meeting__host", "day")
        .filter(meeting__slug=slug, pk=pk)
        .first()
    )
    if session is None or not can_view_meeting(request.user, session.meeting):
        raise Http404
    return session


def as_pk(value) -> int | None:
    """A primary key from a form field; None when it is missing or not a number."""
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None
