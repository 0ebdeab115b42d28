from playwright.sync_api import expect

from cercle.glossary.models import Term
from cercle.organisations.enums import OrganisationKind, Role
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    agent_of,
    referent_of,
)
from tests.requests.factories import filed


def test_request_filed_endorsed_to_eligibility_and_duplicate_merged(page, transactional_db):
    Term.objects.create(name="Chrono", slug="chrono", synonym="agendas")
    existing = filed(title="Liste d'attente sur les agendas de rendez-vous")
    city = OrganisationFactory(name="Ville de Quimper", slug="ville-de-quimper")
    agent = agent_of(city)
    first, second = (
        OrganisationFactory(name="Région Bretagne", slug="region-bretagne"),
        OrganisationFactory(name="Ville d'Arles", slug="ville-d-arles"),
    )
    first_referent, second_referent = referent_of(first), referent_of(second)
    staff = StaffFactory()

    # An agent files a request and is shown a similar one while typing the title.
    sign_in(page, agent.email)
    page.goto("/demandes/nouvelle/")
    page.get_by_label("Titre").fill("Rappel par SMS des rendez-vous en liste d'attente")
    similar = page.locator("#similar-requests")
    similar.get_by_role("link", name=existing.reference, exact=False).wait_for()
    page.audit()
    page.get_by_label("Le problème").fill("Les usagers oublient leur créneau libéré.")
    page.get_by_label("Qui est concerné").fill("l'accueil de la mairie")
    page.get_by_label("À quelle fréquence").fill("40 fois par semaine")
    page.get_by_label("Ce que cela coûte aujourd’hui").fill("des appels un par un")
    page.get_by_label("Bénéfice attendu").fill("Moins de créneaux perdus.")
    page.get_by_label("Chrono (agendas)").check()
    page.get_by_role("button", name="Déposer auprès du club").click()
    page.audit()
    improvement = ImprovementRequest.objects.get(organisation=city)
    expect(page.get_by_text("1 sur 3 organisations")).to_be_visible()
    sign_out(page)

    # Two référents of other organisations endorse it: it becomes eligible.
    for referent in (first_referent, second_referent):
        sign_in(page, referent.email)
        page.goto(improvement.get_absolute_url())
        page.get_by_label("Le cas d’usage de votre organisation").fill("Même besoin chez nous.")
        page.get_by_role("button", name="Appuyer cette demande").click()
        page.audit()
        sign_out(page)
    improvement.refresh_from_db()
    assert improvement.status == Status.ELIGIBLE
    page.goto(improvement.get_absolute_url())
    expect(page.get_by_text("3 sur 3 organisations")).to_be_visible()

    # Staff merge the older duplicate into it; the duplicate's address leads to it.
    sign_in(page, staff.email)
    page.goto(existing.get_absolute_url())
    page.get_by_label("Référence de la demande à conserver").fill(improvement.reference)
    page.get_by_role("button", name="Fusionner").click()
    page.audit()
    page.wait_for_url(f"**{improvement.get_absolute_url()}")
    page.goto(existing.get_absolute_url())
    page.wait_for_url(f"**{improvement.get_absolute_url()}")
    expect(
        page.get_by_text(f"{existing.reference} a été fusionnée dans cette demande")
    ).to_be_visible()
    page.goto("/demandes/?q=rappel+sms")
    page.goto("/glossaire/")
    page.goto("/demandes/triage/")


def test_vendor_support_shown_apart_and_staff_fields_distinct(page, transactional_db):
    improvement = filed(title="Exporter les rendez-vous au format iCalendar")
    vendor = OrganisationFactory(
        name="Logiciel Commun SCOP", slug="logiciel-commun", kind=OrganisationKind.VENDOR
    )
    staff = StaffFactory()
    MembershipFactory(user=staff, organisation=vendor, role=Role.REFERENT)

    sign_in(page, staff.email)
    page.goto(improvement.get_absolute_url())
    page.get_by_label("Le cas d’usage de votre organisation").fill("Utile à tous nos clients.")
    page.get_by_role("button", name="Appuyer cette demande").click()
    expect(
        page.get_by_text("Également soutenue par (hors du décompte pour le vote)")
    ).to_be_visible()
    expect(page.get_by_text("1 sur 3 organisations")).to_be_visible()
    page.audit()

    # The merge form's note and the status form's reason are two distinct fields.
    page.get_by_label("Motif (affiché publiquement dans l’historique)").fill("Prévu")
    expect(page.get_by_label("Note (facultative)")).to_have_value("")
