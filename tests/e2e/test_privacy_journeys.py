import json

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.privacy.conftest import World


def test_person_reads_and_downloads_their_data_then_erases_their_account(page, transactional_db):
    world = World()

    sign_in(page, world.alice.email)
    page.goto("/profil/")
    page.get_by_role("link", name="Mes données").click()
    page.audit()
    expect(page.get_by_role("heading", name="Mes données", level=1)).to_be_visible()
    expect(page.get_by_text("Sans gluten")).to_be_visible()
    expect(page.get_by_text("Bruno")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    download = info.value
    assert download.suggested_filename.startswith("cercle-mes-donnees-")
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["sections"][0]["records"][0]["email"] == "alice@example.test"

    page.get_by_role("contentinfo").get_by_role("link", name="Données personnelles").click()
    page.audit()
    expect(page.get_by_role("heading", name="Rencontres du club")).to_be_visible()
    expect(page.get_by_text("30 jours après le dernier jour de la rencontre")).to_be_visible()

    page.goto("/mes-donnees/effacement/")
    page.get_by_role("button", name="Effacer mon compte").click()
    page.audit()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Mot de confirmation").fill("EFFACER")
    page.get_by_role("button", name="Effacer mon compte").click()
    page.audit()
    expect(page.get_by_role("heading", name="Compte effacé")).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    world.alice.refresh_from_db()
    assert world.alice.display_name == "Ancien membre"
