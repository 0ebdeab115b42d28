"""Who may see archives, documents and certificates; organising rights come from meetings."""

from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.permissions import can_manage_meeting, can_view_meeting
from cercle.onsite.enums import Visibility
from cercle.organisations.models import Membership

ARCHIVED = (MeetingStatus.HELD, MeetingStatus.ARCHIVED)


def require_manager(actor, meeting) -> None:
    """Vendor staff and the host's référents run badges, check-in, recordings and documents."""
    if not can_manage_meeting(actor, meeting):
        raise DomainError("forbidden", _("You may not do this for this meeting."))


def is_club_member(user) -> bool:
    return bool(
        user.is_authenticated
        and (is_vendor_staff(user) or Membership.objects.filter(user=user).exists())
    )


def can_see_archive(user, meeting) -> bool:
    """Anyone may read the archive of a meeting once it has been held, nobody before."""
    return meeting.status in ARCHIVED


def can_see_document(user, document, *, member: bool | None = None) -> bool:
    """Public documents for everyone; members-only ones for people of a member organisation.

    `member` lets a page that lists many documents ask the database once.
    """
    if not can_view_meeting(user, document.session.meeting):
        return False
    if document.visibility == Visibility.PUBLIC:
        return True
    return is_club_member(user) if member is None else member


def can_get_certificate(user, registration) -> bool:
    if not user.is_authenticated:
        return False
    return registration.person_id == user.pk or can_manage_meeting(user, registration.meeting)
