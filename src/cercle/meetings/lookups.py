"""The one way views find a meeting from its URL, with the viewer's rights checked."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cercle.meetings.models import Meeting
from cercle.meetings.permissions import can_manage_meeting, can_view_meeting


def meeting_for(request, slug, *, manage=False) -> Meeting:
    """The meeting; 403 when `manage` is asked by a non-organiser, 404 when it is not visible."""
    meeting = get_object_or_404(Meeting.objects.select_related("host"), slug=slug)
    if manage:
        if not request.user.is_authenticated or not can_manage_meeting(request.user, meeting):
            raise PermissionDenied
    elif not can_view_meeting(request.user, meeting):
        raise Http404
    return meeting
