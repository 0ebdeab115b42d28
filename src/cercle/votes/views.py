import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cercle.core.permissions import staff_required
from cercle.organisations.permissions import organisation_ids
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest
from cercle.votes import permissions, services
from cercle.votes.counting import TIE_BREAK_RULE, BallotError
from cercle.votes.enums import Phase, VotingMethod
from cercle.votes.forms import AddRequestForm, BallotForm, CampaignForm, WeightForm
from cercle.votes.models import Ballot, BallotVersion, Campaign, CampaignItem
from cercle.votes.tally import write_ballots_csv

ERRORS = {
    "forbidden": gettext_lazy("Only the vendor's staff can run vote campaigns."),
    "not_referent": gettext_lazy("Only a référent of this organisation can cast its ballot."),
    "not_open": gettext_lazy("This vote is not open: ballots can no longer be cast or changed."),
    "closes_before_opening": gettext_lazy("The vote must close after it opens."),
    "no_seats": gettext_lazy("Say how many requests will be retained."),
    "params_required": gettext_lazy("This method needs this number."),
    "points_per_request_above_total": gettext_lazy("At most the number of points to distribute."),
    "opens_in_the_past": gettext_lazy("The opening time must be in the future."),
    "closes_in_the_past": gettext_lazy("The closing time must be in the future."),
    "locked": gettext_lazy("This can no longer change: the vote has started."),
    "ballot_frozen": gettext_lazy("The ballot can only change before the vote opens."),
    "not_eligible": gettext_lazy("Only eligible requests can be placed on a ballot."),
    "not_on_ballot": gettext_lazy("This request is not on the ballot."),
    "weights_locked": gettext_lazy("Weights can only change before the first ballot is cast."),
    "invalid_weight": gettext_lazy("A weight is a whole number, 1 or more."),
}
CHART_BAR_HEIGHT = 28
CHART_LABEL_WIDTH = 120
CHART_BAR_WIDTH = 480


def _message(error: services.VoteError) -> str:
    return str(ERRORS[error.code])


def _campaign(pk):
    return get_object_or_404(Campaign, pk=pk)


def campaign_list(request):
    campaigns = list(Campaign.objects.annotate(item_count=Count("items")))
    by_phase = {phase: [] for phase in Phase}
    for campaign in campaigns:
        by_phase[campaign.phase()].append(campaign)
    return render(
        request,
        "votes/list.html",
        {
            "open": by_phase[Phase.OPEN],
            "upcoming": sorted(by_phase[Phase.UPCOMING], key=lambda c: c.opens_at),
            "closed": by_phase[Phase.COUNTING] + by_phase[Phase.CLOSED],
            "can_manage": permissions.can_manage(request.user),
        },
    )


def campaign_detail(request, pk):
    campaign = _campaign(pk)
    items = list(campaign.items.select_related("request").order_by("request__reference"))
    voted, allowed = services.participation(campaign)
    user = request.user
    voting = list(permissions.voting_organisations(user).order_by("name"))
    member_ids = organisation_ids(user)
    own_ballots = (
        Ballot.objects.filter(campaign=campaign, organisation_id__in=member_ids)
        .select_related("organisation")
        .order_by("organisation__name")
        if member_ids
        else []
    )
    return render(
        request,
        "votes/detail.html",
        {
            "campaign": campaign,
            "phase": campaign.phase(),
            "items": items,
            "voted": voted,
            "allowed": allowed,
            "voting": voting,
            "own_ballots": own_ballots,
            "results_visible": services.results_visible(campaign),
            "can_manage": permissions.can_manage(user),
        },
    )


