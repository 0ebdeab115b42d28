from django.shortcuts import render
from django.utils import timezone

from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting
from cercle.organisations.enums import OrganisationKind
from cercle.organisations.models import Organisation
from cercle.requests.selectors import public_requests
from cercle.votes.models import Campaign


def home(request):
    """What is going on in the club now: the open vote, the next meeting, recent requests."""
    now = timezone.now()
    members = Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.VENDOR)
    return render(
        request,
        "site/home.html",
        {
            "member_count": members.count(),
            "open_campaign": Campaign.objects.filter(
                opens_at__lte=now, closes_at__gt=now, closed_at__isnull=True
            )
            .order_by("closes_at")
            .first(),
            "next_meeting": Meeting.objects.filter(
                status__in=[MeetingStatus.OPEN, MeetingStatus.CLOSED]
            )
            .order_by("edition")
            .first(),
            "recent_requests": public_requests().order_by("-submitted_at")[:5],
        },
    )
