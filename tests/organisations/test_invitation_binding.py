"""An invitation belongs to the address it was sent to, unless a référent re-addresses it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.organisations import services
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation, Membership
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, UserFactory, agent_of, referent_of

INVITED = "invited@example.test"


@pytest.fixture
def token(organisation, referent):
    return services.invite_member(
        organisation=organisation, email=INVITED, role=Role.REFERENT, invited_by=referent
    )


def url(token):
    return reverse("organisations:invitation", args=[token])


def test_invitation_other_signed_in_person_sees_refusal_page(client, organisation, token):
    client.force_login(UserFactory(email="someone.else@example.test"))
    response = client.get(url(token))
    html = response.content.decode()
    assert response.status_code == 403
    assert "a été envoyée à une autre adresse" in html
    assert "someone.else@example.test" in html


def test_invitation_other_signed_in_person_cannot_accept(client, organisation, token):
    intruder = UserFactory(email="someone.else@example.test")
    client.force_login(intruder)
    response = client.post(url(token))
    assert response.status_code == 403
    assert not Membership.objects.filter(user=intruder).exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_service_refuses_other_person(organisation, token):
    intruder = UserFactory(email="someone.else@example.test")
    with pytest.raises(DomainError) as error:
        services.accept_invitation(token=token, user=intruder)
    assert error.value.code == "other_address"
    assert not Membership.objects.filter(user=intruder).exists()


def test_invitation_addressee_accepts_whatever_the_case_of_the_address(client, organisation, token):
    person = UserFactory(email="Invited@Example.TEST")
    client.force_login(person)
    response = client.post(url(token))
    assert response.status_code == 302
    assert Membership.objects.get(user=person).role == Role.REFERENT


def test_invitation_expired_refused_to_addressee(client, organisation, token):
    person = UserFactory(email=INVITED)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(person)
    response = client.post(url(token))
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_invitation_expired_service_code(organisation, token):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError) as error:
        services.accept_invitation(token=token, user=UserFactory(email=INVITED))
    assert error.value.code == "expired"


def test_invitation_used_twice_refused_with_used_code(organisation, token):
    person = UserFactory(email=INVITED)
    services.accept_invitation(token=token, user=person)
    with pytest.raises(DomainError) as error:
        services.accept_invitation(token=token, user=person)
    assert error.value.code == "used"


def test_invitation_used_page_says_already_used_to_the_addressee(client, organisation, token):
    person = UserFactory(email=INVITED)
    services.accept_invitation(token=token, user=person)
    client.force_login(person)
    response = client.post(url(token))
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()


def test_invitation_signed_out_with_existing_account_creates_nothing(client, organisation, token):
    UserFactory(email=INVITED)
    response = client.post(
        url(token),
        {"display_name": "X", "password1": "Un mot de passe 42", "password2": "Un mot de passe 42"},
    )
    assert response.status_code == 200
    assert "Un compte existe déjà" in response.content.decode()
    assert not Membership.objects.filter(user__email=INVITED).exists()


def test_invitation_account_creation_refused_when_account_exists(organisation, token):
    UserFactory(email=INVITED)
    with pytest.raises(DomainError) as error:
        services.create_account_and_accept(token=token, display_name="X", password="p4ssw0rd!")
    assert error.value.code == "account_exists"


def test_readdressed_invitation_works_for_the_new_address_only(organisation, referent, token):
    invitation = Invitation.objects.get()
    services.readdress_invitation(
        invitation=invitation, email="Other.Address@example.test", actor=referent
    )
    with pytest.raises(DomainError) as error:
        services.accept_invitation(token=token, user=UserFactory(email=INVITED))
    assert error.value.code == "other_address"
    newcomer = UserFactory(email="other.address@example.test")
    services.accept_invitation(token=token, user=newcomer)
    assert Membership.objects.get(user=newcomer).organisation == organisation
    entry = AuditEntry.objects.get(action="membership.invitation_readdressed")
    assert (entry.actor, entry.details["from"], entry.details["to"]) == (
        referent,
        INVITED,
        "other.address@example.test",
    )


@pytest.mark.parametrize("who", ["agent", "other_referent"])
def test_readdress_refused_to_non_managers(organisation, token, who):
    actor = agent_of(organisation) if who == "agent" else referent_of(OrganisationFactory())
    with pytest.raises(DomainError) as error:
        services.readdress_invitation(
            invitation=Invitation.objects.get(), email="thief@example.test", actor=actor
        )
    assert error.value.code == "forbidden"
    assert Invitation.objects.get().email == INVITED


def test_readdress_refused_for_used_invitation(organisation, referent, token):
    services.accept_invitation(token=token, user=UserFactory(email=INVITED))
    with pytest.raises(DomainError) as error:
        services.readdress_invitation(
            invitation=Invitation.objects.get(), email="late@example.test", actor=referent
        )
    assert error.value.code == "used"


def test_readdress_through_members_page(client, organisation, referent, token):
    invitation = Invitation.objects.get()
    client.force_login(referent)
    page = client.get(reverse("organisations:members", args=[organisation.slug])).content
    action = reverse("organisations:readdress_invitation", args=[organisation.slug, invitation.pk])
    assert action in page.decode()
    response = client.post(action, {"email": "right.address@example.test"}, follow=True)
    assert "right.address@example.test" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.email == "right.address@example.test"


def test_readdress_view_refused_to_agent(client, organisation, token):
    invitation = Invitation.objects.get()
    client.force_login(agent_of(organisation))
    response = client.post(
        reverse("organisations:readdress_invitation", args=[organisation.slug, invitation.pk]),
        {"email": "thief@example.test"},
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.email == INVITED


def test_readdress_view_bad_address_keeps_invitation(client, organisation, referent, token):
    invitation = Invitation.objects.get()
    client.force_login(referent)
    response = client.post(
        reverse("organisations:readdress_invitation", args=[organisation.slug, invitation.pk]),
        {"email": "not an address\n=HYPERLINK(1)"},
        follow=True,
    )
    assert response.status_code == 200
    assert "adresse électronique valide" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.email == INVITED


def test_invitation_email_in_the_existing_accounts_language(organisation, referent):
    UserFactory(email="english@example.test", language="en")
    services.invite_member(
        organisation=organisation,
        email="english@example.test",
        role=Role.AGENT,
        invited_by=referent,
    )
    message = Message.objects.get()
    assert message.subject == f"Cercle: you are invited to join {organisation.name}"


def test_invitation_email_in_site_default_language_for_new_address(organisation):
    english_referent = referent_of(organisation, user=UserFactory(language="en"))
    services.invite_member(
        organisation=organisation,
        email="newcomer@example.test",
        role=Role.AGENT,
        invited_by=english_referent,
    )
    message = Message.objects.get()
    assert message.subject.startswith("Cercle : vous êtes invité")


def test_invitation_email_keeps_apostrophes_of_the_organisation_name(referent, organisation):
    organisation.name = "Communauté d'agglomération"
    organisation.save()
    services.invite_member(
        organisation=organisation,
        email="newcomer@example.test",
        role=Role.AGENT,
        invited_by=referent,
    )
    message = Message.objects.get()
    assert "Communauté d'agglomération" in message.subject
    assert "Communauté d'agglomération" in message.body_text
