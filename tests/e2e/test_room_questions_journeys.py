"""The whole room loop: the screen's QR code leads a phone to the question page, the moderator
takes the question the rule proposes, and the room screen shows it by itself."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from cercle.meetings.enums import Attendance
from cercle.questions.models import Moderation
from tests.e2e.conftest import PHONE, sign_in, sign_out
from tests.e2e.test_screens_journeys import clock  # noqa: F401 - the room screen's clock
from tests.factories import OrganisationFactory, UserFactory, agent_of
from tests.meetings.factories import at, register, session, two_day_meeting


def test_a_phone_asks_from_the_room_screen_and_the_screen_shows_the_answered_question(
    page,
    transactional_db,
    settings,
    clock,  # noqa: F811
):
    settings.ROOM_SCREEN_POLL_SECONDS = 1
    meeting, days = two_day_meeting()
    plenary = session(days[0], "Plénière d'ouverture", room="Salle Lumière")
    city = OrganisationFactory(name="Ville de Villejuif")
    participant = agent_of(city, user__email="camille@example.test")
    register(meeting, participant, city, days, modes=[Attendance.ON_SITE, Attendance.ABSENT])
    moderator = UserFactory(email="moderatrice@example.test")
    Moderation.objects.create(session=plenary).moderators.add(moderator)
    clock(at(days[0], 10, 0))
    screen = f"/rencontres/{meeting.slug}/salles/salle-lumiere/ecran/"

    page.goto(screen)
    expect(page.locator("#screen-featured-title")).to_have_text("Plénière d'ouverture")
    expect(
        page.get_by_role("img", name="QR code pour poser une question sur cette séance")
    ).to_be_visible()
    address = urlsplit(page.locator(".screen-url").inner_text().strip()).path
    assert address == f"/rencontres/{meeting.slug}/seances/{plenary.pk}/questions/"

    page.set_viewport_size(PHONE)
    sign_in(page, participant.email)
    page.goto(address)
    page.get_by_label("Votre question").fill("Le <b>portail</b> sera-t-il traduit en breton ?")
    page.get_by_role("button", name="Envoyer ma question").click()
    expect(page.get_by_text("Votre question est dans la file.")).to_be_visible()
    page.audit()
    sign_out(page)

    sign_in(page, moderator.email)
    page.goto(f"/rencontres/{meeting.slug}/seances/{plenary.pk}/moderation/")
    proposed = page.locator("section", has=page.get_by_role("heading", name="Proposée ensuite"))
    expect(proposed).to_contain_text("Le <b>portail</b> sera-t-il traduit en breton ?")
    page.get_by_role("button", name="Prendre la question proposée").click()
    answering = page.locator("section", has=page.get_by_role("heading", name="En cours de réponse"))
    expect(answering).to_contain_text("Le <b>portail</b> sera-t-il traduit en breton ?")

    page.goto(screen)
    expect(page.locator(".screen-featured")).to_contain_text(
        "Le <b>portail</b> sera-t-il traduit en breton ?"
    )
    page.audit()
