"""A registrant answers the evaluation: the form, editing, the rules, and bad input."""

import pytest
from django.db import IntegrityError, transaction

from cercle.core.errors import DomainError
from cercle.evaluation import services
from cercle.evaluation.models import Answer, Evaluation
from tests.evaluation.conftest import CLOSES, answer, open_evaluation, url

HOSTILE = "Ligne 1\nLigne 2 =cmd|' /C calc'!A0 <script>alert(1)</script>"


def form(club, **extra):
    data = {
        "overall": "4",
        f"session_{club.opening.pk}": "5",
        f"session_{club.lab.pk}": "3",
        "keep": "Les retours d'expérience",
        "improve": "Le son",
        "comments": "",
    }
    data.update(extra)
    return data


def test_registrant_answers_and_the_answer_holds_the_ratings(client, club, opened):
    client.force_login(club.person)

    response = client.post(url(club), form(club), follow=True)

    assert "Merci : votre réponse est enregistrée" in response.content.decode()
    answer = Answer.objects.get()
    assert (answer.overall, answer.keep, answer.improve) == (
        4,
        "Les retours d'expérience",
        "Le son",
    )
    assert {r.session_id: r.rating for r in answer.ratings.all()} == {
        club.opening.pk: 5,
        club.lab.pk: 3,
    }


def test_form_offers_only_sessions_of_attended_days_without_breaks_or_others_workshops(
    client, club, opened
):
    client.force_login(club.person)

    page = client.get(url(club)).content.decode()

    assert "Plénière d&#x27;ouverture" in page
    assert "Atelier démarches" in page  # her workshop
    assert "Atelier portail" not in page  # no seat there
    assert "Déjeuner" not in page  # a break
    assert "Clôture" not in page  # day two: no check-in


def test_remote_attendance_counts_like_a_check_in(client, club, opened):
    from tests.evaluation.conftest import seen_online

    seen_online(club.registration, club.days[1])
    client.force_login(club.person)

    assert "Clôture" in client.get(url(club)).content.decode()


def test_second_submit_edits_the_same_answer_and_the_form_shows_it(client, club, opened):
    client.force_login(club.person)
    client.post(url(club), form(club))

    client.post(url(club), form(club, overall="2", **{f"session_{club.lab.pk}": ""}))

    answer = Answer.objects.get()
    assert answer.overall == 2
    assert list(answer.ratings.values_list("session_id", flat=True)) == [club.opening.pk]
    page = client.get(url(club)).content.decode()
    assert 'value="2" class="rating" id="id_overall_1" checked' in page or (
        'value="2"' in page and "checked" in page
    )
    assert "Modifier ma réponse" in page


def test_rating_out_of_range_is_a_french_error_and_keeps_what_was_typed(client, club, opened):
    client.force_login(club.person)

    response = client.post(url(club), form(club, overall="7", keep=HOSTILE))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez une note de 1 à 5." in page
    assert "Ligne 1\nLigne 2 =cmd|&#x27; /C calc&#x27;!A0 &lt;script&gt;" in page
    assert 'aria-describedby="id_overall_error' in page or "id_overall_error" in page
    assert Answer.objects.count() == 0


def test_missing_overall_rating_is_refused_in_french(client, club, opened):
    client.force_login(club.person)

    response = client.post(url(club), form(club, overall=""))

    assert response.status_code == 400
    assert "Choisissez une note de 1 à 5." in response.content.decode()


def test_session_rating_out_of_range_is_refused(client, club, opened):
    client.force_login(club.person)

    response = client.post(url(club), form(club, **{f"session_{club.opening.pk}": "0"}))

    assert response.status_code == 400
    assert "Choisissez une note de 1 à 5." in response.content.decode()


def test_service_refuses_ratings_out_of_range_and_sessions_not_attended(club, opened):
    with pytest.raises(DomainError) as error:
        answer(club, club.person, overall=6)
    assert error.value.code == "bad_rating"
    assert "note de 1 à 5" in error.value.message
    with pytest.raises(DomainError) as error:
        answer(club, club.person, ratings={club.closing.pk: 4})
    assert error.value.code == "not_attended"
    with pytest.raises(DomainError) as error:
        answer(club, club.person, ratings={club.opening.pk: True})
    assert error.value.code == "bad_rating"
    assert Answer.objects.count() == 0


