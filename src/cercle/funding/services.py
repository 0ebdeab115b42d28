"""Costing, cost sharing and pledges. Amounts are integers in euro cents throughout.

Every refusal is a ``DomainError`` whose message is written next to its ``raise``; every
change to an item happens with the item's row locked, so two people acting at once are
served one after the other.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.funding import permissions, sharing
from cercle.funding.enums import COUNTED, TRANSITIONS, Label, PledgeStatus, SharingRule
from cercle.funding.models import CostedItem, Estimate, Pledge, RoadmapItem
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.outbox.services import queue_templated
from cercle.requests.enums import Status
from cercle.requests.services import advance_status

# Requests that can be costed: retained by a vote, or already on their way.
COSTABLE = {Status.RETAINED, Status.COSTED, Status.FUNDED, Status.IN_PROGRESS}


def amount_for(days: Decimal, daily_rate_cents: int) -> int:
    """Days × daily rate, rounded to the cent (half up, as on an invoice)."""
    return int((Decimal(days) * daily_rate_cents).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _refuse_unless_staff(actor) -> None:
    if not permissions.can_cost(actor):
        raise DomainError(
            "forbidden", _("Only vendor staff cost requests and decide how the cost is shared.")
        )


@dataclass(frozen=True)
class RecostConsequences:
    """What a new estimate would change, shown to staff before they confirm it."""

    cost_cents: int
    percent_before: int
    percent_after: int
    status_before: str
    status_after: str
    pledges: list  # live pledges whose amount the organisations may have to revise
    followers: int  # people emailed because the request changes status

    @property
    def status_changes(self) -> bool:
        return self.status_before != self.status_after

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.pledges) or self.status_changes


def recost_consequences(*, item, amount_cents: int) -> RecostConsequences:
    """Funding percentage, request status, pledges and people touched by re-costing ``item``."""
    improvement = item.request
    covered = amount_cents > 0 and item.committed_cents >= amount_cents
    status_after = improvement.status
    if improvement.status == Status.FUNDED and not covered:
        status_after = Status.COSTED
    elif improvement.status == Status.COSTED and covered:
        status_after = Status.FUNDED
    return RecostConsequences(
        cost_cents=amount_cents,
        percent_before=item.funded_percent,
        percent_after=min(100, item.committed_cents * 100 // amount_cents) if amount_cents else 0,
        status_before=Status(improvement.status).label,
        status_after=Status(status_after).label,
        pledges=list(
            item.pledges.exclude(status=PledgeStatus.WITHDRAWN).select_related("organisation")
        ),
        followers=improvement.follows.filter(active=True).count()
        if status_after != improvement.status
        else 0,
    )


@transaction.atomic
def record_estimate(
    *, improvement, days, daily_rate_cents: int, assumptions: str, actor, confirmed=False
):
    """Cost (or re-cost) a retained request; a new version is added, none is overwritten.

    Re-costing an item that has pledges or whose funding status would change needs
    ``confirmed=True`` (staff have seen ``recost_consequences``). Pledges, their purchase
    orders and the earlier estimates are kept as they are; followers are told when the
    request changes status.
    """
    _refuse_unless_staff(actor)
    if improvement.status not in COSTABLE:
        raise DomainError("not_retained", _("Only requests retained by a vote can be costed."))
    if Decimal(days) <= 0 or daily_rate_cents <= 0:
        raise DomainError("invalid_estimate", _("Days and daily rate must be positive."))
    amount_cents = amount_for(Decimal(days), daily_rate_cents)
    item, created = CostedItem.objects.select_for_update().get_or_create(request=improvement)
    if created:
        item.participants.set(
            improvement.endorsements.filter(organisation__is_active=True).values_list(
                "organisation", flat=True
            )
        )
    elif (
        not confirmed
        and recost_consequences(item=item, amount_cents=amount_cents).needs_confirmation
    ):
        raise DomainError(
            "recost_unconfirmed",
            _("Re-costing %(reference)s changes its funding: check what changes, then confirm."),
            reference=improvement.reference,
        )
    version = (
        item.estimates.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    estimate = Estimate.objects.create(
        item=item,
        version=version,
        days=days,
        daily_rate_cents=daily_rate_cents,
        amount_cents=amount_cents,
        assumptions=assumptions,
        created_by=actor,
    )
    item.cost_cents = amount_cents
    item.save(update_fields=["cost_cents"])
    if improvement.status == Status.RETAINED:
        advance_status(improvement=improvement, status=Status.COSTED)
    record(
        actor=actor,
        action="funding.estimated",
        target=item,
        details={"version": version, "amount_cents": amount_cents},
    )
    _refresh_funding(item)
    return estimate


def _tiers_of(rule: str, tiers) -> list[sharing.Tier] | None:
    if rule != SharingRule.TIERS:
        return None
    return [sharing.Tier(up_to=up_to, weight=weight) for up_to, weight in tiers] or None


def _shares(*, rule, tiers, cost_cents, participants) -> dict[int, sharing.Share]:
    """Shares by organisation id; raises DomainError naming the organisation at fault."""
    if not participants or not cost_cents or rule == SharingRule.FREE:
        return {}
    shares = sharing.compute_shares(
        rule=rule,
        cost_cents=cost_cents,
        participants=[
            sharing.Participant(key=str(o.pk), population=o.population, name=o.name)
            for o in participants
        ],
        tiers=_tiers_of(rule, tiers),
    )
    return {int(share.key): share for share in shares}


@transaction.atomic
def set_sharing(*, item, rule: str, participants, tiers=None, actor) -> CostedItem:
    """Staff choose how the cost is shared and among whom.

    The shares are computed first: a rule that cannot share the cost among these
    organisations is refused and nothing is saved (the item keeps its previous rule).
    """
    _refuse_unless_staff(actor)
    participants = list(participants)
    tiers = [list(tier) for tier in tiers or []]
    if rule == SharingRule.TIERS:
        sharing.validate_tiers(tiers=_tiers_of(rule, tiers) or [])
    locked = CostedItem.objects.select_for_update().get(pk=item.pk)
    _shares(rule=rule, tiers=tiers, cost_cents=locked.cost_cents, participants=participants)
    locked.rule = rule
    locked.tiers = tiers
    locked.save(update_fields=["rule", "tiers"])
    locked.participants.set(participants)
    # The caller's copy changes only now, once the rule is accepted and saved.
    item.rule, item.tiers = rule, tiers
    record(actor=actor, action="funding.sharing_set", target=locked, details={"rule": rule})
    return locked


def suggested_shares(item, *, participants=None) -> dict[int, sharing.Share]:
    """Each participating organisation's suggested share, by organisation id (empty if free)."""
    if participants is None:
        participants = list(item.participants.all())
    return _shares(
        rule=item.rule, tiers=item.tiers, cost_cents=item.cost_cents, participants=participants
    )


