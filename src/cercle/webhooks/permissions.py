"""Who may register an endpoint, for which organisation, and who sees it and its log."""

from cercle.core.permissions import is_vendor_staff
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation
from cercle.organisations.permissions import is_referent


def referent_organisations(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    ids = Membership.objects.filter(user=user, role=Role.REFERENT).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def can_register(user) -> bool:
    """Vendor staff and référents register endpoints; agents and visitors do not."""
    return is_vendor_staff(user) or referent_organisations(user).exists()


def can_manage(user, endpoint) -> bool:
    """Staff see every endpoint; a référent those of their organisation (their co-référents'
    too), never another organisation's."""
    if is_vendor_staff(user):
        return True
    if endpoint.organisation_id is None:
        return False
    return is_referent(user, endpoint.organisation)


def visible_endpoints(user, queryset):
    if is_vendor_staff(user):
        return queryset
    return queryset.filter(organisation__in=referent_organisations(user))
