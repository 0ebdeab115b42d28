"""Read-only questions about a meeting: when it starts, seats left, places in line, agendas.

`programme_sessions` is the one source of workshop availability: the public programme, the
programme preview on the registration page and the registration form all read it.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext, ngettext

from cercle.meetings.enums import Attendance, SeatMode, SeatStatus
from cercle.meetings.models import (
    DayChoice,
    Meeting,
    MeetingDay,
    Session,
    Speaker,
    WorkshopSeat,
)


def starts_at(meeting: Meeting) -> datetime | None:
    """The meeting starts at midnight (Paris) of its first day; edits are allowed until then."""
    first = meeting.days.order_by("date").first()
    return first.at(time(0, 0)) if first else None


@dataclass(frozen=True)
class Availability:
    """Seats of a workshop: on site (always limited) and online (when open to remote)."""

    onsite_capacity: int
    onsite_left: int
    remote_open: bool
    remote_capacity: int | None  # None: no limit
    remote_left: int | None  # None: no limit

    @property
    def onsite_full(self) -> bool:
        return self.onsite_left == 0

    @property
    def remote_full(self) -> bool:
        return self.remote_open and self.remote_left == 0

    @property
    def onsite_text(self) -> str:
        if self.onsite_full:
            return gettext("On site: full, waiting list open.")
        return ngettext(
            "On site: %(counter)s seat left of %(capacity)s.",
            "On site: %(counter)s seats left of %(capacity)s.",
            self.onsite_left,
        ) % {"counter": self.onsite_left, "capacity": self.onsite_capacity}

    @property
    def remote_text(self) -> str:
        if not self.remote_open:
            return gettext("Not open to remote participants.")
        if self.remote_left is None:
            return gettext("Remote: open, no seat limit.")
        if self.remote_full:
            return gettext("Remote: full, waiting list open.")
        return ngettext(
            "Remote: %(counter)s seat left of %(capacity)s.",
            "Remote: %(counter)s seats left of %(capacity)s.",
            self.remote_left,
        ) % {"counter": self.remote_left, "capacity": self.remote_capacity}


def availability(session: Session, onsite_taken: int, remote_taken: int) -> Availability:
    remote_left = None
    if session.open_to_remote and session.remote_capacity is not None:
        remote_left = max(session.remote_capacity - remote_taken, 0)
    return Availability(
        onsite_capacity=session.capacity,
        onsite_left=max(session.capacity - onsite_taken, 0),
        remote_open=session.open_to_remote,
        remote_capacity=session.remote_capacity if session.open_to_remote else None,
        remote_left=remote_left,
    )


def _mine(person) -> dict:
    """The signed-in person's seat in each session, as subqueries of the same query."""
    if person is None or not person.is_authenticated:
        return {}
    seats = WorkshopSeat.objects.filter(
        session=OuterRef("pk"), registration__person=person, registration__cancelled_at=None
    )
    return {
        "my_seat_status": Subquery(seats.values("status")[:1]),
        "my_seat_mode": Subquery(seats.values("mode")[:1]),
    }


def programme_days(meeting: Meeting, *, person=None) -> list[MeetingDay]:
    """The meeting's days, with how `person` (if signed in and registered) attends each."""
    days = meeting.days.all()
    if person is not None and person.is_authenticated:
        choices = DayChoice.objects.filter(
            day=OuterRef("pk"), registration__person=person, registration__cancelled_at=None
        )
        days = days.annotate(
            my_attendance=Subquery(choices.values("attendance")[:1]),
            my_day_status=Subquery(choices.values("status")[:1]),
        )
    return list(days)


def programme_sessions(
    meeting: Meeting, *, person=None, signup_only=False, seats=True
) -> list[Session]:
    """Every session of the meeting in order, workshops with their `availability`.

    One query for the sessions, one for the confirmed seats of each session and mode (a
    grouped count apart costs less than grouping the sessions' rows), one for the speakers;
    with a signed-in `person`, each session also carries their `my_seat_status` and
    `my_seat_mode`. With `seats=False` the seats are not counted (`availability` is None)
    until `count_seats` is called: a submitted form needs its choices, not their seats.
    """
    rows = Session.objects.filter(meeting=meeting)
    # The sessions one signs up for, for a form's choices: their seats, not their speakers.
    if signup_only:
        rows = rows.filter(capacity__isnull=False)
    sessions = list(
        rows.annotate(**_mine(person))
        .select_related("track", "day")
        .order_by("starts_at", "room", "pk")
    )
    if not signup_only:
        # `speaker_list`: read in one query, grouped here (lighter than prefetch_related).
        speakers = defaultdict(list)
        for speaker in Speaker.objects.filter(session__meeting=meeting).order_by("position", "pk"):
            speakers[speaker.session_id].append(speaker)
        for session in sessions:
            session.speaker_list = speakers[session.pk]
    if seats:
        count_seats(meeting, sessions)
    else:
        for session in sessions:
            session.availability = None
    return sessions


def count_seats(meeting: Meeting, sessions: list[Session]) -> None:
    """Set each session's `availability` (None for a session without signup) in one query."""
    taken = Counter()
    seats = WorkshopSeat.objects.filter(session__meeting=meeting, status=SeatStatus.CONFIRMED)
    for session_id, mode, count in (
        seats.values_list("session_id", "mode").annotate(count=Count("pk")).order_by()
    ):
        taken[session_id, mode] = count
    for session in sessions:
        session.availability = (
            availability(
                session, taken[session.pk, SeatMode.ON_SITE], taken[session.pk, SeatMode.REMOTE]
            )
            if session.needs_signup
            else None
        )


def waiting_position(entry) -> int:
    """1 for the first person in line (workshop lines are per mode: on site or remote)."""
    if isinstance(entry, WorkshopSeat):
        line = WorkshopSeat.objects.filter(session_id=entry.session_id, mode=entry.mode)
    else:
        line = DayChoice.objects.filter(day_id=entry.day_id, attendance=Attendance.ON_SITE)
    # Ahead: queued earlier, or at the same time with a smaller id (one count).
    ahead = line.filter(status=SeatStatus.WAITING).filter(
        Q(queued_at__lt=entry.queued_at) | Q(queued_at=entry.queued_at, pk__lt=entry.pk)
    )
    return ahead.count() + 1


def agenda(registration) -> dict:
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
