"""Rules of vote campaigns: setting one up, casting ballots, closing and counting.

Every function checks who may do it and says what it writes (ballot versions, audit
entries, request statuses). Counting itself is pure: ``counting`` and ``tally``.
"""

import secrets
from collections import defaultdict

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cercle.audit.services import record
from cercle.requests import services as request_services
from cercle.requests.enums import Status
from cercle.votes import permissions
from cercle.votes.counting import CastBallot, Method, Result, validate_ballot
from cercle.votes.enums import Phase, VotingMethod
from cercle.votes.models import (
    Ballot,
    BallotLine,
    BallotVersion,
    Campaign,
    CampaignItem,
    OrganisationWeight,
)
from cercle.votes.tally import ExportLine, published_result

CAMPAIGN_FIELDS = [
    "title",
    "description",
    "opens_at",
    "closes_at",
    "seats",
    "method",
    "max_choices",
    "total_points",
    "max_per_request",
    "results_visibility",
    "ballot_privacy",
]
# Once the first ballot is cast, changing these would change what the ballots mean.
LOCKED_BY_FIRST_BALLOT = [
    "method",
    "max_choices",
    "total_points",
    "max_per_request",
    "ballot_privacy",
]
# Announced from the opening: they no longer move after it.
LOCKED_AT_OPENING = ["opens_at", "seats"]
PARAMS_OF = {
    VotingMethod.APPROVAL: ["max_choices"],
    VotingMethod.POINTS: ["total_points", "max_per_request"],
    VotingMethod.SCHULZE: [],
}
# Receipt codes: 20 characters from 30 unambiguous ones (~98 bits), in groups of five.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
# Reasons written in the requests' public history (translated when written).
PLACED = gettext_noop("Placed on the ballot of the vote “%(title)s”.")
TAKEN_OFF = gettext_noop("Taken off the ballot of the vote “%(title)s”.")
RETAINED = gettext_noop("Retained by the vote “%(title)s”.")
NOT_RETAINED = gettext_noop("Not retained by the vote “%(title)s”.")


class VoteError(Exception):
    """A refused action on a campaign; ``code`` says which rule, ``fields`` the culprits."""

    def __init__(self, code: str, *, fields=()):
        super().__init__(code)
        self.code = code
        self.fields = list(fields)


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _position in range(20))
    return "-".join(code[i : i + 5] for i in range(0, 20, 5))


def _check_manager(actor) -> None:
    if not permissions.can_manage(actor):
        raise VoteError("forbidden")


def _check_consistency(campaign: Campaign) -> None:
    if campaign.closes_at <= campaign.opens_at:
        raise VoteError("closes_before_opening", fields=["closes_at"])
    if not campaign.seats:
        raise VoteError("no_seats", fields=["seats"])
    missing = [name for name in PARAMS_OF[campaign.method] if not getattr(campaign, name)]
    if missing:
        raise VoteError("params_required", fields=missing)
    for name in {"max_choices", "total_points", "max_per_request"} - set(
        PARAMS_OF[campaign.method]
    ):
        setattr(campaign, name, None)
    if campaign.method == VotingMethod.POINTS and campaign.max_per_request > campaign.total_points:
        raise VoteError("points_per_request_above_total", fields=["max_per_request"])


def create_campaign(*, actor, data: dict) -> Campaign:
    """Staff set up a campaign (it opens by itself at ``opens_at``). Audited."""
    _check_manager(actor)
    campaign = Campaign(created_by=actor, **{name: data.get(name) for name in CAMPAIGN_FIELDS})
    campaign.description = campaign.description or ""
    _check_consistency(campaign)
    if campaign.opens_at <= timezone.now():
        raise VoteError("opens_in_the_past", fields=["opens_at"])
    campaign.save()
    record(actor=actor, action="vote.campaign_created", target=campaign)
    return campaign


def locked_fields(campaign: Campaign) -> set[str]:
    """The fields staff can no longer change, given where the campaign stands."""
    phase = campaign.phase()
    if phase in {Phase.CLOSED, Phase.COUNTING}:
        return set(CAMPAIGN_FIELDS) - {"title", "description"}
    locked = set()
    if phase is not Phase.UPCOMING:
        locked.update(LOCKED_AT_OPENING)
    if campaign.ballots.exists():
        locked.update(LOCKED_BY_FIRST_BALLOT)
    return locked


@transaction.atomic
def update_campaign(*, campaign, actor, data: dict) -> Campaign:
    """Staff edit a campaign; a locked field that changes is refused (VoteError "locked")."""
    _check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    changed = [
        name for name in CAMPAIGN_FIELDS if name in data and data[name] != getattr(campaign, name)
    ]
    refused = [name for name in changed if name in locked_fields(campaign)]
    if refused:
        raise VoteError("locked", fields=refused)
    for name in changed:
        setattr(campaign, name, data[name])
    _check_consistency(campaign)
    if "closes_at" in changed and campaign.closes_at <= timezone.now():
        raise VoteError("closes_in_the_past", fields=["closes_at"])
    campaign.save()
    record(
        actor=actor, action="vote.campaign_updated", target=campaign, details={"fields": changed}
    )
    return campaign


