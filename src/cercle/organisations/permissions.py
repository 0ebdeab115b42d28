from cercle.core.permissions import is_vendor_staff
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation


def is_referent(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Role.REFERENT
    ).exists()


def is_member(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def organisation_ids(user, *, role=None) -> set[int]:
    """The organisations a person belongs to (optionally with a given role), as ids."""
    if not user.is_authenticated:
        return set()
    memberships = Membership.objects.filter(user=user)
    if role:
        memberships = memberships.filter(role=role)
    return set(memberships.values_list("organisation_id", flat=True))


def can_manage_members(user, organisation) -> bool:
    """Référents manage their own organisation's members; vendor staff manage every one."""
    return is_vendor_staff(user) or is_referent(user, organisation)


def managed_organisations(user):
    """`can_manage_members` as a query: the organisations whose members this person manages
    (every one for vendor staff, those they are référent of otherwise)."""
    if is_vendor_staff(user):
        return Organisation.objects.all()
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.REFERENT)
