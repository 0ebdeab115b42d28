from django.utils import timezone
from playwright.sync_api import expect

from cercle.funding.enums import Label
from cercle.funding.models import RoadmapItem
from cercle.tracker.models import TicketLink
from tests.e2e.conftest import sign_in
from tests.factories import StaffFactory
from tests.requests.factories import filed


def test_visitor_sees_a_synced_ticket_and_staff_link_another(page, transactional_db, settings):
    settings.REDMINE_URL = "https://suivi.editeur.test"
    improvement = filed(title="Relance automatique des pièces manquantes")
    RoadmapItem.objects.create(
        title=improvement.title, label=Label.MUTUALISED, year=2027, quarter=1, request=improvement
    )
    TicketLink.objects.create(
        request=improvement,
        number=4242,
        url="https://suivi.editeur.test/issues/4242",
        status="En cours",
        target_version="2.4",
        done_ratio=60,
        last_synced_at=timezone.now(),
    )

    page.goto(improvement.get_absolute_url())
    section = page.get_by_role("region", name="Suivi éditeur")
    expect(section.get_by_role("link", name="Ticket n° 4242")).to_be_visible()
    expect(section).to_contain_text("En cours")
    expect(section).to_contain_text("60 % réalisé")
    page.audit()
    page.goto("/feuille-de-route/")
    expect(page.locator(".request-item", has_text=improvement.title)).to_contain_text("2.4")
    page.audit()

    sign_in(page, StaffFactory().email)
    page.goto(improvement.get_absolute_url())
    page.get_by_label("Numéro ou adresse du ticket").fill("https://ailleurs.test/issues/1")
    page.get_by_role("button", name="Lier le ticket").click()
    expect(page.get_by_role("alert")).to_contain_text("n'est pas un ticket du suivi")
    expect(page.get_by_label("Numéro ou adresse du ticket")).to_have_value(
        "https://ailleurs.test/issues/1"
    )
    page.audit()
    page.get_by_label("Numéro ou adresse du ticket").fill("#4300")
    page.get_by_role("button", name="Lier le ticket").click()
    expect(page.get_by_role("link", name="Ticket n° 4300")).to_be_visible()
    expect(page.get_by_text("pas encore synchronisé")).to_be_visible()
    page.audit()