def _refuse_if_funded(item) -> None:
    if item.funded_at is not None:
        raise DomainError(
            "already_funded",
            _("%(reference)s is already fully funded: it takes no more pledges."),
            reference=item.request.reference,
        )


@transaction.atomic
def pledge(*, item, organisation, person, amount_cents: int) -> Pledge:
    """A référent states what their organisation intends to pay (or changes that intention).

    The organisation joins the item's sharing; a fully funded item takes no pledge.
    """
    if not permissions.can_pledge(person, organisation):
        raise DomainError(
            "forbidden",
            _("Only a référent of %(organisation)s may pledge on its behalf."),
            organisation=organisation.name,
        )
    if amount_cents <= 0:
        raise DomainError("invalid_amount", _("The amount must be positive."), fields=["amount"])
    item = CostedItem.objects.select_for_update().select_related("request").get(pk=item.pk)
    _refuse_if_funded(item)
    current = (
        Pledge.objects.select_for_update()
        .filter(item=item, organisation=organisation)
        .exclude(status=PledgeStatus.WITHDRAWN)
        .first()
    )
    if current is not None and current.status != PledgeStatus.INTENDED:
        raise DomainError(
            "already_committed",
            _("The pledge of %(organisation)s is already committed; withdraw it to pledge anew."),
            organisation=organisation.name,
        )
    participants = list(item.participants.all())
    if organisation not in participants:
        # Joining must leave a cost the item's rule can still share (population on record).
        _shares(
            rule=item.rule,
            tiers=item.tiers,
            cost_cents=item.cost_cents,
            participants=[*participants, organisation],
        )
    if current is None:
        current = Pledge.objects.create(
            item=item, organisation=organisation, amount_cents=amount_cents, created_by=person
        )
    else:
        current.amount_cents = amount_cents
        current.save(update_fields=["amount_cents", "updated_at"])
    item.participants.add(organisation)
    record(
        actor=person,
        action="funding.pledged",
        target=current,
        details={"amount_cents": amount_cents},
    )
    return current


