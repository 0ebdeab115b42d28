"""Sign-in through OpenID Connect, end to end against a real provider in its own process.

Cercle runs in the test client; the provider (django-oauth-toolkit, tests/oidc_provider) runs
as a separate server: Cercle fetches its discovery document, keys, tokens and userinfo over
HTTP, and the person's browser is played with `requests` at the provider. Two provider
configurations get tokens the provider spoils on purpose (another audience, a signature by a
key absent from its key set).
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from cercle.accounts.models import OidcIdentity
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation, Membership
from cercle.organisations.services import invite_member
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, referent_of
from tests.oidc_provider.fixtures import log_in_at_provider

pytestmark = pytest.mark.usefixtures("oidc_settings")

MARIE = "marie.dupont@quimper.test"  # known to the provider, email verified
PAUL = "paul.martin@quimper.test"  # known to the provider, no Cercle account
CLAIRE = "claire.nouvelle@quimper.test"  # known to the provider, invited in the tests
LOUISE = "louise.douteuse@quimper.test"  # known to the provider, email NOT verified


def start(client, key="suite", query=""):
    response = client.get(f"/connexion/oidc/{key}/{query}")
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def oidc_sign_in(client, email, key="suite", query=""):
    """Start at Cercle, log in at the provider, come back: Cercle's answer and the return URL."""
    callback = log_in_at_provider(start(client, key, query), email)
    assert callback.startswith(f"http://testserver/connexion/oidc/{key}/retour/?")
    return client.get(callback.removeprefix("http://testserver")), callback


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def text(response):
    return response.content.decode()


# Sign-in page ------------------------------------------------------------------------------


def test_sign_in_page_offers_a_button_per_provider_with_the_next_page(client, db):
    response = client.get("/connexion/?next=/profil/")
    page = text(response)
    assert "Se connecter avec la suite numérique" in page
    assert 'href="/connexion/oidc/suite/?next=/profil/"' in page
    assert "Se connecter avec un fournisseur mal réglé" in page
    # The password form stays for accounts without SSO.
    assert 'name="password"' in page


def test_sign_in_page_without_providers_shows_only_the_password_form(client, db, settings):
    settings.OIDC_PROVIDERS = {}
    page = text(client.get("/connexion/"))
    assert "/connexion/oidc/" not in page
    assert 'name="password"' in page


def test_start_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
    client, db, oidc_provider
):
    location = start(client)
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == oidc_provider.issuer + "/authorize/"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == "cercle"
    assert query["redirect_uri"] == "http://testserver/connexion/oidc/suite/retour/"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    stored = client.session["oidc_states"][query["state"]]
    assert stored["nonce"] == query["nonce"]
    assert stored["provider"] == "suite"
    assert stored["code_verifier"]


# Success ------------------------------------------------------------------------------------


def test_existing_account_is_linked_by_verified_email(client, db):
    marie = UserFactory(email=MARIE)
    response, _ = oidc_sign_in(client, MARIE)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(marie.pk)
    identity = OidcIdentity.objects.get(user=marie)
    assert identity.provider == "suite"
    # The account keeps its local password.
    marie.refresh_from_db()
    assert marie.check_password(PASSWORD)


def test_email_is_matched_whatever_its_case(client, db):
    marie = UserFactory(email="Marie.Dupont@Quimper.test")
    oidc_sign_in(client, MARIE)
    assert signed_in_user_id(client) == str(marie.pk)


def test_linked_identity_signs_in_again_even_after_an_email_change(client, db):
    marie = UserFactory(email=MARIE)
    oidc_sign_in(client, MARIE)
    client.logout()
    marie.email = "marie.dupont@autre-adresse.test"
    marie.save()
    response, _ = oidc_sign_in(client, MARIE)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(marie.pk)
    assert OidcIdentity.objects.count() == 1


def test_profile_names_the_linked_providers(client, db):
    marie = UserFactory(email=MARIE)
    client.force_login(marie)
    assert "Vous pouvez aussi vous connecter" not in text(client.get("/profil/"))
    client.logout()
    oidc_sign_in(client, MARIE)
    page = text(client.get("/profil/"))
    assert "Vous pouvez aussi vous connecter par : la suite numérique." in page


def test_linking_is_written_in_the_audit_log(client, db):
    from cercle.audit.models import AuditEntry

    marie = UserFactory(email=MARIE)
    oidc_sign_in(client, MARIE)
    entry = AuditEntry.objects.get(action="accounts.identity_linked")
    assert entry.actor == marie
    assert entry.details["provider"] == "suite"


def test_signed_in_person_starting_again_is_sent_on(client, db):
    client.force_login(UserFactory())
    response = client.get("/connexion/oidc/suite/?next=/profil/")
    assert response["Location"] == "/profil/"


