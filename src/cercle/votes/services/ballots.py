"""Casting ballots, and reading them back as the counting functions take them."""

import secrets
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.votes import permissions
from cercle.votes.counting import CastBallot, Method, Result, validate_ballot
from cercle.votes.enums import Phase
from cercle.votes.models import (
    Ballot,
    BallotLine,
    BallotVersion,
    Campaign,
    OrganisationWeight,
)
from cercle.votes.tally import published_result

# Receipt codes: 20 characters from 30 unambiguous ones (~98 bits), in groups of five.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _position in range(20))
    return "-".join(code[i : i + 5] for i in range(0, 20, 5))


@transaction.atomic
def cast_ballot(*, campaign, organisation, person, lines) -> Ballot:
    """Cast or change an organisation's ballot (its référents only, while the vote is open).

    ``lines``: approved references (approval), or reference -> points / rank. Raises
    DomainError when a rule is broken. Locks the campaign row, so two référents casting at
    once make one ballot with two versions. Writes the lines, a new BallotVersion with a new
    receipt code, and an audit entry.
    """
    if not permissions.can_vote(person, organisation):
        raise DomainError(
            "not_referent", _("Only a référent of this organisation can cast its ballot.")
        )
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.phase() is not Phase.OPEN:
        raise DomainError(
            "not_open", _("This vote is not open: ballots can no longer be cast or changed.")
        )
    items = {reference: pk for pk, reference in campaign.items.values_list("pk", "reference")}
    choices = validate_ballot(
        method=campaign.method, params=campaign.params, ballot=lines, candidates=items
    )
    values = dict.fromkeys(sorted(choices), 1) if isinstance(choices, frozenset) else choices
    ballot = _write(campaign=campaign, organisation=organisation, items=items, values=values)
    BallotVersion.objects.create(
        ballot=ballot,
        number=ballot.version_count,
        receipt=ballot.receipt,
        cast_by=person,
        cast_at=ballot.cast_at,
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


def _write(*, campaign, organisation, items, values) -> Ballot:
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
    return ballot


def candidates(campaign) -> list[str]:
    return list(campaign.items.values_list("reference", flat=True))


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
        "ballot_id", "ballot__organisation_id", "item__reference", "value"
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
