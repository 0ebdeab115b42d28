"""What every meetings view shares: finding the meeting, showing a refusal on a form."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cercle.core.errors import DomainError
from cercle.meetings.formatting import day_label
from cercle.meetings.models import Meeting
from cercle.meetings.permissions import can_manage_meeting, can_view_meeting


def get_meeting(request, slug, *, manage=False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("host"), slug=slug)
    if manage:
        if not request.user.is_authenticated or not can_manage_meeting(request.user, meeting):
            raise PermissionDenied
    elif not can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


def add_refusal(form, error: DomainError, *, renamed=None) -> None:
    """Show a refused action on the form, on its field when the form has one by that name."""
    renamed = renamed or {}
    names = [renamed.get(name, name) for name in error.fields]
    field = next((name for name in names if name in form.fields), None)
    form.add_error(field, error.message)


def by_day(days, sessions):
    for day in days:
        day.label = day_label(day)
        day.programme = [session for session in sessions if session.day_id == day.pk]
    return days
