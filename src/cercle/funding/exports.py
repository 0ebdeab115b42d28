"""The funding table finance departments download (CSV, ODS, XLSX through core.spreadsheets)."""

from django.utils.translation import gettext as _

from cercle.core.errors import DomainError
from cercle.funding import sharing
from cercle.funding.enums import PledgeStatus, SharingRule
from cercle.funding.models import CostedItem, Pledge
from cercle.organisations.models import Organisation


def headers() -> list[str]:
    return [
        _("Request"),
        _("Title"),
        _("Cost excl. VAT (€)"),
        _("Sharing rule"),
        _("Organisation"),
        _("Suggested share (€)"),
        _("Pledge (€)"),
        _("Pledge status"),
        _("Purchase order"),
        _("Purchase order date"),
    ]


def _shares(rule, cost_cents, tiers, members) -> dict[int, int]:
    """Suggested cents by organisation id; none when the rule cannot share the cost (an
    organisation's population was removed since): the export still downloads."""
    if not members or not cost_cents or rule == SharingRule.FREE:
        return {}
    try:
        computed = sharing.compute_shares(
            rule=rule,
            cost_cents=cost_cents,
            participants=[
                sharing.Participant(key=str(pk), population=population, name=name)
                for pk, name, population in members
            ],
            tiers=[sharing.Tier(up_to=u, weight=w) for u, w in tiers] or None,
        )
    except DomainError:
        return {}
    return {int(share.key): share.cents for share in computed}


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
    pledges, participants, organisations = _pledges_and_participants()
    rows = []
    for item_id, reference, title, cost_cents, rule, tiers in items:
        members = participants.get(item_id, [])
        shares = _shares(rule, cost_cents, tiers, [(pk, *organisations[pk]) for pk in members])
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


def _pledges_and_participants():
    """Live pledges by item and organisation, participants by item, organisations by id."""
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
    return pledges, participants, organisations
