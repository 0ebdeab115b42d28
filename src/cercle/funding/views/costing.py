"""Vendor staff cost a request (confirming a re-cost that changes funding) and share its cost."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.core.permissions import staff_required
from cercle.funding import services
from cercle.funding.forms import EstimateForm, SharingForm, euros_to_cents
from cercle.funding.models import CostedItem
from cercle.funding.views import add_domain_error, costed_item_or_404
from cercle.funding.views.items import rerender, sharing_candidates
from cercle.requests.models import ImprovementRequest


def _confirmation(request, form, improvement):
    """The consequences of a re-cost, and the same figures ready to be confirmed."""
    item = CostedItem.objects.select_related("request").get(request=improvement)
    amount_cents = services.amount_for(
        form.cleaned_data["days"], euros_to_cents(form.cleaned_data["daily_rate"])
    )
    data = request.POST.copy()
    data["confirm"] = "on"
    return {
        "form": EstimateForm(data),
        "consequences": services.recost_consequences(item=item, amount_cents=amount_cents),
        "item": item,
    }


@staff_required
def estimate_new(request, reference):
    improvement = get_object_or_404(ImprovementRequest, reference=reference.upper())
    form = EstimateForm(request.POST or None)
    context = {"form": form, "improvement": improvement}
    if request.method == "POST" and form.is_valid():
        try:
            services.record_estimate(
                improvement=improvement,
                days=form.cleaned_data["days"],
                daily_rate_cents=euros_to_cents(form.cleaned_data["daily_rate"]),
                assumptions=form.cleaned_data["assumptions"],
                actor=request.user,
                confirmed=form.cleaned_data["confirm"],
            )
        except DomainError as error:
            if error.code != "recost_unconfirmed":
                add_domain_error(form, error)
                return render(request, "funding/estimate_form.html", context, status=400)
            context.update(_confirmation(request, form, improvement))
        else:
            messages.success(request, _("The estimate has been recorded."))
            return redirect("funding:item", reference=improvement.reference)
    elif request.method == "POST":
        return render(request, "funding/estimate_form.html", context, status=400)
    return render(request, "funding/estimate_form.html", context)


@staff_required
@require_POST
def item_sharing(request, reference):
    item = costed_item_or_404(reference)
    form = SharingForm(request.POST, organisations=sharing_candidates(item))
    if not form.is_valid():
        return rerender(request, item, sharing_form=form)
    try:
        services.set_sharing(
            item=item,
            rule=form.cleaned_data["rule"],
            participants=form.cleaned_data["participants"],
            tiers=form.cleaned_data["tiers"],
            actor=request.user,
        )
    except DomainError as error:
        add_domain_error(form, error)
        return rerender(request, item, sharing_form=form)
    messages.success(request, _("The sharing rule has been saved."))
    return redirect(item)
