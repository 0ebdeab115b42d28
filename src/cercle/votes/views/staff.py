from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.core.permissions import staff_required
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest
from cercle.votes import services
from cercle.votes.forms import AddRequestForm, CampaignForm, CloseNowForm, TieForm, WeightForm
from cercle.votes.models import Campaign, CampaignItem


def _campaign_form_page(request, form, campaign=None):
    return render(request, "votes/campaign_form.html", {"form": form, "campaign": campaign})


def _report(form, error: DomainError) -> None:
    fields = [name for name in error.fields if name in form.fields]
    for name in fields:
        form.add_error(name, error.message)
    if not fields:
        form.add_error(None, error.message)


@staff_required
def campaign_new(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            _report(form, error)
        else:
            messages.success(request, _("Campaign created. Now place requests on its ballot."))
            return redirect("votes:requests", pk=campaign.pk)
    return _campaign_form_page(request, form)


@staff_required
def campaign_edit(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    locked = services.locked_fields(campaign)
    form = CampaignForm(request.POST or None, instance=campaign, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            # Disabled (locked) fields come back as their initial value: leave them out.
            data = {k: v for k, v in form.cleaned_data.items() if k not in locked}
            services.update_campaign(campaign=campaign, actor=request.user, data=data)
        except DomainError as error:
            _report(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect(campaign)
    return _campaign_form_page(request, form, campaign)


def _change_ballot(request, campaign):
    form = AddRequestForm(request.POST)
    if not form.is_valid():
        return
    improvement = get_object_or_404(ImprovementRequest, reference=form.cleaned_data["reference"])
    removing = "remove" in request.POST
    action = services.remove_request if removing else services.add_request
    try:
        action(campaign=campaign, improvement=improvement, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = (
            _("%(ref)s taken off the ballot.") if removing else _("%(ref)s placed on the ballot.")
        )
        messages.success(request, done % {"ref": improvement.reference})


@staff_required
def campaign_requests(request, pk):
    """The ballot's composition: requests on it, and eligible requests to add."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.method == "POST":
        _change_ballot(request, campaign)
        return redirect("votes:requests", pk=campaign.pk)
    items = CampaignItem.objects.filter(campaign=campaign).select_related("request")
    # A hosting vote's options come from its call: no request is offered for its ballot.
    eligible = ImprovementRequest.objects.none()
    if not campaign.is_hosting:
        eligible = ImprovementRequest.objects.filter(status=Status.ELIGIBLE).order_by(
            "-endorsement_count", "reference"
        )
    weights_editable = services.weights_editable(campaign)
    return render(
        request,
        "votes/requests.html",
        {
            "campaign": campaign,
            "items": items.order_by("reference"),
            "page": Paginator(eligible, 50).get_page(request.GET.get("page")),
            "editable": campaign.is_upcoming and not campaign.is_hosting,
            "weights": campaign.weights.select_related("organisation").order_by(
                "organisation__name"
            ),
            "weights_editable": weights_editable,
            "weight_form": WeightForm() if weights_editable else None,
        },
    )


@staff_required
@require_POST
def campaign_weight(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = WeightForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an organisation and a weight of 1 or more."))
        return redirect("votes:requests", pk=campaign.pk)
    try:
        services.set_weight(
            campaign=campaign,
            organisation=form.cleaned_data["organisation"],
            weight=form.cleaned_data["weight"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Weight saved."))
    return redirect("votes:requests", pk=campaign.pk)


@staff_required
def campaign_close(request, pk):
    """Close the vote now (the plenary session ends), after a confirmation."""
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CloseNowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_now(campaign=campaign, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(campaign)
        messages.success(request, _("The vote is closed and counted."))
        return redirect("votes:results", pk=campaign.pk)
    return render(
        request,
        "votes/close.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


@staff_required
def campaign_tie(request, pk):
    """Record the decision on a tie at the cutoff, by the rule announced with the campaign."""
    campaign = get_object_or_404(Campaign, pk=pk)
    tied = list(campaign.items.filter(tied=True).select_related("request"))
    form = TieForm(request.POST if request.method == "POST" else None, campaign=campaign, tied=tied)
    if request.method == "POST" and form.is_valid():
        try:
            services.settle_tie(campaign=campaign, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The tie is settled; the results are published."))
            return redirect("votes:results", pk=campaign.pk)
    return render(
        request,
        "votes/tie.html",
        {"campaign": campaign, "form": form, "tied": tied},
        status=400 if form.errors else 200,
    )
