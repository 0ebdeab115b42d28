import re

import pytest
from playwright.sync_api import expect

from cercle.organisations.enums import OrganisationKind
from cercle.outbox.models import Message
from tests.e2e.conftest import sign_in
from tests.factories import OrganisationFactory, agent_of, referent_of


def test_visitor_browses_organisations(page, transactional_db):
    OrganisationFactory(name="Ville de Villejuif", slug="ville-de-villejuif", population=55_900)
    OrganisationFactory(
        name="Région Bretagne", slug="region-bretagne", kind=OrganisationKind.REGION
    )
    agent_of(OrganisationFactory(name="Toulouse Métropole", slug="toulouse-metropole"))

    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Organisations"
    ).click()
    page.audit()
    page.get_by_label("Type").select_option("region")
    page.get_by_role("button", name="Filtrer").click()
    page.audit()
    expect(page.get_by_role("link", name="Région Bretagne")).to_be_visible()
    expect(page.get_by_role("link", name="Ville de Villejuif")).to_have_count(0)

    page.get_by_role("link", name="Région Bretagne").click()
    page.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Région Bretagne")
    page.goto("/accessibilite/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("accessibilité")


def test_referent_invites_agent_who_accepts(page, transactional_db):
    city = OrganisationFactory(name="Ville de Quimper", slug="ville-de-quimper")
    referent = referent_of(city)

    sign_in(page, referent.email)
    page.goto("/profil/")
    page.get_by_role("link", name="gérer les membres").click()
    page.audit()
    page.get_by_label("Adresse électronique de la personne à inviter").fill(
        "nouvel.agent@quimper.test"
    )
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.audit()
    expect(
        page.get_by_text("Une invitation a été envoyée à nouvel.agent@quimper.test")
    ).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    body = Message.objects.get(to="nouvel.agent@quimper.test").body_text
    path = re.search(r"https?://[^/\s]+(/organisations/invitation/\S+/)", body)[1]
    page.goto(path)
    page.get_by_label("Votre nom").fill("Nouvel Agent")
    page.locator("#id_password1").fill("Un mot de passe solide 2026")
    page.get_by_label("Confirmation du mot de passe").fill("Un mot de passe solide 2026")
    page.get_by_role("button", name="Créer mon compte et rejoindre").click()
    page.audit()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ville de Quimper")
    expect(page.get_by_text("Bienvenue dans Ville de Quimper")).to_be_visible()
    page.goto("/profil/")
    expect(page.get_by_role("link", name="Ville de Quimper")).to_be_visible()


def test_invalid_invitation_page_is_accessible(page, transactional_db):
    page.goto("/organisations/invitation/not-a-real-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation indisponible")


def test_keyboard_user_reaches_content_with_skip_link(page, transactional_db):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Aller au contenu principal")
    page.keyboard.press("Enter")
    expect(page.page).to_have_url(re.compile("#contenu$"))
    expect(page.locator("main")).to_be_focused()


def wait_for_a_report(page):
    """Console messages reach Python asynchronously: give the browser a few seconds."""
    for _ in range(100):
        if page.csp_violations:
            return
        page.wait_for_timeout(50)


def test_browser_enforces_the_policy_and_the_journeys_see_violations(page, transactional_db):
    page.goto("/")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body {}</style>')")
    page.wait_for_function("document.querySelectorAll('style').length === 1")
    wait_for_a_report(page)
    with pytest.raises(AssertionError, match="style-src"):
        page.assert_no_csp_violation()
    # WebAssembly cannot be compiled on an ordinary page: the check-in decoder must opt in.
    refused = page.evaluate(
        """() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
            .then(() => "compiled", (error) => error.message)"""
    )
    assert "Content Security Policy" in refused
    wait_for_a_report(page)
    with pytest.raises(AssertionError, match="wasm-eval"):
        page.assert_no_csp_violation()


def test_audit_catches_a_page_wider_than_a_phone(page, transactional_db):
    page.goto("/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<p id=\"wide\">' + 'x '.repeat(5) + '</p>');"
        "document.getElementById('wide').style.width = '900px'"
    )
    with pytest.raises(AssertionError, match=r"\[390 px\] scrolls sideways: p#wide"):
        page.audit()
