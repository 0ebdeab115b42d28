"""Seats and waiting lists: on-site places per day, workshop seats per mode (on site, remote).

Callers hold the meeting's row lock, so seats are counted one registration after the other.
A workshop seat follows how its holder attends that day: people on site share the room's
seats (`capacity`), people attending remotely share the online seats (`remote_capacity`, no
limit when empty) of a workshop open to remote participants. Each mode has its own line.
"""

from cercle.meetings.enums import Attendance, SeatMode, SeatStatus
from cercle.meetings.models import DayChoice, Meeting, MeetingDay, Session, WorkshopSeat
from cercle.meetings.services.mail import mark_promoted


def has_free_seat(session: Session, mode: str) -> bool:
    seats = session.seats_for(mode)
    if seats is None:
        return True
    taken = WorkshopSeat.objects.filter(session=session, mode=mode, status=SeatStatus.CONFIRMED)
    return taken.count() < seats


def promote_day(meeting: Meeting, day: MeetingDay) -> None:
    """Give freed on-site places of a day to the first people in line."""
    on_site = DayChoice.objects.filter(day=day, attendance=Attendance.ON_SITE)
    waiting = on_site.filter(status=SeatStatus.WAITING).order_by("queued_at", "pk")
    if meeting.onsite_capacity is None:
        free = waiting.count()
    else:
        free = meeting.onsite_capacity - on_site.filter(status=SeatStatus.CONFIRMED).count()
    for choice in waiting[: max(free, 0)]:
        mark_promoted(choice)


def promote_session(session: Session, modes=SeatMode.values) -> None:
    """Give freed seats of a workshop to the first people in line of the same mode."""
    for mode in modes:
        seats = WorkshopSeat.objects.filter(session=session, mode=mode)
        waiting = seats.filter(status=SeatStatus.WAITING).order_by("queued_at", "pk")
        capacity = session.seats_for(mode)
        if capacity is None:
            free = waiting.count()
        else:
            free = capacity - seats.filter(status=SeatStatus.CONFIRMED).count()
        for seat in waiting[: max(free, 0)]:
            mark_promoted(seat)


def apply_days(meeting, registration, days, wanted_modes, previous_days, now) -> list:
    """Store the day choices; returns the days whose confirmed on-site place was given up."""
    freed = []
    for day in days:
        wanted = wanted_modes[day.pk]
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
        values = {"attendance": wanted, "status": status, "queued_at": now, "promotion_due": False}
        if previous is None:
            # No choice for this day yet (a cancelled registration's were deleted with it).
            DayChoice.objects.create(registration=registration, day=day, **values)
        else:
            DayChoice.objects.filter(pk=previous.pk).update(**values)
    return freed


def apply_workshops(registration, sessions, day_modes, now, *, keep: bool) -> list:
    """Store the workshop seats; returns the (session, mode) seats given up.

    A seat whose day changed mode (on site to remote or back) is given up and the person
    joins the line of the new mode, at its end: a remote attendee never keeps an on-site seat.
    """
    wanted = {session.pk: session for session in sessions}
    current = {seat.session_id: seat for seat in registration.workshops.all()} if keep else {}
    freed = []
    for session_id, seat in current.items():
        mode = day_modes.get(wanted[session_id].day_id) if session_id in wanted else None
        if mode == seat.mode:
            continue
        if seat.status == SeatStatus.CONFIRMED:
            freed.append((seat.session, seat.mode))
        seat.delete()
    for session_id, session in wanted.items():
        mode = day_modes[session.day_id]
        if session_id in current and current[session_id].mode == mode:
            continue
        WorkshopSeat.objects.create(
            registration=registration,
            session=session,
            mode=mode,
            status=SeatStatus.CONFIRMED if has_free_seat(session, mode) else SeatStatus.WAITING,
            queued_at=now,
        )
    return freed
