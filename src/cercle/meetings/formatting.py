"""How days and time slots of a meeting are written for people (Europe/Paris)."""

from django.utils import formats, timezone

from cercle.meetings.models import PARIS, MeetingDay, Session


def day_label(day: MeetingDay) -> str:
    return formats.date_format(day.date, "l j F Y").capitalize()


def time_range(session: Session) -> str:
    start = timezone.localtime(session.starts_at, PARIS)
    end = timezone.localtime(session.ends_at, PARIS)
    return f"{start:%H:%M}–{end:%H:%M}"
