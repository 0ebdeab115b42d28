"""Demo votes: last spring's closed points campaign (10 seats) and an open approval vote.

The spring vote runs on the dates the club calendar gives it (funding's demo milestones:
"Campagne de vote sur les développements mutualisés", 4 May to 9 June), in the last year
whose 9 June has passed, so the calendar and the campaign tell the same story.
"""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.requests import services as request_services
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest
from cercle.votes import permissions, services
from cercle.votes.enums import VotingMethod
from cercle.votes.models import Ballot, BallotVersion, Campaign

CLOSED_ON_BALLOT = 16
OPEN_ON_BALLOT = 8
PARIS = ZoneInfo("Europe/Paris")
# (month, day, hour) in Paris, as in the club calendar.
SPRING_OPENS = (5, 4, 9)
SPRING_CLOSES = (6, 9, 17)


def spring_dates(now=None):
    """Opening and closing of the last spring vote that has closed."""
    now = timezone.localtime(now or timezone.now(), PARIS)
    year = now.year
    closes = datetime(year, *SPRING_CLOSES, tzinfo=PARIS)
    if closes > now:
        year -= 1
        closes = datetime(year, *SPRING_CLOSES, tzinfo=PARIS)
    return datetime(year, *SPRING_OPENS, tzinfo=PARIS), closes


def _move_to_spring(campaign, rng):
    """Put a campaign whose ballots were just cast back on the spring dates, and close it."""
    opens, closes = spring_dates()
    Campaign.objects.filter(pk=campaign.pk).update(opens_at=opens, closes_at=closes)
    span = int((closes - opens).total_seconds())
    for ballot in Ballot.objects.filter(campaign=campaign):
        cast_at = opens + timedelta(seconds=rng.randrange(span))
        Ballot.objects.filter(pk=ballot.pk).update(cast_at=cast_at)
        BallotVersion.objects.filter(ballot=ballot).update(cast_at=cast_at)
    services.close_due_campaigns(now=closes)


def _referents():
    """One référent per organisation allowed to vote."""
    referents = {}
    memberships = (
        Membership.objects.filter(role=Role.REFERENT, organisation__in=permissions.electorate())
        .select_related("user", "organisation")
        .order_by("pk")
    )
    for membership in memberships:
        referents.setdefault(membership.organisation, membership.user)
    return referents


def _make_eligible(count, referents, rng):
    """Endorse filed requests until ``count`` of them are eligible for a vote."""
    required = settings.ENDORSEMENTS_REQUIRED
    waiting = ImprovementRequest.objects.filter(status=Status.SUBMITTED).order_by("pk")
    for improvement in waiting:
        if ImprovementRequest.objects.filter(status=Status.ELIGIBLE).count() >= count:
            return
        endorsing = set(improvement.endorsements.values_list("organisation_id", flat=True))
        others = [o for o in referents if o.pk not in endorsing]
        for organisation in rng.sample(others, k=max(required - len(endorsing), 0)):
            request_services.endorse(
                improvement=improvement,
                organisation=organisation,
                person=referents[organisation],
                use_case=f"{organisation.name} : nous avons le même besoin.",
            )


def _campaign(*, staff, requests, opened_days_ago, closes_in, **data):
    now = timezone.now()
    campaign = services.create_campaign(
        actor=staff,
        data={
            "opens_at": now + timedelta(minutes=1),
            "closes_at": now + timedelta(days=30),
            "results_visibility": "after_close",
            "ballot_privacy": "secret",
            **data,
        },
    )
    for improvement in requests:
        services.add_request(campaign=campaign, improvement=improvement, actor=staff)
    # The demo moves the clock: the campaign opened some days ago.
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_at=now - timedelta(days=opened_days_ago), closes_at=now + closes_in
    )
    campaign.refresh_from_db()
    return campaign


def load(*, stdout):
    if Campaign.objects.exists():
        stdout.write(f"  votes: {Campaign.objects.count()} campaigns (kept)")
        return []
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    referents = _referents()
    _make_eligible(CLOSED_ON_BALLOT + OPEN_ON_BALLOT, referents, rng)
    eligible = list(
        ImprovementRequest.objects.filter(status=Status.ELIGIBLE).order_by("-endorsement_count")
    )
    closed = _campaign(
        staff=staff,
        requests=eligible[:CLOSED_ON_BALLOT],
        opened_days_ago=20,
        closes_in=timedelta(days=1),
        title="Vote du club — printemps",
        description=(
            "Le vote annuel sur les demandes d'évolution éligibles, clos en séance plénière "
            "lors de la rencontre du club."
        ),
        seats=10,
        method=VotingMethod.POINTS,
        total_points=10,
        max_per_request=4,
    )
    refs = [r.reference for r in eligible[:CLOSED_ON_BALLOT]]
    favourites = refs[:6]
    for organisation, person in referents.items():
        lines, left = {}, 10
        for ref in rng.sample(favourites, 2) + rng.sample(refs, 4):
            points = min(rng.randint(1, 4), left, 4 - lines.get(ref, 0))
            if points > 0:
                lines[ref] = lines.get(ref, 0) + points
                left -= points
        services.cast_ballot(campaign=closed, organisation=organisation, person=person, lines=lines)
    _move_to_spring(closed, rng)

    open_requests = list(
        ImprovementRequest.objects.filter(status=Status.ELIGIBLE).order_by("reference")
    )[:OPEN_ON_BALLOT]
    opened = _campaign(
        staff=staff,
        requests=open_requests,
        opened_days_ago=2,
        closes_in=timedelta(days=12),
        title="Vote complémentaire en ligne",
        description="Un vote par approbation pour compléter la feuille de route.",
        seats=3,
        method=VotingMethod.APPROVAL,
        max_choices=3,
        results_visibility="live",
    )
    open_refs = [r.reference for r in open_requests]
    for organisation, person in list(referents.items())[::3]:
        services.cast_ballot(
            campaign=opened,
            organisation=organisation,
            person=person,
            lines=rng.sample(open_refs, rng.randint(1, 3)),
        )
    stdout.write(f"  votes: {Campaign.objects.count()} campaigns")
    return []
