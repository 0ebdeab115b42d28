"""Who may ask, support and moderate the questions of a session."""

from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.meetings.enums import Attendance, SeatStatus
from cercle.meetings.models import DayChoice


def presence(person, session) -> str | None:
    """How `person` attends the day of `session` ("on_site" / "remote"), None if they do not.

    On site counts only with a confirmed place; a waiting-list place is not a seat in the room.
    """
    if not person.is_authenticated:
        return None
    choice = (
        DayChoice.objects.filter(
            registration__meeting_id=session.meeting_id,
            registration__person=person,
            registration__cancelled_at__isnull=True,
            day_id=session.day_id,
        )
        .values("attendance", "status")
        .first()
    )
    if choice is None or choice["attendance"] == Attendance.ABSENT:
        return None
    if choice["attendance"] == Attendance.ON_SITE and choice["status"] != SeatStatus.CONFIRMED:
        return None
    return choice["attendance"]


def require_present(person, session) -> str:
    attendance = presence(person, session)
    if attendance is None:
        raise DomainError(
            "not_registered",
            _(
                "Only people registered for this day of the meeting, on site or remotely, "
                "may ask or support questions."
            ),
        )
    return attendance


def can_moderate(user, session) -> bool:
    """Vendor staff and the moderators named for the session."""
    if not user.is_authenticated:
        return False
    if is_vendor_staff(user):
        return True
    return user.moderated.filter(session_id=session.pk).exists()


def require_moderator(user, session) -> None:
    if not can_moderate(user, session):
        raise DomainError("forbidden", _("Only the moderators of this session may do this."))
