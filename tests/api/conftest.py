import pytest
from rest_framework.test import APIClient

from cercle.api.models import Scope
from cercle.api.tokens import create_token


def token_for(user, scope=Scope.WRITE, name="Script"):
    """A token of `user` and its secret."""
    return create_token(user=user, name=name, scope=scope)


def client_for(user=None, scope=Scope.WRITE, language="fr"):
    """An API client sending a fresh token of `user` (anonymous when None)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        _token, secret = token_for(user, scope)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def assert_error(response, status, code):
    """The one JSON shape of every refusal."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


@pytest.fixture
def anonymous(db):
    return client_for(None)
