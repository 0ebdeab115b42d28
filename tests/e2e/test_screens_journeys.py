import pytest
from playwright.sync_api import expect

from cercle.meetings.enums import Attendance
from cercle.meetings.models import Session
from tests.e2e.conftest import sign_in
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import at, register, session, two_day_meeting, workshop


@pytest.fixture
def clock(monkeypatch):
    """The room screen reads cercle.onsite.clock.now (the live server runs in this process)."""
    from cercle.onsite import clock

    def stand(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)

    return stand


def test_the_room_screen_follows_the_clock_and_the_programme_by_itself(
    page, transactional_db, settings, clock
):
    settings.ROOM_SCREEN_POLL_SECONDS = 1
    meeting, days = two_day_meeting()
    opening = session(days[0], "Plénière d'ouverture", room="Salle Lumière")
    workshop(
        days[0],
        "Atelier Combo " + "avec un titre vraiment très long " * 6,
        start=(11, 0),
        end=(12, 30),
        room="Salle Lumière",
        objectives="Configurer le portail. " * 30,
        prerequisites="Aucun",
    )
    clock(at(days[0], 10, 0))

    page.goto(f"/rencontres/{meeting.slug}/salles/salle-lumiere/ecran/")
    title = page.locator("#screen-featured-title")
    expect(title).to_have_text("Plénière d'ouverture")
    expect(
        page.get_by_role("img", name="QR code pour poser une question sur cette séance")
    ).to_be_visible()

    Session.objects.filter(pk=opening.pk).update(title="Plénière d'ouverture (salle comble)")
    expect(title).to_have_text("Plénière d'ouverture (salle comble)")

    clock(at(days[0], 10, 50))
    expect(page.get_by_text("Commence dans 10 minutes")).to_be_visible()
    expect(page.get_by_text("Prérequis")).to_be_visible()
    page.audit()
    for size in ({"width": 1280, "height": 720}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")

    page.context.set_offline(True)
    expect(page.get_by_role("status")).to_have_text(
        "Connexion perdue : l’écran affiche le dernier état connu."
    )
    expect(page.get_by_text("Prérequis")).to_be_visible()
    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_be_hidden()


def test_a_registrant_reads_the_timetable_with_their_workshop_marked(page, transactional_db):
    meeting, days = two_day_meeting()
    session(days[0], "Ouverture", start=(9, 0), end=(9, 30), room="Amphithéâtre")
    mine = workshop(days[0], "Atelier Combo", start=(10, 0), end=(11, 30), room="Salle B")
    workshop(days[0], "Atelier Passerelle", start=(10, 0), end=(11, 0), room="Salle A")
    city = OrganisationFactory()
    person = agent_of(city)
    register(
        meeting, person, city, days, modes=[Attendance.ON_SITE, Attendance.REMOTE], workshops=[mine]
    )

    sign_in(page, person.email)
    page.goto(f"/rencontres/{meeting.slug}/programme/")

    combo = page.get_by_role("article", name="Atelier Combo")
    passerelle = page.get_by_role("article", name="Atelier Passerelle")
    expect(combo).to_contain_text("Mon atelier : place confirmée (sur place)")
    expect(
        page.get_by_role("heading", name="Mardi 2 juin 2099 Je viens sur place ce jour")
    ).to_be_visible()
    left, right = passerelle.bounding_box(), combo.bounding_box()
    assert left["y"] == right["y"] and left["x"] < right["x"]

    page.set_viewport_size({"width": 390, "height": 844})
    left, right = passerelle.bounding_box(), combo.bounding_box()
    assert left["x"] == right["x"]
