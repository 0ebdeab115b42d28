"""Rules of improvement requests: filing, endorsing, eligibility, triage and merging.

Every function checks who may do it (views check too, to answer 403 early) and says what it
writes: history rows, audit entries, follows and notifications through the outbox.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cercle.audit.services import record
from cercle.core.text import normalise
from cercle.core.uploads import DOCUMENTS, validate_upload
from cercle.organisations.models import Membership
from cercle.outbox.services import queue_mail
from cercle.requests import permissions
from cercle.requests.enums import STAFF_SETTABLE, Status
from cercle.requests.models import (
    Attachment,
    Comment,
    Endorsement,
    Follow,
    ImprovementRequest,
    StatusChange,
    Support,
)

REQUIRED_TO_SUBMIT = [
    "title",
    "problem",
    "affected",
    "frequency",
    "current_cost",
    "expected_benefit",
]
EDITABLE_FIELDS = REQUIRED_TO_SUBMIT


class RequestError(Exception):
    """A refused action on a request; `code` says which rule, `fields` any missing fields."""

    def __init__(self, code: str, *, fields=()):
        super().__init__(code)
        self.code = code
        self.fields = list(fields)


def _index(improvement: ImprovementRequest) -> None:
    improvement.search_title = normalise(improvement.title)[:255]
    improvement.search_text = normalise(
        " ".join(
            [
                improvement.title,
                improvement.problem,
                improvement.affected,
                improvement.frequency,
                improvement.current_cost,
                improvement.expected_benefit,
            ]
        )
    )


def _touch(improvement: ImprovementRequest) -> None:
    ImprovementRequest.objects.filter(pk=improvement.pk).update(last_activity_at=timezone.now())


def _follow(improvement, users) -> None:
    # ignore_conflicts keeps an existing row as it is, so an unfollow is never undone.
    Follow.objects.bulk_create(
        [Follow(request=improvement, user=user) for user in users], ignore_conflicts=True
    )


def _notify(improvement, *, template: str, context: dict, exclude=None) -> None:
    """Queue one email per active follower (in their language), except the person acting."""
    follows = Follow.objects.filter(request=improvement, active=True).select_related("user")
    for follow in follows:
        user = follow.user
        if exclude is not None and user.pk == exclude.pk:
            continue
        with translation.override(user.language):
            full = {
                **context,
                "improvement": improvement,
                "url": settings.SITE_URL + improvement.get_absolute_url(),
            }
            queue_mail(
                to=user.email,
                subject=render_to_string(f"requests/email/{template}_subject.txt", full).strip(),
                body_text=render_to_string(f"requests/email/{template}.txt", full),
            )


def _log_status(improvement, *, to_status, actor, reason="") -> None:
    StatusChange.objects.create(
        request=improvement,
        from_status=improvement.status,
        to_status=to_status,
        reason=reason,
        actor=actor,
    )
    improvement.status = to_status


def create_draft(*, author, organisation, data: dict, modules=()) -> ImprovementRequest:
    """Start a request for one of the author's organisations; it gets its reference now."""
    if not permissions.filing_organisations(author).filter(pk=organisation.pk).exists():
        raise RequestError("not_member")
    year = timezone.localdate().year
    for _attempt in range(5):
        try:
            with transaction.atomic():
                number = (
                    ImprovementRequest.objects.filter(year=year).aggregate(n=Max("number"))["n"]
                    or 0
                ) + 1
                improvement = ImprovementRequest(
                    year=year,
                    number=number,
                    reference=f"D-{year}-{number:04d}",
                    organisation=organisation,
                    author=author,
                    **{field: data.get(field, "") for field in EDITABLE_FIELDS},
                )
                _index(improvement)
                improvement.save()
                improvement.modules.set(modules)
                return improvement
        except IntegrityError:
            continue  # another request took this number at the same moment: take the next
    raise RequestError("reference_unavailable")


def update_request(*, improvement, actor, data: dict, modules=None) -> ImprovementRequest:
    if not permissions.can_edit(actor, improvement):
        raise RequestError("forbidden")
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(improvement, field, data[field])
    _index(improvement)
    improvement.last_activity_at = timezone.now()
    improvement.save()
    if modules is not None:
        improvement.modules.set(modules)
    return improvement


