import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.organisations import services
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.organisations.permissions import can_manage_members, managed_organisations
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of


def members_url(organisation):
    return reverse("organisations:members", args=[organisation.slug])


def test_members_page_allowed_for_own_referent(client, organisation, referent, agent):
    client.force_login(referent)
    response = client.get(members_url(organisation))
    assert response.status_code == 200
    assert agent.email in response.content.decode()


def test_members_page_allowed_for_vendor_staff(client, organisation, staff):
    client.force_login(staff)
    assert client.get(members_url(organisation)).status_code == 200


def test_members_page_refused_for_agent(client, organisation, agent):
    client.force_login(agent)
    assert client.get(members_url(organisation)).status_code == 403


def test_members_page_refused_for_other_organisation_referent(client, organisation):
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(members_url(organisation)).status_code == 403


def test_members_page_redirects_anonymous_to_login(client, organisation):
    response = client.get(members_url(organisation))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _change_role(client, organisation, membership, role):
    return client.post(
        reverse("organisations:change_role", args=[organisation.slug, membership.pk]),
        {"role": role},
        follow=True,
    )


def test_referent_promotes_agent(client, organisation, referent, agent):
    client.force_login(referent)
    membership = agent.memberships.get()
    _change_role(client, organisation, membership, Role.REFERENT)
    membership.refresh_from_db()
    assert membership.role == Role.REFERENT
    entry = AuditEntry.objects.get(action="membership.role_changed")
    assert (entry.actor, entry.details["to"]) == (referent, "referent")


def test_agent_cannot_change_roles(client, organisation, agent):
    other = agent_of(organisation)
    client.force_login(agent)
    response = client.post(
        reverse("organisations:change_role", args=[organisation.slug, other.memberships.get().pk]),
        {"role": Role.REFERENT},
    )
    assert response.status_code == 403
    assert other.memberships.get().role == Role.AGENT


def test_referent_cannot_change_roles_in_another_organisation(client, organisation, agent):
    client.force_login(referent_of(OrganisationFactory()))
    response = client.post(
        reverse("organisations:change_role", args=[organisation.slug, agent.memberships.get().pk]),
        {"role": Role.REFERENT},
    )
    assert response.status_code == 403


def test_membership_of_other_organisation_not_reachable_through_own_slug(client, organisation):
    own_referent = referent_of(organisation)
    foreign = agent_of(OrganisationFactory())
    client.force_login(own_referent)
    response = client.post(
        reverse(
            "organisations:remove_member", args=[organisation.slug, foreign.memberships.get().pk]
        )
    )
    assert response.status_code == 404
    assert foreign.memberships.exists()


def test_last_referent_cannot_demote_themselves(client, organisation, referent):
    client.force_login(referent)
    response = _change_role(client, organisation, referent.memberships.get(), Role.AGENT)
    assert "au moins un référent" in response.content.decode()
    assert referent.memberships.get().role == Role.REFERENT


def test_last_referent_cannot_remove_themselves(client, organisation, referent):
    client.force_login(referent)
    response = client.post(
        reverse(
            "organisations:remove_member", args=[organisation.slug, referent.memberships.get().pk]
        ),
        follow=True,
    )
    assert "au moins un référent" in response.content.decode()
    assert referent.memberships.exists()


def test_referent_can_leave_when_another_referent_remains(client, organisation, referent):
    referent_of(organisation)
    client.force_login(referent)
    client.post(
        reverse(
            "organisations:remove_member", args=[organisation.slug, referent.memberships.get().pk]
        )
    )
    assert not referent.memberships.exists()


def test_referent_removes_agent_and_audit_records_it(client, organisation, referent, agent):
    client.force_login(referent)
    client.post(
        reverse("organisations:remove_member", args=[organisation.slug, agent.memberships.get().pk])
    )
    assert not Membership.objects.filter(user=agent).exists()
    entry = AuditEntry.objects.get(action="membership.removed")
    assert entry.details == {"member": agent.email, "role": "agent"}


def test_staff_can_remove_member_of_any_organisation(client, organisation, agent):
    client.force_login(StaffFactory())
    client.post(
        reverse("organisations:remove_member", args=[organisation.slug, agent.memberships.get().pk])
    )
    assert not agent.memberships.exists()


def test_person_may_belong_to_two_organisations(db):
    person = UserFactory()
    city, syndicate = OrganisationFactory(), OrganisationFactory()
    referent_of(city, user=person)
    agent_of(syndicate, user=person)
    assert set(person.memberships.values_list("organisation__name", flat=True)) == {
        city.name,
        syndicate.name,
    }


def test_audit_entries_are_append_only(organisation, referent, agent):
    services.remove_member(membership=agent.memberships.get(), actor=referent)
    entry = AuditEntry.objects.get()
    entry.action = "tampered"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_change_role_service_refuses_last_referent_with_code(organisation, referent):
    with pytest.raises(DomainError) as error:
        services.change_role(membership=referent.memberships.get(), role=Role.AGENT, actor=referent)
    assert error.value.code == "last_referent"


def test_change_role_service_refuses_agent_with_code(organisation, agent):
    other = agent_of(organisation)
    with pytest.raises(DomainError) as error:
        services.change_role(membership=other.memberships.get(), role=Role.REFERENT, actor=agent)
    assert error.value.code == "forbidden"
    assert other.memberships.get().role == Role.AGENT


def test_change_role_service_refuses_unknown_role_with_code(organisation, referent, agent):
    with pytest.raises(DomainError) as error:
        services.change_role(membership=agent.memberships.get(), role="boss", actor=referent)
    assert error.value.code == "invalid_role"


def test_remove_member_service_refuses_other_organisation_referent(organisation, agent):
    with pytest.raises(DomainError) as error:
        services.remove_member(
            membership=agent.memberships.get(), actor=referent_of(OrganisationFactory())
        )
    assert error.value.code == "forbidden"
    assert agent.memberships.exists()


def test_remove_member_service_refuses_last_referent_with_code(organisation, referent):
    with pytest.raises(DomainError) as error:
        services.remove_member(membership=referent.memberships.get(), actor=referent)
    assert error.value.code == "last_referent"


def test_invite_service_refuses_existing_member_with_code(organisation, referent, agent):
    with pytest.raises(DomainError) as error:
        services.invite_member(
            organisation=organisation,
            email=agent.email.upper(),
            role=Role.AGENT,
            invited_by=referent,
        )
    assert error.value.code == "already_member"


def test_managed_organisations_is_the_rule_of_can_manage_members(organisation, staff):
    """The members' pages read the organisation through `managed_organisations`, the services
    check `can_manage_members`: both say the same of every kind of person."""
    other = OrganisationFactory()
    people = {
        "staff": staff,
        "referent": referent_of(organisation),
        "agent": agent_of(organisation),
        "other referent": referent_of(other),
        "no organisation": UserFactory(),
        "anonymous": AnonymousUser(),
    }
    for kind, person in people.items():
        managed = set(managed_organisations(person))
        for candidate in (organisation, other):
            assert (candidate in managed) == can_manage_members(person, candidate), kind
