"""Club meeting rules: programme editing, registration, seats and waiting lists, reminders.

Every function that changes seats locks the meeting row first (`select_for_update`), so two
simultaneous registrations count the same seats one after the other and nothing is oversold.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cercle.audit.services import record
from cercle.meetings import consent
from cercle.meetings.enums import Attendance, Experience, MeetingStatus, SeatStatus
from cercle.meetings.models import (
    DayChoice,
    Meeting,
    MeetingDay,
    Registration,
    Session,
    Speaker,
    Track,
    WorkshopSeat,
)
from cercle.meetings.permissions import can_create_meeting, can_manage_meeting
from cercle.organisations.models import Membership
from cercle.outbox.services import queue_mail


class MeetingError(Exception):
    """A refused meeting action; `code` tells views and tests what happened."""

    def __init__(self, code: str, *, field: str = "", detail: object = None):
        super().__init__(code)
        self.code = code
        self.field = field
        self.detail = detail


def starts_at(meeting: Meeting) -> datetime | None:
    """The meeting starts at midnight (Paris) of its first day; edits are allowed until then."""
    first = meeting.days.order_by("date").first()
    return first.at(time(0, 0)) if first else None


# --- Meeting and programme -------------------------------------------------------------


@transaction.atomic
def save_meeting(*, meeting: Meeting, actor, days: list[date], tracks: list[str]) -> Meeting:
    """Create or update a meeting with its days and tracks.

    Staff create meetings; staff and host référents edit them. A day that still has sessions
    cannot be removed (MeetingError "day_has_sessions").
    """
    creating = meeting.pk is None
    if creating and not can_create_meeting(actor):
        raise MeetingError("forbidden")
    if not creating:
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not can_manage_meeting(actor, current):
            raise MeetingError("forbidden")
    meeting.save()
    wanted = set(days)
    removed = meeting.days.exclude(date__in=wanted)
    if Session.objects.filter(day__in=removed).exists():
        raise MeetingError("day_has_sessions", field="days")
    removed.delete()
    existing = set(meeting.days.values_list("date", flat=True))
    MeetingDay.objects.bulk_create(MeetingDay(meeting=meeting, date=d) for d in wanted - existing)
    meeting.tracks.exclude(name__in=tracks).delete()
    for position, name in enumerate(tracks):
        Track.objects.update_or_create(meeting=meeting, name=name, defaults={"position": position})
    _promote_waiting(meeting)
    record(
        actor=actor,
        action="meeting.created" if creating else "meeting.updated",
        target=meeting,
        details={"days": sorted(d.isoformat() for d in wanted), "tracks": tracks},
    )
    return meeting


@transaction.atomic
def save_session(*, session: Session, actor, speakers: list[tuple[str, str]]) -> Session:
    """Create or update a programme session and its speakers (name, organisation).

    Refuses an end before the start ("ends_before_start") and a session overlapping another
    one in the same room ("room_overlap"). A larger capacity promotes people waiting.
    """
    meeting = Meeting.objects.select_for_update().get(pk=session.meeting_id)
    if not can_manage_meeting(actor, meeting):
        raise MeetingError("forbidden")
    if session.day.meeting_id != meeting.pk:
        raise MeetingError("unknown_day", field="day")
    if session.ends_at <= session.starts_at:
        raise MeetingError("ends_before_start", field="ends_at")
    if session.room.strip():
        clash = (
            Session.objects.filter(
                meeting=meeting,
                room__iexact=session.room.strip(),
                starts_at__lt=session.ends_at,
                ends_at__gt=session.starts_at,
            )
            .exclude(pk=session.pk)
            .first()
        )
        if clash is not None:
            raise MeetingError("room_overlap", field="room", detail=clash)
    creating = session.pk is None
    session.save()
    session.speakers.all().delete()
    Speaker.objects.bulk_create(
        Speaker(session=session, name=name, organisation_name=organisation, position=position)
        for position, (name, organisation) in enumerate(speakers)
    )
    _promote_session(session)
    record(
        actor=actor,
        action="meeting.session_created" if creating else "meeting.session_updated",
        target=meeting,
        details={"session": session.pk, "title": session.title},
    )
    return session


@transaction.atomic
def delete_session(*, session: Session, actor) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=session.meeting_id)
    if not can_manage_meeting(actor, meeting):
        raise MeetingError("forbidden")
    record(
        actor=actor,
        action="meeting.session_deleted",
        target=meeting,
        details={"session": session.pk, "title": session.title},
    )
    session.delete()


# --- Registration ---------------------------------------------------------------------


@dataclass
class Choices:
    """What a person chose on the registration form."""

    organisation: object
    days: dict[int, str]  # MeetingDay pk -> Attendance value
    badge_name: str
    badge_organisation: str
    experience: str
    image_consent: bool | None
    workshops: list[Session] = field(default_factory=list)
    dietary_needs: str = ""
    accessibility_needs: str = ""


def is_regular(person, meeting: Meeting) -> bool:
    """A regular has attended (on site or remote) an earlier edition."""
    return (
        DayChoice.objects.filter(
            registration__person=person,
            registration__meeting__edition__lt=meeting.edition,
            registration__cancelled_at__isnull=True,
        )
        .exclude(attendance=Attendance.ABSENT)
        .exists()
    )


def _check_window(meeting: Meeting, registration: Registration | None, now: datetime) -> None:
    start = starts_at(meeting)
    if start is not None and now >= start:
        raise MeetingError("started")
    if registration is not None and registration.is_active:
        if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
            raise MeetingError("closed")
        return
    if meeting.status != MeetingStatus.OPEN:
        raise MeetingError("closed")
    if meeting.registration_opens_at and now < meeting.registration_opens_at:
        raise MeetingError("not_yet_open")
    if meeting.registration_closes_at and now >= meeting.registration_closes_at:
        raise MeetingError("closed")


def _validate(meeting: Meeting, days: list[MeetingDay], choices: Choices) -> None:
    for day in days:
        if choices.days.get(day.pk) not in Attendance.values:
            raise MeetingError("day_missing", field=f"day_{day.pk}", detail=day)
    if all(choices.days[day.pk] == Attendance.ABSENT for day in days):
        raise MeetingError("no_day")
    if choices.experience not in Experience.values:
        raise MeetingError("experience_missing", field="experience")
    if choices.image_consent is None:
        raise MeetingError("consent_required", field="image_consent")
    workshops = sorted(choices.workshops, key=lambda s: s.starts_at)
    for session in workshops:
        if session.meeting_id != meeting.pk or not session.needs_signup:
            raise MeetingError("not_a_workshop", field="workshops", detail=session)
        if choices.days.get(session.day_id) == Attendance.ABSENT:
            raise MeetingError("workshop_day_absent", field="workshops", detail=session)
    for first, second in zip(workshops, workshops[1:], strict=False):
        if first.overlaps(second):
            raise MeetingError("workshops_overlap", field="workshops", detail=(first, second))


def _check_quota(meeting, registration, organisation, day: MeetingDay) -> None:
    quota = meeting.onsite_quota_per_organisation
    if quota is None:
        return
    taken = DayChoice.objects.filter(
        day=day, attendance=Attendance.ON_SITE, registration__organisation=organisation
    )
    if registration is not None:
        taken = taken.exclude(registration=registration)
    if taken.count() >= quota:
        raise MeetingError("quota_reached", field=f"day_{day.pk}", detail=day)


def register(*, meeting: Meeting, person, choices: Choices, now=None) -> Registration:
    """Register `person` for `meeting`, or update their registration, with their choices.

    Locks the meeting row, checks the rules (raises MeetingError with a code), gives on-site
    places and workshop seats to whoever asked first and puts the others on the waiting list,
    frees the seats given up (promoting the next in line, who is emailed), stores the consent
    answer with the clause version and time, and queues a confirmation email with an .ics.
    """
    now = now or timezone.now()
    if not Membership.objects.filter(user=person, organisation=choices.organisation).exists():
        raise MeetingError("not_your_organisation", field="organisation")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        registration = Registration.objects.filter(meeting=meeting, person=person).first()
        _check_window(meeting, registration, now)
        days = list(meeting.days.all())
        _validate(meeting, days, choices)
        was_active = registration is not None and registration.is_active
        if registration is None:
            registration = Registration(meeting=meeting, person=person)
        consent_changed = not was_active or registration.image_consent != choices.image_consent
        previous_days = {c.day_id: c for c in registration.days.all()} if was_active else {}
        for day in days:
            previous = previous_days.get(day.pk)
            wanted = choices.days[day.pk]
            moved = previous is None or previous.attendance != Attendance.ON_SITE
            if wanted == Attendance.ON_SITE and (
                moved or registration.organisation_id != choices.organisation.pk
            ):
                _check_quota(
                    meeting, registration if was_active else None, choices.organisation, day
                )
        registration.organisation = choices.organisation
        registration.badge_name = choices.badge_name.strip()
        registration.badge_organisation = choices.badge_organisation.strip()
        registration.experience = choices.experience
        registration.dietary_needs = choices.dietary_needs.strip()
        registration.accessibility_needs = choices.accessibility_needs.strip()
        registration.cancelled_at = None
        if consent_changed:
            registration.image_consent = choices.image_consent
            registration.image_consent_version = consent.CURRENT_VERSION
            registration.image_consent_at = now
        registration.save()
        freed_days = _apply_days(meeting, registration, days, choices, previous_days, now)
        freed_sessions = _apply_workshops(registration, choices, now, keep=was_active)
        for day in freed_days:
            _promote_day(meeting, day)
        for session in freed_sessions:
            _promote_session(session)
        record(
            actor=person,
            action="meeting.registration_updated" if was_active else "meeting.registered",
            target=meeting,
            details={
                "registration": registration.pk,
                "days": {str(k): v for k, v in choices.days.items()},
                "workshops": [s.pk for s in choices.workshops],
                "image_consent": registration.image_consent,
            },
        )
        _send_confirmation(registration, updated=was_active)
    return registration


def _apply_days(meeting, registration, days, choices, previous_days, now) -> list[MeetingDay]:
    freed = []
    for day in days:
        wanted = choices.days[day.pk]
        previous = previous_days.get(day.pk)
        if previous is not None and previous.attendance == wanted:
            continue
        if previous is not None and (
            previous.attendance == Attendance.ON_SITE and previous.status == SeatStatus.CONFIRMED
        ):
            freed.append(day)
        status = SeatStatus.CONFIRMED
        if wanted == Attendance.ON_SITE and meeting.onsite_capacity is not None:
            taken = DayChoice.objects.filter(
                day=day, attendance=Attendance.ON_SITE, status=SeatStatus.CONFIRMED
            ).count()
            if taken >= meeting.onsite_capacity:
                status = SeatStatus.WAITING
        DayChoice.objects.update_or_create(
            registration=registration,
            day=day,
            defaults={"attendance": wanted, "status": status, "queued_at": now},
        )
    return freed


def _apply_workshops(registration, choices, now, *, keep: bool) -> list[Session]:
    wanted = {session.pk: session for session in choices.workshops}
    current = {seat.session_id: seat for seat in registration.workshops.all()} if keep else {}
    freed = []
    for session_id, seat in current.items():
        if session_id not in wanted:
            if seat.status == SeatStatus.CONFIRMED:
                freed.append(seat.session)
            seat.delete()
    for session_id, session in wanted.items():
        if session_id in current:
            continue
        taken = WorkshopSeat.objects.filter(session=session, status=SeatStatus.CONFIRMED).count()
        WorkshopSeat.objects.create(
            registration=registration,
            session=session,
            status=SeatStatus.CONFIRMED if taken < session.capacity else SeatStatus.WAITING,
            queued_at=now,
        )
    return freed


@transaction.atomic
def cancel_registration(*, registration: Registration, actor, now=None) -> None:
    """Cancel a registration before the meeting starts; its seats go to the next in line."""
    from cercle.meetings.permissions import can_see_registration

    now = now or timezone.now()
    if not can_see_registration(actor, registration):
        raise MeetingError("forbidden")
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    start = starts_at(meeting)
    if start is not None and now >= start:
        raise MeetingError("started")
    registration = Registration.objects.get(pk=registration.pk)
    if not registration.is_active:
        return
    days = [c.day for c in registration.days.select_related("day")]
    sessions = [s.session for s in registration.workshops.select_related("session")]
    registration.days.all().delete()
    registration.workshops.all().delete()
    registration.cancelled_at = now
    registration.save(update_fields=["cancelled_at", "updated_at"])
    for day in days:
        _promote_day(meeting, day)
    for session in sessions:
        _promote_session(session)
    record(
        actor=actor,
        action="meeting.registration_cancelled",
        target=meeting,
        details={"registration": registration.pk},
    )


@transaction.atomic
def set_image_consent(*, registration: Registration, actor, consent_given: bool, now=None):
    """The registrant changes their image-rights answer; version and time are stored anew."""
    if not actor.is_authenticated or registration.person_id != actor.pk:
        raise MeetingError("forbidden")
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.image_consent = consent_given
    registration.image_consent_version = consent.CURRENT_VERSION
    registration.image_consent_at = now or timezone.now()
    registration.save(update_fields=["image_consent", "image_consent_version", "image_consent_at"])
    record(
        actor=actor,
        action="meeting.image_consent_changed",
        target=registration.meeting,
        details={"registration": registration.pk, "consent": consent_given},
    )
    return registration


# --- Waiting lists --------------------------------------------------------------------


def _promote_waiting(meeting: Meeting) -> None:
    for day in meeting.days.all():
        _promote_day(meeting, day)


def _promote_day(meeting: Meeting, day: MeetingDay) -> None:
    """Give freed on-site places of a day to the first people in line (caller holds the lock)."""
    on_site = DayChoice.objects.filter(day=day, attendance=Attendance.ON_SITE)
    waiting = on_site.filter(status=SeatStatus.WAITING).order_by("queued_at", "pk")
    if meeting.onsite_capacity is None:
        free = waiting.count()
    else:
        free = meeting.onsite_capacity - on_site.filter(status=SeatStatus.CONFIRMED).count()
    for choice in waiting.select_related("registration__person", "day")[: max(free, 0)]:
        choice.status = SeatStatus.CONFIRMED
        choice.save(update_fields=["status"])
        _notify_promotion(choice.registration, day=choice.day)


def _promote_session(session: Session) -> None:
    seats = WorkshopSeat.objects.filter(session=session)
    waiting = seats.filter(status=SeatStatus.WAITING).order_by("queued_at", "pk")
    if session.capacity is None:
        free = waiting.count()
    else:
        free = session.capacity - seats.filter(status=SeatStatus.CONFIRMED).count()
    for seat in waiting.select_related("registration__person")[: max(free, 0)]:
        seat.status = SeatStatus.CONFIRMED
        seat.save(update_fields=["status"])
        _notify_promotion(seat.registration, session=session)


def waiting_position(entry) -> int:
    """1 for the first person in line."""
    if isinstance(entry, WorkshopSeat):
        line = WorkshopSeat.objects.filter(session_id=entry.session_id)
    else:
        line = DayChoice.objects.filter(day_id=entry.day_id, attendance=Attendance.ON_SITE)
    line = line.filter(status=SeatStatus.WAITING)
    ahead = line.filter(queued_at__lt=entry.queued_at).count()
    ahead += line.filter(queued_at=entry.queued_at, pk__lt=entry.pk).count()
    return ahead + 1


# --- Mail -----------------------------------------------------------------------------


def _mail(registration: Registration, template: str, context: dict, *, ics: bool = False):
    from cercle.meetings.calendars import personal_calendar

    person = registration.person
    with translation.override(person.language):
        context = {
            "registration": registration,
            "meeting": registration.meeting,
            "site_url": settings.SITE_URL,
            **context,
        }
        attachments = []
        if ics:
            attachments = [("rencontre.ics", personal_calendar(registration), "text/calendar")]
        queue_mail(
            to=person.email,
            subject=render_to_string(f"meetings/email/{template}_subject.txt", context).strip(),
            body_text=render_to_string(f"meetings/email/{template}.txt", context),
            attachments=attachments,
        )


def agenda(registration: Registration) -> dict:
    """The registrant's days and workshop seats, with waiting-list positions."""
    days = list(registration.days.select_related("day").order_by("day__date"))
    workshops = list(
        registration.workshops.select_related("session", "session__day").order_by(
            "session__starts_at"
        )
    )
    for entry in [*days, *workshops]:
        entry.position = waiting_position(entry) if entry.status == SeatStatus.WAITING else None
    return {"days": days, "workshops": workshops}


def _send_confirmation(registration: Registration, *, updated: bool) -> None:
    _mail(registration, "confirmation", {"updated": updated, **agenda(registration)}, ics=True)


def _notify_promotion(registration: Registration, *, day=None, session=None) -> None:
    _mail(registration, "promoted", {"day": day, "session": session}, ics=True)


def send_reminders(now=None) -> int:
    """Email every active registrant once, `reminder_days` before the first day. Idempotent."""
    now = now or timezone.now()
    sent = 0
    meetings = Meeting.objects.filter(status__in=[MeetingStatus.OPEN, MeetingStatus.CLOSED])
    for meeting in meetings:
        start = starts_at(meeting)
        if start is None or not (start - timedelta(days=meeting.reminder_days) <= now < start):
            continue
        with transaction.atomic():
            due = (
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(meeting=meeting, cancelled_at__isnull=True, reminder_sent_at__isnull=True)
                .select_related("person", "meeting")
            )
            for registration in due:
                _mail(registration, "reminder", agenda(registration), ics=True)
                registration.reminder_sent_at = now
                registration.save(update_fields=["reminder_sent_at"])
                sent += 1
    return sent
