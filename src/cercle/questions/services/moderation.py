"""Moderators take questions by the proposed order (or override it), answer, hide, merge.

Every change of the queue first locks the session's `Moderation` row: several moderators act
one after the other, each on the queue the previous one left.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.onsite import clock
from cercle.questions import selectors
from cercle.questions.enums import Policy, Status
from cercle.questions.models import MAX_REASON, Moderation, Question, Support, Turn
from cercle.questions.permissions import require_moderator


def lock(session) -> Moderation:
    Moderation.objects.get_or_create(session=session)
    return Moderation.objects.select_for_update().get(session=session)


def _waiting(session, pk) -> Question:
    question = Question.objects.select_for_update().filter(session=session, pk=pk).first()
    if question is None or question.status != Status.WAITING:
        raise DomainError("not_waiting", _("This question is no longer waiting."))
    return question


def _finish_current(session) -> None:
    Question.objects.filter(session=session, status=Status.ANSWERING).update(
        status=Status.ANSWERED, answered_at=clock.now()
    )


@transaction.atomic
def take(*, session, actor, seen_current=None, question_pk=None) -> Question:
    """Give the floor to the proposed question, or to `question_pk` (the override is recorded).

    `seen_current` is the question the moderator saw being answered: if another moderator has
    moved the queue since, nothing happens and they are told, so no question is skipped.
    The question being answered until now counts as answered.
    """
    require_moderator(actor, session)
    moderation = lock(session)
    current = selectors.answering_now(session)
    if (current.pk if current else None) != seen_current:
        raise DomainError(
            "queue_moved", _("Another moderator has just moved the queue: check it again.")
        )
    proposed = selectors.proposal(session, moderation.policy)
    wanted = question_pk if question_pk is not None else proposed
    if wanted is None:
        raise DomainError("empty_queue", _("No question is waiting."))
    question = _waiting(session, wanted)
    _finish_current(session)
    question.status = Status.ANSWERING
    question.save(update_fields=["status"])
    position = Turn.objects.filter(session=session).count() + 1
    turn = Turn.objects.create(
        session=session,
        question=question,
        position=position,
        taken_by=actor,
        proposed_id=proposed,
        policy=moderation.policy,
    )
    if turn.overridden:
        record(
            actor=actor,
            action="questions.override",
            target=question,
            details={"proposed": proposed, "policy": moderation.policy},
        )
    return question


@transaction.atomic
def answer(*, session, actor) -> None:
    """The question being answered is done."""
    require_moderator(actor, session)
    lock(session)
    _finish_current(session)


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "reason_required", _("Say why the question is hidden."), fields=["reason"]
        )
    if len(reason) > MAX_REASON:
        raise DomainError(
            "reason_too_long",
            _("The reason has at most %(max)s characters."),
            fields=["reason"],
            max=MAX_REASON,
        )
    return reason


@transaction.atomic
def hide(*, question, actor, reason: str) -> None:
    """Take a waiting question out of the queue, with the reason (kept in the audit log)."""
    require_moderator(actor, question.session)
    reason = clean_reason(reason)
    lock(question.session)
    locked = _waiting(question.session, question.pk)
    locked.status = Status.HIDDEN
    locked.hidden_reason = reason
    locked.save(update_fields=["status", "hidden_reason"])
    record(actor=actor, action="questions.hide", target=locked, details={"reason": reason})


@transaction.atomic
def merge(*, duplicate, into, actor) -> None:
    """Merge a duplicate into a question: its author and supporters now support that one."""
    session = into.session
    require_moderator(actor, session)
    if duplicate.pk == into.pk or duplicate.session_id != into.session_id:
        raise DomainError("bad_merge", _("Choose another waiting question of this session."))
    lock(session)
    target = _waiting(session, into.pk)
    source = _waiting(session, duplicate.pk)
    people = set(Support.objects.filter(question=source).values_list("person_id", flat=True))
    people.add(source.author_id)
    people -= set(Support.objects.filter(question=target).values_list("person_id", flat=True))
    people.discard(target.author_id)
    Support.objects.bulk_create(Support(question=target, person_id=p) for p in people)
    target.support = Support.objects.filter(question=target).count()
    target.save(update_fields=["support"])
    source.status = Status.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into"])
    record(actor=actor, action="questions.merge", target=source, details={"into": target.pk})


@transaction.atomic
def set_policy(*, session, actor, policy: str) -> None:
    require_moderator(actor, session)
    if policy not in Policy.values:
        raise DomainError("bad_policy", _("Choose one of the turn-taking rules offered."))
    moderation = lock(session)
    moderation.policy = policy
    moderation.save(update_fields=["policy"])
