"""Who may read and change the guide, a meeting's retrospective and its checklist."""

from cercle.core.permissions import is_vendor_staff
from cercle.guide.enums import Responsible
from cercle.meetings.permissions import can_manage_meeting
from cercle.organisations.models import Membership


def can_read_guide(user) -> bool:
    """The guide is for the club: vendor staff and every member of an organisation."""
    if not user.is_authenticated:
        return False
    return is_vendor_staff(user) or Membership.objects.filter(user=user).exists()


def can_edit_guide(user) -> bool:
    return is_vendor_staff(user)


def can_use_board(user, meeting) -> bool:
    """Staff and the host organisation's référents read the board and add items to it."""
    return can_manage_meeting(user, meeting)


def can_decide_actions(user) -> bool:
    """Turning an item into an action (and the guide's changes that follow) is staff's call."""
    return is_vendor_staff(user)


def can_see_checklist(user, meeting) -> bool:
    return can_manage_meeting(user, meeting)


STAFF = "staff"
HOST = "host"


def checklist_role(user, meeting) -> str | None:
    """Who the person is for the meeting's checklist: staff (tick any task), the host's
    référent (tick the host's tasks), or nobody (None)."""
    if is_vendor_staff(user):
        return STAFF
    return HOST if can_manage_meeting(user, meeting) else None


def role_may_update(role: str | None, task) -> bool:
    return role == STAFF or (role == HOST and task.responsible == Responsible.HOST)


def can_update_task(user, task, meeting) -> bool:
    """Staff tick any task; the host's référents tick the host's tasks."""
    if is_vendor_staff(user):
        return True
    return task.responsible == Responsible.HOST and can_manage_meeting(user, meeting)
