"""Personal tokens: created and revoked by their owner, stored hashed, the secret shown once."""

import hashlib

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from cercle.api import tokens
from cercle.api.models import ApiToken, Scope
from cercle.core.errors import DomainError
from tests.api.conftest import token_for
from tests.factories import UserFactory

URL = "/profil/jetons-api/"


def test_token_is_stored_as_its_sha256_only(db, agent):
    token, secret = token_for(agent, Scope.READ)

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.prefix == secret[:8]
    assert secret not in {stored.secret_hash, stored.name, stored.prefix}


def test_find_token_takes_the_secret_and_nothing_else(db, agent):
    token, secret = token_for(agent)

    assert tokens.find_token(secret) == token
    assert tokens.find_token(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert tokens.find_token(token.secret_hash) is None
    assert tokens.find_token("") is None


def test_create_token_refuses_an_empty_name_and_an_unknown_scope(db, agent):
    with pytest.raises(DomainError) as empty:
        tokens.create_token(user=agent, name="  ", scope=Scope.READ)
    with pytest.raises(DomainError) as scope:
        tokens.create_token(user=agent, name="Script", scope="admin")

    assert (empty.value.code, scope.value.code) == ("name_required", "invalid_scope")
    assert ApiToken.objects.count() == 0


def test_create_token_refuses_beyond_the_active_limit(db, agent):
    for number in range(tokens.MAX_ACTIVE_TOKENS):
        token_for(agent, name=f"Script {number}")

    with pytest.raises(DomainError) as refused:
        token_for(agent)

    assert refused.value.code == "too_many_tokens"


def test_revoke_token_refuses_another_persons_token(db, agent):
    token, _secret = token_for(agent)

    with pytest.raises(DomainError) as refused:
        tokens.revoke_token(token=token, actor=UserFactory())

    token.refresh_from_db()
    assert (refused.value.code, token.revoked_at) == ("forbidden", None)


def test_token_page_needs_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_token_page_creates_a_token_and_shows_its_secret_once(client, agent):
    client.force_login(agent)
    once = client.get(URL).context["form"]["once"].value()
    data = {"name": "Intranet de la mairie", "scope": "write", "once": once}

    created = client.post(URL, data)
    resent = client.post(URL, data)
    later = client.get(URL)

    token = ApiToken.objects.get(user=agent)
    secret = created.context["secret"]
    assert created.status_code == 200
    assert (token.name, token.scope) == ("Intranet de la mairie", Scope.WRITE)
    assert secret in created.content.decode()
    assert tokens.find_token(secret) == token
    assert (resent.status_code, resent["Location"]) == (302, URL)
    assert secret not in later.content.decode()
    assert f"{token.prefix}…" in later.content.decode()
    assert "no-store" in created["Cache-Control"]


def test_token_secret_is_stored_nowhere_but_hashed(client, agent):
    client.force_login(agent)
    secret = client.post(URL, {"name": "Script", "scope": "read"}).context["secret"]

    assert all(secret not in str(s.get_decoded()) for s in Session.objects.all())


def test_token_page_keeps_what_was_typed_when_refused(client, agent):
    client.force_login(agent)

    response = client.post(URL, {"name": "Mon script", "scope": "admin"})

    assert response.status_code == 400
    assert ApiToken.objects.count() == 0
    assert 'value="Mon script"' in response.content.decode()


def test_token_page_lists_only_ones_own_tokens(client, agent):
    token_for(UserFactory(), name="Le script d'un autre")
    token_for(agent, name="Mon script")
    client.force_login(agent)

    page = client.get(URL).content.decode()

    assert "Mon script" in page
    assert "Le script d&#x27;un autre" not in page


def test_revoke_page_revokes_ones_own_token(client, agent):
    token, _secret = token_for(agent)
    client.force_login(agent)

    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None


def test_revoke_page_refuses_another_persons_token(client, agent):
    token, _secret = token_for(UserFactory())
    client.force_login(agent)

    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked_at is None


def test_revoke_page_refuses_get_and_anonymous(client, agent):
    token, _secret = token_for(agent)

    anonymous = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    client.force_login(agent)
    by_get = client.get(reverse("api_tokens:revoke", args=[token.pk]))

    token.refresh_from_db()
    assert (anonymous.status_code, by_get.status_code) == (302, 405)
    assert token.revoked_at is None


def test_profile_page_links_to_the_tokens(client, agent):
    client.force_login(agent)

    response = client.get(reverse("accounts:profile"))

    assert URL in response.content.decode()


def test_token_name_with_markup_is_shown_as_typed(client, agent):
    token_for(agent, name='<script>alert("x")</script>\r\n=cmd|')
    client.force_login(agent)

    page = client.get(URL).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
