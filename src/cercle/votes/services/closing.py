"""Closing a campaign (by the job at its closing time, or by staff at once), freezing its
result, and settling a tie at the cutoff by the decision the campaign announced."""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.requests import services as request_services
from cercle.requests.enums import Status
from cercle.votes.enums import Phase
from cercle.votes.models import Campaign, CampaignItem
from cercle.votes.services.ballots import count_campaign, participation
from cercle.votes.services.campaigns import check_manager, history_reason
from cercle.votes.signals import results_published

RETAINED = gettext_noop("Retained by the vote “%(title)s”.")
NOT_RETAINED = gettext_noop("Not retained by the vote “%(title)s”.")
MAX_SEED_LENGTH = 64


def _move_requests(campaign, items) -> None:
    """Retained requests go "retained", the others back to "eligible"; tied ones wait.
    A hosting vote moves no request: the hosting app records the decision."""
    if campaign.is_hosting:
        return
    for item in items:
        if item.request.status != Status.ON_BALLOT:
            continue  # staff moved it by hand meanwhile: leave it where they put it
        if item.tied and not campaign.tie_settled_at:
            continue
        status, message = (
            (Status.RETAINED, RETAINED) if item.retained else (Status.ELIGIBLE, NOT_RETAINED)
        )
        request_services.advance_status(
            improvement=item.request, status=status, reason=history_reason(message, campaign)
        )


def _freeze(campaign, *, now, actor=None) -> None:
    result, support = count_campaign(campaign)
    items = {item.reference: item for item in campaign.items.select_related("request")}
    retained, tied = set(result.retained), set(result.tied)
    for ranked in result.ranking:
        item = items[ranked.request]
        item.position, item.score = ranked.position, ranked.score
        item.supporters = support.get(ranked.request, 0)
        item.retained = ranked.request in retained
        item.tied = ranked.request in tied
    CampaignItem.objects.bulk_update(
        items.values(), ["position", "score", "supporters", "retained", "tied"]
    )
    campaign.voted_count, campaign.electorate_count = participation(campaign)
    campaign.closed_at = now
    campaign.tied_seats = result.tied_seats or None
    campaign.save(update_fields=["voted_count", "electorate_count", "closed_at", "tied_seats"])
    _move_requests(campaign, items.values())
    record(
        actor=actor,
        action="vote.campaign_closed",
        target=campaign,
        details={
            "retained": result.retained,
            "tied": result.tied,
            "tied_seats": result.tied_seats,
            "voted": campaign.voted_count,
        },
    )
    if not campaign.tie_pending:
        results_published.send(sender=Campaign, campaign=campaign)


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


@transaction.atomic
def close_now(*, campaign, actor) -> Campaign:
    """Staff close an open vote at once (the plenary session ends): the closing time becomes
    now and the results are counted and frozen in the same transaction. Audited."""
    check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    phase = campaign.phase()
    if phase is Phase.UPCOMING:
        raise DomainError("not_started", _("This vote has not opened yet: it cannot close."))
    if phase is Phase.CLOSED:
        raise DomainError("already_closed", _("This vote is already closed."))
    now = timezone.now()
    planned = campaign.closes_at
    if campaign.closes_at > now:
        campaign.closes_at = now
        campaign.save(update_fields=["closes_at"])
    record(
        actor=actor,
        action="vote.campaign_closed_now",
        target=campaign,
        details={"planned_closing": planned.isoformat()},
    )
    _freeze(campaign, now=now, actor=actor)
    return campaign


def draw_tie(tied, *, seed: str, seats: int) -> list[str]:
    """The public draw: ``random.Random(seed).sample(sorted(tied), seats)``, sorted.

    Anyone can repeat it with Python from the published seed and tied references.
    """
    return sorted(random.Random(seed).sample(sorted(tied), seats))  # noqa: S311 - public draw


def _chosen(campaign, tied, *, seed, chosen, reason) -> list[str]:
    if campaign.tie_by_draw:
        if not seed or len(seed) > MAX_SEED_LENGTH:
            raise DomainError(
                "seed_required",
                _("Give the seed of the draw (1 to %(max)s characters), as it was published."),
                fields=["seed"],
                max=MAX_SEED_LENGTH,
            )
        return draw_tie(tied, seed=seed, seats=campaign.tied_seats)
    chosen = sorted(set(chosen or ()))
    if len(chosen) != campaign.tied_seats or not set(chosen) <= set(tied):
        raise DomainError(
            "wrong_choice",
            _("Choose exactly %(seats)s of the tied requests."),
            fields=["chosen"],
            seats=campaign.tied_seats,
        )
    if not reason:
        raise DomainError(
            "reason_required", _("Give the reason of the committee's choice."), fields=["reason"]
        )
    return chosen


@transaction.atomic
def settle_tie(*, campaign, actor, seed="", chosen=(), reason="") -> list[str]:
    """Record the decision on a tie at the cutoff, by the rule announced with the campaign
    (a draw from a published seed, or the committee's choice with its reason); the results
    are then published and the requests move. Audited. Returns the references retained."""
    check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.tie_pending:
        raise DomainError("no_tie", _("There is no tie to settle on this vote."))
    items = list(campaign.items.filter(tied=True).select_related("request"))
    tied = [item.reference for item in items]
    seed, reason = (seed or "").strip(), (reason or "").strip()
    winners = _chosen(campaign, tied, seed=seed, chosen=chosen, reason=reason)
    for item in items:
        item.retained = item.reference in winners
    CampaignItem.objects.bulk_update(items, ["retained"])
    campaign.tie_settled_at, campaign.tie_settled_by = timezone.now(), actor
    campaign.tie_seed = seed if campaign.tie_by_draw else ""
    campaign.tie_reason = "" if campaign.tie_by_draw else reason
    campaign.save(update_fields=["tie_settled_at", "tie_settled_by", "tie_seed", "tie_reason"])
    _move_requests(campaign, items)
    record(
        actor=actor,
        action="vote.tie_settled",
        target=campaign,
        details={
            "rule": campaign.tie_rule,
            "tied": tied,
            "retained": winners,
            "seed": campaign.tie_seed,
            "reason": campaign.tie_reason,
        },
    )
    results_published.send(sender=Campaign, campaign=campaign)
    return winners
