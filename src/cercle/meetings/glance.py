"""The programme at a glance: a timetable per day (one column per room) and the viewer's marks.

The layout is a CSS grid whose cells are named by classes (the Content-Security-Policy allows
no style attribute): `tt-r<n>` the first row, `tt-s<n>` how many rows, `tt-c<n>` the column,
`tt-w<n>` how many columns. meetings/static/meetings/timetable.css defines them up to the
bounds below; a day beyond them, or whose sessions cannot be laid out without overlapping,
stays a list (which is also what phones always get).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.meetings.enums import Attendance, SeatMode, SeatStatus
from cercle.meetings.models import PARIS

MAX_ROOMS = 8
MAX_SLOTS = 48
NO_ROOM = ""


@dataclass(frozen=True)
class Heading:
    """A label of the grid: a room above its column, or a time left of its row."""

    label: str
    classes: str


@dataclass(frozen=True)
class Timetable:
    rooms: list[Heading]
    times: list[Heading]


def _columns(sessions) -> list[str] | None:
    """Room keys in column order; sessions without a room get a column only if they overlap."""
    names = {}
    for session in sessions:
        if session.room.strip():
            names.setdefault(session.room.strip().lower(), session.room.strip())
    keys = sorted(names, key=lambda key: names[key].lower())
    roomless = [s for s in sessions if not s.room.strip()]
    if any(s.overlaps(other) for s in roomless for other in sessions if other is not s):
        keys.append(NO_ROOM)
    return keys if len(keys) <= MAX_ROOMS else None


def _place(session, *, rows, columns) -> str:
    start = rows.index(session.starts_at) + 2
    span = rows.index(session.ends_at) + 2 - start
    key = session.room.strip().lower()
    if key or NO_ROOM in columns:
        return f"tt-r{start} tt-s{span} tt-c{columns.index(key) + 2}"
    return f"tt-r{start} tt-s{span} tt-c2 tt-w{max(len(columns), 1)}"


def layout(sessions) -> Timetable | None:
    """Give each session its `grid` classes; None when the day is better read as a list."""
    if not sessions:
        return None
    columns = _columns(sessions)
    rows = sorted({s.starts_at for s in sessions} | {s.ends_at for s in sessions})
    if columns is None or len(rows) - 1 > MAX_SLOTS:
        return None
    by_column = {}
    for session in sessions:
        taken = by_column.setdefault(session.room.strip().lower(), [])
        if any(session.overlaps(other) for other in taken):
            return None
        taken.append(session)
    for session in sessions:
        session.grid = _place(session, rows=rows, columns=columns)
    names = {s.room.strip().lower(): s.room.strip() for s in sessions if s.room.strip()}
    return Timetable(
        rooms=[
            Heading(names.get(key) or _("No room given"), f"tt-r1 tt-c{n + 2}")
            for n, key in enumerate(columns)
        ],
        times=[
            Heading(f"{timezone.localtime(moment, PARIS):%H:%M}", f"tt-r{n + 2} tt-c1")
            for n, moment in enumerate(rows[:-1])
        ],
    )


def _seat_label(session) -> str:
    remote = session.my_seat_mode == SeatMode.REMOTE
    if session.my_seat_status == SeatStatus.WAITING:
        return (
            _("My workshop: on the waiting list (remote)")
            if remote
            else _("My workshop: on the waiting list (on site)")
        )
    return (
        _("My workshop: seat confirmed (remote)")
        if remote
        else _("My workshop: seat confirmed (on site)")
    )


def _day_label(day) -> str:
    if day.my_attendance == Attendance.REMOTE:
        return _("I follow this day remotely")
    if day.my_attendance == Attendance.ABSENT:
        return _("I do not attend this day")
    if day.my_day_status == SeatStatus.WAITING:
        return _("I am on the waiting list to come on site this day")
    return _("I come on site this day")


def mark_mine(days) -> None:
    """Write the viewer's own day and workshop marks (annotated by the selectors) as text."""
    for day in days:
        day.mine = _day_label(day) if getattr(day, "my_attendance", None) else ""
        for session in day.programme:
            session.mine = _seat_label(session) if getattr(session, "my_seat_status", None) else ""
