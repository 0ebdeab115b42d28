from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cercle.core.permissions import is_vendor_staff, staff_required
from cercle.core.spreadsheets import MIMETYPES, export
from cercle.funding import selectors, services, sharing
from cercle.funding.enums import TRANSITIONS, Label, PledgeStatus, SharingRule
from cercle.funding.forms import (
    CommitForm,
    EstimateForm,
    MilestoneForm,
    PledgeForm,
    RoadmapFilterForm,
    RoadmapItemForm,
    SharingForm,
    euros_to_cents,
)
from cercle.funding.models import CostedItem, Pledge, RoadmapItem
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation
from cercle.organisations.permissions import organisation_ids
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest

ERRORS = {
    "forbidden": gettext_lazy("You are not allowed to do this."),
    "not_retained": gettext_lazy("Only requests retained by a vote can be costed."),
    "invalid_estimate": gettext_lazy("Days and daily rate must be positive."),
    "invalid_amount": gettext_lazy("The amount must be positive."),
    "already_committed": gettext_lazy(
        "Your organisation's pledge is already committed; withdraw it to pledge anew."
    ),
    "illegal_transition": gettext_lazy("A pledge cannot go from “%(current)s” to “%(wanted)s”."),
    "purchase_order_required": gettext_lazy(
        "A commitment needs the purchase order number and date."
    ),
}


def _error(error: services.FundingError) -> str:
    if error.code == "sharing":
        return error.params["message"]
    return str(ERRORS[error.code]) % error.params


def _item(reference):
    return get_object_or_404(
        CostedItem.objects.select_related("request", "request__organisation"),
        request__reference=reference.upper(),
    )


def item_list(request):
    page = Paginator(selectors.costed_items(), 50).get_page(request.GET.get("page"))
    referent_ids = organisation_ids(request.user, role=Role.REFERENT)
    costable = []
    if is_vendor_staff(request.user):
        costable = ImprovementRequest.objects.filter(
            status=Status.RETAINED, costed_item__isnull=True
        ).select_related("organisation")
    return render(
        request,
        "funding/item_list.html",
        {"page": page, "costable": costable, "is_referent": bool(referent_ids)},
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
        }
        for pk in visible
    ]
    return sorted(rows, key=lambda row: row["organisation"].name)


def _allowed_moves(user, pledge, referent_ids):
    roles = set()
    if is_vendor_staff(user):
        roles.add("staff")
    if pledge.organisation_id in referent_ids:
        roles.add("member")
    return [
        {"value": target, "label": PledgeStatus(target).label}
        for (source, target), allowed in TRANSITIONS.items()
        if source == pledge.status and roles & allowed
    ]


def _item_context(request, item, **forms):
    user = request.user
    roles = (
        dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        if user.is_authenticated
        else {}
    )
    member_ids = set(roles)
    referent_ids = {pk for pk, role in roles.items() if role == Role.REFERENT}
    participants = list(item.participants.all())
    estimates = list(item.estimates.select_related("created_by"))
    try:
        shares = services.suggested_shares(item, participants=participants)
    except sharing.SharingError as error:
        shares = {}
        messages.warning(request, sharing.sharing_error_message(error))
    pledges = [
        {
            "pledge": p,
            "amount": sharing.format_cents(p.amount_cents),
            "moves": _allowed_moves(user, p, referent_ids),
        }
        for p in selectors.visible_pledges(user, item, member_ids=member_ids)
    ]
    context = {
        "item": item,
        "improvement": item.request,
        "estimate": estimates[0] if estimates else None,
        "history": estimates
        if selectors.can_see_estimate_history(
            user,
            item,
            member_ids=member_ids,
            participant_ids={o.pk for o in participants},
        )
        else [],
        "cost": sharing.format_cents(item.cost_cents),
        "committed": sharing.format_cents(item.committed_cents),
        "cofunders": selectors.public_cofunders(item),
        "show_names": settings.FUNDING_SHOW_PLEDGER_NAMES,
        "share_rows": _share_rows(user, shares, member_ids=member_ids, participants=participants),
        "pledges": pledges,
        "is_staff": is_vendor_staff(user),
        "rule_label": SharingRule(item.rule).label,
    }
    pledgers = Organisation.objects.filter(pk__in=referent_ids, is_active=True).order_by("name")
    if pledgers:
        context["pledge_form"] = forms.get("pledge_form") or PledgeForm(organisations=pledgers)
        context["commit_form"] = forms.get("commit_form") or CommitForm()
    if context["is_staff"]:
        context["estimate_form"] = forms.get("estimate_form") or EstimateForm()
        context["sharing_form"] = forms.get("sharing_form") or SharingForm(
            organisations=_sharing_candidates(item),
            initial={
                "rule": item.rule,
                "participants": [o.pk for o in participants],
                "tiers": "\n".join(
                    f"{up_to} {weight}" if up_to is not None else str(weight)
                    for up_to, weight in (item.tiers or [])
                ),
            },
        )
    return context


