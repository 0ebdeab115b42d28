"""Who answers the evaluation (registrants) and who runs it and reads results (organisers)."""

from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.meetings.models import Registration
from cercle.meetings.permissions import can_manage_meeting


def registration_of(person, meeting) -> Registration | None:
    """The person's active registration for the meeting, None for anyone else."""
    if person is None or not person.is_authenticated:
        return None
    return Registration.objects.filter(
        meeting=meeting, person=person, cancelled_at__isnull=True
    ).first()


def require_registrant(person, meeting) -> Registration:
    registration = registration_of(person, meeting)
    if registration is None:
        raise DomainError(
            "not_registered",
            _("Only the people registered for this meeting may answer its evaluation."),
        )
    return registration


def can_run_evaluation(user, meeting) -> bool:
    """Vendor staff and the host's référents open, close and read the evaluation."""
    return bool(user.is_authenticated and can_manage_meeting(user, meeting))


def require_organiser(user, meeting) -> None:
    if not can_run_evaluation(user, meeting):
        raise DomainError("forbidden", _("Only the meeting's organisers may do this."))
