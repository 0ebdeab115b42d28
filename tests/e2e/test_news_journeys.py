from playwright.sync_api import expect

from cercle.news import services
from cercle.news.enums import SourceKind
from cercle.news.models import Announcement, DigestPreference
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import OrganisationFactory, StaffFactory, agent_of


def test_staff_publish_a_drafted_announcement_and_a_member_asks_for_the_digest(
    page, transactional_db
):
    staff = StaffFactory()
    draft = services.draft_from_event(
        SourceKind.HOST_CHOSEN,
        "La prochaine rencontre à Brest",
        "La ville de **Brest** accueille la rencontre.",
        link="/rencontres/",
    )
    member = agent_of(OrganisationFactory(name="Ville de Brest"))

    sign_in(page, staff.email)
    page.goto("/actualites/")
    page.get_by_role("link", name="La prochaine rencontre à Brest").click()
    page.audit()
    page.get_by_role("link", name="Modifier").click()
    page.audit()
    page.get_by_label("Texte").fill("La ville de **Brest** accueille la 14ᵉ rencontre.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("button", name="Publier").click()
    page.audit()
    sign_out(page)

    page.goto("/")
    page.get_by_role("link", name="La prochaine rencontre à Brest").click()
    expect(page.locator(".news-body strong")).to_have_text("Brest")
    draft.refresh_from_db()
    assert draft.is_published

    sign_in(page, member.email)
    page.goto("/profil/")
    page.get_by_role("link", name="Choisir de recevoir ou non").click()
    page.audit()
    page.get_by_label("M’envoyer chaque semaine un résumé des actualités du club").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.audit()
    assert DigestPreference.objects.get(user=member).weekly_digest
    assert Announcement.objects.count() == 1
