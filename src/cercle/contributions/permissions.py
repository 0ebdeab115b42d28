"""Who may do what with a call for contributions; services and views both call these."""

from cercle.core.permissions import is_vendor_staff
from cercle.organisations.models import Membership


def can_open_call(user) -> bool:
    """Vendor staff open calls, set their deadline and name the committee."""
    return is_vendor_staff(user)


def can_schedule(user) -> bool:
    """Vendor staff build the programme: they give an accepted proposal its day, time and room."""
    return is_vendor_staff(user)


def is_committee(user, call) -> bool:
    """The programme committee: vendor staff plus the référents named for this meeting."""
    if not user.is_authenticated:
        return False
    return is_vendor_staff(user) or call.referees.filter(pk=user.pk).exists()


def can_propose(user) -> bool:
    """Any signed-in member of an organisation may propose a contribution."""
    return bool(user.is_authenticated and Membership.objects.filter(user=user).exists())


def can_see_proposal(user, proposal) -> bool:
    """The proposer, its speakers with an account, and the committee."""
    if not user.is_authenticated:
        return False
    return (
        proposal.proposer_id == user.pk
        or proposal.speakers.filter(person=user).exists()
        or is_committee(user, proposal.call)
    )