def test_next_page_is_honoured_and_foreign_addresses_are_not(client, db):
    UserFactory(email=MARIE)
    response, _ = oidc_sign_in(client, MARIE, query="?next=/profil/")
    assert response["Location"] == "/profil/"
    client.logout()
    response, _ = oidc_sign_in(client, MARIE, query="?next=https://evil.test/")
    assert response["Location"] == "/"


# Refusals: tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["mauvaise-audience", "mauvaise-signature"])
def test_token_for_another_audience_or_with_a_bad_signature_is_refused(client, db, key):
    UserFactory(email=MARIE)
    response, _ = oidc_sign_in(client, MARIE, key=key)
    assert response.status_code == 400
    assert "n’a pas pu être menée à bien de façon sûre" in text(response)
    assert signed_in_user_id(client) is None
    assert not OidcIdentity.objects.exists()


def test_replayed_state_is_refused(client, db):
    UserFactory(email=MARIE)
    response, callback = oidc_sign_in(client, MARIE)
    assert response.status_code == 302
    path = callback.removeprefix("http://testserver")
    # The same browser, signed in or out, and another browser.
    assert client.get(path).status_code == 400
    client.logout()
    replay = client.get(path)
    assert replay.status_code == 400
    assert "a expiré ou a déjà été utilisée" in text(replay)
    assert signed_in_user_id(client) is None


def test_replayed_state_in_another_browser_is_refused(client, db):
    from django.test import Client

    UserFactory(email=MARIE)
    _, callback = oidc_sign_in(client, MARIE)
    other = Client()
    response = other.get(callback.removeprefix("http://testserver"))
    assert response.status_code == 400
    assert other.session.get("_auth_user_id") is None


def test_state_older_than_half_an_hour_is_refused(client, db):
    UserFactory(email=MARIE)
    callback = log_in_at_provider(start(client), MARIE)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session = client.session
    session["oidc_states"][state]["added_on"] -= 31 * 60
    session.save()
    response = client.get(callback.removeprefix("http://testserver"))
    assert response.status_code == 400
    assert "a expiré" in text(response)
    assert signed_in_user_id(client) is None


def test_state_issued_for_another_provider_is_refused(client, db):
    UserFactory(email=MARIE)
    callback = log_in_at_provider(start(client), MARIE)
    query = urlsplit(callback).query
    response = client.get(f"/connexion/oidc/mauvaise-audience/retour/?{query}")
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?code=abc",
        "?state=abc",
        "?code=abc&state=unknown",
        "?code=%ff%fe&state=%ff%fe",
        "?code=" + "x" * 5000 + "&state=" + "y" * 5000,
        "?error=access_denied&state=whatever",
    ],
)
def test_callback_with_missing_or_garbage_parameters_answers_400_in_french(client, db, query):
    response = client.get(f"/connexion/oidc/suite/retour/{query}")
    assert response.status_code == 400
    assert "Recommencez depuis la page de connexion" in text(response)


def test_callback_with_nul_characters_is_not_understood(client, db):
    response = client.get("/connexion/oidc/suite/retour/?code=%00&state=%00")
    assert response.status_code == 400


def test_code_of_another_flow_is_refused_by_pkce(client, db):
    """A code obtained in someone else's flow, brought back with this browser's state."""
    from django.test import Client

    UserFactory(email=MARIE)
    attacker = Client()
    stolen = parse_qs(urlsplit(log_in_at_provider(start(attacker), MARIE)).query)["code"][0]
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"/connexion/oidc/suite/retour/?code={stolen}&state={state}")
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_token_with_another_nonce_is_refused(client, db):
    UserFactory(email=MARIE)
    callback = log_in_at_provider(start(client), MARIE)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session = client.session
    session["oidc_states"][state]["nonce"] = "another-nonce"
    session.save()
    response = client.get(callback.removeprefix("http://testserver"))
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_garbage_code_with_a_real_state_is_refused_by_the_provider(client, db):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"/connexion/oidc/suite/retour/?code=forged&state={state}")
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_provider_cancelled_sign_in_is_explained(client, db):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"/connexion/oidc/suite/retour/?error=access_denied&state={state}")
    assert response.status_code == 400
    assert "annulée ou refusée" in text(response)
    # The state served once.
    assert state not in client.session["oidc_states"]


def test_only_get_is_answered(client, db):
    assert client.post("/connexion/oidc/suite/").status_code == 405
    assert client.post("/connexion/oidc/suite/retour/?code=a&state=b").status_code == 405


def test_unknown_provider_is_404(client, db):
    assert client.get("/connexion/oidc/inconnu/").status_code == 404
    assert client.get("/connexion/oidc/inconnu/retour/?code=a&state=b").status_code == 404


