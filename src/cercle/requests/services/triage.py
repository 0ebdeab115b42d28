"""The vendor's triage: status changes with a public reason, questions, merging duplicates,
and the moves other domains (votes, funding) make by their own rules."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.requests import permissions
from cercle.requests.enums import STAFF_SETTABLE, Status
from cercle.requests.models import COMMENT_MAX_LENGTH, ImprovementRequest, StatusChange
from cercle.requests.services.common import (
    FORBIDDEN,
    check_lengths,
    log_status,
    notify,
    refresh_counts,
    refresh_eligibility,
)
from cercle.requests.services.discussion import add_comment

INVALID_STATUS = _("This status cannot be set by hand.")


@transaction.atomic
def change_status(*, improvement, actor, status: str, reason: str) -> ImprovementRequest:
    """Staff move a request along its lifecycle; the reason is shown in its public history."""
    if not permissions.can_triage(actor):
        raise DomainError("forbidden", FORBIDDEN)
    if status not in STAFF_SETTABLE:
        raise DomainError("invalid_status", INVALID_STATUS)
    if not reason.strip():
        raise DomainError(
            "reason_required",
            _("Give a reason: it is shown in the public history."),
            fields=["reason"],
        )
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if improvement.status in {Status.DRAFT, Status.DUPLICATE}:
        raise DomainError("not_triageable", _("Drafts and merged duplicates cannot change status."))
    log_status(improvement, to_status=status, actor=actor, reason=reason)
    improvement.last_activity_at = timezone.now()
    improvement.save(update_fields=["status", "last_activity_at"])
    record(actor=actor, action="request.status_changed", target=improvement, details={"to": status})
    refresh_eligibility(improvement, actor=None)
    notify(improvement, template="status_changed", context={"reason": reason}, exclude=actor)
    return improvement


# Moves other domains make by their own rules, with no person acting: a vote campaign
# places, takes off or retains requests; costing and pledges make them costed and funded.
SYSTEM_TRANSITIONS = {
    (Status.ELIGIBLE, Status.ON_BALLOT),
    (Status.ON_BALLOT, Status.ELIGIBLE),
    (Status.ON_BALLOT, Status.RETAINED),
    (Status.RETAINED, Status.COSTED),
    (Status.COSTED, Status.FUNDED),
    (Status.FUNDED, Status.COSTED),
}


@transaction.atomic
def advance_status(*, improvement, status: str, reason: str = "") -> ImprovementRequest:
    """Move a request as another domain's rule decides (the history shows no actor).

    Only SYSTEM_TRANSITIONS are allowed. Writes a history row, notifies followers and, when
    the request goes back to "eligible", checks it still has enough endorsements.
    """
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if improvement.status == status:
        return improvement  # already there (the caller held an older copy): nothing to do
    if (improvement.status, status) not in SYSTEM_TRANSITIONS:
        raise DomainError("invalid_status", INVALID_STATUS)
    log_status(improvement, to_status=status, actor=None, reason=reason)
    improvement.last_activity_at = timezone.now()
    improvement.save(update_fields=["status", "last_activity_at"])
    refresh_eligibility(improvement, actor=None)
    notify(improvement, template="status_changed", context={"reason": reason})
    return improvement


@transaction.atomic
def ask_question(*, improvement, actor, question: str):
    """Staff ask the author for more: the request waits in "needs information"."""
    if not permissions.can_triage(actor):
        raise DomainError("forbidden", FORBIDDEN)
    if not question.strip():
        raise DomainError("empty_comment", _("Write something first."), fields=["question"])
    check_lengths({"question": question}, {"question": COMMENT_MAX_LENGTH})
    change_status(improvement=improvement, actor=actor, status=Status.NEEDS_INFO, reason=question)
    improvement.refresh_from_db()
    return add_comment(
        improvement=improvement, author=actor, body=question, is_question=True, field="question"
    )


def _move_participation(duplicate, into) -> None:
    """Endorsements, supports, comments and follows move; one present on both counts once."""
    kept_orgs = set(into.endorsements.values_list("organisation_id", flat=True))
    duplicate.endorsements.filter(organisation_id__in=kept_orgs).delete()
    duplicate.endorsements.update(request=into)
    kept_supporters = set(into.supports.values_list("user_id", flat=True))
    duplicate.supports.filter(user_id__in=kept_supporters).delete()
    duplicate.supports.update(request=into)
    duplicate.comments.update(request=into)
    kept_followers = set(into.follows.values_list("user_id", flat=True))
    duplicate.follows.filter(user_id__in=kept_followers).delete()
    duplicate.follows.update(request=into)


@transaction.atomic
def merge(*, duplicate, into, actor, reason: str = "") -> ImprovementRequest:
    """Merge a duplicate into the kept request; the duplicate's address leads to it."""
    if not permissions.can_triage(actor):
        raise DomainError("forbidden", FORBIDDEN)
    if duplicate.pk == into.pk:
        raise DomainError("merge_into_itself", _("A request cannot be merged into itself."))
    locked = ImprovementRequest.objects.select_for_update().in_bulk([duplicate.pk, into.pk])
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if {duplicate.status, into.status} & {Status.DUPLICATE, Status.DRAFT}:
        raise DomainError(
            "not_mergeable", _("Drafts and already merged requests cannot be merged.")
        )
    _move_participation(duplicate, into)
    log_status(duplicate, to_status=Status.DUPLICATE, actor=actor, reason=reason)
    duplicate.merged_into = into
    duplicate.save(update_fields=["status", "merged_into"])
    StatusChange.objects.create(
        request=into,
        from_status=into.status,
        to_status=into.status,
        reason=reason,
        actor=actor,
        merged_from=duplicate,
    )
    refresh_counts(duplicate)
    refresh_counts(into)
    into.last_activity_at = timezone.now()
    into.save(update_fields=["last_activity_at"])
    record(
        actor=actor,
        action="request.merged",
        target=into,
        details={"duplicate": duplicate.reference},
    )
    refresh_eligibility(into, actor=None)
    return into
