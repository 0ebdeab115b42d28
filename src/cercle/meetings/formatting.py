"""How days and time slots of a meeting are written for people (Europe/Paris)."""

from django.utils import formats, timezone
from django.utils.translation import gettext

from cercle.meetings.models import PARIS, MeetingDay, Session


def day_label(day: MeetingDay) -> str:
    return formats.date_format(day.date, "l j F Y").capitalize()


def time_range(session: Session) -> str:
    start = timezone.localtime(session.starts_at, PARIS)
    end = timezone.localtime(session.ends_at, PARIS)
    return f"{start:%H:%M}–{end:%H:%M}"


def session_texts() -> dict[str, str]:
    """The labels of a programme's session cards, translated once for the whole list."""
    return {
        "room": gettext("Room:"),
        "track": gettext("Track: %(track)s"),
        "profile": gettext("Profile: %(audience)s"),
        "with": gettext("With"),
        "objectives": gettext("Objectives:"),
        "prerequisites": gettext("Prerequisites:"),
        "signup": gettext("Sign-up needed."),
        "edit": gettext("Edit"),
    }
