"""The costed items: the list, and an item's page with its shares, pledges and staff forms."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language

from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.funding import permissions, selectors, services, sharing
from cercle.funding.enums import PledgeStatus, SharingRule
from cercle.funding.forms import CommitForm, EstimateForm, PledgeForm, SharingForm
from cercle.funding.models import CostedItem
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


def _share_rows(shares, *, participants):
    """Every suggested share, by organisation name (the page shows each to who may see it)."""
    organisations = {o.pk: o for o in participants}
    rows = [
        {
            "organisation": organisations[pk],
            "share": share,
            "amount": sharing.format_cents(share.cents),
            "percent": sharing.format_percent(share.basis.fraction),
            "how": share.basis.rule,
        }
        for pk, share in shares.items()
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


def _memberships(user, item):
    """(organisations the person belongs to, those where they are référent, those among them
    that take part in the item, those they pledge for), in one query."""
    if not user.is_authenticated:
        return set(), set(), set(), []
    takes_part = CostedItem.participants.through.objects.filter(
        costeditem_id=item.pk, organisation_id=OuterRef("organisation_id")
    )
    rows = (
        Membership.objects.filter(user=user)
        .annotate(takes_part=Exists(takes_part))
        .order_by("organisation__name")
        .values_list(
            "role",
            "takes_part",
            "organisation_id",
            "organisation__name",
            "organisation__is_active",
            "organisation__kind",
        )
    )
    member_ids, referent_ids, participant_ids, pledgers = set(), set(), set(), []
    for role, participates, pk, name, is_active, kind in rows:
        organisation = Organisation(pk=pk, name=name, is_active=is_active, kind=kind)
        member_ids.add(organisation.pk)
        if role == Role.REFERENT:
            referent_ids.add(organisation.pk)
        if participates:
            participant_ids.add(organisation.pk)
        if permissions.pledges_for(user, organisation, role):
            pledgers.append(organisation)
    return member_ids, referent_ids, participant_ids, pledgers


# What an item's page shows: the item, its estimates and pledges (funding), its request's
# title and status (requests), the participants' names and populations (organisations).
ITEM_TOPICS = ("funding", "requests", "organisations")


def _item_body(item) -> str:
    """What everyone may see of an item: its facts, and every share and estimate version,
    each in a slot that shows it only to who may see it."""
    participants = list(item.participants.all())
    estimates = list(item.estimates.all())
    try:
        shares = services.suggested_shares(item, participants=participants)
    except DomainError:
        shares = {}  # staff see why, in their panel
    return render_to_string(
        "funding/includes/item_body.html",
        {
            "item": item,
            "improvement": item.request,
            "estimate": estimates[0] if estimates else None,
            "history": estimates,
            "cost": sharing.format_cents(item.cost_cents),
            "committed": sharing.format_cents(item.committed_cents),
            "cofunders": selectors.public_cofunders(item),
            "show_names": settings.FUNDING_SHOW_PLEDGER_NAMES,
            "share_rows": _share_rows(shares, participants=participants),
            "rule_label": SharingRule(item.rule).label,
        },
    )


def _cached_memberships(user, item, read):
    """`_memberships`, cached for the person on the versions `read` (their memberships and the
    item's participants); with the staff flag, read with the person at each request."""
    if read is None or not user.is_authenticated:
        return _memberships(user, item)
    return pagecache.value(
        "funding:item-memberships",
        topics=ITEM_TOPICS,
        vary=(item.pk, user.pk, is_vendor_staff(user)),
        read=read,
        compute=lambda: _memberships(user, item),
    )


def _personal_context(request, item, forms, read=None) -> dict:
    """What the person may see of the item's shares and estimates, and the staff's forms."""
    user = request.user
    member_ids, referent_ids, participant_ids, pledgers = _cached_memberships(user, item, read)
    is_staff = is_vendor_staff(user)
    context = {
        "item": item,
        "improvement": item.request,
        "is_staff": is_staff,
        "member_ids": member_ids,
        "referent_ids": referent_ids,
        "pledgers": pledgers,
        "can_see_history": selectors.can_see_estimate_history(
            user, item, member_ids=member_ids, participant_ids=participant_ids
        ),
        "sees_shares": is_staff or bool(participant_ids),
    }
    if is_staff:
        participants = list(item.participants.all())
        try:
            services.suggested_shares(item, participants=participants)
            context["sharing_problem"] = ""
        except DomainError as error:
            context["sharing_problem"] = error.message  # only staff can mend it: they see why
        context["estimate_form"] = forms.get("estimate_form") or EstimateForm()
        context["sharing_form"] = forms.get("sharing_form") or _sharing_form(item, participants)
        context["can_put_on_roadmap"] = item.request.status == Status.FUNDED and not hasattr(
            item.request, "roadmap_item"
        )
    return context


def _pledging_part(request, item, context, forms, read=None) -> str:
    """The pledges the person may see and move, and the pledge form: the same for everyone
    with the same organisations and roles, so cached on them (the CSRF tokens in slots);
    rendered afresh with a refused form and what was typed in it."""
    user = request.user

    def render_part():
        part = {
            "item": item,
            "improvement": item.request,
            "pledges": _pledge_rows(
                user,
                item,
                member_ids=context["member_ids"],
                referent_ids=context["referent_ids"],
                commit_forms=forms.get("commit_forms", {}),
            )
            if context["is_staff"] or context["member_ids"]
            else [],
        }
        pledgers = context["pledgers"]
        if pledgers and item.funded_at is None:
            form = forms.get("pledge_form") or PledgeForm(
                organisations=Organisation.objects.filter(pk__in=[o.pk for o in pledgers])
            )
            # Its choices are the organisations read with the memberships: no query.
            field = form.fields["organisation"]
            field.widget.choices = [field.iterator(field).choice(o) for o in pledgers]
            part["pledge_form"] = form
        return render_to_string("funding/includes/item/personal.html", part)

    if forms.get("commit_forms") or forms.get("pledge_form"):
        return render_part()
    return pagecache.fragment(
        "funding:item-pledges",
        topics=ITEM_TOPICS,
        vary=(
            item.pk,
            get_language(),
            context["is_staff"],
            sorted(context["member_ids"]),
            sorted(context["referent_ids"]),
            [o.pk for o in context["pledgers"]],
        ),
        render=render_part,
        read=read,
    )


def _page(request, item, *, status=200, read=None, **forms):
    """The item's page; `read`: the versions read before the item (`item_detail`), under which
    its fragments and the person's memberships are looked up."""
    body = pagecache.fragment(
        "funding:item",
        topics=ITEM_TOPICS,
        vary=(item.pk, get_language()),
        render=lambda: _item_body(item),
        read=read,
    )
    context = _personal_context(request, item, forms, read)
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )

    def part(name, key):
        if name == "share":
            return None if context["is_staff"] or int(key) in context["member_ids"] else ""
        if name == "shares":
            return None if context["sees_shares"] else ""
        if name == "history":
            return None if context["can_see_history"] else ""
        if name == "personal":
            return _pledging_part(request, item, context, forms, read)
        if name == "csrf":
            return csrf_input
        if name == "staff":
            if not context["is_staff"]:
                return ""
            return render_to_string("funding/includes/item/staff.html", context, request=request)
        return None

    return render(
        request,
        "funding/item_detail.html",
        {"improvement": item.request, "body": pagecache.fill(body, part)},
        status=status,
    )


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
    # The versions first: the item, its fragments and the person's memberships are read after
    # them, cached under them.
    read = pagecache.snapshot(ITEM_TOPICS)
    item = pagecache.value(
        "funding:item-page",
        topics=ITEM_TOPICS,
        vary=(reference.upper(),),
        read=read,
        compute=lambda: costed_item_or_404(reference, with_organisation=False),
    )
    return _page(request, item, read=read)


def rerender(request, item, **forms):
    """The item's page again, with the refused form keeping what the person typed."""
    return _page(request, item, status=400, **forms)
