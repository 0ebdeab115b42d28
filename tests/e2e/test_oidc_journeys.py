"""Browser journeys of the sign-in through OpenID Connect.

The provider is the test one (tests/oidc_provider), a real server in its own process: the
browser goes there, logs in on its page (not ours, so not audited) and comes back. Our
pages are audited; the sign-out's redirect to the provider must pass the page's CSP.
"""

import re

from playwright.sync_api import expect

from cercle.organisations.enums import Role
from cercle.organisations.services import invite_member
from tests.factories import OrganisationFactory, UserFactory, referent_of
from tests.oidc_provider import fixtures
from tests.oidc_provider.serve import PASSWORD

# The provider process and the settings pointing Cercle at it.
oidc_provider = fixtures.oidc_provider
oidc_settings = fixtures.oidc_settings


def log_in_at_provider(page, provider, email):
    expect(page.page).to_have_url(re.compile("^" + re.escape(provider.url) + "/login/"))
    page.get_by_label("Username").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in at the provider").click()


def test_member_signs_in_and_out_through_the_provider(
    page, transactional_db, oidc_settings, oidc_provider
):
    UserFactory(email="marie.dupont@quimper.test", display_name="Marie Dupont")
    page.goto("/connexion/")
    page.get_by_role("link", name="Se connecter avec la suite numérique").click()
    log_in_at_provider(page, oidc_provider, "marie.dupont@quimper.test")

    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert page.url.startswith(page.base_url)
    page.audit()

    # Signing out ends the provider's session too, then comes home.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.page).to_have_url(page.base_url + "/")
    page.audit()
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_role("link", name="Se connecter avec la suite numérique").click()
    # The provider asks again: its session ended.
    expect(page.get_by_label("Username")).to_be_visible()


def test_unknown_person_is_told_whom_to_ask(page, transactional_db, oidc_settings, oidc_provider):
    page.goto("/connexion/")
    page.get_by_role("link", name="Se connecter avec la suite numérique").click()
    log_in_at_provider(page, oidc_provider, "paul.martin@quimper.test")

    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion non aboutie")
    expect(page.get_by_text("demandez au référent de votre organisation")).to_be_visible()
    page.audit()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


def test_invited_person_joins_through_the_provider(
    page, transactional_db, oidc_settings, oidc_provider
):
    city = OrganisationFactory(name="Ville de Quimper", slug="ville-de-quimper")
    token = invite_member(
        organisation=city,
        email="claire.nouvelle@quimper.test",
        role=Role.AGENT,
        invited_by=referent_of(city),
    )
    page.goto(f"/organisations/invitation/{token}/")
    page.get_by_role("link", name="Utiliser mon compte la suite numérique").click()
    log_in_at_provider(page, oidc_provider, "claire.nouvelle@quimper.test")

    expect(page.get_by_role("heading", level=1)).to_have_text("Ville de Quimper")
    expect(page.get_by_text("Bienvenue dans Ville de Quimper")).to_be_visible()
    page.audit()
