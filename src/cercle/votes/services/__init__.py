"""Rules of vote campaigns, split by feature: setting one up (``campaigns``), casting
ballots (``ballots``), closing and settling a tie at the cutoff (``closing``), and what may be
shown or exported (``results``). Every refusal is a ``cercle.core.errors.DomainError``.
"""

from cercle.votes.services.ballots import (
    candidates,
    cast_ballot,
    cast_ballots,
    count_campaign,
    new_receipt,
    participation,
    supporters,
)
from cercle.votes.services.campaigns import (
    CAMPAIGN_FIELDS,
    add_request,
    create_campaign,
    locked_fields,
    remove_request,
    set_weight,
    update_campaign,
    weights_editable,
)
from cercle.votes.services.closing import (
    close_due_campaigns,
    close_now,
    draw_tie,
    settle_tie,
)
from cercle.votes.services.results import (
    ballots_published,
    export_lines,
    result_rows,
    results_published,
    results_visible,
    tie_break_rule,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "add_request",
    "ballots_published",
    "candidates",
    "cast_ballot",
    "cast_ballots",
    "close_due_campaigns",
    "close_now",
    "count_campaign",
    "create_campaign",
    "draw_tie",
    "export_lines",
    "locked_fields",
    "new_receipt",
    "participation",
    "remove_request",
    "result_rows",
    "results_published",
    "results_visible",
    "set_weight",
    "settle_tie",
    "supporters",
    "tie_break_rule",
    "update_campaign",
    "weights_editable",
]
