"""Pages of the vote campaigns, split by audience: the public and voting pages, the
results and their exports, and the staff pages."""

from cercle.votes.views.public import ballot, campaign_detail, campaign_list
from cercle.votes.views.results import (
    ballots_export,
    participation,
    projection,
    results,
    results_export,
)
from cercle.votes.views.staff import (
    campaign_close,
    campaign_edit,
    campaign_new,
    campaign_requests,
    campaign_tie,
    campaign_weight,
)

__all__ = [
    "ballot",
    "ballots_export",
    "campaign_close",
    "campaign_detail",
    "campaign_edit",
    "campaign_list",
    "campaign_new",
    "campaign_requests",
    "campaign_tie",
    "campaign_weight",
    "participation",
    "projection",
    "results",
    "results_export",
]
