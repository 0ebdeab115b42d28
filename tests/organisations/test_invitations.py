import re
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


def invite(organisation, referent, email="new.colleague@example.test", role=Role.AGENT):
    return services.invite_member(
        organisation=organisation, email=email, role=role, invited_by=referent
    )


def test_referent_invites_through_the_members_page(client, organisation, referent):
    client.force_login(referent)
    response = client.post(
        reverse("organisations:members", args=[organisation.slug]),
        {"email": "Colleague@Example.test", "role": "agent"},
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.to == "colleague@example.test"
    assert organisation.name in message.subject
    assert re.search(r"/organisations/invitation/[\w-]+/", message.body_text)
    assert AuditEntry.objects.filter(action="membership.invited").count() == 1


def test_invite_form_keeps_input_on_error(client, organisation, referent, agent):
    client.force_login(referent)
    response = client.post(
        reverse("organisations:members", args=[organisation.slug]),
        {"email": agent.email, "role": "referent"},
    )
    html = response.content.decode()
    assert "déjà membre" in html
    assert f'value="{agent.email}"' in html
    assert Message.objects.count() == 0


def test_agent_cannot_invite(client, organisation, agent):
    client.force_login(agent)
    response = client.post(
        reverse("organisations:members", args=[organisation.slug]),
        {"email": "x@example.test", "role": "agent"},
    )
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_invite_service_refuses_other_organisation_referent(organisation):
    outsider = referent_of(OrganisationFactory())
    with pytest.raises(DomainError) as error:
        invite(organisation, outsider)
    assert error.value.code == "forbidden"
    assert Invitation.objects.count() == 0


def test_new_person_accepts_by_creating_account(client, organisation, referent):
    token = invite(organisation, referent, role=Role.REFERENT)
    url = reverse("organisations:invitation", args=[token])
    response = client.post(
        url,
        {
            "display_name": "Nouvelle Collègue",
            "password1": "Un mot de passe solide 42",
            "password2": "Un mot de passe solide 42",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.colleague@example.test")
    assert (membership.organisation, membership.role) == (organisation, Role.REFERENT)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_account_creation_keeps_name_when_passwords_differ(client, organisation, referent):
    token = invite(organisation, referent)
    response = client.post(
        reverse("organisations:invitation", args=[token]),
        {"display_name": "Léa Martin", "password1": "Un mot de passe 42", "password2": "autre"},
    )
    html = response.content.decode()
    assert 'value="Léa Martin"' in html
    assert "ne correspondent pas" in html
    assert not Membership.objects.filter(user__email="new.colleague@example.test").exists()


def test_signed_in_person_accepts_and_is_attached(client, organisation, referent):
    person = UserFactory(email="new.colleague@example.test")
    agent_of(OrganisationFactory(), user=person)
    token = invite(organisation, referent)
    client.force_login(person)
    client.post(reverse("organisations:invitation", args=[token]))
    assert person.memberships.count() == 2


def test_existing_account_not_signed_in_is_asked_to_sign_in(client, organisation, referent):
    UserFactory(email="new.colleague@example.test")
    token = invite(organisation, referent)
    response = client.get(reverse("organisations:invitation", args=[token]))
    html = response.content.decode()
    assert "Un compte existe déjà" in html
    assert reverse("accounts:login") in html


def test_used_invitation_gets_clear_page(client, organisation, referent):
    token = invite(organisation, referent)
    services.accept_invitation(token=token, user=UserFactory(email="new.colleague@example.test"))
    response = client.get(reverse("organisations:invitation", args=[token]))
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()


def test_expired_invitation_gets_clear_page(client, organisation, referent):
    token = invite(organisation, referent)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("organisations:invitation", args=[token]))
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()


def test_invitation_expires_after_fourteen_days(organisation, referent):
    invite(organisation, referent)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )


@pytest.mark.parametrize("token", ["forged", "a" * 43, "../../etc/passwd".replace("/", "-")])
def test_forged_token_gets_clear_page(client, db, token):
    response = client.get(reverse("organisations:invitation", args=[token]))
    assert response.status_code == 404
    assert "pas valide" in response.content.decode()


def test_posting_a_used_token_does_not_create_account(client, organisation, referent):
    token = invite(organisation, referent, email="first@example.test")
    services.accept_invitation(token=token, user=UserFactory(email="first@example.test"))
    response = client.post(
        reverse("organisations:invitation", args=[token]),
        {"display_name": "X", "password1": "Un mot de passe 42", "password2": "Un mot de passe 42"},
    )
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()
    assert Membership.objects.filter(organisation=organisation).count() == 2


def test_token_is_not_stored_in_clear(organisation, referent):
    token = invite(organisation, referent)
    assert Invitation.objects.get().token_hash != token
