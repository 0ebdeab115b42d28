"""The results page's figures are cached for every organiser, and never stale after a write
that concerns them; the opening and closing forms (with each person's token) stay outside."""

import pickle
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cercle.evaluation import services
from cercle.meetings.models import Registration
from tests.evaluation.conftest import answer, open_evaluation, registrant, url
from tests.factories import StaffFactory


def _page(client, club, person=None):
    client.force_login(person or club.staff)
    response = client.get(url(club, "results"))
    assert response.status_code == 200
    return response.content.decode()


def _crowd(club, count, *, start=0, **kwargs):
    people = [registrant(club, start + n) for n in range(count)]
    for person in people:
        answer(club, person, **kwargs)
    return people


def _count(client, club):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(club, "results")).status_code == 200
    return len(queries)


def test_a_new_and_an_edited_answer_show_at_once(page_cache, client, club):
    open_evaluation(club)
    _crowd(club, 5, keep="Les ateliers")
    page = _page(client, club)
    assert "5 réponses sur 6 inscrits (83 %)" in page
    assert "Le son" not in page

    answer(club, club.person, overall=5, improve="Le son")
    page = _page(client, club)
    assert "6 réponses sur 6 inscrits (100 %)" in page
    assert "Le son" in page

    answer(club, club.person, overall=1, improve="La signalétique")
    page = _page(client, club)
    assert "La signalétique" in page
    assert "Le son" not in page


def test_opening_closing_and_reopening_show_at_once(page_cache, client, club):
    page = _page(client, club)
    assert 'id="response-rate"' not in page

    open_evaluation(club)
    page = _page(client, club)
    assert 'id="response-rate"' in page
    assert "Ouverte : les réponses sont acceptées" in page

    _crowd(club, 5, keep="Les ateliers")
    _page(client, club)
    services.close_evaluation(meeting=club.meeting, actor=club.staff)
    page = _page(client, club)
    assert "Close : les réponses ne peuvent plus" in page
    assert "Rouvrir l'évaluation" in page
    assert "5 réponses sur 6 inscrits" in page

    open_evaluation(club)
    answer(club, club.person, overall=5, keep="La cantine")
    page = _page(client, club)
    assert "Ouverte : les réponses sont acceptées" in page
    assert "6 réponses sur 6 inscrits" in page
    assert "La cantine" in page


def test_a_cancelled_registration_changes_the_rate_at_once(page_cache, client, club):
    open_evaluation(club)
    _crowd(club, 5)
    assert "5 réponses sur 6 inscrits (83 %)" in _page(client, club)

    Registration.objects.filter(pk=club.registration.pk).update(cancelled_at=timezone.now())

    assert "5 réponses sur 5 inscrits (100 %)" in _page(client, club)


def test_the_cached_results_follow_the_language(page_cache, client, club):
    open_evaluation(club)
    _crowd(club, 5)
    assert "Taux de réponse" in _page(client, club)
    english = _page(client, club, StaffFactory(language="en"))
    assert "5 answers out of 6 registrants (83 %)" in english
    assert "Taux de réponse" not in english


def test_others_are_refused_even_when_the_results_are_cached(page_cache, client, club):
    open_evaluation(club)
    _crowd(club, 5, keep="Les ateliers")
    assert "Les ateliers" in _page(client, club)
    for person in (club.other_referent, club.person, club.outsider):
        client.force_login(person)
        response = client.get(url(club, "results"))
        assert response.status_code == 403
        assert "Les ateliers" not in response.content.decode()


def test_no_csrf_token_is_cached_and_each_organiser_posts_with_their_own(page_cache, club):
    open_evaluation(club)
    _crowd(club, 5, keep="Les ateliers")
    tokens = []
    for person in (club.staff, club.host_referent):
        client = Client(enforce_csrf_checks=True)
        html = _page(client, club, person)
        assert "Les ateliers" in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        response = client.post(
            url(club, "manage"),
            {"csrfmiddlewaretoken": token, "action": "open", "closes_on": "2099-06-25"},
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
    stored = [pickle.loads(value) for value in page_cache._cache.values()]  # noqa: S301 - our own cache
    fragments = [value for value in stored if isinstance(value, str) and "response-rate" in value]
    assert fragments
    assert not any("csrfmiddlewaretoken" in value for value in fragments)


def test_cached_results_are_read_in_few_queries_whatever_the_answers(page_cache, client, club):
    open_evaluation(club)
    _crowd(club, 5, ratings={club.opening.pk: 4}, keep="Bien")
    client.force_login(club.staff)
    client.get(url(club, "results"))
    warm = _count(client, club)

    _crowd(club, 2, start=10, ratings={club.opening.pk: 2}, keep="Assez bien")
    cold = _count(client, club)
    assert _count(client, club) == warm < cold

    _crowd(club, 12, start=20, ratings={club.opening.pk: 3}, improve="Mieux")
    assert _count(client, club) == cold
    assert _count(client, club) == warm
