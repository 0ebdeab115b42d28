"""What every onsite view needs: the meeting (one shared lookup), the day, a file response."""

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from cercle.meetings.forms import day_label
from cercle.meetings.lookups import meeting_for
from cercle.meetings.models import MeetingDay

__all__ = ["day_for", "file_response", "meeting_for"]


def day_for(meeting, iso_date) -> MeetingDay:
    try:
        wanted = date.fromisoformat(iso_date)
    except ValueError as error:
        raise Http404 from error
    day = get_object_or_404(MeetingDay, meeting=meeting, date=wanted)
    day.label = day_label(day)
    return day


def file_response(content: bytes, filename: str, *, content_type="application/pdf"):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
