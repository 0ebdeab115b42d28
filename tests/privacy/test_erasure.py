import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.meetings.models import Registration
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation, Membership
from cercle.organisations.services import change_role
from cercle.outbox.models import Message
from cercle.privacy.models import Erasure
from cercle.privacy.services import erase_person
from cercle.questions.models import Declaration, Question
from cercle.requests.models import Comment
from cercle.votes.models import Ballot, BallotVersion
from cercle.votes.services import count_campaign
from cercle.votes.services.results import result_rows
from tests.factories import PASSWORD, UserFactory

User = get_user_model()


def erase_url():
    return reverse("privacy:erase")


def audit_rows():
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "pk",
            "created_at",
            "actor_id",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "details",
        )
    )


def test_erasure_anonymises_the_account(world):
    erase_person(person=world.alice, confirmation="EFFACER")

    alice = User.objects.get(pk=world.alice.pk)
    assert alice.display_name == "Ancien membre"
    assert alice.email == f"former-member-{alice.pk}@erased.invalid"
    assert not alice.has_usable_password()
    assert not alice.is_active
    assert not User.objects.filter(email__iexact="alice@example.test").exists()
    assert Erasure.objects.filter(person=alice).count() == 1


def test_erasure_keeps_comments_and_questions_signed_former_member(client, world):
    erase_person(person=world.alice, confirmation="EFFACER")

    comment = Comment.objects.get(body="Avis d'Alice")
    question = Question.objects.get(text="Question d'Alice")
    client.force_login(world.bruno)
    page = client.get(world.request.get_absolute_url()).content.decode()
    assert comment.author.display_name == "Ancien membre"
    assert question.author.display_name == "Ancien membre"
    assert comment.body_html in page
    assert "Ancien membre" in page
    assert "Alice Aubert" not in page


def test_erasure_clears_sensitive_needs_and_declarations(world):
    erase_person(person=world.alice, confirmation="EFFACER")

    registration = Registration.objects.get(pk=world.registration.pk)
    assert (registration.dietary_needs, registration.accessibility_needs) == ("", "")
    assert registration.badge_name == "Ancien membre"
    assert registration.calendar_token != world.registration.calendar_token
    assert Question.objects.get(pk=world.question.pk).gender == ""
    assert not Declaration.objects.filter(person=world.alice).exists()
    # Bruno's records are untouched.
    bruno = Registration.objects.get(pk=world.bruno_registration.pk)
    assert bruno.dietary_needs == "Végétarien Bruno"
    assert Declaration.objects.filter(person=world.bruno).exists()


def test_erasure_deletes_memberships_and_emails_to_the_person(world):
    erase_person(person=world.alice, confirmation="EFFACER")

    assert not Membership.objects.filter(user=world.alice).exists()
    assert not Invitation.objects.filter(email="alice@example.test").exists()
    assert not Message.objects.filter(to="alice@example.test").exists()
    assert Message.objects.filter(to="bruno@example.test").exists()


def test_erasure_leaves_ballots_and_recount_identical(world):
    before = count_campaign(world.campaign)
    rows_before = result_rows(world.campaign)
    ballots_before = list(Ballot.objects.values_list("pk", "organisation_id", "receipt"))

    erase_person(person=world.alice, confirmation="EFFACER")

    assert count_campaign(world.campaign) == before
    assert result_rows(world.campaign) == rows_before
    assert list(Ballot.objects.values_list("pk", "organisation_id", "receipt")) == ballots_before
    assert BallotVersion.objects.filter(cast_by=world.alice).count() == 1


def test_erasure_leaves_the_audit_log_unchanged(world):
    before = audit_rows()

    erase_person(person=world.alice, confirmation="EFFACER")

    after = audit_rows()
    assert after[: len(before)] == before
    assert [row[3] for row in after[len(before) :]] == ["privacy.account_erased"]
    # The actor references still point at the same, now anonymous, account.
    assert AuditEntry.objects.filter(actor=world.alice, action="vote.ballot_cast").count() == 1