def filing_use_case(improvement) -> str:
    return "\n\n".join(
        part
        for part in (improvement.affected, improvement.frequency, improvement.current_cost)
        if part
    )


@transaction.atomic
def submit(*, improvement, actor) -> ImprovementRequest:
    """Send a draft to the club. The filing organisation becomes its first endorser."""
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if not permissions.can_edit(actor, improvement):
        raise RequestError("forbidden")
    if improvement.status != Status.DRAFT:
        raise RequestError("not_draft")
    missing = [field for field in REQUIRED_TO_SUBMIT if not getattr(improvement, field).strip()]
    if missing:
        raise RequestError("incomplete", fields=missing)
    _log_status(improvement, to_status=Status.SUBMITTED, actor=actor)
    improvement.submitted_at = improvement.last_activity_at = timezone.now()
    improvement.save()
    Endorsement.objects.get_or_create(
        request=improvement,
        organisation=improvement.organisation,
        defaults={"endorsed_by": actor, "use_case": filing_use_case(improvement)},
    )
    members = [m.user for m in Membership.objects.filter(organisation=improvement.organisation)]
    _follow(improvement, [actor, *members])
    _refresh_counts(improvement)
    _refresh_eligibility(improvement, actor=None)
    return improvement


def _refresh_counts(improvement) -> None:
    improvement.endorsement_count = improvement.endorsements.count()
    improvement.support_count = improvement.supports.count()
    improvement.comment_count = improvement.comments.count()
    ImprovementRequest.objects.filter(pk=improvement.pk).update(
        endorsement_count=improvement.endorsement_count,
        support_count=improvement.support_count,
        comment_count=improvement.comment_count,
    )


def _refresh_eligibility(improvement, *, actor) -> None:
    """Eligible at K endorsing organisations; back to submitted below K, unless on a ballot."""
    required = settings.ENDORSEMENTS_REQUIRED
    count = improvement.endorsement_count
    if improvement.status == Status.SUBMITTED and count >= required:
        _log_status(improvement, to_status=Status.ELIGIBLE, actor=actor)
        improvement.eligible_at = timezone.now()
        improvement.save(update_fields=["status", "eligible_at"])
        _notify(improvement, template="status_changed", context={"reason": ""})
    elif improvement.status == Status.ELIGIBLE and count < required:
        _log_status(improvement, to_status=Status.SUBMITTED, actor=actor)
        improvement.eligible_at = None
        improvement.save(update_fields=["status", "eligible_at"])
        _notify(improvement, template="status_changed", context={"reason": ""})


@transaction.atomic
def endorse(*, improvement, organisation, person, use_case: str) -> Endorsement:
    """Endorse on behalf of an organisation (its référent only), at most once."""
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if not permissions.can_endorse(person, improvement, organisation):
        raise RequestError("forbidden")
    if not use_case.strip():
        raise RequestError("use_case_required", fields=["use_case"])
    if Endorsement.objects.filter(request=improvement, organisation=organisation).exists():
        raise RequestError("already_endorsed")
    endorsement = Endorsement.objects.create(
        request=improvement, organisation=organisation, endorsed_by=person, use_case=use_case
    )
    _follow(improvement, [person])
    _refresh_counts(improvement)
    _touch(improvement)
    record(
        actor=person,
        action="request.endorsed",
        target=improvement,
        details={"organisation": organisation.slug},
    )
    _refresh_eligibility(improvement, actor=None)
    return endorsement


@transaction.atomic
def withdraw_endorsement(*, improvement, organisation, person) -> None:
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if not permissions.can_withdraw(person, improvement, organisation):
        raise RequestError("forbidden")
    deleted, _ = Endorsement.objects.filter(request=improvement, organisation=organisation).delete()
    if not deleted:
        raise RequestError("not_endorsed")
    _refresh_counts(improvement)
    record(
        actor=person,
        action="request.endorsement_withdrawn",
        target=improvement,
        details={"organisation": organisation.slug},
    )
    _refresh_eligibility(improvement, actor=None)


def toggle_support(*, improvement, person) -> bool:
    """Add or remove a person's +1. Returns whether they now support it."""
    if not permissions.can_take_part(person, improvement):
        raise RequestError("forbidden")
    with transaction.atomic():
        deleted, _ = Support.objects.filter(request=improvement, user=person).delete()
        if not deleted:
            Support.objects.get_or_create(request=improvement, user=person)
        _refresh_counts(improvement)
    return not deleted


