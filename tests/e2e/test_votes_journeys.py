from playwright.sync_api import expect

from cercle.votes import services
from cercle.votes.models import Ballot
from tests.e2e.conftest import sign_in
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.votes.factories import close_now, eligible, open_campaign


def test_referent_votes_changes_the_vote_and_sees_the_retained_list(page, transactional_db):
    portal = eligible(title="Afficher les horaires des équipements")
    payment = eligible(title="Payer la cantine en plusieurs fois")
    campaign = open_campaign(requests=[portal, payment], seats=1, title="Vote de printemps")
    organisation = OrganisationFactory(name="Ville de Quimper", slug="ville-de-quimper")
    referent = referent_of(organisation)

    sign_in(page, referent.email)
    page.goto("/votes/")
    page.get_by_role("link", name="Vote de printemps").click()
    page.audit()
    expect(page.get_by_text("1 développement mutualisé sera retenu").first).to_be_visible()
    page.get_by_role("link", name="Voter pour Ville de Quimper").click()
    page.audit()
    page.get_by_label("Afficher les horaires des équipements").check()
    page.get_by_role("button", name="Voter").click()
    page.audit()
    first = Ballot.objects.get().receipt
    expect(page.locator(".receipt-box").get_by_text(first)).to_be_visible()

    page.get_by_label("Afficher les horaires des équipements").uncheck()
    page.get_by_label("Payer la cantine en plusieurs fois").check()
    page.get_by_role("button", name="Modifier le bulletin").click()
    page.audit()
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(3)  # header + 2 versions
    second = Ballot.objects.get().receipt
    assert second != first
    expect(page.locator(".receipt-box").get_by_text(second)).to_be_visible()

    close_now(campaign)
    page.goto(f"/votes/{campaign.pk}/resultats/")
    retained = page.locator(".retained-list")
    expect(retained.get_by_text("Payer la cantine en plusieurs fois")).to_be_visible()
    expect(retained.get_by_text("Afficher les horaires")).to_have_count(0)
    page.goto(f"/votes/{campaign.pk}/projection/")
    page.goto(f"/votes/{campaign.pk}/")


def test_staff_sets_up_a_campaign_and_its_ballot(page, transactional_db):
    improvement = eligible(title="Connecteur avec le parapheur")
    staff = StaffFactory()

    sign_in(page, staff.email)
    page.goto("/votes/nouvelle/")
    page.get_by_role("button", name="Enregistrer").click()
    page.audit()  # the refused form, with its errors
    page.get_by_label("Titre").fill("Vote d'automne")
    page.get_by_role("textbox", name="Ouverture").fill("2099-05-01T09:00")
    page.get_by_role("textbox", name="Clôture").fill("2099-06-12T17:00")
    page.get_by_label("Demandes à retenir").fill("3")
    page.get_by_label("Points : répartir jusqu’à P points, au plus Q sur une demande").check()
    page.get_by_label("P : points à répartir").fill("10")
    page.get_by_label("Q : points maximum sur une demande").fill("4")
    page.get_by_role("button", name="Enregistrer").click()
    page.audit()
    page.get_by_role("button", name=f"Placer sur le bulletin {improvement.reference}").click()
    page.audit()
    expect(page.get_by_role("button", name=f"Retirer {improvement.reference}")).to_be_visible()


def test_points_ballot_and_live_results_are_accessible(page, transactional_db):
    requests = [eligible(), eligible()]
    campaign = open_campaign(requests=requests, method="points", results_visibility="live")
    organisation = OrganisationFactory(slug="ville-d-arles")
    sign_in(page, referent_of(organisation).email)
    page.goto(f"/votes/{campaign.pk}/bulletin/ville-d-arles/")
    page.get_by_label(requests[0].reference).fill("9")
    page.get_by_role("button", name="Voter").click()
    page.audit()  # refused: too many points on one request
    expect(page.get_by_text("au plus 6 peuvent aller à une même demande").first).to_be_visible()
    page.get_by_label(requests[0].reference).fill("6")
    page.get_by_role("button", name="Voter").click()
    page.audit()
    page.goto(f"/votes/{campaign.pk}/resultats/")
    page.goto(f"/votes/{campaign.pk}/projection/")


def test_staff_close_the_vote_now_and_settle_a_tie_by_draw(page, transactional_db):
    a, b, x = eligible(), eligible(), eligible()
    campaign = open_campaign(requests=[a, b, x], method="schulze", seats=1, title="Vote en séance")
    for choices in (
        {a.reference: 1, b.reference: 2, x.reference: 3},
        {x.reference: 1, a.reference: 2, b.reference: 3},
    ):
        organisation = OrganisationFactory()
        services.cast_ballot(
            campaign=campaign,
            organisation=organisation,
            person=referent_of(organisation),
            lines=choices,
        )
    sign_in(page, StaffFactory().email)
    page.goto(f"/votes/{campaign.pk}/")
    page.get_by_role("link", name="Clore le vote maintenant").click()
    page.get_by_role("button", name="Clore le vote maintenant").click()
    page.audit()  # refused: not confirmed
    expect(page.get_by_text("Cochez la case pour confirmer.").first).to_be_visible()
    page.get_by_label("Je confirme").check()
    page.get_by_role("button", name="Clore le vote maintenant").click()
    expect(page.get_by_role("heading", name="Égalité au seuil")).to_be_visible()
    page.audit()
    page.get_by_role("link", name="Trancher l’égalité au seuil").first.click()
    page.get_by_label("Graine du tirage au sort").fill("séance-2026")
    page.get_by_role("button", name="Enregistrer la décision et publier les résultats").click()
    expect(page.get_by_text("la graine « séance-2026 »")).to_be_visible()
    expect(page.locator(".retained-list li")).to_have_count(1)
    page.audit()
