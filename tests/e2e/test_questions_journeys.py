import re

from playwright.sync_api import expect

from cercle.meetings.enums import Attendance
from cercle.questions import services
from cercle.questions.models import Moderation
from tests.e2e.conftest import PHONE, sign_in, sign_out
from tests.factories import OrganisationFactory, UserFactory, agent_of
from tests.meetings.factories import register, session, two_day_meeting


def test_participant_asks_on_a_phone_and_the_moderator_takes_by_the_proposed_order(
    page, transactional_db
):
    meeting, days = two_day_meeting()
    plenary = session(days[0], "Plénière d'ouverture")
    city = OrganisationFactory(name="Ville de Villejuif")
    participant = agent_of(city, user__email="camille@example.test")
    register(meeting, participant, city, days, modes=[Attendance.ON_SITE, Attendance.ABSENT])
    earlier = agent_of(city)
    register(meeting, earlier, city, days, modes=[Attendance.REMOTE, Attendance.ABSENT])
    services.ask(session=plenary, person=earlier, text="Question venue de la visio")
    moderator = UserFactory(email="moderatrice@example.test")
    Moderation.objects.create(session=plenary).moderators.add(moderator)
    address = f"/rencontres/{meeting.slug}/seances/{plenary.pk}/questions/"

    page.set_viewport_size(PHONE)
    page.goto(address)  # the QR code: sign in first
    sign_in(page, participant.email)
    page.goto(address)
    page.set_viewport_size(PHONE)
    page.get_by_label("Votre question").fill("Quand la démarche sera-t-elle accessible ?")
    page.get_by_role("button", name="Envoyer ma question").click()
    expect(page.get_by_text("Votre question est dans la file.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Soutenir Question venue de la visio")).click()
    expect(page.get_by_text("Votre soutien est compté.")).to_be_visible()
    page.audit()
    sign_out(page)

    sign_in(page, moderator.email)
    page.goto(f"/rencontres/{meeting.slug}/seances/{plenary.pk}/moderation/")
    proposed = page.locator("section", has=page.get_by_role("heading", name="Proposée ensuite"))
    expect(proposed).to_contain_text("Question venue de la visio")
    page.get_by_role("button", name="Prendre la question proposée").click()
    answering = page.locator("section", has=page.get_by_role("heading", name="En cours de réponse"))
    expect(answering).to_contain_text("Question venue de la visio")
    page.audit()
    # Most supported first: the remote question went first, the phone's question is next.
    expect(proposed).to_contain_text("Quand la démarche sera-t-elle accessible ?")
    page.get_by_role("button", name="Prendre la question proposée").click()
    expect(answering).to_contain_text("Quand la démarche sera-t-elle accessible ?")
    page.audit()
    # Another question than the proposed one, then the answer: the buttons of the queue submit
    # the forms around it (form="…"), no script needed.
    services.ask(session=plenary, person=earlier, text="Troisième question, de la visio")
    services.ask(session=plenary, person=participant, text="Quatrième question, du téléphone")
    page.reload()
    expect(proposed).to_contain_text("Troisième question, de la visio")
    page.get_by_role("button", name=re.compile("Prendre plutôt Quatrième question")).click()
    expect(answering).to_contain_text("Quatrième question, du téléphone")
    page.get_by_role("button", name="Marquer comme répondue").click()
    expect(answering).to_contain_text("Personne n’a la parole.")
    page.audit()
