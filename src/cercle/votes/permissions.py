"""Who may vote and who may run campaigns, in plain functions services and views both call."""

from cercle.core.permissions import is_vendor_staff
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Organisation


def electorate():
    """The organisations allowed to vote: active members of the club, not the vendor."""
    return Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.VENDOR)


def voting_organisations(user):
    """The organisations this person casts the ballot for: where they are référent."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return electorate().filter(memberships__user=user, memberships__role=Role.REFERENT)


def can_vote(user, organisation) -> bool:
    return voting_organisations(user).filter(pk=organisation.pk).exists()


def can_manage(user) -> bool:
    return is_vendor_staff(user)


def is_elector(user) -> bool:
    """This person casts a ballot for at least one organisation of the electorate."""
    return voting_organisations(user).exists()


def can_read_options(user, campaign) -> bool:
    """Whether the pages an option links to are open to this person: a request's page for
    anyone (it shows what it may itself); a hosting candidacy's page for the people who may
    vote in the campaign (the référents of the electorate) and staff. The hosting app applies
    this same rule to the candidacies on the ballot."""
    if not campaign.is_hosting:
        return True
    return can_manage(user) or is_elector(user)
