from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cercle.meetings.enums import Attendance
from cercle.meetings.models import DayChoice
from cercle.quarterly.models import QuarterlySession
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.quarterly.factories import endorse, plus_one, vendor
from tests.requests.factories import filed


def test_staff_build_a_quarterly_agenda_from_the_proposed_requests(page, transactional_db):
    vendor()
    staff = StaffFactory()
    signing = filed(title="Signer les arrêtés en ligne")
    endorse(signing, count=3)
    reminders = filed(title="Relancer l’usager quand une pièce manque")
    endorse(reminders, count=1)
    plus_one(reminders, count=2)
    day = timezone.localdate() + timedelta(days=20)

    sign_in(page, staff.email)
    page.goto("/sessions-trimestrielles/")
    page.get_by_role("link", name="Planifier une session trimestrielle").click()
    page.audit()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("16:00")
    page.get_by_label("Salle en ligne").fill("https://visio.example.test/trimestrielle")
    page.get_by_role("button", name="Créer la session").click()
    page.audit()

    page.get_by_label(f"{signing.reference} {signing.title}", exact=False).check()
    page.get_by_label(f"{reminders.reference} {reminders.title}", exact=False).check()
    page.get_by_role("button", name="Ajouter à l’ordre du jour").click()
    page.audit()
    page.get_by_role("button", name=f"Monter — {reminders.reference}").click()
    page.get_by_role("link", name=f"Modifier — {signing.reference}").click()
    page.audit()
    page.get_by_label("Note").fill("Démonstration de la signature par l’éditeur.")
    page.get_by_role("button", name="Enregistrer").click()
    page.audit()
    page.get_by_role("link", name="Retour à la session").click()
    page.audit()

    items = page.locator(".quarterly-agenda li")
    expect(items.nth(0)).to_contain_text(reminders.title)
    expect(items.nth(1)).to_contain_text("Démonstration de la signature")
    sign_out(page)

    page.goto(signing.get_absolute_url())
    page.audit()
    page.get_by_role("link", name="Session trimestrielle en ligne").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session trimestrielle en ligne")

    member = agent_of(OrganisationFactory(name="Ville de Brest"))
    sign_in(page, member.email)
    session = QuarterlySession.objects.get()
    page.goto(session.get_absolute_url())
    page.get_by_role("link", name="S’inscrire pour la suivre en ligne").click()
    page.audit()
    expect(page.get_by_label("Sur place")).to_have_count(0)
    page.get_by_label("À distance").check()
    page.get_by_role("group", name="Droit à l’image").get_by_label("Oui, j’accepte").check()
    page.get_by_role("button", name="S’inscrire").click()
    page.audit()
    choice = DayChoice.objects.get(registration__person=member)
    assert choice.attendance == Attendance.REMOTE
