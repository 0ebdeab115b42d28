"""Bearer tokens: scopes, revocation (even mid-session), unknown tokens, inactive people."""

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from cercle.api import tokens
from cercle.api.models import ApiToken, Scope
from tests.api.conftest import assert_error, client_for, token_for

NEW_REQUEST = {"organisation": "commune-x", "title": "Une demande"}


def test_read_token_reads(agent):
    response = client_for(agent, Scope.READ).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["token"]["scope"] == "read"
    assert response.json()["email"] == agent.email


def test_read_token_is_refused_on_write_with_403(agent, organisation):
    client = client_for(agent, Scope.READ)

    response = client.post(
        "/api/v1/requests/", {**NEW_REQUEST, "organisation": organisation.slug}, format="json"
    )

    error = assert_error(response, 403, "insufficient_scope")
    assert "écriture" in error["message"]


def test_anonymous_is_refused_on_write_with_401(anonymous, organisation):
    response = anonymous.post("/api/v1/requests/", NEW_REQUEST, format="json")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_refused_with_401_even_on_reads(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token-of-ours-at-all")

    response = client.get("/api/v1/requests/")

    assert_error(response, 401, "invalid_token")


def test_malformed_authorization_headers_are_refused_with_401(db):
    for header in [
        "Bearer",
        "Bearer a b",
        "Bearer \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
    ]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)

        response = client.get("/api/v1/me/")

        assert response.status_code == 401, header


def test_revoked_token_is_refused_with_401_mid_session(agent):
    token, secret = token_for(agent)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/me/").status_code == 200

    tokens.revoke_token(token=token, actor=agent)
    response = client.get("/api/v1/me/")

    assert_error(response, 401, "invalid_token")


def test_token_of_a_deactivated_person_is_refused(agent):
    client = client_for(agent)
    agent.is_active = False
    agent.save()

    assert_error(client.get("/api/v1/me/"), 401, "invalid_token")


def test_me_needs_a_token(anonymous):
    assert_error(anonymous.get("/api/v1/me/"), 401, "not_authenticated")


def test_use_marks_the_token_last_used_at_most_once_a_minute(agent):
    token, secret = token_for(agent)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    client.get("/api/v1/me/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    client.get("/api/v1/me/")
    second = ApiToken.objects.get(pk=token.pk).last_used_at
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/me/")
    third = ApiToken.objects.get(pk=token.pk).last_used_at

    assert first is not None
    assert second == first
    assert third > first - timedelta(seconds=1)
    assert third <= timezone.now()


def test_session_cookie_alone_does_not_act_on_the_api(client, agent, organisation):
    client.force_login(agent)

    response = client.post(
        "/api/v1/requests/",
        {**NEW_REQUEST, "organisation": organisation.slug},
        content_type="application/json",
    )

    assert response.status_code == 401