def _sharing_candidates(item):
    """Organisations staff can tick: endorsers, current participants and pledgers."""
    return Organisation.objects.filter(
        pk__in=set(item.request.endorsements.values_list("organisation", flat=True))
        | set(item.participants.values_list("pk", flat=True))
        | set(item.pledges.values_list("organisation", flat=True))
    ).order_by("name")


def item_detail(request, reference):
    item = _item(reference)
    return render(request, "funding/item_detail.html", _item_context(request, item))


def _rerender(request, item, **forms):
    return render(
        request, "funding/item_detail.html", _item_context(request, item, **forms), status=400
    )


@staff_required
def estimate_new(request, reference):
    improvement = get_object_or_404(ImprovementRequest, reference=reference.upper())
    form = EstimateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_estimate(
                improvement=improvement,
                days=form.cleaned_data["days"],
                daily_rate_cents=euros_to_cents(form.cleaned_data["daily_rate"]),
                assumptions=form.cleaned_data["assumptions"],
                actor=request.user,
            )
        except services.FundingError as error:
            form.add_error(None, _error(error))
        else:
            messages.success(request, _("The estimate has been recorded."))
            return redirect("funding:item", reference=improvement.reference)
    return render(request, "funding/estimate_form.html", {"form": form, "improvement": improvement})


@staff_required
@require_POST
def item_sharing(request, reference):
    item = _item(reference)
    form = SharingForm(request.POST, organisations=_sharing_candidates(item))
    if not form.is_valid():
        return _rerender(request, item, sharing_form=form)
    try:
        services.set_sharing(
            item=item,
            rule=form.cleaned_data["rule"],
            participants=form.cleaned_data["participants"],
            tiers=form.cleaned_data["tiers"],
            actor=request.user,
        )
    except services.FundingError as error:
        form.add_error(None, _error(error))
        return _rerender(request, item, sharing_form=form)
    messages.success(request, _("The sharing rule has been saved."))
    return redirect(item)


@login_required
@require_POST
def item_pledge(request, reference):
    item = _item(reference)
    referent_ids = organisation_ids(request.user, role=Role.REFERENT)
    organisations = Organisation.objects.filter(pk__in=referent_ids, is_active=True)
    if not organisations:
        raise PermissionDenied
    form = PledgeForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _rerender(request, item, pledge_form=form)
    try:
        services.pledge(
            item=item,
            organisation=form.cleaned_data["organisation"],
            person=request.user,
            amount_cents=euros_to_cents(form.cleaned_data["amount"]),
        )
    except services.FundingError as error:
        form.add_error(None, _error(error))
        return _rerender(request, item, pledge_form=form)
    messages.success(request, _("Your organisation's pledge has been recorded."))
    return redirect(item)