def test_unreachable_provider_is_explained(client, db, settings):
    settings.OIDC_PROVIDERS = {
        **settings.OIDC_PROVIDERS,
        "suite": {**settings.OIDC_PROVIDERS["suite"], "issuer": "http://127.0.0.1:9/o"},
    }
    response = client.get("/connexion/oidc/suite/")
    assert response.status_code == 503
    assert "ne répond pas pour le moment" in text(response)


def test_discovery_document_of_another_issuer_is_refused(client, db, settings, oidc_provider):
    # The document served at this address names 127.0.0.1 as issuer, not localhost.
    issuer = oidc_provider.issuer.replace("127.0.0.1", "localhost")
    settings.OIDC_PROVIDERS = {
        **settings.OIDC_PROVIDERS,
        "suite": {**settings.OIDC_PROVIDERS["suite"], "issuer": issuer},
    }
    assert client.get("/connexion/oidc/suite/").status_code == 503


# Refusals: people ---------------------------------------------------------------------------


def test_unknown_person_is_told_whom_to_ask(client, db):
    response, _ = oidc_sign_in(client, PAUL)
    assert response.status_code == 403
    page = text(response)
    assert "Aucun compte Cercle n’utilise l’adresse paul.martin@quimper.test" in page
    assert "demandez au référent de votre organisation de vous inviter" in page
    assert "demandez à l’équipe du club" in page
    assert signed_in_user_id(client) is None
    assert not get_user_model().objects.filter(email=PAUL).exists()


def test_unknown_person_with_a_pending_invitation_is_pointed_to_it(client, db):
    city = OrganisationFactory(name="Ville de Quimper")
    invite_member(organisation=city, email=PAUL, role=Role.AGENT, invited_by=referent_of(city))
    response, _ = oidc_sign_in(client, PAUL)
    assert response.status_code == 403
    assert "Une invitation à rejoindre Ville de Quimper attend" in text(response)
    assert not get_user_model().objects.filter(email=PAUL).exists()


def test_unverified_email_is_not_linked(client, db):
    UserFactory(email=LOUISE)
    response, _ = oidc_sign_in(client, LOUISE)
    assert response.status_code == 403
    assert "n’a pas confirmé que l’adresse louise.douteuse@quimper.test" in text(response)
    assert signed_in_user_id(client) is None
    assert not OidcIdentity.objects.exists()


def test_deactivated_account_is_refused(client, db):
    UserFactory(email=MARIE, is_active=False)
    response, _ = oidc_sign_in(client, MARIE)
    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_account_linked_to_another_identity_is_not_opened_by_email_alone(client, db):
    marie = UserFactory(email=MARIE)
    OidcIdentity.objects.create(user=marie, provider="suite", subject="someone-else")
    response, _ = oidc_sign_in(client, MARIE)
    assert response.status_code == 403
    assert "déjà lié à une autre identité" in text(response)
    assert signed_in_user_id(client) is None


# Invitations --------------------------------------------------------------------------------


@pytest.fixture
def invitation(db):
    city = OrganisationFactory(name="Ville de Quimper", slug="ville-de-quimper")
    token = invite_member(
        organisation=city, email=CLAIRE, role=Role.AGENT, invited_by=referent_of(city)
    )
    return city, token


def test_invitation_page_offers_the_providers(client, invitation):
    _, token = invitation
    page = text(client.get(reverse("organisations:invitation", args=[token])))
    assert f'href="/connexion/oidc/suite/?invitation={token}"' in page
    assert "Utiliser mon compte la suite numérique" in page


def test_invited_person_signing_in_through_the_provider_joins(client, invitation):
    city, token = invitation
    response, _ = oidc_sign_in(client, CLAIRE, query=f"?invitation={token}")
    assert response.status_code == 302
    assert response["Location"] == city.get_absolute_url()
    claire = get_user_model().objects.get(email=CLAIRE)
    assert signed_in_user_id(client) == str(claire.pk)
    assert claire.display_name == "Claire Nouvelle"
    assert not claire.has_usable_password()
    assert Membership.objects.get(user=claire, organisation=city).role == Role.AGENT
    assert Invitation.objects.get().accepted_by == claire
    assert OidcIdentity.objects.get(user=claire).provider == "suite"
    page = text(client.get(response["Location"]))
    assert "Bienvenue dans Ville de Quimper" in page


