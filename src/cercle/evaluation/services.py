"""Opening, closing and answering a meeting's evaluation.

Anonymity: an answer holds no person. `respondent_key` (a keyed hash of the evaluation and the
person) lets the person's own requests find their answer to edit it; results and exports never
read it, and without the secret key it names nobody.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.evaluation.enums import RATINGS, Profile
from cercle.evaluation.models import MAX_TEXT, Answer, Evaluation, SessionRating
from cercle.evaluation.permissions import require_organiser, require_registrant
from cercle.meetings.enums import Attendance, SessionKind
from cercle.meetings.models import PARIS, Meeting, Registration, Session
from cercle.onsite import clock
from cercle.onsite.certificates import attended
from cercle.outbox.services import queue_templated


def respondent_key(evaluation: Evaluation, person, secret=None) -> str:
    return salted_hmac(
        "cercle.evaluation.respondent",
        f"{evaluation.pk}:{person.pk}",
        secret=secret,
        algorithm="sha256",
    ).hexdigest()


def respondent_keys(evaluation: Evaluation, person) -> list[str]:
    """The person's key under the current secret key, then under each previous one
    (`SECRET_KEY_FALLBACKS`): rotating the key never lets anyone answer twice."""
    return [
        respondent_key(evaluation, person),
        *(respondent_key(evaluation, person, old) for old in settings.SECRET_KEY_FALLBACKS),
    ]


def evaluation_of(meeting: Meeting) -> Evaluation | None:
    return Evaluation.objects.filter(meeting=meeting).first()


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment, PARIS), "j F Y, H:i")


def require_open(evaluation: Evaluation | None, now: datetime) -> Evaluation:
    """The evaluation, if people may answer now; otherwise the reason, in words."""
    if evaluation is None or evaluation.opened_at is None or now < evaluation.opened_at:
        raise DomainError(
            "not_open",
            _("The evaluation of this meeting is not open yet: nothing was recorded."),
        )
    if evaluation.is_closed(now):
        closed = evaluation.closed_at or evaluation.closes_at
        raise DomainError(
            "closed",
            _("The evaluation closed on %(date)s: answers can no longer be given or changed."),
            date=_when(closed),
        )
    return evaluation


# -- Attendance ----------------------------------------------------------------------------


@dataclass
class Attendee:
    """What a registrant may rate: the sessions of the days they attended."""

    registration: Registration
    profile: str
    sessions: list[Session] = field(default_factory=list)


def attendee(registration: Registration, *, today=None) -> Attendee:
    """Days attended as for certificates (check-in on site, imported remote attendance), but
    counted from the morning of the day rather than its end: the last day's sessions can be
    rated from the room. Workshops count only with a confirmed seat; breaks are not rated."""
    today = today or clock.today()
    item = attended([registration], today=today + timedelta(days=1))[0]
    modes = {day.mode for day in item.days}
    if not modes:
        profile = Profile.NONE
    elif modes == {Attendance.ON_SITE}:
        profile = Profile.ON_SITE
    elif modes == {Attendance.REMOTE}:
        profile = Profile.REMOTE
    else:
        profile = Profile.BOTH
    day_ids = [day.day.pk for day in item.days]
    workshops = {session.pk for session in item.workshops}
    sessions = [
        session
        for session in Session.objects.filter(meeting_id=registration.meeting_id, day__in=day_ids)
        .exclude(kind=SessionKind.BREAK)
        .order_by("starts_at", "room", "pk")
        if not session.needs_signup or session.pk in workshops
    ]
    return Attendee(registration=registration, profile=profile, sessions=sessions)


# -- Organisers ------------------------------------------------------------------------------


def open_evaluation(*, meeting: Meeting, actor, closes_at: datetime, now=None) -> Evaluation:
    """Open (or reopen, or extend) the evaluation until `closes_at`.

    The first opening queues one invitation per active registrant (outbox); opening again
    sends nothing. Allowed from the meeting's last day on.
    """
    require_organiser(actor, meeting)
    now = now or clock.now()
    last = meeting.days.order_by("-date").first()
    if last is None or last.date > timezone.localtime(now, PARIS).date():
        raise DomainError(
            "too_early",
            _("The evaluation can be opened from the last day of the meeting on (%(date)s)."),
            date=formats.date_format(last.date, "j F Y") if last else "—",
        )
    if closes_at <= now:
        raise DomainError(
            "closes_in_past",
            _("The closing date must be in the future."),
            fields=["closes_at"],
        )
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.get_or_create(meeting=meeting)
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.opened_at is None:
            evaluation.opened_at = now
        evaluation.closes_at = closes_at
        evaluation.closed_at = None
        first_time = evaluation.invited_at is None
        if first_time:
            evaluation.invited_at = now
            _invite(meeting, closes_at)
        evaluation.save()
        record(
            actor=actor,
            action="evaluation.open",
            target=evaluation,
            details={"closes_at": closes_at.isoformat(), "invitations": first_time},
        )
    return evaluation


def _invite(meeting: Meeting, closes_at: datetime) -> None:
    registrations = Registration.objects.filter(
        meeting=meeting, cancelled_at__isnull=True
    ).select_related("person")
    for registration in registrations:
        person = registration.person
        queue_templated(
            person.email,
            "evaluation/email/invitation",
            {
                "registration": registration,
                "meeting": meeting,
                "last_day": timezone.localtime(closes_at - timedelta(microseconds=1), PARIS),
                "site_url": settings.SITE_URL,
            },
            person.language,
        )


def close_evaluation(*, meeting: Meeting, actor, now=None) -> Evaluation:
    """Close the evaluation now: answers are kept, nobody can change them any more."""
    require_organiser(actor, meeting)
    now = now or clock.now()
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().filter(meeting=meeting).first()
        if evaluation is None or not evaluation.is_open(now):
            raise DomainError("not_open", _("The evaluation is not open."))
        evaluation.closed_at = now
        evaluation.save(update_fields=["closed_at"])
        record(actor=actor, action="evaluation.close", target=evaluation)
    return evaluation


# -- Respondents -----------------------------------------------------------------------------


def answer_of(evaluation: Evaluation | None, person) -> Answer | None:
    """The person's own answer (to edit it), found through their key only."""
    if evaluation is None or not person.is_authenticated:
        return None
    keys = respondent_keys(evaluation, person)
    answers = Answer.objects.filter(evaluation=evaluation, respondent_key__in=keys)
    return min(
        answers.prefetch_related("ratings"),
        key=lambda a: keys.index(a.respondent_key),
        default=None,
    )


