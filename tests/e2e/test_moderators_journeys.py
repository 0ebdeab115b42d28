import re

from playwright.sync_api import expect

from cercle.meetings.enums import Attendance
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import register, session, two_day_meeting


def test_staff_names_a_moderator_who_then_opens_the_moderation_page(page, transactional_db):
    meeting, days = two_day_meeting()
    plenary = session(days[0], "Plénière d'ouverture")
    session(days[0], "Atelier <b>démarches</b>", start=(11, 0), end=(12, 0))
    city = OrganisationFactory(name="Ville de Villejuif")
    moderator = agent_of(city, user__email="moderatrice@example.test")
    register(meeting, moderator, city, days, modes=[Attendance.ON_SITE, Attendance.ABSENT])
    staff = StaffFactory(email="equipe@editeur.test")

    sign_in(page, staff.email)
    page.goto(f"/rencontres/{meeting.slug}/moderateurs/")
    section = page.locator("section", has=page.get_by_role("heading", name="Plénière d'ouverture"))
    field = section.get_by_label("Adresse électronique du modérateur ou de la modératrice")
    field.fill("inconnue@example.test")
    section.get_by_role("button", name=re.compile("Ajouter comme modérateur")).click()
    expect(page.get_by_text("Aucun compte n’a l’adresse inconnue@example.test.")).to_be_visible()
    expect(field).to_have_value("inconnue@example.test")
    page.audit()
    field.fill(moderator.email)
    section.get_by_role("button", name=re.compile("Ajouter comme modérateur")).click()
    expect(page.get_by_text("modère désormais cette séance.")).to_be_visible()
    expect(section).to_contain_text("moderatrice@example.test")
    page.audit()
    sign_out(page)

    sign_in(page, moderator.email)
    page.goto(f"/rencontres/{meeting.slug}/seances/{plenary.pk}/moderation/")
    expect(page.get_by_role("heading", name=re.compile("Modération — Plénière"))).to_be_visible()