def _history_reason(message: str, campaign: Campaign) -> str:
    # The request history is public and read in the club's language.
    with translation.override("fr"):
        return _(message) % {"title": campaign.title}


@transaction.atomic
def add_request(*, campaign, improvement, actor) -> CampaignItem:
    """Place an eligible request on an upcoming campaign's ballot; it goes "on ballot"."""
    _check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.phase() is not Phase.UPCOMING:
        raise VoteError("ballot_frozen")
    improvement.refresh_from_db()
    if improvement.status != Status.ELIGIBLE:
        raise VoteError("not_eligible")
    item = CampaignItem.objects.create(campaign=campaign, request=improvement)
    request_services.advance_status(
        improvement=improvement,
        status=Status.ON_BALLOT,
        reason=_history_reason(PLACED, campaign),
    )
    record(
        actor=actor,
        action="vote.request_added",
        target=campaign,
        details={"request": improvement.reference},
    )
    return item


@transaction.atomic
def remove_request(*, campaign, improvement, actor) -> None:
    """Take a request off an upcoming campaign's ballot; it is eligible again."""
    _check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.phase() is not Phase.UPCOMING:
        raise VoteError("ballot_frozen")
    deleted, _count = CampaignItem.objects.filter(campaign=campaign, request=improvement).delete()
    if not deleted:
        raise VoteError("not_on_ballot")
    improvement.refresh_from_db()
    if improvement.status == Status.ON_BALLOT:
        request_services.advance_status(
            improvement=improvement,
            status=Status.ELIGIBLE,
            reason=_history_reason(TAKEN_OFF, campaign),
        )
    record(
        actor=actor,
        action="vote.request_removed",
        target=campaign,
        details={"request": improvement.reference},
    )


@transaction.atomic
def set_weight(*, campaign, organisation, weight: int, actor) -> None:
    """Give an organisation's ballot a weight (1 = default) before the first ballot."""
    _check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.ballots.exists() or campaign.phase() in {Phase.COUNTING, Phase.CLOSED}:
        raise VoteError("weights_locked")
    if weight < 1:
        raise VoteError("invalid_weight", fields=["weight"])
    if weight == 1:
        OrganisationWeight.objects.filter(campaign=campaign, organisation=organisation).delete()
    else:
        OrganisationWeight.objects.update_or_create(
            campaign=campaign, organisation=organisation, defaults={"weight": weight}
        )
    record(
        actor=actor,
        action="vote.weight_set",
        target=campaign,
        details={"organisation": organisation.slug, "weight": weight},
    )


@transaction.atomic
def cast_ballot(*, campaign, organisation, person, lines) -> Ballot:
    """Cast or change an organisation's ballot (its référents only, while the vote is open).

    ``lines``: approved references (approval), or reference -> points / rank. Raises
    BallotError when a rule of the method is broken, VoteError otherwise. Locks the campaign
    row, so two référents casting at once make one ballot with two versions. Writes the
    lines, a new BallotVersion with a new receipt code, and an audit entry.
    """
    if not permissions.can_vote(person, organisation):
        raise VoteError("not_referent")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.phase() is not Phase.OPEN:
        raise VoteError("not_open")
    items = {
        reference: pk for pk, reference in campaign.items.values_list("pk", "request__reference")
    }
    choices = validate_ballot(
        method=campaign.method, params=campaign.params, ballot=lines, candidates=items
    )
    values = dict.fromkeys(sorted(choices), 1) if isinstance(choices, frozenset) else choices
    now = timezone.now()
    receipt = new_receipt()
    ballot = Ballot.objects.filter(campaign=campaign, organisation=organisation).first()
    if ballot is None:
        ballot = Ballot.objects.create(
            campaign=campaign, organisation=organisation, receipt=receipt, cast_at=now
        )
    else:
        ballot.receipt, ballot.cast_at = receipt, now
        ballot.version_count += 1
        ballot.save(update_fields=["receipt", "cast_at", "version_count"])
        ballot.lines.all().delete()
    BallotLine.objects.bulk_create(
        [
            BallotLine(ballot=ballot, item_id=items[ref], value=value)
            for ref, value in values.items()
        ]
    )
    BallotVersion.objects.create(
        ballot=ballot,
        number=ballot.version_count,
        receipt=receipt,
        cast_by=person,
        cast_at=now,
        lines=values,
    )
    # The choices stay out of the log: for a secret vote, only the ballots table holds them.
    record(
        actor=person,
        action="vote.ballot_cast",
        target=campaign,
        details={"organisation": organisation.slug, "version": ballot.version_count},
    )
    return ballot


