from playwright.sync_api import expect

from cercle.contributions.models import Proposal
from cercle.outbox.models import Message
from tests.contributions.factories import open_call
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import two_day_meeting


def test_member_proposes_committee_accepts_staff_schedule_programme_shows(page, transactional_db):
    meeting, _days = two_day_meeting(title="Rencontre de Toulouse", slug="toulouse")
    open_call(meeting)
    city = OrganisationFactory(name="Ville de Quimper")
    member = agent_of(city, user__display_name="Camille Martin")
    staff = StaffFactory(display_name="Anaïs Morel")

    sign_in(page, member.email)
    page.goto("/rencontres/toulouse/contributions/")
    page.get_by_role("link", name="Proposer une contribution").click()
    page.audit()
    page.get_by_label("Titre").fill("Le portail à Quimper")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.audit()
    expect(page.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
    expect(page.get_by_label("Titre")).to_have_value("Le portail à Quimper")
    page.get_by_label("Résumé").fill("Six mois pour ouvrir le portail.")
    page.get_by_label("Format").select_option(label="Retour d’expérience")
    page.get_by_label("Niveau").select_option(label="Nouveaux utilisateurs")
    page.get_by_label("Profil du public").select_option(label="Fonctionnel")
    page.get_by_label("Objectifs").fill("Savoir lancer le portail.")
    page.get_by_label("Durée prévue (minutes)").fill("30")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.audit()
    expect(page.get_by_text("Merci : votre proposition a bien été reçue.")).to_be_visible()
    sign_out(page)

    proposal = Proposal.objects.get()
    sign_in(page, staff.email)
    page.goto("/rencontres/toulouse/contributions/examen/")
    page.audit()
    page.get_by_role("link", name="Le portail à Quimper").click()
    page.audit()
    page.get_by_role("group", name="Mon avis").get_by_label("4").check()
    page.get_by_role("button", name="Enregistrer mon avis").click()
    page.audit()
    page.get_by_label("Accepter").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.audit()
    expect(page.get_by_text("La décision a été enregistrée")).to_be_visible()
    assert Message.objects.filter(to=member.email).count() == 1

    page.get_by_role("link", name="Programmer la séance").click()
    page.audit()
    page.get_by_label("Jour").select_option(index=1)
    page.get_by_label("Début").fill("11:00")
    page.get_by_label("Fin").fill("11:30")
    page.get_by_label("Salle").fill("Salle B")
    page.get_by_role("button", name="Mettre au programme").click()
    page.audit()
    expect(page.get_by_role("heading", name="Le portail à Quimper")).to_be_visible()
    page.goto("/rencontres/toulouse/contributions/chiffres/")
    page.audit()
    proposal.refresh_from_db()
    assert proposal.session.is_draft is False