@transaction.atomic
def transition_pledge(
    *, pledge, to_status: str, actor, po_number: str = "", po_date=None
) -> Pledge:
    """Move a pledge along intended → committed → invoiced → paid, or withdraw it.

    A withdrawn organisation leaves the item's sharing; a funded item takes no new
    commitment. The item is locked first (as in ``pledge``), then the pledge.
    """
    item = CostedItem.objects.select_for_update().select_related("request").get(pk=pledge.item_id)
    pledge = Pledge.objects.select_for_update().select_related("organisation").get(pk=pledge.pk)
    wanted = PledgeStatus(to_status).label
    if (pledge.status, to_status) not in TRANSITIONS:
        raise DomainError(
            "illegal_transition",
            _("A pledge cannot go from “%(current)s” to “%(wanted)s”."),
            current=pledge.get_status_display(),
            wanted=wanted,
        )
    if not permissions.can_move_pledge(actor, pledge, to_status):
        raise DomainError(
            "forbidden", _("You may not mark this pledge “%(wanted)s”."), wanted=wanted
        )
    if to_status == PledgeStatus.COMMITTED:
        _refuse_if_funded(item)
        if not po_number.strip() or po_date is None:
            raise DomainError(
                "purchase_order_required",
                _("A commitment needs the purchase order number and date."),
                fields=["purchase_order_number", "purchase_order_date"],
            )
        pledge.purchase_order_number = po_number.strip()
        pledge.purchase_order_date = po_date
    previous = pledge.status
    pledge.status = to_status
    pledge.save()
    if to_status == PledgeStatus.WITHDRAWN:
        item.participants.remove(pledge.organisation)
    record(
        actor=actor,
        action="funding.pledge_transition",
        target=pledge,
        details={"from": previous, "to": to_status, "purchase_order": pledge.purchase_order_number},
    )
    _refresh_funding(item)
    return pledge


def _refresh_funding(item) -> None:
    """Funded when committed-or-later pledges cover the cost; a withdrawal can un-fund."""
    item = CostedItem.objects.select_for_update().select_related("request").get(pk=item.pk)
    committed = (
        item.pledges.filter(status__in=COUNTED).aggregate(total=Sum("amount_cents"))["total"] or 0
    )
    item.committed_cents = committed
    improvement = item.request
    covered = item.cost_cents > 0 and committed >= item.cost_cents
    if covered and item.funded_at is None:
        item.funded_at = timezone.now()
        item.save(update_fields=["committed_cents", "funded_at"])
        if improvement.status == Status.COSTED:
            advance_status(improvement=improvement, status=Status.FUNDED)
        _put_on_roadmap(item)
        _notify_participants(item)
    elif not covered and item.funded_at is not None:
        item.funded_at = None
        item.save(update_fields=["committed_cents", "funded_at"])
        if improvement.status == Status.FUNDED:
            advance_status(improvement=improvement, status=Status.COSTED)
    else:
        item.save(update_fields=["committed_cents"])


def _put_on_roadmap(item) -> None:
    """A funded item joins the public roadmap as mutualised, next quarter; staff refine it."""
    if RoadmapItem.objects.filter(request=item.request).exists():
        return
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 2
    year = today.year + (quarter > 4)
    latest = item.estimates.first()
    entry = RoadmapItem.objects.create(
        title=item.request.title,
        label=Label.MUTUALISED,
        year=year,
        quarter=(quarter - 1) % 4 + 1,
        request=item.request,
        days=latest.days if latest else 0,
    )
    entry.modules.set(item.request.modules.all())


def _notify_participants(item) -> None:
    """One email per référent of a participating organisation, in that person's language."""
    referents = (
        Membership.objects.filter(organisation__in=item.participants.all(), role=Role.REFERENT)
        .select_related("user")
        .order_by("user_id")
    )
    context = {"item": item, "url": settings.SITE_URL + item.get_absolute_url()}
    seen = set()
    for membership in referents:
        user = membership.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        queue_templated(user.email, "funding/email/funded", context, user.language)
