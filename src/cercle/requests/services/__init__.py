"""Rules of improvement requests, split by feature; this package is the one door to them.

Every function checks who may do it (views check too, to answer 403 early), raises
``cercle.core.errors.DomainError`` when a rule refuses, and says what it writes: history rows,
audit entries, follows and notifications through the outbox.
"""

from cercle.requests.services.discussion import add_comment, set_following, toggle_support
from cercle.requests.services.endorsements import endorse, withdraw_endorsement
from cercle.requests.services.filing import (
    attach_file,
    create_draft,
    filing_use_case,
    submit,
    update_request,
)
from cercle.requests.services.triage import (
    SYSTEM_TRANSITIONS,
    advance_status,
    ask_question,
    change_status,
    merge,
)

__all__ = [
    "SYSTEM_TRANSITIONS",
    "add_comment",
    "advance_status",
    "ask_question",
    "attach_file",
    "change_status",
    "create_draft",
    "endorse",
    "filing_use_case",
    "merge",
    "set_following",
    "submit",
    "toggle_support",
    "update_request",
    "withdraw_endorsement",
]
