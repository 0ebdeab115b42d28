from datetime import date

from playwright.sync_api import expect

from cercle.guide import services
from cercle.guide.models import GuideTask
from cercle.meetings.enums import MeetingStatus
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.guide.factories import guide_task
from tests.meetings.factories import MeetingFactory, add_days


def _two_meetings():
    villejuif = OrganisationFactory(name="Ville de Villejuif")
    toulouse = OrganisationFactory(name="Toulouse Métropole")
    held = MeetingFactory(
        edition=12, title="12ᵉ rencontre — Villejuif", host=villejuif, status=MeetingStatus.HELD
    )
    add_days(held, date(2023, 6, 7), date(2023, 6, 8))
    following = MeetingFactory(edition=13, title="13ᵉ rencontre — Toulouse", host=toulouse)
    add_days(following, date(2099, 6, 9), date(2099, 6, 10))
    return held, following, referent_of(villejuif), referent_of(toulouse)


def test_staff_turn_an_item_to_improve_into_a_new_task_of_the_next_checklist(
    page, transactional_db
):
    guide_task("Réserver les salles", offset=-120, effort="2")
    held, following, villejuif_referent, _ = _two_meetings()
    staff = StaffFactory(display_name="Anaïs Morel")
    services.add_retro_item(held, "good", "la qualité du son", by=staff)

    sign_in(page, villejuif_referent.email)
    page.goto(f"/rencontres/{held.slug}/bilan/")
    page.get_by_role("radio", name="À améliorer").check()
    page.get_by_label("Élément").fill("la qualité de la vidéo")
    page.get_by_role("button", name="Ajouter au bilan").click()
    page.audit()
    expect(page.get_by_role("region", name="À améliorer")).to_contain_text("la qualité de la vidéo")
    sign_out(page)

    sign_in(page, staff.email)
    page.goto(f"/rencontres/{held.slug}/bilan/")
    page.get_by_role("link", name="En faire une action : la qualité de la vidéo").click()
    page.audit()
    page.get_by_label("Action").fill("Tester la captation avec notre matériel")
    page.get_by_label("Responsable").select_option(label="Anaïs Morel")
    expect(page.get_by_label("Édition concernée")).to_have_value(str(following.pk))
    page.get_by_role("button", name="Enregistrer l’action").click()
    page.audit()
    page.get_by_role(
        "link", name="Ajouter une tâche au guide : Tester la captation avec notre matériel"
    ).click()
    page.audit()
    page.get_by_label("Tâche").fill("Tester la chaîne de captation")
    page.get_by_label("Qui s’en charge").select_option(label="Éditeur")
    page.get_by_label("Échéance").fill("J-200")
    page.get_by_label("Effort estimé, en jours").fill("1")
    page.get_by_role("button", name="Enregistrer le guide").click()
    page.audit()
    expect(page.get_by_role("alert")).to_contain_text("doit être comprise entre J-120")
    expect(page.get_by_label("Tâche")).to_have_value("Tester la chaîne de captation")
    page.get_by_label("Échéance").fill("J-45")
    page.get_by_role("button", name="Enregistrer le guide").click()
    page.audit()
    expect(page.get_by_text("Guide mis à jour : Tester la chaîne de captation")).to_be_visible()

    page.goto("/guide/")
    expect(page.get_by_role("heading", name="J-45 Tester la chaîne de captation")).to_be_visible()
    page.goto("/guide/historique/")
    page.goto(f"/rencontres/{following.slug}/preparation/")
    task = page.locator(".guide-task", has_text="Tester la chaîne de captation")
    expect(task).to_contain_text("À faire pour le samedi 25 avril 2099")
    assert GuideTask.objects.filter(title="Tester la chaîne de captation").exists()


def test_host_referent_ticks_a_task_and_records_the_days_spent(page, transactional_db):
    guide_task("Réserver les salles", offset=-120, effort="2")
    guide_task("Tester la captation", responsible="vendor", offset=-45, effort="1")
    _, following, _, toulouse_referent = _two_meetings()

    sign_in(page, toulouse_referent.email)
    page.goto(f"/rencontres/{following.slug}/preparation/")
    expect(page.get_by_label("Fait : Tester la captation")).to_have_count(0)
    page.get_by_label("Jours passés : Réserver les salles").fill("-3")
    page.get_by_role("button", name="Enregistrer : Réserver les salles").click()
    page.audit()
    expect(page.get_by_role("alert")).to_contain_text("L’effort ne peut pas être négatif.")
    page.get_by_label("Fait : Réserver les salles").check()
    page.get_by_label("Jours passés : Réserver les salles").fill("3,5")
    page.get_by_role("button", name="Enregistrer : Réserver les salles").click()
    page.audit()
    expect(page.get_by_text("1 sur 2 tâches faites (50 %)")).to_be_visible()
    expect(page.get_by_role("row", name="Total")).to_contain_text("3,5")
    page.goto("/guide/")