def test_too_long_text_is_refused_and_kept(client, club, opened):
    client.force_login(club.person)

    response = client.post(url(club), form(club, comments="x" * 3001))

    assert response.status_code == 400
    assert "3000 caractères au plus" in response.content.decode()
    assert "x" * 3001 in response.content.decode()


def test_before_opening_the_page_says_so_and_a_submit_loses_nothing(client, club):
    client.force_login(club.person)

    assert "pas encore ouverte" in client.get(url(club)).content.decode()
    response = client.post(url(club), form(club, keep=HOSTILE))

    assert response.status_code == 400
    page = response.content.decode()
    assert "pas encore ouverte" in page
    assert "Ligne 1\nLigne 2" in page
    assert Answer.objects.count() == 0


def test_after_the_closing_date_a_submit_is_refused_and_loses_nothing(client, club, clock):
    open_evaluation(club)
    client.force_login(club.person)
    clock.set(CLOSES)

    response = client.post(url(club), form(club, improve="Plus de pauses"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "close depuis le 20 juin 2099" in page
    assert "Plus de pauses" in page
    assert Answer.objects.count() == 0


def test_after_staff_close_it_nobody_can_change_an_answer(client, club, opened):
    answer(club, club.person, overall=5)
    services.close_evaluation(meeting=club.meeting, actor=club.staff)
    client.force_login(club.person)

    response = client.post(url(club), form(club, overall="1"))

    assert response.status_code == 400
    assert Answer.objects.get().overall == 5
    with pytest.raises(DomainError) as error:
        answer(club, club.person, overall=1)
    assert error.value.code == "closed"


def test_the_database_allows_one_answer_per_person_and_ratings_1_to_5(club, opened):
    evaluation = Evaluation.objects.get()
    key = services.respondent_key(evaluation, club.person)
    values = {"overall": 3, "profile": "on_site", "experience": "regular"}
    Answer.objects.create(
        evaluation=evaluation, respondent_key=key, answered_on="2099-06-04", **values
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            evaluation=evaluation, respondent_key=key, answered_on="2099-06-04", **values
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            evaluation=evaluation,
            respondent_key="other",
            answered_on="2099-06-04",
            **{**values, "overall": 6},
        )


def test_the_answer_stores_no_person_only_a_key_that_differs_per_evaluation(club, opened):
    stored = answer(club, club.person)

    fields = {field.name for field in Answer._meta.get_fields()}
    assert not fields & {"person", "registration", "user", "email"}
    assert stored.respondent_key == services.respondent_key(opened, club.person)
    assert len(stored.respondent_key) == 64
    elsewhere = Evaluation(pk=opened.pk + 1)
    assert services.respondent_key(elsewhere, club.person) != stored.respondent_key
    assert stored.answered_on.isoformat() == "2099-06-03"


def test_rotating_the_secret_key_never_lets_a_person_answer_twice(client, club, opened, settings):
    old_key = settings.SECRET_KEY
    client.force_login(club.person)
    client.post(url(club), form(club))
    settings.SECRET_KEY = "a-new-secret-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = [old_key]
    client.force_login(club.person)  # the session hash changes with the key

    page = client.get(url(club)).content.decode()
    client.post(url(club), form(club, overall="1"))

    assert "Modifier ma réponse" in page
    answer = Answer.objects.get()
    assert answer.overall == 1
    assert answer.respondent_key == services.respondent_key(answer.evaluation, club.person)


def test_without_the_old_key_in_the_fallbacks_the_old_answer_is_not_found(club, opened, settings):
    answer(club, club.person)
    settings.SECRET_KEY = "a-new-secret-key-" + "y" * 40

    assert services.answer_of(Evaluation.objects.get(), club.person) is None