@login_required
@require_POST
def pledge_transition(request, reference, pk):
    item = _item(reference)
    pledge = get_object_or_404(Pledge, pk=pk, item=item)
    if pledge not in selectors.visible_pledges(request.user, item):
        raise Http404
    target = request.POST.get("status", "")
    if target not in PledgeStatus.values:
        raise Http404
    commit_form = CommitForm(request.POST) if target == PledgeStatus.COMMITTED else None
    if commit_form is not None and not commit_form.is_valid():
        return _rerender(request, item, commit_form=commit_form)
    try:
        services.transition_pledge(
            pledge=pledge,
            to_status=target,
            actor=request.user,
            po_number=commit_form.cleaned_data["purchase_order_number"] if commit_form else "",
            po_date=commit_form.cleaned_data["purchase_order_date"] if commit_form else None,
        )
    except services.FundingError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, _error(error))
    else:
        messages.success(
            request, _("The pledge is now: %(status)s.") % {"status": PledgeStatus(target).label}
        )
    return redirect(item)


@staff_required
def funding_export(request, fmt):
    if fmt not in MIMETYPES:
        raise Http404
    headers = [
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
    rows = services.funding_table()
    content = export(fmt, headers, rows, title=_("Funding table"))
    response = HttpResponse(content, content_type=MIMETYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="financement-{stamp}.{fmt}"'
    return response


def roadmap(request):
    form = RoadmapFilterForm(request.GET or None)
    module, label = None, ""
    if form.is_valid():
        module, label = form.cleaned_data["module"], form.cleaned_data["label"]
    items = selectors.roadmap(module=module, label=label)
    quarters = {}
    for entry in items:
        quarters.setdefault((entry.year, entry.quarter), []).append(entry)
    template = (
        "funding/roadmap_print.html" if request.GET.get("imprimer") else "funding/roadmap.html"
    )
    query = request.GET.copy()
    query.pop("imprimer", None)
    return render(
        request,
        template,
        {
            "form": form,
            "quarters": [
                {"year": year, "quarter": quarter, "items": entries}
                for (year, quarter), entries in quarters.items()
            ],
            "summary": selectors.roadmap_summary(items),
            "labels": Label,
            "query": query.urlencode(),
            "is_staff": is_vendor_staff(request.user),
        },
    )


@staff_required
def roadmap_edit(request, pk=None):
    entry = get_object_or_404(RoadmapItem, pk=pk) if pk else None
    initial = {}
    improvement = None
    reference = request.GET.get("demande")
    if entry is None and reference:
        improvement = get_object_or_404(ImprovementRequest, reference=reference.upper())
        estimate = getattr(getattr(improvement, "costed_item", None), "estimates", None)
        latest = estimate.first() if estimate is not None else None
        initial = {
            "title": improvement.title,
            "label": Label.MUTUALISED,
            "year": timezone.localdate().year,
            "quarter": (timezone.localdate().month - 1) // 3 + 1,
            "days": latest.days if latest else 0,
            "modules": list(improvement.modules.values_list("pk", flat=True)),
        }
    form = RoadmapItemForm(request.POST or None, instance=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if improvement is not None:
            saved.request = improvement
        saved.save()
        form.save_m2m()
        messages.success(request, _("The roadmap has been updated."))
        return redirect("funding:roadmap")
    return render(
        request,
        "funding/roadmap_form.html",
        {"form": form, "entry": entry, "improvement": improvement},
    )


def calendar(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "funding/calendar.html",
        {
            "year": year,
            "events": selectors.calendar_events(year, today=today),
            "previous": year - 1,
            "next": year + 1,
            "milestone_form": MilestoneForm() if is_vendor_staff(request.user) else None,
        },
    )


@staff_required
@require_POST
def milestone_new(request):
    form = MilestoneForm(request.POST)
    if form.is_valid():
        milestone = form.save()
        messages.success(request, _("The milestone has been added."))
        return redirect(f"{reverse('funding:calendar')}?annee={milestone.starts_on.year}")
    today = timezone.localdate()
    return render(
        request,
        "funding/calendar.html",
        {
            "year": today.year,
            "events": selectors.calendar_events(today.year, today=today),
            "previous": today.year - 1,
            "next": today.year + 1,
            "milestone_form": form,
        },
        status=400,
    )
