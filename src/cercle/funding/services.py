"""Costing, cost sharing and pledges. Amounts are integers in euro cents throughout."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cercle.audit.services import record
from cercle.core.permissions import is_vendor_staff
from cercle.funding import sharing
from cercle.funding.enums import COUNTED, TRANSITIONS, Label, PledgeStatus, SharingRule
from cercle.funding.models import CostedItem, Estimate, Pledge, RoadmapItem
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation
from cercle.organisations.permissions import is_referent
from cercle.outbox.services import queue_mail
from cercle.requests.enums import Status
from cercle.requests.services import advance_status

# Requests that can be costed: retained by a vote, or already on their way.
COSTABLE = {Status.RETAINED, Status.COSTED, Status.FUNDED, Status.IN_PROGRESS}


class FundingError(Exception):
    """A refused funding action; `code` says which rule."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def amount_for(days: Decimal, daily_rate_cents: int) -> int:
    """Days × daily rate, rounded to the cent (half up, as on an invoice)."""
    return int((Decimal(days) * daily_rate_cents).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@transaction.atomic
def record_estimate(*, improvement, days, daily_rate_cents: int, assumptions: str, actor):
    """Cost (or re-cost) a retained request; a new version is added, none is overwritten."""
    if not is_vendor_staff(actor):
        raise FundingError("forbidden")
    if improvement.status not in COSTABLE:
        raise FundingError("not_retained")
    if Decimal(days) <= 0 or daily_rate_cents <= 0:
        raise FundingError("invalid_estimate")
    item, created = CostedItem.objects.select_for_update().get_or_create(request=improvement)
    if created:
        item.participants.set(
            improvement.endorsements.filter(organisation__is_active=True).values_list(
                "organisation", flat=True
            )
        )
    version = (
        item.estimates.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    estimate = Estimate.objects.create(
        item=item,
        version=version,
        days=days,
        daily_rate_cents=daily_rate_cents,
        amount_cents=amount_for(Decimal(days), daily_rate_cents),
        assumptions=assumptions,
        created_by=actor,
    )
    item.cost_cents = estimate.amount_cents
    item.save(update_fields=["cost_cents"])
    if improvement.status == Status.RETAINED:
        advance_status(improvement=improvement, status=Status.COSTED)
    record(
        actor=actor,
        action="funding.estimated",
        target=item,
        details={"version": version, "amount_cents": estimate.amount_cents},
    )
    _refresh_funding(item)
    return estimate


def set_sharing(*, item, rule: str, participants, tiers=None, actor) -> CostedItem:
    """Staff choose how the cost is shared and among whom; the shares are checked now."""
    if not is_vendor_staff(actor):
        raise FundingError("forbidden")
    tiers = list(tiers or [])
    if rule == SharingRule.TIERS:
        try:
            sharing.validate_tiers(tiers=[sharing.Tier(up_to=u, weight=w) for u, w in tiers])
        except sharing.SharingError as error:
            raise FundingError("sharing", message=sharing.sharing_error_message(error)) from error
    item.rule = rule
    item.tiers = tiers
    item.save(update_fields=["rule", "tiers"])
    item.participants.set(participants)
    try:
        suggested_shares(item)
    except sharing.SharingError as error:
        raise FundingError("sharing", message=sharing.sharing_error_message(error)) from error
    record(actor=actor, action="funding.sharing_set", target=item, details={"rule": rule})
    return item


def suggested_shares(item, *, participants=None) -> dict[int, sharing.Share]:
    """Each participating organisation's suggested share, by organisation id (empty if free)."""
    if participants is None:
        participants = list(item.participants.all())
    if not participants or not item.cost_cents or item.rule == SharingRule.FREE:
        return {}
    tiers = None
    if item.rule == SharingRule.TIERS:
        tiers = [sharing.Tier(up_to=u, weight=w) for u, w in item.tiers] or None
    shares = sharing.compute_shares(
        rule=item.rule,
        cost_cents=item.cost_cents,
        participants=[
            sharing.Participant(key=str(o.pk), population=o.population) for o in participants
        ],
        tiers=tiers,
    )
    return {int(share.key): share for share in shares}


@transaction.atomic
def pledge(*, item, organisation, person, amount_cents: int) -> Pledge:
    """A référent states what their organisation intends to pay (or changes that intention)."""
    if not is_referent(person, organisation):
        raise FundingError("forbidden")
    if amount_cents <= 0:
        raise FundingError("invalid_amount")
    CostedItem.objects.select_for_update().get(pk=item.pk)
    current = (
        Pledge.objects.select_for_update()
        .filter(item=item, organisation=organisation)
        .exclude(status=PledgeStatus.WITHDRAWN)
        .first()
    )
    if current is not None and current.status != PledgeStatus.INTENDED:
        raise FundingError("already_committed")
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
    """Move a pledge along intended → committed → invoiced → paid, or withdraw it."""
    pledge = (
        Pledge.objects.select_for_update().select_related("item", "organisation").get(pk=pledge.pk)
    )
    allowed = TRANSITIONS.get((pledge.status, to_status))
    if allowed is None:
        raise FundingError(
            "illegal_transition",
            current=pledge.get_status_display(),
            wanted=PledgeStatus(to_status).label,
        )
    roles = set()
    if is_vendor_staff(actor):
        roles.add("staff")
    if is_referent(actor, pledge.organisation):
        roles.add("member")
    if not roles & allowed:
        raise FundingError("forbidden")
    if to_status == PledgeStatus.COMMITTED:
        if not po_number.strip() or po_date is None:
            raise FundingError("purchase_order_required")
        pledge.purchase_order_number = po_number.strip()
        pledge.purchase_order_date = po_date
    previous = pledge.status
    pledge.status = to_status
    pledge.save()
    record(
        actor=actor,
        action="funding.pledge_transition",
        target=pledge,
        details={"from": previous, "to": to_status, "purchase_order": pledge.purchase_order_number},
    )
    _refresh_funding(pledge.item)
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


def funding_table() -> list[list]:
    """Every costed item × participating or pledging organisation, for finance departments.

    Built from plain tuples: the table reaches 50,000 rows, where model instances and
    per-row label lookups would dominate the export time.
    """
    rule_labels = {value: str(label) for value, label in SharingRule.choices}
    status_labels = {value: str(label) for value, label in PledgeStatus.choices}
    items = list(
        CostedItem.objects.order_by("request__reference").values_list(
            "pk", "request__reference", "request__title", "cost_cents", "rule", "tiers"
        )
    )
    pledges: dict[int, dict[int, tuple]] = {}
    for item_id, organisation_id, *details in Pledge.objects.exclude(
        status=PledgeStatus.WITHDRAWN
    ).values_list(
        "item_id",
        "organisation_id",
        "amount_cents",
        "status",
        "purchase_order_number",
        "purchase_order_date",
    ):
        pledges.setdefault(item_id, {})[organisation_id] = details
    participants: dict[int, list[int]] = {}
    for item_id, organisation_id in CostedItem.participants.through.objects.values_list(
        "costeditem_id", "organisation_id"
    ):
        participants.setdefault(item_id, []).append(organisation_id)
    involved = {o for ids in participants.values() for o in ids} | {
        o for by_org in pledges.values() for o in by_org
    }
    organisations = {
        pk: (name, population)
        for pk, name, population in Organisation.objects.filter(pk__in=involved).values_list(
            "pk", "name", "population"
        )
    }
    rows = []
    for item_id, reference, title, cost_cents, rule, tiers in items:
        members = participants.get(item_id, [])
        shares = {}
        if members and cost_cents and rule != SharingRule.FREE:
            computed = sharing.compute_shares(
                rule=rule,
                cost_cents=cost_cents,
                participants=[
                    sharing.Participant(key=str(pk), population=organisations[pk][1])
                    for pk in members
                ],
                tiers=[sharing.Tier(up_to=u, weight=w) for u, w in tiers] or None,
            )
            shares = {int(share.key): share.cents for share in computed}
        by_org = pledges.get(item_id, {})
        for pk in sorted(set(members) | set(by_org), key=lambda pk: organisations[pk][0]):
            amount, status, po_number, po_date = by_org.get(pk, (None, "", "", None))
            rows.append(
                [
                    reference,
                    title,
                    cost_cents / 100,
                    rule_labels[rule],
                    organisations[pk][0],
                    shares[pk] / 100 if pk in shares else "",
                    amount / 100 if amount is not None else "",
                    status_labels.get(status, ""),
                    po_number,
                    po_date.isoformat() if po_date else "",
                ]
            )
    return rows


def _notify_participants(item) -> None:
    referents = (
        Membership.objects.filter(organisation__in=item.participants.all(), role=Role.REFERENT)
        .select_related("user")
        .order_by("user_id")
    )
    seen = set()
    for membership in referents:
        user = membership.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(user.language):
            context = {"item": item, "url": settings.SITE_URL + item.get_absolute_url()}
            queue_mail(
                to=user.email,
                subject=render_to_string("funding/email/funded_subject.txt", context).strip(),
                body_text=render_to_string("funding/email/funded.txt", context),
            )
