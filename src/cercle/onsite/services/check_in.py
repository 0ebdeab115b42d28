"""Check-in at the venue: when it is open, who may be checked in, and the search at the desk.

Check-in for a day opens at midnight (Europe/Paris) on that day and closes when it ends. For
badge pick-up the evening before, the `CHECK_IN_EVE_OPENS_AT` setting (a time such as
"17:00", empty by default) opens each day's check-in from that time on the day before.

A person registered remote (or not attending) that day is not checked in silently: the desk
gets a warning, and organisers may switch them to on site, which the audit log records.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.core.text import normalise
from cercle.meetings.enums import Attendance, SeatStatus
from cercle.meetings.models import PARIS, DayChoice, MeetingDay, Registration
from cercle.onsite import clock
from cercle.onsite.enums import CheckInMethod
from cercle.onsite.models import CheckIn
from cercle.onsite.permissions import require_manager
from cercle.onsite.services.badges import read_badge_token

SEARCH_LIMIT = 25


def local_time(moment: datetime) -> str:
    return timezone.localtime(moment, PARIS).strftime("%H:%M")


@dataclass(frozen=True)
class Window:
    opens: datetime
    closes: datetime

    def is_open(self, now: datetime) -> bool:
        return self.opens <= now < self.closes


def check_in_window(day: MeetingDay) -> Window:
    """When the desk may check people in for `day` (Europe/Paris)."""
    start = datetime.combine(day.date, time(0, 0), tzinfo=PARIS)
    closes = datetime.combine(day.date + timedelta(days=1), time(0, 0), tzinfo=PARIS)
    eve = settings.CHECK_IN_EVE_OPENS_AT
    if eve:
        start = datetime.combine(day.date - timedelta(days=1), time.fromisoformat(eve), PARIS)
    return Window(opens=start, closes=closes)


def require_open(day: MeetingDay, now: datetime | None = None) -> None:
    """DomainError "check_in_not_open" before the window, "check_in_closed" after it."""
    now = now or clock.now()
    window = check_in_window(day)
    if now < window.opens:
        local = timezone.localtime(window.opens, PARIS)
        raise DomainError(
            "check_in_not_open",
            _("Check-in for %(day)s opens on %(date)s at %(time)s."),
            day=formats.date_format(day.date, "l j F Y"),
            date=formats.date_format(local.date(), "j F Y"),
            time=local.strftime("%H:%M"),
        )
    if now >= window.closes:
        raise DomainError(
            "check_in_closed",
            _("Check-in for %(day)s is closed: the day is over."),
            day=formats.date_format(day.date, "l j F Y"),
        )


def _registration_from_code(day: MeetingDay, code: str) -> Registration:
    meeting_pk, registration_pk = read_badge_token(code)
    if meeting_pk != day.meeting_id:
        raise DomainError("other_meeting", _("This badge is for another meeting."), fields=["code"])
    registration = Registration.objects.filter(pk=registration_pk).first()
    if registration is None:
        raise DomainError(
            "invalid_code",
            _("Invalid code: this is not a badge of the club, or it was altered."),
            fields=["code"],
        )
    return registration


def _require_on_site(registration, day, *, actor, switch: bool) -> None:
    """Refuse someone not expected on site that day, unless an organiser switches them."""
    choice = DayChoice.objects.filter(registration=registration, day=day).first()
    if choice and choice.attendance == Attendance.ON_SITE and choice.status == SeatStatus.CONFIRMED:
        return
    if not switch:
        if choice is not None and choice.attendance == Attendance.REMOTE:
            raise DomainError(
                "registered_remote",
                _(
                    "%(name)s registered to follow this day remotely. Check them in on site "
                    "only if they are here: their registration will be switched to on site."
                ),
                name=registration.badge_name,
            )
        raise DomainError(
            "not_registered_on_site",
            _(
                "%(name)s has no confirmed on-site place this day. Check them in only if "
                "they are here: their registration will be switched to on site."
            ),
            name=registration.badge_name,
        )
    before = f"{choice.attendance}/{choice.status}" if choice else "none"
    DayChoice.objects.update_or_create(
        registration=registration,
        day=day,
        defaults={
            "attendance": Attendance.ON_SITE,
            "status": SeatStatus.CONFIRMED,
            "queued_at": choice.queued_at if choice else clock.now(),
        },
    )
    record(
        actor=actor,
        action="meeting.switched_to_on_site",
        target=day.meeting,
        details={"registration": registration.pk, "day": day.date.isoformat(), "was": before},
    )


def _already(existing: CheckIn) -> DomainError:
    return DomainError(
        "already_checked_in",
        _("%(name)s was already checked in at %(time)s."),
        name=existing.registration.badge_name,
        time=local_time(existing.checked_in_at),
    )


@transaction.atomic
def check_in(
    *,
    day: MeetingDay,
    actor,
    code: str = "",
    registration=None,
    switch_to_on_site: bool = False,
    now: datetime | None = None,
) -> CheckIn:
    """Record that a registered person arrived on site on `day`, from a badge code or a search.

    Raises DomainError: "forbidden", "check_in_not_open", "check_in_closed", "invalid_code",
    "other_meeting", "cancelled", "registered_remote", "not_registered_on_site" or
    "already_checked_in".
    """
    now = now or clock.now()
    require_manager(actor, day.meeting)
    require_open(day, now)
    method = CheckInMethod.SEARCH if registration is not None else CheckInMethod.SCAN
    if registration is None:
        registration = _registration_from_code(day, code)
    if registration.meeting_id != day.meeting_id:
        raise DomainError("other_meeting", _("This badge is for another meeting."), fields=["code"])
    if not registration.is_active:
        raise DomainError(
            "cancelled",
            _("%(name)s cancelled their registration."),
            name=registration.badge_name,
        )
    existing = CheckIn.objects.filter(registration=registration, day=day).first()
    if existing is not None:
        raise _already(existing)
    _require_on_site(registration, day, actor=actor, switch=switch_to_on_site)
    try:
        with transaction.atomic():
            entry = CheckIn.objects.create(
                registration=registration,
                day=day,
                checked_in_at=now,
                checked_in_by=actor,
                method=method,
            )
    except IntegrityError as error:
        # Two scanners read the same badge at once: the other one won.
        raise _already(CheckIn.objects.get(registration=registration, day=day)) from error
    record(
        actor=actor,
        action="meeting.checked_in",
        target=day.meeting,
        details={"registration": registration.pk, "day": day.date.isoformat(), "method": method},
    )
    return entry


def search_registrations(*, day: MeetingDay, actor, query: str) -> list[Registration]:
    """Active registrations matching a name or an organisation, with their state on `day`.

    Each result carries `attendance` (the day's choice) and `checked_in_at` (or None).
    """
    require_manager(actor, day.meeting)
    words = normalise(query).split()
    if not words:
        return []
    # Matching happens in Python on unaccented names: "Helene" finds "Hélène" on SQLite and
    # PostgreSQL alike. A meeting has a few hundred registrations, read in one query.
    candidates = Registration.objects.filter(
        meeting=day.meeting, cancelled_at__isnull=True
    ).values_list(
        "pk", "badge_name", "badge_organisation", "person__display_name", "organisation__name"
    )
    matching = [
        pk
        for pk, *texts in candidates
        if all(word in normalise(" ".join(t or "" for t in texts)) for word in words)
    ]
    choice = DayChoice.objects.filter(registration=OuterRef("pk"), day=day)
    arrival = CheckIn.objects.filter(registration=OuterRef("pk"), day=day)
    return list(
        Registration.objects.filter(pk__in=matching)
        .annotate(
            attendance=Subquery(choice.values("attendance")[:1]),
            checked_in_at=Subquery(arrival.values("checked_in_at")[:1]),
        )
        .order_by("badge_name", "pk")[:SEARCH_LIMIT]
    )