def candidates(campaign) -> list[str]:
    return list(campaign.items.values_list("request__reference", flat=True))


def cast_ballots(campaign) -> list[CastBallot]:
    """The current ballots of a campaign, as the counting functions take them (2 queries)."""
    weights = dict(
        OrganisationWeight.objects.filter(campaign=campaign).values_list(
            "organisation_id", "weight"
        )
    )
    by_ballot = defaultdict(dict)
    organisation_of = {}
    rows = BallotLine.objects.filter(ballot__campaign=campaign).values_list(
        "ballot_id", "ballot__organisation_id", "item__request__reference", "value"
    )
    for ballot_id, organisation_id, reference, value in rows:
        by_ballot[ballot_id][reference] = value
        organisation_of[ballot_id] = organisation_id
    approval = campaign.counting_method is Method.APPROVAL
    return [
        CastBallot(
            weight=weights.get(organisation_of[ballot_id], 1),
            choices=frozenset(choices) if approval else choices,
        )
        for ballot_id, choices in by_ballot.items()
    ]


def supporters(ballots) -> dict[str, int]:
    """How many organisations supported each request (the first tie-break)."""
    counts = defaultdict(int)
    for ballot in ballots:
        for ref in ballot.choices:
            counts[ref] += 1
    return counts


def count_campaign(campaign) -> tuple[Result, dict[str, int]]:
    """Count the current ballots as the site publishes them (see ``tally``)."""
    ballots = cast_ballots(campaign)
    result = published_result(
        method=campaign.method,
        ballots=ballots,
        candidates=candidates(campaign),
        seats=campaign.seats,
    )
    return result, supporters(ballots)


def participation(campaign) -> tuple[int, int]:
    """(organisations that voted, organisations allowed to vote); frozen at closing."""
    if campaign.closed_at is not None:
        return campaign.voted_count, campaign.electorate_count
    return campaign.ballots.count(), permissions.electorate().count()


def _freeze(campaign, *, now) -> None:
    result, support = count_campaign(campaign)
    items = {item.request.reference: item for item in campaign.items.select_related("request")}
    retained = set(result.retained)
    for ranked in result.ranking:
        item = items[ranked.request]
        item.position, item.score = ranked.position, ranked.score
        item.supporters = support.get(ranked.request, 0)
        item.retained = ranked.request in retained
    CampaignItem.objects.bulk_update(
        items.values(), ["position", "score", "supporters", "retained"]
    )
    campaign.voted_count, campaign.electorate_count = participation(campaign)
    campaign.closed_at = now
    campaign.save(update_fields=["voted_count", "electorate_count", "closed_at"])
    for item in items.values():
        if item.request.status != Status.ON_BALLOT:
            continue  # staff moved it by hand meanwhile: leave it where they put it
        if item.retained:
            status, message = Status.RETAINED, RETAINED
        else:
            status, message = Status.ELIGIBLE, NOT_RETAINED
        request_services.advance_status(
            improvement=item.request, status=status, reason=_history_reason(message, campaign)
        )
    record(
        actor=None,
        action="vote.campaign_closed",
        target=campaign,
        details={"retained": result.retained, "voted": campaign.voted_count},
    )


def close_due_campaigns(now=None) -> int:
    """Job: close the campaigns whose closing time has come, count and freeze their results,
    move retained requests to "retained" and the others back to "eligible".

    Idempotent and safe with several workers: each campaign is claimed with
    ``select_for_update(skip_locked=True)`` and closed once. Returns how many it closed.
    """
    now = now or timezone.now()
    due = list(
        Campaign.objects.filter(closed_at__isnull=True, closes_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    closed = 0
    for pk in due:
        with transaction.atomic():
            campaign = (
                Campaign.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, closed_at__isnull=True)
                .first()
            )
            if campaign is None:
                continue
            _freeze(campaign, now=now)
            closed += 1
    return closed


def results_visible(campaign) -> bool:
    phase = campaign.phase()
    return phase is Phase.CLOSED or (phase is Phase.OPEN and campaign.results_live)


def export_lines(campaign) -> tuple[list[ExportLine], bool]:
    """The ballots export's lines and whether it needs a weight column (2 queries)."""
    weights = dict(
        OrganisationWeight.objects.filter(campaign=campaign).values_list(
            "organisation_id", "weight"
        )
    )
    rows = BallotLine.objects.filter(ballot__campaign=campaign).values_list(
        "ballot__receipt",
        "item__request__reference",
        "value",
        "ballot__organisation__name",
        "ballot__organisation_id",
    )
    lines = [
        ExportLine(
            receipt=receipt,
            request=reference,
            value=value,
            organisation=name if campaign.is_public else "",
            weight=weights.get(organisation_id, 1),
        )
        for receipt, reference, value, name, organisation_id in rows
    ]
    return lines, bool(weights)
