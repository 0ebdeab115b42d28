from datetime import timedelta

from django.utils import timezone

from cercle.votes import services
from cercle.votes.enums import VotingMethod
from cercle.votes.models import Campaign
from tests.factories import StaffFactory
from tests.requests.factories import endorse_by_new_organisations, filed

PARAMS = {
    VotingMethod.APPROVAL: {"max_choices": 2},
    VotingMethod.POINTS: {"total_points": 10, "max_per_request": 6},
    VotingMethod.SCHULZE: {},
}


def eligible(**kwargs):
    """A filed request endorsed by enough organisations to go to a vote."""
    improvement = filed(**kwargs)
    endorse_by_new_organisations(improvement, 2)
    return improvement


def upcoming_campaign(*, requests=(), method=VotingMethod.APPROVAL, seats=2, staff=None, **fields):
    """A campaign opening tomorrow, with ``requests`` placed on its ballot by staff."""
    staff = staff or StaffFactory()
    now = timezone.now()
    data = {
        "title": "Vote de printemps",
        "description": "Le vote annuel du club.",
        "opens_at": now + timedelta(days=1),
        "closes_at": now + timedelta(days=8),
        "seats": seats,
        "method": method,
        "results_visibility": "after_close",
        "ballot_privacy": "secret",
        **PARAMS[method],
        **fields,
    }
    campaign = services.create_campaign(actor=staff, data=data)
    for improvement in requests:
        services.add_request(campaign=campaign, improvement=improvement, actor=staff)
    return campaign


def open_now(campaign):
    """Move the clock: the campaign opened an hour ago."""
    Campaign.objects.filter(pk=campaign.pk).update(opens_at=timezone.now() - timedelta(hours=1))
    campaign.refresh_from_db()
    return campaign


def open_campaign(**kwargs):
    return open_now(upcoming_campaign(**kwargs))


def close_now(campaign):
    """Move the clock past the closing time and run the closing job."""
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    services.close_due_campaigns()
    campaign.refresh_from_db()
    return campaign
