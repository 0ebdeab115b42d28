from playwright.sync_api import expect

from cercle.meetings.enums import Attendance, SeatMode, SeatStatus
from cercle.meetings.models import Registration
from cercle.outbox.models import Message
from tests.e2e.conftest import sign_in
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import session, track, two_day_meeting, workshop


def test_member_reads_programme_and_registers(page, transactional_db):
    host = OrganisationFactory(name="Toulouse Métropole", slug="toulouse-metropole")
    meeting, days = two_day_meeting(host=host, title="Rencontre de Toulouse", slug="toulouse")
    experts = track(meeting, "Experts")
    newcomers = track(meeting, "Nouveaux utilisateurs", 1)
    session(days[0], "Ouverture", start=(9, 30), end=(10, 0), room="Auditorium")
    chosen = workshop(
        days[0],
        "Atelier 1 : Socle personnes morales",
        capacity=20,
        track=experts,
        objectives="Recueillir les besoins",
        prerequisites="Connaître le back-office",
    )
    workshop(days[1], "Atelier 3 : Mutualiser le service", capacity=20, track=newcomers)
    city = OrganisationFactory(name="Ville de Quimper")
    member = agent_of(city)

    sign_in(page, member.email)
    page.goto("/rencontres/")
    page.get_by_role("link", name="Rencontre de Toulouse").click()
    page.audit()
    page.get_by_role("link", name="Programme", exact=True).click()
    page.audit()
    expect(page.get_by_text("Recueillir les besoins")).to_be_visible()
    page.get_by_label("Parcours").select_option(str(experts.pk))
    page.get_by_role("button", name="Filtrer").click()
    page.audit()
    expect(page.get_by_role("heading", name="Atelier 3 : Mutualiser le service")).to_have_count(0)

    page.goto(f"/rencontres/{meeting.slug}/inscription/")
    first_day = page.get_by_role("group", name="Mardi 2 juin 2099")
    first_day.get_by_label("Sur place").check()
    second_day = page.get_by_role("group", name="Mercredi 3 juin 2099")
    second_day.get_by_label("À distance").check()
    page.get_by_role("checkbox", name="Atelier 1 : Socle personnes morales").check()
    page.get_by_role("button", name="S’inscrire").click()
    page.audit()
    expect(page.get_by_text("Répondez à la question sur le droit à l’image").first).to_be_visible()
    expect(
        page.get_by_role("group", name="Mardi 2 juin 2099").get_by_label("Sur place")
    ).to_be_checked()

    page.get_by_role("group", name="Droit à l’image").get_by_label("Oui, j’accepte").check()
    page.get_by_role("button", name="S’inscrire").click()
    page.audit()

    expect(
        page.get_by_text("Vous êtes inscrit. Un courriel de confirmation est en route.")
    ).to_be_visible()
    expect(page.get_by_text("place confirmée")).to_be_visible()
    registration = Registration.objects.get(person=member)
    assert registration.image_consent is True
    assert {c.day_id: c.attendance for c in registration.days.all()} == {
        days[0].pk: Attendance.ON_SITE,
        days[1].pk: Attendance.REMOTE,
    }
    assert registration.workshops.get().session == chosen
    assert registration.workshops.get().status == SeatStatus.CONFIRMED
    message = Message.objects.get(to=member.email)
    assert message.subject == "Inscription confirmée : Rencontre de Toulouse"
    assert message.attachments[0]["filename"] == "rencontre.ics"


def test_organiser_reads_the_figures(page, transactional_db):
    host = OrganisationFactory(name="Ville de Villejuif", slug="ville-de-villejuif")
    meeting, days = two_day_meeting(host=host)
    workshop(days[0], "Atelier socle", capacity=5)
    from tests.factories import referent_of

    organiser = referent_of(host)

    sign_in(page, organiser.email)
    page.goto(f"/rencontres/{meeting.slug}/")
    page.get_by_role("link", name="Chiffres des inscriptions").click()
    page.audit()
    expect(
        page.get_by_role("img", name="Participation par jour : sur place, à distance, absents")
    ).to_be_visible()
    page.goto(f"/rencontres/{meeting.slug}/programme/seances/nouvelle/")
    page.goto(f"/rencontres/{meeting.slug}/modifier/")


def test_remote_member_joins_a_hybrid_workshop_then_cancels_after_confirming(
    page, transactional_db
):
    meeting, days = two_day_meeting(title="Rencontre hybride", slug="hybride")
    hybrid = workshop(days[0], "Atelier hybride", capacity=1, open_to_remote=True)
    workshop(days[0], "Atelier en salle", capacity=1, start=(16, 0), end=(17, 0))
    city = OrganisationFactory(name="Ville de Brest")
    member = agent_of(city)

    sign_in(page, member.email)
    page.goto(f"/rencontres/{meeting.slug}/programme/")
    expect(page.get_by_text("À distance : ouvert, sans limite de places.")).to_be_visible()
    expect(page.get_by_text("Non ouvert aux participants à distance.")).to_be_visible()
    page.goto(f"/rencontres/{meeting.slug}/inscription/")
    page.get_by_role("group", name="Mardi 2 juin 2099").get_by_label("À distance").check()
    page.get_by_role("group", name="Mercredi 3 juin 2099").get_by_label("À distance").check()
    page.get_by_role("checkbox", name="Atelier en salle").check()
    page.get_by_role("group", name="Droit à l’image").get_by_label("Non, je n’accepte pas").check()
    page.get_by_role("button", name="S’inscrire").click()
    page.audit()
    expect(page.get_by_text("a lieu sur place uniquement").first).to_be_visible()

    page.get_by_role("checkbox", name="Atelier en salle").uncheck()
    page.get_by_role("checkbox", name="Atelier hybride").check()
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_text("place confirmée (à distance)")).to_be_visible()
    seat = Registration.objects.get(person=member).workshops.get()
    assert (seat.session, seat.mode) == (hybrid, SeatMode.REMOTE)

    page.get_by_role("link", name="Annuler mon inscription").click()
    page.audit()
    expect(page.get_by_text("Atelier hybride")).to_be_visible()
    assert Registration.objects.get(person=member).cancelled_at is None
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    expect(page.get_by_text("Votre inscription a été annulée.")).to_be_visible()
    assert Registration.objects.get(person=member).cancelled_at is not None
