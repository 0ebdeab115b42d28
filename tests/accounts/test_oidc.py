"""Sign-in through OpenID Connect, end to end against a real provider in its own process.

Cercle runs in the test client; the provider (django-oauth-toolkit, tests/oidc_provider) runs
as a separate server: Cercle fetches its discovery document, keys, tokens and userinfo over
HTTP, and the person's browser is played with `requests` at the provider.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from cercle.accounts.models import OidcIdentity
from tests.factories import UserFactory
from tests.oidc_provider.fixtures import log_in_at_provider

pytestmark = pytest.mark.usefixtures("oidc_settings")

MARIE = "marie.dupont@quimper.test"


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


def test_existing_account_is_linked_by_verified_email(client, db):
    marie = UserFactory(email=MARIE)
    response, _ = oidc_sign_in(client, MARIE)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(marie.pk)
    identity = OidcIdentity.objects.get(user=marie)
    assert identity.provider == "suite"
