"""Who may cost, pledge and move pledges, in plain functions that services and views both call."""

from cercle.core.permissions import is_vendor_staff
from cercle.funding.enums import TRANSITIONS
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Organisation
from cercle.organisations.permissions import organisation_ids


def can_cost(user) -> bool:
    """Vendor staff cost retained requests and choose how the cost is shared."""
    return is_vendor_staff(user)


def pledging_organisations(user):
    """The organisations this person pledges for: active members where they are référent.

    Vendor staff never pledge (the vendor is paid, it does not co-fund its own work), and
    the vendor organisation is not a co-funder either.
    """
    if not user.is_authenticated or is_vendor_staff(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            is_active=True, memberships__user=user, memberships__role=Role.REFERENT
        )
        .exclude(kind=OrganisationKind.VENDOR)
        .order_by("name")
    )


def pledges_for(user, organisation, role) -> bool:
    """The rule of `pledging_organisations`, for an organisation already read with the
    person's role in it (a page that has their memberships at hand)."""
    return (
        user.is_authenticated
        and not is_vendor_staff(user)
        and role == Role.REFERENT
        and organisation.is_active
        and organisation.kind != OrganisationKind.VENDOR
    )


def can_pledge(user, organisation) -> bool:
    return pledging_organisations(user).filter(pk=organisation.pk).exists()


def pledge_roles(user, pledge, *, referent_ids=None) -> set[str]:
    """The roles of TRANSITIONS this person holds on a pledge: "staff" and/or "member"."""
    roles = set()
    if is_vendor_staff(user):
        roles.add("staff")
    if referent_ids is None:
        referent_ids = organisation_ids(user, role=Role.REFERENT)
    if pledge.organisation_id in referent_ids:
        roles.add("member")
    return roles


def allowed_moves(user, pledge, *, referent_ids=None) -> list[str]:
    """The statuses this person may move a pledge to, in the order of TRANSITIONS."""
    roles = pledge_roles(user, pledge, referent_ids=referent_ids)
    return [
        target
        for (source, target), allowed in TRANSITIONS.items()
        if source == pledge.status and roles & allowed
    ]


def can_move_pledge(user, pledge, to_status) -> bool:
    allowed = TRANSITIONS.get((pledge.status, to_status), set())
    return bool(pledge_roles(user, pledge) & allowed)