@login_required
def ballot(request, pk, organisation):
    campaign = _campaign(pk)
    organisation = get_object_or_404(permissions.electorate(), slug=organisation)
    if not permissions.can_vote(request.user, organisation):
        raise PermissionDenied
    items = list(campaign.items.select_related("request").order_by("request__reference"))
    current = Ballot.objects.filter(campaign=campaign, organisation=organisation).first()
    versions = (
        BallotVersion.objects.filter(ballot=current).select_related("cast_by") if current else []
    )
    initial = BallotForm.initial_from(campaign, versions[0].lines) if current else None
    is_open = campaign.phase() is Phase.OPEN
    form = BallotForm(
        request.POST if request.method == "POST" and is_open else None,
        campaign=campaign,
        items=items,
        initial=initial,
    )
    if request.method == "POST" and is_open and form.is_valid():
        try:
            cast = services.cast_ballot(
                campaign=campaign,
                organisation=organisation,
                person=request.user,
                lines=form.lines(),
            )
        except BallotError as error:
            form.add_ballot_error(error)
        except services.VoteError as error:
            messages.error(request, _message(error))
        else:
            messages.success(
                request,
                _("The ballot of %(organisation)s is recorded. Receipt code: %(receipt)s")
                % {"organisation": organisation.name, "receipt": cast.receipt},
            )
            return redirect("votes:ballot", pk=campaign.pk, organisation=organisation.slug)
    return render(
        request,
        "votes/ballot.html",
        {
            "campaign": campaign,
            "organisation": organisation,
            "form": form,
            "current": current,
            "versions": versions,
            "is_open": is_open,
        },
        status=400 if form.errors else 200,
    )


def _rows(campaign):
    """The ranked requests with their chart geometry; frozen results, or a live count."""
    if campaign.closed_at is not None:
        items = list(campaign.items.select_related("request").order_by("position"))
        rows = [
            {
                "request": item.request,
                "position": item.position,
                "score": item.score,
                "supporters": item.supporters,
                "retained": item.retained,
            }
            for item in items
        ]
    else:
        result, support = services.count_campaign(campaign)
        requests = {
            r.reference: r
            for r in ImprovementRequest.objects.filter(campaign_items__campaign=campaign)
        }
        retained = set(result.retained)
        rows = [
            {
                "request": requests[ranked.request],
                "position": ranked.position,
                "score": ranked.score,
                "supporters": support.get(ranked.request, 0),
                "retained": ranked.request in retained,
            }
            for ranked in result.ranking
        ]
    top = max([row["score"] for row in rows], default=0) or 1
    for index, row in enumerate(rows):
        row["y"] = index * CHART_BAR_HEIGHT
        row["text_y"] = row["y"] + CHART_BAR_HEIGHT * 0.65
        row["width"] = round(CHART_BAR_WIDTH * row["score"] / top, 1)
        row["value_x"] = CHART_LABEL_WIDTH + row["width"] + 6
    return rows


def _results_context(campaign):
    voted, allowed = services.participation(campaign)
    visible = services.results_visible(campaign)
    rows = _rows(campaign) if visible else []
    return {
        "campaign": campaign,
        "phase": campaign.phase(),
        "voted": voted,
        "allowed": allowed,
        "visible": visible,
        "rows": rows,
        "retained_rows": [row for row in rows if row["retained"]],
        "chart_height": len(rows) * CHART_BAR_HEIGHT,
        "chart_width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 60,
        "label_width": CHART_LABEL_WIDTH,
        "tie_break_rule": TIE_BREAK_RULE,
        "is_schulze": campaign.method == VotingMethod.SCHULZE,
    }


def results(request, pk):
    return render(request, "votes/results.html", _results_context(_campaign(pk)))


def projection(request, pk):
    return render(request, "votes/projection.html", _results_context(_campaign(pk)))


def participation(request, pk):
    """HTMX fragment polled by the projection view while the vote is open."""
    campaign = _campaign(pk)
    voted, allowed = services.participation(campaign)
    phase = campaign.phase()
    response = render(
        request,
        "votes/includes/participation.html",
        {"campaign": campaign, "phase": phase, "voted": voted, "allowed": allowed, "polling": True},
    )
    if phase is Phase.CLOSED:
        response["HX-Refresh"] = "true"  # the projection reloads to show the results
    return response


