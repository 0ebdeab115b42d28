from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cercle.core import pagecache
from cercle.core.spreadsheets import MIMETYPES, export
from cercle.votes import permissions, services
from cercle.votes.models import Campaign
from cercle.votes.services.results import outcome_label
from cercle.votes.tally import ballots_export_csv

CHART_BAR_HEIGHT = 28
CHART_LABEL_WIDTH = 120
CHART_BAR_WIDTH = 480


def _chart(rows) -> dict:
    """Add each row's bar geometry; return the chart's size."""
    top = max([row["score"] for row in rows], default=0) or 1
    for index, row in enumerate(rows):
        row["y"] = index * CHART_BAR_HEIGHT
        row["text_y"] = row["y"] + CHART_BAR_HEIGHT * 0.65
        row["width"] = round(CHART_BAR_WIDTH * row["score"] / top, 1)
        row["value_x"] = CHART_LABEL_WIDTH + row["width"] + 6
    return {
        "chart_height": len(rows) * CHART_BAR_HEIGHT,
        "chart_width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 60,
        "label_width": CHART_LABEL_WIDTH,
    }


def _results_context(request, campaign, options_readable=False):
    voted, allowed = services.participation(campaign)
    visible = services.results_visible(campaign, request.user)
    rows = services.result_rows(campaign) if visible else []
    return {
        "campaign": campaign,
        "voted": voted,
        "allowed": allowed,
        "visible": visible,
        "published": services.results_published(campaign),
        "ballots_published": services.ballots_published(campaign),
        "can_manage": permissions.can_manage(request.user),
        "rows": rows,
        "retained_rows": [row for row in rows if row["retained"]],
        "tied_rows": [row for row in rows if row["tied"]],
        "tie_break_rule": services.tie_break_rule(campaign),
        "options_readable": options_readable,
        "closes_at": timezone.localtime(campaign.closes_at),
        **_chart(rows),
    }


# What the results show: ballots, counts and the campaign (votes), the requests and the
# organisations taking part.
RESULTS_TOPICS = ("votes", "requests", "organisations")


def results(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    # Whether the options link to their pages (a hosting candidacy's page is for the voters).
    readable = permissions.can_read_options(request.user, campaign)
    # The phase follows the clock (a vote opens and closes at its time, without any write).
    body = pagecache.fragment(
        "votes:results",
        topics=RESULTS_TOPICS,
        vary=(
            campaign.pk,
            get_language(),
            campaign.phase(),
            permissions.can_manage(request.user),
            readable,
        ),
        render=lambda: render_to_string(
            "votes/includes/results_body.html",
            _results_context(request, campaign, options_readable=readable),
        ),
    )
    return render(request, "votes/results.html", {"campaign": campaign, "body": body})


def projection(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    body = pagecache.fragment(
        "votes:projection",
        topics=RESULTS_TOPICS,
        vary=(campaign.pk, get_language(), campaign.phase()),
        render=lambda: render_to_string(
            "votes/includes/projection_body.html", _results_context(request, campaign)
        ),
    )
    return render(request, "votes/projection.html", {"campaign": campaign, "body": body})


def participation(request, pk):
    """HTMX fragment polled by the projection view while the vote is open."""
    campaign = get_object_or_404(Campaign, pk=pk)
    voted, allowed = services.participation(campaign)
    response = render(
        request,
        "votes/includes/participation.html",
        {"campaign": campaign, "voted": voted, "allowed": allowed, "polling": True},
    )
    if campaign.is_closed:
        response["HX-Refresh"] = "true"  # the projection reloads to show the results
    return response


def ballots_export(request, pk):
    """The ballots of a closed vote with a final result, for anyone to recount."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if not services.ballots_published(campaign):
        raise Http404
    lines, weighted = services.export_lines(campaign)
    content = ballots_export_csv(lines, with_organisation=campaign.is_public, with_weight=weighted)
    response = HttpResponse(content, content_type=MIMETYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="bulletins-vote-{campaign.pk}.csv"'
    return response


def results_export(request, pk, fmt):
    campaign = get_object_or_404(Campaign, pk=pk)
    if not services.results_visible(campaign, request.user):
        raise Http404
    headers = [
        _("Rank"),
        _("Reference") if campaign.is_hosting else _("Request"),
        _("Candidacy") if campaign.is_hosting else _("Title"),
        _("Score"),
        _("Organisations"),
        _("Outcome"),
    ]
    rows = [
        [
            row["position"],
            row["reference"],
            row["title"],
            row["score"],
            row["supporters"],
            outcome_label(row, campaign),
        ]
        for row in services.result_rows(campaign)
    ]
    content = export(fmt, headers, rows, title=_("Results"))
    response = HttpResponse(content, content_type=MIMETYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="resultats-vote-{campaign.pk}.{fmt}"'
    return response
