from cercle.funding.models import CostedItem
from cercle.requests.enums import Status
from tests.e2e.test_foundation_journeys import sign_in
from tests.e2e.test_requests_journeys import sign_out
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.funding.factories import retained_request


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
    assert page.get_by_text("6\u202f000,00\u00a0€").first.is_visible()
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
    assert page.get_by_text("100 %").first.is_visible()
    page.goto("/feuille-de-route/?label=mutualised")
    entry = page.locator(".request-item", has_text=improvement.title)
    assert entry.get_by_text("Mutualisé").is_visible()
    assert entry.get_by_text("Financé").is_visible()
    page.goto("/feuille-de-route/?imprimer=1")
    page.goto("/calendrier/")
