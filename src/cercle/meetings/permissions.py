"""Who may do what with club meetings; services and views both call these."""

from cercle.core.permissions import is_vendor_staff
from cercle.meetings.enums import MeetingStatus
from cercle.organisations.models import Membership
from cercle.organisations.permissions import is_referent


def can_create_meeting(user) -> bool:
    return is_vendor_staff(user)


def can_manage_meeting(user, meeting) -> bool:
    """Vendor staff and the host organisation's référents edit the meeting and see its figures."""
    return is_vendor_staff(user) or is_referent(user, meeting.host_id)


def can_view_meeting(user, meeting) -> bool:
    return meeting.status != MeetingStatus.DRAFT or can_manage_meeting(user, meeting)


def can_register(user) -> bool:
    """Any signed-in member of an organisation may register (for one of their organisations)."""
    return bool(user.is_authenticated and Membership.objects.filter(user=user).exists())


def can_see_registration(user, registration) -> bool:
    if not user.is_authenticated:
        return False
    return registration.person_id == user.pk or can_manage_meeting(user, registration.meeting)
