from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from cercle.core import pagecache
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting
from cercle.organisations.enums import OrganisationKind
from cercle.organisations.models import Organisation
from cercle.requests.selectors import public_requests
from cercle.votes.models import Campaign

# What the home page shows: member organisations, the open vote, the next meeting, the latest
# requests with their counts and modules, the latest news.
HOME_TOPICS = ("organisations", "votes", "meetings", "requests", "glossary", "news")


def _home_body(open_campaign) -> str:
    members = Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.VENDOR)
    return render_to_string(
        "site/_home_body.html",
        {
            "member_count": members.count(),
            "open_campaign": open_campaign,
            "next_meeting": Meeting.objects.filter(
                status__in=[MeetingStatus.OPEN, MeetingStatus.CLOSED], remote_only=False
            )
            .order_by("edition")
            .first(),
            "recent_requests": public_requests().order_by("-submitted_at")[:5],
        },
    )


def home(request):
    """What is going on in the club now: the open vote, the next meeting, recent requests."""
    now = timezone.now()
    # A vote opens at its time, without any write: which one is open is read on every visit.
    open_campaign = (
        Campaign.objects.filter(opens_at__lte=now, closes_at__gt=now, closed_at__isnull=True)
        .order_by("closes_at")
        .first()
    )
    body = pagecache.fragment(
        "site:home",
        topics=HOME_TOPICS,
        vary=(get_language(), open_campaign.pk if open_campaign else None),
        render=lambda: _home_body(open_campaign),
    )
    return render(request, "site/home.html", {"body": body})
