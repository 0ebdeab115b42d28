from playwright.sync_api import expect

from cercle.funding import services
from cercle.funding.models import CostedItem
from cercle.requests.enums import Status
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.funding.factories import costed_item, pledger, retained_request


def test_staff_cost_referents_commit_and_item_is_funded_on_roadmap(page, transactional_db):
    improvement = retained_request()
    staff = StaffFactory()
    funders = [
        OrganisationFactory(name="Ville de Nancy", slug="ville-de-nancy", population=104_000),
        OrganisationFactory(name="Grand Chambéry", slug="grand-chambery", population=141_000),
    ]
    referents = [referent_of(organisation) for organisation in funders]

    sign_in(page, staff.email)
    page.goto("/financement/")
    page.get_by_role("link", name=f"la chiffrer ({improvement.reference})").click()
    page.audit()
    page.get_by_label("Jours de travail").fill("8")
    page.get_by_label("Tarif journalier, en euros HT").fill("750")
    page.get_by_role("button", name="Enregistrer l’estimation").click()
    page.audit()
    expect(page.get_by_text("6\u202f000,00\u00a0€").first).to_be_visible()
    sign_out(page)

    for organisation, referent in zip(funders, referents, strict=True):
        sign_in(page, referent.email)
        page.goto(f"/financement/{improvement.reference}/")
        page.get_by_label("Montant, en euros HT").fill("3000")
        page.get_by_role("button", name="Enregistrer l’engagement").click()
        page.audit()
        page.get_by_label("Numéro du bon de commande").fill(f"BC-{organisation.slug}")
        page.get_by_label("Date du bon de commande").fill("2026-11-20")
        page.get_by_role("button", name="S’engager avec ce bon de commande").click()
        page.audit()
        sign_out(page)

    item = CostedItem.objects.get(request=improvement)
    item.request.refresh_from_db()
    assert item.funded_at is not None and item.request.status == Status.FUNDED
    page.goto(f"/financement/{improvement.reference}/")
    expect(page.get_by_text("100 %").first).to_be_visible()
    expect(page.get_by_label("Montant, en euros HT")).to_have_count(0)
    page.goto("/feuille-de-route/?label=mutualised")
    entry = page.locator(".request-item", has_text=improvement.title)
    expect(entry.get_by_text("Mutualisé")).to_be_visible()
    expect(entry.get_by_text("Financé")).to_be_visible()
    page.goto("/feuille-de-route/?imprimer=1")
    page.goto("/calendrier/")


def test_staff_see_what_a_recost_changes_before_confirming(page, transactional_db):
    staff = StaffFactory()
    item = costed_item(staff=staff)
    organisation, referent = pledger(item)
    services.pledge(item=item, organisation=organisation, person=referent, amount_cents=1_000_00)

    sign_in(page, staff.email)
    page.goto(f"/financement/{item.request.reference}/")
    page.get_by_label("Jours de travail").fill("20")
    page.get_by_label("Tarif journalier, en euros HT").fill("500")
    page.get_by_role("button", name="Enregistrer une nouvelle estimation").click()
    page.audit()
    heading = "Vérifiez ce que change cette nouvelle estimation"
    expect(page.get_by_role("region", name=heading)).to_contain_text(organisation.name)
    page.get_by_role("button", name="Confirmer la nouvelle estimation").click()
    page.audit()
    expect(page.get_by_text("10\u202f000,00\u00a0€").first).to_be_visible()


def test_funding_pages_fit_a_phone_and_their_tables_are_reachable(page, transactional_db):
    staff = StaffFactory()
    item = costed_item(staff=staff)
    item.request.title = "Publipostage des courriers de l’état civil avec signature électronique"
    item.request.save()
    organisation, referent = pledger(item, population=1_430_000)
    services.pledge(item=item, organisation=organisation, person=referent, amount_cents=123_456)
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, staff.email)
    for path in ("/financement/", f"/financement/{item.request.reference}/"):
        page.goto(path)  # audited with axe, including scrollable-region-focusable
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    page.keyboard.press("Tab")
    regions = page.locator(".table-wrapper[tabindex='0']")
    expect(regions.first).to_have_attribute("role", "region")