def add_comment(*, improvement, author, body: str, is_question=False) -> Comment:
    if not permissions.can_take_part(author, improvement):
        raise RequestError("forbidden")
    if not body.strip():
        raise RequestError("empty_comment", fields=["body"])
    with transaction.atomic():
        comment = Comment.objects.create(
            request=improvement, author=author, body=body, is_question=is_question
        )
        _follow(improvement, [author])
        _refresh_counts(improvement)
        _touch(improvement)
    _notify(improvement, template="new_comment", context={"comment": comment}, exclude=author)
    return comment


def set_following(*, improvement, person, active: bool) -> None:
    Follow.objects.update_or_create(request=improvement, user=person, defaults={"active": active})


@transaction.atomic
def change_status(*, improvement, actor, status: str, reason: str) -> ImprovementRequest:
    """Staff move a request along its lifecycle; the reason is shown in its public history."""
    if not permissions.can_triage(actor):
        raise RequestError("forbidden")
    if status not in STAFF_SETTABLE:
        raise RequestError("invalid_status")
    if not reason.strip():
        raise RequestError("reason_required", fields=["reason"])
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if improvement.status in {Status.DRAFT, Status.DUPLICATE}:
        raise RequestError("not_triageable")
    _log_status(improvement, to_status=status, actor=actor, reason=reason)
    improvement.last_activity_at = timezone.now()
    improvement.save(update_fields=["status", "last_activity_at"])
    record(actor=actor, action="request.status_changed", target=improvement, details={"to": status})
    _refresh_eligibility(improvement, actor=None)
    _notify(improvement, template="status_changed", context={"reason": reason}, exclude=actor)
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
        raise RequestError("invalid_status")
    _log_status(improvement, to_status=status, actor=None, reason=reason)
    improvement.last_activity_at = timezone.now()
    improvement.save(update_fields=["status", "last_activity_at"])
    _refresh_eligibility(improvement, actor=None)
    _notify(improvement, template="status_changed", context={"reason": reason})
    return improvement


def ask_question(*, improvement, actor, question: str) -> Comment:
    """Staff ask the author for more: the request waits in "needs information"."""
    if not permissions.can_triage(actor):
        raise RequestError("forbidden")
    if not question.strip():
        raise RequestError("empty_comment", fields=["question"])
    change_status(improvement=improvement, actor=actor, status=Status.NEEDS_INFO, reason=question)
    improvement.refresh_from_db()
    return add_comment(improvement=improvement, author=actor, body=question, is_question=True)


@transaction.atomic
def merge(*, duplicate, into, actor, reason: str = "") -> ImprovementRequest:
    """Merge a duplicate into the kept request: endorsements, supports, comments and follows
    move over; an organisation (or person) present on both counts once."""
    if not permissions.can_triage(actor):
        raise RequestError("forbidden")
    if duplicate.pk == into.pk:
        raise RequestError("merge_into_itself")
    locked = {
        r.pk: r
        for r in ImprovementRequest.objects.select_for_update().filter(
            pk__in=[duplicate.pk, into.pk]
        )
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if Status.DUPLICATE in {duplicate.status, into.status} or Status.DRAFT in {
        duplicate.status,
        into.status,
    }:
        raise RequestError("not_mergeable")
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
    _log_status(duplicate, to_status=Status.DUPLICATE, actor=actor, reason=reason)
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
    _refresh_counts(duplicate)
    _refresh_counts(into)
    into.last_activity_at = timezone.now()
    into.save(update_fields=["last_activity_at"])
    record(
        actor=actor,
        action="request.merged",
        target=into,
        details={"duplicate": duplicate.reference},
    )
    _refresh_eligibility(into, actor=None)
    return into


def attach_file(*, improvement, uploaded, person) -> Attachment:
    """Attach a document after checking its real type and size."""
    if not permissions.can_edit(person, improvement):
        raise RequestError("forbidden")
    kind = validate_upload(uploaded, allowed=DOCUMENTS, max_size=settings.ATTACHMENT_MAX_SIZE)
    return Attachment.objects.create(
        request=improvement,
        file=uploaded,
        original_name=uploaded.name[:255],
        mimetype=kind.mimetype,
        size=uploaded.size,
        uploaded_by=person,
    )