def _visible_campaign(pk):
    campaign = _campaign(pk)
    if not services.results_visible(campaign):
        raise Http404
    return campaign


def ballots_export(request, pk):
    campaign = _visible_campaign(pk)
    lines, weighted = services.export_lines(campaign)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bulletins-vote-{campaign.pk}.csv"'
    write_ballots_csv(response, lines, with_organisation=campaign.is_public, with_weight=weighted)
    return response


def results_export(request, pk, fmt):
    campaign = _visible_campaign(pk)
    data = tablib.Dataset(
        headers=[_("Rank"), _("Request"), _("Title"), _("Score"), _("Organisations"), _("Retained")]
    )
    for row in _rows(campaign):
        data.append(
            [
                row["position"],
                row["request"].reference,
                row["request"].title,
                row["score"],
                row["supporters"],
                _("yes") if row["retained"] else _("no"),
            ]
        )
    name = f"resultats-vote-{campaign.pk}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(data.export("csv"), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            data.export("ods"), content_type="application/vnd.oasis.opendocument.spreadsheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Staff pages


def _campaign_form_page(request, form, campaign=None):
    return render(request, "votes/campaign_form.html", {"form": form, "campaign": campaign})


def _report(form, error: services.VoteError) -> None:
    fields = [name for name in error.fields if name in form.fields]
    for name in fields:
        form.add_error(name, _message(error))
    if not fields:
        form.add_error(None, _message(error))


@staff_required
def campaign_new(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(actor=request.user, data=form.cleaned_data)
        except services.VoteError as error:
            _report(form, error)
        else:
            messages.success(request, _("Campaign created. Now place requests on its ballot."))
            return redirect("votes:requests", pk=campaign.pk)
    return _campaign_form_page(request, form)


@staff_required
def campaign_edit(request, pk):
    campaign = _campaign(pk)
    locked = services.locked_fields(campaign)
    form = CampaignForm(request.POST or None, instance=campaign, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            # Disabled (locked) fields come back as their initial value: leave them out.
            data = {k: v for k, v in form.cleaned_data.items() if k not in locked}
            services.update_campaign(campaign=campaign, actor=request.user, data=data)
        except services.VoteError as error:
            _report(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect(campaign)
    return _campaign_form_page(request, form, campaign)


@staff_required
def campaign_requests(request, pk):
    """The ballot's composition: requests on it, and eligible requests to add."""
    campaign = _campaign(pk)
    if request.method == "POST":
        form = AddRequestForm(request.POST)
        if form.is_valid():
            improvement = get_object_or_404(
                ImprovementRequest, reference=form.cleaned_data["reference"]
            )
            action = services.remove_request if "remove" in request.POST else services.add_request
            try:
                action(campaign=campaign, improvement=improvement, actor=request.user)
            except services.VoteError as error:
                messages.error(request, _message(error))
            else:
                done = (
                    _("%(ref)s taken off the ballot.")
                    if "remove" in request.POST
                    else _("%(ref)s placed on the ballot.")
                )
                messages.success(request, done % {"ref": improvement.reference})
        return redirect("votes:requests", pk=campaign.pk)
    items = CampaignItem.objects.filter(campaign=campaign).select_related("request")
    eligible = ImprovementRequest.objects.filter(status=Status.ELIGIBLE).order_by(
        "-endorsement_count", "reference"
    )
    return render(
        request,
        "votes/requests.html",
        {
            "campaign": campaign,
            "items": items.order_by("request__reference"),
            "page": Paginator(eligible, 50).get_page(request.GET.get("page")),
            "editable": campaign.phase() is Phase.UPCOMING,
            "weights": campaign.weights.select_related("organisation").order_by(
                "organisation__name"
            ),
            "weight_form": WeightForm(),
        },
    )


@staff_required
@require_POST
def campaign_weight(request, pk):
    campaign = _campaign(pk)
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
    except services.VoteError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("Weight saved."))
    return redirect("votes:requests", pk=campaign.pk)