def test_hostile_names_from_the_provider_are_kept_as_typed_and_escaped(client, db):
    city = OrganisationFactory(name="Ville de Quimper")
    referent = referent_of(city)
    hostile = "hostile@quimper.test"
    token = invite_member(organisation=city, email=hostile, role=Role.AGENT, invited_by=referent)
    response, _ = oidc_sign_in(client, hostile, query=f"?invitation={token}")
    assert response.status_code == 302
    person = get_user_model().objects.get(email=hostile)
    assert person.display_name == "<script>alert(\"x\")</script> =cmd|' /C calc'!A0\r\nX"
    client.force_login(referent)
    page = text(client.get(reverse("organisations:members", args=[city.slug])))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_invitation_binds_to_the_invited_address(client, invitation):
    _, token = invitation
    # Paul opens Claire's link and signs in as himself at the provider.
    response, _ = oidc_sign_in(client, PAUL, query=f"?invitation={token}")
    assert response.status_code == 403
    assert "Cette invitation a été envoyée à une autre adresse" in text(response)
    assert signed_in_user_id(client) is None
    assert not get_user_model().objects.filter(email__in=[PAUL, CLAIRE]).exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_with_unverified_email_creates_nothing(client, db):
    city = OrganisationFactory()
    token = invite_member(
        organisation=city, email=LOUISE, role=Role.AGENT, invited_by=referent_of(city)
    )
    response, _ = oidc_sign_in(client, LOUISE, query=f"?invitation={token}")
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email=LOUISE).exists()


def test_used_invitation_is_refused_at_the_start(client, invitation):
    _, token = invitation
    oidc_sign_in(client, CLAIRE, query=f"?invitation={token}")
    client.logout()
    response = client.get(f"/connexion/oidc/suite/?invitation={token}")
    assert response.status_code == 410
    assert "déjà été utilisée" in text(response)
    assert client.get("/connexion/oidc/suite/?invitation=nonsense").status_code == 404


def test_invited_person_with_an_account_is_linked_and_sent_back_to_the_invitation(
    client, invitation
):
    city, token = invitation
    claire = UserFactory(email=CLAIRE)
    response, _ = oidc_sign_in(client, CLAIRE, query=f"?invitation={token}")
    assert response["Location"] == reverse("organisations:invitation", args=[token])
    assert signed_in_user_id(client) == str(claire.pk)
    # The account accepts with the invitation page's button, as after a password sign-in.
    client.post(response["Location"])
    assert Membership.objects.filter(user=claire, organisation=city).exists()


# Sign-out -----------------------------------------------------------------------------------


def test_sign_out_also_ends_the_provider_session(client, db, oidc_provider):
    UserFactory(email=MARIE)
    oidc_sign_in(client, MARIE)
    id_token = client.session["oidc_sign_out"]["id_token"]
    response = client.post("/deconnexion/")
    assert signed_in_user_id(client) is None
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        oidc_provider.issuer + "/logout/"
    )
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert query["id_token_hint"] == id_token
    assert query["post_logout_redirect_uri"] == "http://testserver/"
    # The provider accepts it and sends the browser back home.
    with requests.get(response["Location"], allow_redirects=False, timeout=10) as answer:
        assert answer.status_code == 302
        assert answer.headers["Location"] == "http://testserver/"


def test_sign_out_of_a_password_session_stays_local(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/deconnexion/")
    assert response["Location"] == "/"


def test_sign_out_stays_local_when_the_provider_is_outside_the_content_policy(client, db, settings):
    UserFactory(email=MARIE)
    oidc_sign_in(client, MARIE)
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "form-action": ["'self'"]},
    }
    response = client.post("/deconnexion/")
    assert response["Location"] == "/"
    assert signed_in_user_id(client) is None


# The rule alone, with claims no well-behaved provider sends ---------------------------------


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        ({"email": MARIE, "email_verified": True}, "failed"),
        ({"sub": "", "email": MARIE, "email_verified": True}, "failed"),
        ({"sub": "x" * 256, "email": MARIE, "email_verified": True}, "failed"),
        ({"sub": 42, "email": MARIE, "email_verified": True}, "failed"),
        ({"sub": "s1"}, "no_email"),
        ({"sub": "s1", "email": ["a@b.test"], "email_verified": True}, "no_email"),
        ({"sub": "s1", "email": MARIE}, "email_unverified"),
        ({"sub": "s1", "email": MARIE, "email_verified": "false"}, "email_unverified"),
        ({"sub": "s1", "email": MARIE, "email_verified": 1}, "email_unverified"),
    ],
)
def test_odd_claims_open_nothing(db, claims, code):
    from cercle.accounts import oidc
    from cercle.core.errors import DomainError

    UserFactory(email=MARIE)
    provider = oidc.get_provider("suite")
    with pytest.raises(DomainError) as refused:
        oidc.sign_in(provider, claims)
    assert refused.value.code == code
    assert not OidcIdentity.objects.exists()


def test_verified_email_as_the_string_true_is_accepted(db):
    from cercle.accounts import oidc

    marie = UserFactory(email=MARIE)
    user, joined = oidc.sign_in(
        oidc.get_provider("suite"), {"sub": "s1", "email": MARIE, "email_verified": "true"}
    )
    assert (user, joined) == (marie, None)
