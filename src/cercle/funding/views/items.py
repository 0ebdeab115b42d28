"""The costed items: the list, and an item's page with its shares, pledges and staff forms."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.funding import permissions, selectors, services, sharing
from cercle.funding.enums import PledgeStatus, SharingRule
from cercle.funding.forms import CommitForm, EstimateForm, PledgeForm, SharingForm
from cercle.funding.views import costed_item_or_404
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest

# What the list of costed items shows: items, pledges and purchase orders (funding), the
# requests they come from.
ITEMS_TOPICS = ("funding", "requests")


def _items_table(request) -> str:
    page = Paginator(selectors.costed_items(), 50).get_page(request.GET.get("page"))
    return render_to_string("funding/includes/item_table.html", {"page": page})


def item_list(request):
    table = pagecache.fragment(
        "funding:items",
        topics=ITEMS_TOPICS,
        vary=(get_language(), request.GET.get("page", "")[:20]),
        render=lambda: _items_table(request),
    )
    costable = []
    if is_vendor_staff(request.user):
        costable = ImprovementRequest.objects.filter(
            status=Status.RETAINED, costed_item__isnull=True
        ).select_related("organisation")
    return render(
        request,
        "funding/item_list.html",
        {"table": table, "costable": costable, "is_vendor_staff": is_vendor_staff(request.user)},
    )


def _share_rows(user, shares, *, member_ids, participants):
    """Suggested shares the person may see: staff all, members their organisations'."""
    if not shares:
        return []
    visible = shares.keys() if is_vendor_staff(user) else (shares.keys() & member_ids)
    organisations = {o.pk: o for o in participants}
    rows = [
        {
            "organisation": organisations[pk],
            "share": shares[pk],
            "amount": sharing.format_cents(shares[pk].cents),
            "percent": sharing.format_percent(shares[pk].basis.fraction),
            "how": shares[pk].basis.rule,
        }
        for pk in visible
    ]
    return sorted(rows, key=lambda row: row["organisation"].name)


def commit_form_for(pledge, data=None):
    """A purchase-order form per pledge row, its ids unique on the page."""
    return CommitForm(data, auto_id=f"id_pledge{pledge.pk}_%s")


def _pledge_rows(user, item, *, member_ids, referent_ids, commit_forms):
    return [
        {
            "pledge": pledge,
            "amount": sharing.format_cents(pledge.amount_cents),
            "commit_form": commit_forms.get(pledge.pk) or commit_form_for(pledge),
            "moves": [
                {
                    "value": target,
                    "label": PledgeStatus(target).label,
                    "needs_purchase_order": target == PledgeStatus.COMMITTED,
                    "danger": target == PledgeStatus.WITHDRAWN,
                }
                for target in permissions.allowed_moves(user, pledge, referent_ids=referent_ids)
            ],
        }
        for pledge in selectors.visible_pledges(user, item, member_ids=member_ids)
    ]


def _memberships(user):
    """(organisations the person belongs to, those where they are référent), as id sets."""
    if not user.is_authenticated:
        return set(), set()
    roles = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
    return set(roles), {pk for pk, role in roles.items() if role == Role.REFERENT}


def _item_context(request, item, **forms):
    user = request.user
    member_ids, referent_ids = _memberships(user)
    participants = list(item.participants.all())
    estimates = list(item.estimates.select_related("created_by"))
    is_staff = is_vendor_staff(user)
    try:
        shares, sharing_problem = services.suggested_shares(item, participants=participants), ""
    except DomainError as error:
        # Only staff can mend the rule (or an organisation's population): they see why.
        shares, sharing_problem = {}, error.message if is_staff else ""
    can_see_history = selectors.can_see_estimate_history(
        user, item, member_ids=member_ids, participant_ids={o.pk for o in participants}
    )
    context = {
        "item": item,
        "improvement": item.request,
        "estimate": estimates[0] if estimates else None,
        "history": estimates if can_see_history else [],
        "cost": sharing.format_cents(item.cost_cents),
        "committed": sharing.format_cents(item.committed_cents),
        "cofunders": selectors.public_cofunders(item),
        "show_names": settings.FUNDING_SHOW_PLEDGER_NAMES,
        "share_rows": _share_rows(user, shares, member_ids=member_ids, participants=participants),
        "sharing_problem": sharing_problem,
        "pledges": _pledge_rows(
            user,
            item,
            member_ids=member_ids,
            referent_ids=referent_ids,
            commit_forms=forms.get("commit_forms", {}),
        ),
        "is_staff": is_staff,
        "rule_label": SharingRule(item.rule).label,
        "can_put_on_roadmap": is_staff
        and item.request.status == Status.FUNDED
        and not hasattr(item.request, "roadmap_item"),
    }
    pledgers = permissions.pledging_organisations(user)
    if pledgers and item.funded_at is None:
        context["pledge_form"] = forms.get("pledge_form") or PledgeForm(organisations=pledgers)
    if is_staff:
        context["estimate_form"] = forms.get("estimate_form") or EstimateForm()
        context["sharing_form"] = forms.get("sharing_form") or _sharing_form(item, participants)
    return context


def _sharing_form(item, participants):
    return SharingForm(
        organisations=sharing_candidates(item),
        initial={
            "rule": item.rule,
            "participants": [o.pk for o in participants],
            "tiers": "\n".join(
                f"{up_to} {weight}" if up_to is not None else str(weight)
                for up_to, weight in (item.tiers or [])
            ),
        },
    )


def sharing_candidates(item):
    """Organisations staff can tick: endorsers, current participants and pledgers."""
    return Organisation.objects.filter(
        pk__in=set(item.request.endorsements.values_list("organisation", flat=True))
        | set(item.participants.values_list("pk", flat=True))
        | set(item.pledges.values_list("organisation", flat=True))
    ).order_by("name")


def item_detail(request, reference):
    item = costed_item_or_404(reference)
    return render(request, "funding/item_detail.html", _item_context(request, item))


def rerender(request, item, **forms):
    """The item's page again, with the refused form keeping what the person typed."""
    return render(
        request, "funding/item_detail.html", _item_context(request, item, **forms), status=400
    )
