"""What may be shown of a campaign's result, to whom, and from where (frozen or live)."""

from django.utils.translation import gettext_lazy as _

from cercle.votes import permissions
from cercle.votes.counting import TIE_BREAK_RULE, TIE_BREAK_RULE_HOSTING
from cercle.votes.enums import Phase
from cercle.votes.models import BallotLine, CampaignItem, OrganisationWeight
from cercle.votes.services.ballots import count_campaign
from cercle.votes.tally import ExportLine


def results_published(campaign) -> bool:
    """Closed, and no tie at the cutoff waits for its decision: the result is final."""
    return campaign.phase() is Phase.CLOSED and not campaign.tie_pending


def results_visible(campaign, user=None) -> bool:
    """Anyone sees the published result, or the live count of an open vote that shows it;
    staff also see a closed vote's result while a tie at the cutoff waits for them."""
    if results_published(campaign):
        return True
    phase = campaign.phase()
    if phase is Phase.OPEN and campaign.results_live:
        return True
    return phase is Phase.CLOSED and user is not None and permissions.can_manage(user)


def tie_break_rule(campaign):
    """How ties are broken, in the words of the campaign's subject."""
    return TIE_BREAK_RULE_HOSTING if campaign.is_hosting else TIE_BREAK_RULE


def ballots_published(campaign) -> bool:
    """The ballots export exists only once the result is final: while a vote is open, each
    new line would tie a receipt to the organisation that just voted."""
    return results_published(campaign)


def _row(item, **result) -> dict:
    """A line of the results: the item (a request or a hosting option) and what it got."""
    return {
        "item": item,
        "request": item.request,
        "reference": item.reference,
        "title": item.title,
        "url": item.get_absolute_url(),
        **result,
    }


def _frozen_rows(campaign) -> list[dict]:
    items = campaign.items.select_related("request").order_by("position", "reference")
    return [
        _row(
            item,
            position=item.position,
            score=item.score,
            supporters=item.supporters,
            retained=item.retained,
            tied=item.tied,
        )
        for item in items
    ]


def _live_rows(campaign) -> list[dict]:
    result, support = count_campaign(campaign)
    items = {
        item.reference: item
        for item in CampaignItem.objects.filter(campaign=campaign).select_related("request")
    }
    retained, tied = set(result.retained), set(result.tied)
    return [
        _row(
            items[ranked.request],
            position=ranked.position,
            score=ranked.score,
            supporters=support.get(ranked.request, 0),
            retained=ranked.request in retained,
            tied=ranked.request in tied,
        )
        for ranked in result.ranking
    ]


def result_rows(campaign) -> list[dict]:
    """The ranked items: the frozen result once closed, else a live count."""
    return _frozen_rows(campaign) if campaign.closed_at is not None else _live_rows(campaign)


def outcome_label(row: dict, campaign) -> str:
    """What a row's request got, in words (for exports)."""
    if row["retained"]:
        return str(_("retained"))
    if row["tied"] and campaign.tie_pending:
        return str(_("tie at the cutoff"))
    return str(_("not retained"))


def export_lines(campaign) -> tuple[list[ExportLine], bool]:
    """The ballots export's lines and whether it needs a weight column (2 queries)."""
    weights = dict(
        OrganisationWeight.objects.filter(campaign=campaign).values_list(
            "organisation_id", "weight"
        )
    )
    rows = BallotLine.objects.filter(ballot__campaign=campaign).values_list(
        "ballot__receipt",
        "item__reference",
        "value",
        "ballot__organisation__name",
        "ballot__organisation_id",
    )
    lines = [
        ExportLine(
            receipt=receipt,
            request=reference,
            value=value,
            organisation=name if campaign.is_public else "",
            weight=weights.get(organisation_id, 1),
        )
        for receipt, reference, value, name, organisation_id in rows
    ]
    return lines, bool(weights)
