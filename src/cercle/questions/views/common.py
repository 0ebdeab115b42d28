from django.shortcuts import get_object_or_404

from cercle.meetings.lookups import meeting_for
from cercle.meetings.models import Session


def session_for(request, slug, pk) -> Session:
    """The session `pk` of the meeting `slug` (404 for a session of another meeting)."""
    meeting = meeting_for(request, slug)
    return get_object_or_404(
        Session.objects.select_related("meeting", "day"), meeting=meeting, pk=pk
    )


def as_pk(value) -> int | None:
    """A primary key from a form field; None when it is missing or not a number."""
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None
