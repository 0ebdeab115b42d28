"""Registering for a meeting: days, workshops, badge, needs and image rights; cancelling."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.meetings import consent, signals
from cercle.meetings.enums import Attendance, Experience, MeetingStatus
from cercle.meetings.formatting import day_label
from cercle.meetings.models import DayChoice, Meeting, MeetingDay, Registration, Session
from cercle.meetings.permissions import can_see_registration
from cercle.meetings.selectors import starts_at
from cercle.meetings.services.mail import mark_confirmation_due
from cercle.meetings.services.programme import FORBIDDEN
from cercle.meetings.services.seats import (
    apply_days,
    apply_workshops,
    promote_day,
    promote_session,
)
from cercle.organisations.models import Membership

CLOSED = _("Registration for this meeting is closed.")
STARTED = _("The meeting has started: registrations can no longer be changed.")


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


def _check_window(
    meeting: Meeting, registration: Registration | None, now: datetime, days=None
) -> None:
    if days is None:
        start = starts_at(meeting)
    else:
        first = min(days, key=lambda day: day.date, default=None)
        start = first.at(time(0, 0)) if first else None
    if start is not None and now >= start:
        raise DomainError("started", STARTED)
    if registration is not None and registration.is_active:
        if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
            raise DomainError("closed", CLOSED)
        return
    if meeting.status != MeetingStatus.OPEN:
        raise DomainError("closed", CLOSED)
    if meeting.registration_opens_at and now < meeting.registration_opens_at:
        raise DomainError("not_yet_open", _("Registration for this meeting is not open yet."))
    if meeting.registration_closes_at and now >= meeting.registration_closes_at:
        raise DomainError("closed", CLOSED)


def _validate_days(days: list[MeetingDay], choices: Choices, *, remote_only: bool) -> None:
    for day in days:
        if remote_only and choices.days.get(day.pk) == Attendance.ON_SITE:
            raise DomainError(
                "remote_only",
                _("This meeting takes place online only: choose remote attendance."),
                fields=[f"day_{day.pk}"],
            )
        if choices.days.get(day.pk) not in Attendance.values:
            raise DomainError(
                "day_missing",
                _("Choose how you will attend on %(day)s."),
                fields=[f"day_{day.pk}"],
                day=day_label(day),
            )
    if all(choices.days[day.pk] == Attendance.ABSENT for day in days):
        raise DomainError("no_day", _("Choose at least one day on site or remote."))
    if choices.experience not in Experience.values:
        raise DomainError(
            "experience_missing",
            _("Tell us whether you have attended a meeting before."),
            fields=["experience"],
        )
    if choices.image_consent is None:
        raise DomainError(
            "consent_required",
            _("Answer the image-rights question: yes or no."),
            fields=["image_consent"],
        )


def _validate_workshops(meeting: Meeting, choices: Choices) -> None:
    workshops = sorted(choices.workshops, key=lambda s: s.starts_at)
    for session in workshops:
        mode = choices.days.get(session.day_id)
        if session.meeting_id != meeting.pk or not session.needs_signup:
            raise DomainError(
                "not_a_workshop",
                _("“%(title)s” does not take registrations."),
                fields=["workshops"],
                title=session.title,
            )
        if mode == Attendance.ABSENT:
            raise DomainError(
                "workshop_day_absent",
                _("You chose the workshop “%(title)s” on a day you do not attend."),
                fields=["workshops"],
                title=session.title,
            )
        if mode == Attendance.REMOTE and not session.open_to_remote:
            raise DomainError(
                "workshop_on_site_only",
                _(
                    "The workshop “%(title)s” takes place on site only: come on site that "
                    "day, or untick it."
                ),
                fields=["workshops"],
                title=session.title,
            )
    for first, second in zip(workshops, workshops[1:], strict=False):
        if first.overlaps(second):
            raise DomainError(
                "workshops_overlap",
                _(
                    "The workshops “%(first)s” and “%(second)s” take place at the same time: "
                    "choose one."
                ),
                fields=["workshops"],
                first=first.title,
                second=second.title,
            )


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
        raise DomainError(
            "quota_reached",
            _(
                "Your organisation has used all its on-site places for %(day)s: choose remote "
                "attendance for this day, or ask a colleague to give up their place."
            ),
            fields=[f"day_{day.pk}"],
            day=day_label(day),
        )


def _check_quotas(meeting, registration, was_active, previous_days, days, choices) -> None:
    for day in days:
        previous = previous_days.get(day.pk)
        moved = previous is None or previous.attendance != Attendance.ON_SITE
        if choices.days[day.pk] == Attendance.ON_SITE and (
            moved or registration.organisation_id != choices.organisation.pk
        ):
            _check_quota(meeting, registration if was_active else None, choices.organisation, day)


def _fill(registration: Registration, choices: Choices, now, *, was_active: bool) -> None:
    consent_changed = not was_active or registration.image_consent != choices.image_consent
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
    # Built and queued after the commit (`send_due_notices`), not under the meeting's lock.
    mark_confirmation_due(registration, updated=was_active, now=now)
    registration.save()


def _is_member(person, organisation, memberships) -> bool:
    if memberships is None:
        return Membership.objects.filter(user=person, organisation=organisation).exists()
    return any(m.user_id == person.pk and m.organisation_id == organisation.pk for m in memberships)


def register(
    *, meeting: Meeting, person, choices: Choices, now=None, memberships=None
) -> Registration:
    """Register `person` for `meeting`, or update their registration, with their choices.

    Locks the meeting row, checks the rules (raises DomainError), gives on-site places and
    workshop seats (on site or remote, as the person attends that day) to whoever asked first
    and puts the others on the waiting list of their mode, frees the seats given up
    (promoting the next in line, who is emailed), stores the consent answer with the clause
    version and time, and marks a confirmation email with an .ics due: it is built and
    queued after the commit, outside the lock (`send_due_notices`).

    `memberships`: the person's memberships when the caller has just read them (the
    registration page, for the form's choices); the organisation is checked against them
    instead of being read again.
    """
    now = now or timezone.now()
    if not _is_member(person, choices.organisation, memberships):
        raise DomainError(
            "not_your_organisation",
            _("You can only register for your own organisation."),
            fields=["organisation"],
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        registration = Registration.objects.filter(meeting=meeting, person=person).first()
        days = list(meeting.days.all())
        _check_window(meeting, registration, now, days)
        _validate_days(days, choices, remote_only=meeting.remote_only)
        _validate_workshops(meeting, choices)
        was_active = registration is not None and registration.is_active
        if registration is None:
            registration = Registration(meeting=meeting, person=person)
        previous_days = {c.day_id: c for c in registration.days.all()} if was_active else {}
        _check_quotas(meeting, registration, was_active, previous_days, days, choices)
        _fill(registration, choices, now, was_active=was_active)
        freed_days = apply_days(meeting, registration, days, choices.days, previous_days, now)
        freed_seats = apply_workshops(
            registration, choices.workshops, choices.days, now, keep=was_active
        )
        for day in freed_days:
            promote_day(meeting, day)
        for session, mode in freed_seats:
            promote_session(session, [mode])
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
        signals.registration_confirmed.send(
            sender=Registration, registration=registration, updated=was_active
        )
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, actor, now=None) -> None:
    """Cancel a registration before the meeting starts; its seats go to the next in line."""
    now = now or timezone.now()
    if not can_see_registration(actor, registration):
        raise DomainError("forbidden", FORBIDDEN)
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    start = starts_at(meeting)
    if start is not None and now >= start:
        raise DomainError("started", STARTED)
    registration = Registration.objects.get(pk=registration.pk)
    if not registration.is_active:
        return
    days = [c.day for c in registration.days.select_related("day")]
    seats = [(s.session, s.mode) for s in registration.workshops.select_related("session")]
    registration.days.all().delete()
    registration.workshops.all().delete()
    registration.cancelled_at = now
    registration.save(update_fields=["cancelled_at", "updated_at"])
    for day in days:
        promote_day(meeting, day)
    for session, mode in seats:
        promote_session(session, [mode])
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
        raise DomainError("forbidden", FORBIDDEN)
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
