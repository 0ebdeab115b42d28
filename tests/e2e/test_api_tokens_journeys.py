"""A person creates an API token on their account (its secret shown once), uses it, revokes it;
the API docs page runs Swagger UI from our own files under the Content-Security-Policy."""

import requests
from playwright.sync_api import expect

from cercle.api.models import ApiToken
from tests.e2e.conftest import sign_in
from tests.factories import OrganisationFactory, agent_of


def _call_me(base_url, secret):
    response = requests.get(
        f"{base_url}/api/v1/me/", headers={"Authorization": f"Bearer {secret}"}, timeout=10
    )
    return response.status_code, response.json()


def test_token_created_shown_once_used_and_revoked(page, live_server, transactional_db):
    city = OrganisationFactory(name="Ville de Quimper", slug="ville-de-quimper")
    agent = agent_of(city)

    sign_in(page, agent.email)
    page.goto("/profil/")
    page.get_by_role("link", name="Mes jetons d’API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes jetons d’API")
    page.audit()

    # A refused form keeps what was typed and ties the error to its field.
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.get_by_role("alert")).to_contain_text("Nom")
    page.audit()

    page.get_by_label("Nom").fill("Intranet de la mairie")
    page.get_by_label("Lecture et écriture").check()
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.locator("#new-token").inner_text()
    assert len(secret) > 30
    expect(page.get_by_role("cell", name="Lecture et écriture")).to_be_visible()
    page.audit()

    status, body = _call_me(live_server.url, secret)
    assert (status, body["email"], body["token"]["scope"]) == (200, agent.email, "write")

    # Shown once: sending the form again creates nothing; the list keeps only its first characters.
    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)
    assert ApiToken.objects.count() == 1
    expect(page.get_by_role("cell", name=f"{secret[:8]}…")).to_be_visible()
    assert secret not in page.content()

    page.get_by_role("button", name="Révoquer le jeton Intranet de la mairie").click()
    expect(page.get_by_text("Jeton « Intranet de la mairie » révoqué.")).to_be_visible()
    expect(page.get_by_role("cell", name="Révoqué le", exact=False)).to_be_visible()
    page.audit()
    assert ApiToken.objects.get().revoked_at is not None

    status, body = _call_me(live_server.url, secret)
    assert (status, body["error"]["code"]) == (401, "invalid_token")


def test_api_docs_page_runs_swagger_ui_under_our_policy(page, transactional_db):
    page.goto("/api/docs/")

    expect(page.get_by_text("/api/v1/requests/", exact=True).first).to_be_visible()
    page.assert_no_csp_violation()
