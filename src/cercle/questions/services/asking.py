"""Participants ask, support, and may declare their gender for turn-taking."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance
from cercle.onsite import clock
from cercle.onsite.models import CheckIn, RemoteAttendance
from cercle.questions.enums import Gender, Status
from cercle.questions.models import MAX_LENGTH, Declaration, Question, Support
from cercle.questions.permissions import require_present

# Enough for a real person in one session, few enough that nobody floods the queue.
MAX_WAITING_PER_PERSON = 5


def require_open(session) -> None:
    if clock.now() >= session.ends_at:
        raise DomainError("closed", _("This session is over: questions are closed."))


def is_newcomer(person, meeting) -> bool:
    """Newcomer: never seen at an earlier meeting, on site or remotely (attendance history)."""
    earlier = {"registration__person": person, "day__date__lt": meeting.days.earliest("date").date}
    return not (
        CheckIn.objects.filter(**earlier).exclude(day__meeting=meeting).exists()
        or RemoteAttendance.objects.filter(**earlier).exclude(day__meeting=meeting).exists()
    )


def clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError("empty", _("Write your question before sending it."), fields=["text"])
    if len(text) > MAX_LENGTH:
        raise DomainError(
            "too_long",
            _("A question has at most %(max)s characters (this one has %(length)s)."),
            fields=["text"],
            max=MAX_LENGTH,
            length=len(text),
        )
    return text


def ask(*, session, person, text: str) -> Question:
    """Queue `person`'s question in `session`; its turn-taking groups are noted with it."""
    text = clean_text(text)
    attendance = require_present(person, session)
    require_open(session)
    waiting = Question.objects.filter(session=session, author=person, status=Status.WAITING)
    if waiting.count() >= MAX_WAITING_PER_PERSON:
        raise DomainError(
            "too_many",
            _("You already have %(count)s questions waiting in this session."),
            fields=["text"],
            count=MAX_WAITING_PER_PERSON,
        )
    declared = Declaration.objects.filter(meeting_id=session.meeting_id, person=person).first()
    return Question.objects.create(
        session=session,
        author=person,
        text=text,
        gender=declared.gender if declared else "",
        newcomer=is_newcomer(person, session.meeting),
        remote=attendance == Attendance.REMOTE,
    )


@transaction.atomic
def support(*, question, person) -> None:
    """`person`, present that day, supports `question` once; the count never loses one."""
    require_present(person, question.session)
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.status != Status.WAITING:
        raise DomainError("not_waiting", _("This question is no longer waiting."))
    if locked.author_id == person.pk:
        raise DomainError("own_question", _("You cannot support your own question."))
    try:
        with transaction.atomic():
            Support.objects.create(question=locked, person=person)
    except IntegrityError as error:
        raise DomainError("already_supported", _("You already support this question.")) from error
    Question.objects.filter(pk=locked.pk).update(support=F("support") + 1)


def declare(*, meeting, person, gender: str) -> None:
    """Record (or withdraw, with an empty `gender`) what `person` declares for turn-taking.

    Their waiting questions of the meeting follow, so a person is in one group at a time.
    """
    if gender and gender not in Gender.values:
        raise DomainError("bad_gender", _("Choose one of the answers offered."), fields=["gender"])
    with transaction.atomic():
        if gender:
            Declaration.objects.update_or_create(
                meeting=meeting, person=person, defaults={"gender": gender}
            )
        else:
            Declaration.objects.filter(meeting=meeting, person=person).delete()
        Question.objects.filter(
            session__meeting=meeting, author=person, status=Status.WAITING
        ).update(gender=gender)