def _check_rating(value, label) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
        raise DomainError("bad_rating", _("%(what)s: choose a rating from 1 to 5."), what=label)
    return value


def submit(
    *,
    meeting: Meeting,
    person,
    overall: int,
    ratings: dict[int, int] | None = None,
    keep: str = "",
    improve: str = "",
    comments: str = "",
    now=None,
) -> Answer:
    """Record or replace the person's answer (one each: the key is unique per evaluation).

    `ratings` maps session ids to ratings, only for sessions of days the person attended.
    """
    now = now or clock.now()
    registration = require_registrant(person, meeting)
    evaluation = require_open(evaluation_of(meeting), now)
    _check_rating(overall, _("Overall rating"))
    who = attendee(registration, today=timezone.localtime(now, PARIS).date())
    allowed = {session.pk: session for session in who.sessions}
    ratings = ratings or {}
    for session_id, value in ratings.items():
        if session_id not in allowed:
            raise DomainError(
                "not_attended", _("You can only rate the sessions of the days you attended.")
            )
        _check_rating(value, allowed[session_id].title)
    texts = {"keep": keep.strip(), "improve": improve.strip(), "comments": comments.strip()}
    if any(len(text) > MAX_TEXT for text in texts.values()):
        raise DomainError(
            "too_long", _("Each text may be at most %(max)s characters long."), max=MAX_TEXT
        )
    values = {
        "overall": overall,
        "profile": who.profile,
        "experience": registration.experience,
        "answered_on": timezone.localtime(now, PARIS).date(),
        **texts,
    }
    current, *previous = respondent_keys(evaluation, person)
    with transaction.atomic():
        # An answer given before the secret key was rotated moves to the current key.
        mine = Answer.objects.filter(evaluation=evaluation)
        if previous and not mine.filter(respondent_key=current).exists():
            older = mine.filter(respondent_key__in=previous).order_by("pk").first()
            if older is not None:
                older.respondent_key = current
                older.save(update_fields=["respondent_key"])
        # Concurrent submits of one person: one creates, the others wait on its row and update.
        answer, _created = Answer.objects.update_or_create(
            evaluation=evaluation, respondent_key=current, defaults=values
        )
        answer.ratings.all().delete()
        SessionRating.objects.bulk_create(
            SessionRating(answer=answer, session_id=session_id, rating=value)
            for session_id, value in ratings.items()
        )
    return answer
