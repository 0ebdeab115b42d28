from django.db.models import Exists, OuterRef

from cercle.core.permissions import is_vendor_staff
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Organisation
from cercle.organisations.permissions import organisation_ids
from cercle.requests.enums import OPEN_FOR_ENDORSEMENT, Status
from cercle.requests.models import Endorsement


def can_view(user, improvement) -> bool:
    """Drafts stay within the filing organisation (and staff); everything else is public."""
    if improvement.status != Status.DRAFT:
        return True
    return is_vendor_staff(user) or improvement.organisation_id in organisation_ids(user)


def can_edit(user, improvement) -> bool:
    if is_vendor_staff(user):
        return True
    if improvement.status not in {Status.DRAFT, Status.NEEDS_INFO}:
        return False
    return improvement.author_id == user.pk or improvement.organisation_id in (
        organisation_ids(user, role=Role.REFERENT)
    )


def filing_organisations(user):
    """The organisations a person may file a request for: the ones they belong to."""
    return Organisation.objects.filter(memberships__user=user, is_active=True).order_by("name")


def endorsing_organisations(user, improvement):
    """Organisations this person may endorse for: where they are référent, not yet endorsing."""
    if not user.is_authenticated or improvement.status not in OPEN_FOR_ENDORSEMENT:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Role.REFERENT, is_active=True
        )
        .exclude(endorsements__request=improvement)
        .order_by("name")
    )


def referent_organisations(user, improvement) -> list[Organisation]:
    """The organisations where the person is référent, each with `endorses` (whether it
    endorses this request already): what a request's page needs, in one query."""
    if not user.is_authenticated:
        return []
    endorses = Endorsement.objects.filter(request=improvement, organisation=OuterRef("pk"))
    return list(
        Organisation.objects.filter(memberships__user=user, memberships__role=Role.REFERENT)
        .annotate(endorses=Exists(endorses))
        .order_by("name")
    )


def can_endorse(user, improvement, organisation) -> bool:
    return improvement.status in OPEN_FOR_ENDORSEMENT and organisation.pk in organisation_ids(
        user, role=Role.REFERENT
    )


def referent_organisation_ids(user) -> set[int]:
    return organisation_ids(user, role=Role.REFERENT)


def can_withdraw(user, improvement, organisation, *, referent_ids=None) -> bool:
    """A référent withdraws their organisation's endorsement; the filer's one stays."""
    if referent_ids is None:
        referent_ids = referent_organisation_ids(user)
    return organisation.pk != improvement.organisation_id and organisation.pk in referent_ids


def can_take_part(user, improvement) -> bool:
    """Support (+1) and comments: any signed-in person on a filed request."""
    return user.is_authenticated and improvement.status != Status.DRAFT


def can_triage(user) -> bool:
    return is_vendor_staff(user)


def counts_towards_threshold(organisation) -> bool:
    """Only the club's members count towards the K endorsements a request needs.

    A member is an active organisation (``is_active``) that is not the vendor: communes,
    EPCI, départements, régions, syndicates, other public bodies and integrators while their
    membership is active. The vendor's support is shown apart and never counts.
    """
    return organisation.is_active and organisation.kind != OrganisationKind.VENDOR


def counted_endorsements(endorsements):
    """The endorsements, among a queryset of them, that count towards the threshold."""
    return endorsements.filter(organisation__is_active=True).exclude(
        organisation__kind=OrganisationKind.VENDOR
    )