def test_erasure_ends_the_sessions(world):
    other_browser = Client()
    other_browser.force_login(world.alice)
    assert other_browser.get(reverse("privacy:my_data")).status_code == 200

    erase_person(person=world.alice, confirmation="EFFACER")

    response = other_browser.get(reverse("privacy:my_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Client().login(email="alice@example.test", password=PASSWORD)


def test_erasure_page_confirmed_signs_out_and_says_so(client, world):
    client.force_login(world.alice)

    response = client.post(erase_url(), {"confirmation": "effacer"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("privacy:erased")
    assert "Compte effacé" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert Erasure.objects.count() == 1


def test_erasure_without_confirmation_changes_nothing(client, world):
    client.force_login(world.alice)

    for typed in ("", "oui", "EFFACER MAINTENANT"):
        response = client.post(erase_url(), {"confirmation": typed})
        assert response.status_code == 200
        assert (
            'aria-describedby="id_confirmation_helptext id_confirmation_error"'
            in response.content.decode()
        )

    alice = User.objects.get(pk=world.alice.pk)
    assert (alice.display_name, alice.email, alice.is_active) == (
        "Alice Aubert",
        "alice@example.test",
        True,
    )
    assert not Erasure.objects.exists()


def test_erasure_service_refuses_without_the_word(world):
    try:
        erase_person(person=world.alice, confirmation="non")
    except DomainError as error:
        assert error.code == "not_confirmed"
    else:
        raise AssertionError("erasure was not refused")
    assert User.objects.get(pk=world.alice.pk).email == "alice@example.test"


def test_sole_referent_is_refused_with_a_link_to_hand_over(client, world):
    change_role(
        membership=Membership.objects.get(user=world.bruno), role=Role.AGENT, actor=world.alice
    )
    client.force_login(world.alice)

    page = client.get(erase_url()).content.decode()
    response = client.post(erase_url(), {"confirmation": "EFFACER"})

    assert reverse("organisations:members", args=[world.org.slug]) in page
    assert response.status_code == 200
    assert "Vous êtes le seul référent de Ville de Villejuif" in response.content.decode()
    assert not Erasure.objects.exists()
    assert User.objects.get(pk=world.alice.pk).display_name == "Alice Aubert"


def test_sole_referent_service_error_code(world):
    change_role(
        membership=Membership.objects.get(user=world.bruno), role=Role.AGENT, actor=world.alice
    )
    try:
        erase_person(person=world.alice, confirmation="EFFACER")
    except DomainError as error:
        assert error.code == "sole_referent"
        assert "Ville de Villejuif" in error.message
    else:
        raise AssertionError("erasure was not refused")


def test_erasing_twice_is_refused(world):
    erase_person(person=world.alice, confirmation="EFFACER")
    try:
        erase_person(person=world.alice, confirmation="EFFACER")
    except DomainError as error:
        assert error.code == "already_erased"
    else:
        raise AssertionError("second erasure was not refused")
    assert Erasure.objects.count() == 1


def test_plain_member_without_organisation_can_erase(client, db):
    loner = UserFactory(display_name="Solo")
    client.force_login(loner)

    response = client.post(erase_url(), {"confirmation": "EFFACER"})

    assert response.status_code == 302
    assert User.objects.get(pk=loner.pk).display_name == "Ancien membre"


def test_erasure_only_touches_the_signed_in_person(client, world):
    client.force_login(world.bruno)

    client.post(erase_url(), {"confirmation": "EFFACER", "person": world.alice.pk})

    assert User.objects.get(pk=world.alice.pk).display_name == "Alice Aubert"
    assert User.objects.get(pk=world.bruno.pk).display_name == "Ancien membre"


def test_erasure_removes_openid_connect_identities(world):
    try:
        identity = apps.get_model("accounts", "OidcIdentity")
    except LookupError:
        pytest.skip("this build has no OpenID Connect identities")
    identity.objects.create(user=world.alice, provider="agents", subject="alice-sub")
    identity.objects.create(user=world.bruno, provider="agents", subject="bruno-sub")

    erase_person(person=world.alice, confirmation="EFFACER")

    assert list(identity.objects.values_list("subject", flat=True)) == ["bruno-sub"]
