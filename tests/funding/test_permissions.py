import pytest

from cercle.core.errors import DomainError
from cercle.funding import permissions, services
from cercle.organisations.enums import OrganisationKind
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.funding.factories import costed_item


def test_referent_may_pledge_for_own_organisation(db):
    organisation = OrganisationFactory()

    assert permissions.can_pledge(referent_of(organisation), organisation)


def test_agent_may_not_pledge(db):
    organisation = OrganisationFactory()

    assert not permissions.can_pledge(agent_of(organisation), organisation)


def test_vendor_staff_may_not_pledge_even_as_referent(db):
    organisation = OrganisationFactory()
    staff = referent_of(organisation, user=StaffFactory())

    assert not permissions.can_pledge(staff, organisation)


def test_referent_of_another_organisation_may_not_pledge(db):
    organisation = OrganisationFactory()

    assert not permissions.can_pledge(referent_of(OrganisationFactory()), organisation)


def test_referent_of_the_vendor_organisation_may_not_pledge(db):
    vendor = OrganisationFactory(kind=OrganisationKind.VENDOR)

    assert not permissions.can_pledge(referent_of(vendor), vendor)


def test_referent_of_an_inactive_organisation_may_not_pledge(db):
    organisation = OrganisationFactory(is_active=False)

    assert not permissions.can_pledge(referent_of(organisation), organisation)


def test_vendor_staff_pledge_refused_by_the_service(db):
    item = costed_item()
    organisation = OrganisationFactory()
    staff = referent_of(organisation, user=StaffFactory())

    with pytest.raises(DomainError) as excinfo:
        services.pledge(item=item, organisation=organisation, person=staff, amount_cents=100)

    assert excinfo.value.code == "forbidden"
    assert organisation.name in excinfo.value.message


def test_referent_moves_own_pledge_but_not_another_organisation_s(db):
    item = costed_item()
    organisation, other = OrganisationFactory(), OrganisationFactory()
    referent = referent_of(organisation)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=100
    )

    assert permissions.allowed_moves(referent, pledge) == ["committed", "withdrawn"]
    assert permissions.allowed_moves(referent_of(other), pledge) == []
    assert permissions.allowed_moves(agent_of(organisation), pledge) == []
