from playwright.sync_api import expect

from cercle.evaluation import services
from tests.e2e.conftest import PHONE, sign_in, sign_out
from tests.evaluation.conftest import AFTER, CLOSES, Club, registrant


def test_participant_answers_on_a_phone_then_staff_read_the_results(
    page, transactional_db, monkeypatch
):
    from cercle.onsite import clock

    monkeypatch.setattr(clock, "now", lambda: AFTER)
    club = Club()
    services.open_evaluation(meeting=club.meeting, actor=club.staff, closes_at=CLOSES)
    for n in range(5):
        services.submit(
            meeting=club.meeting,
            person=registrant(club, n),
            overall=3 + n % 3,
            ratings={club.opening.pk: 4},
            keep="Les retours d'expérience",
        )

    page.set_viewport_size(PHONE)
    sign_in(page, club.person.email)
    page.goto(f"/rencontres/{club.meeting.slug}/mon-inscription/")
    page.get_by_role("link", name="Donnez votre avis : répondez à l'évaluation").click()
    page.set_viewport_size(PHONE)
    page.get_by_label("Que faut-il améliorer ?").fill("Le son pour le distanciel")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator("#id_overall_error")).to_contain_text("Choisissez une note de 1 à 5.")
    expect(page.get_by_label("Que faut-il améliorer ?")).to_have_value("Le son pour le distanciel")
    page.audit()
    overall = page.get_by_role("group", name="Dans l'ensemble, quelle note donnez-vous")
    overall.get_by_label("5", exact=True).check()
    page.get_by_role("group", name="Plénière d'ouverture").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Merci : votre réponse est enregistrée.")).to_be_visible()
    expect(page.get_by_role("button", name="Modifier ma réponse")).to_be_visible()
    page.audit()
    sign_out(page)

    sign_in(page, club.staff.email)
    page.goto(f"/rencontres/{club.meeting.slug}/evaluation/resultats/")
    expect(page.locator("#response-rate")).to_contain_text("6 réponses sur 6 inscrits (100 %)")
    expect(page.get_by_role("img", name="Note globale (graphique")).to_be_visible()
    expect(page.get_by_text("Le son pour le distanciel")).to_be_visible()
    expect(page.get_by_text("Hélène Léveillé")).to_have_count(0)
    page.audit()
