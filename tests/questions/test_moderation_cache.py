"""The moderator's queue is a cached fragment: never stale after a write that concerns it, never
holding a CSRF token, the same number of queries whatever the length of the queue."""

import pickle
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting
from cercle.questions import services
from cercle.questions.enums import Policy, Status
from cercle.questions.models import Question, Turn
from cercle.questions.views import moderation
from tests.factories import StaffFactory
from tests.questions.conftest import url


def _page(client, session, name="moderate"):
    response = client.get(url(session, name))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_question_and_a_support_show_at_once(
    page_cache, client, plenary, moderator, attendee
):
    people = [attendee() for _ in range(3)]
    client.force_login(moderator)
    first = services.ask(session=plenary, person=people[0], text="Première question")
    assert "1 question en attente" in _page(client, plenary)

    second = services.ask(session=plenary, person=people[1], text="Deuxième question")
    services.support(question=second, person=people[2])

    html = _page(client, plenary)
    assert "2 questions en attente" in html
    # Most supported first: the second question now heads the table.
    assert html.index(f'id="waiting-{second.pk}"') < html.index(f'id="waiting-{first.pk}"')
    assert "Deuxième question" in _page(client, plenary, "moderate_panel")


def test_taking_answering_and_hiding_show_at_once(page_cache, client, plenary, moderator, attendee):
    client.force_login(moderator)
    first = services.ask(session=plenary, person=attendee(), text="Première question")
    second = services.ask(session=plenary, person=attendee(), text="Deuxième question")
    assert "Personne n’a la parole." in _page(client, plenary)

    client.post(url(plenary, "moderate"), {"action": "take", "current": "", "question": first.pk})
    html = _page(client, plenary)
    assert "Personne n’a la parole." not in html
    assert f'value="{first.pk}"' in html  # the question being answered, seen by the next take
    assert f'id="waiting-{first.pk}"' not in html

    client.post(url(plenary, "moderate"), {"action": "answer"})
    assert "Personne n’a la parole." in _page(client, plenary)

    services.hide(question=second, actor=moderator, reason="Hors sujet")
    html = _page(client, plenary, "moderate_panel")
    assert f'id="waiting-{second.pk}"' not in html
    assert "Aucune question en attente." in html


def test_a_renamed_author_shows_at_once(page_cache, client, plenary, moderator, attendee):
    author = attendee()
    services.ask(session=plenary, person=author, text="Une question")
    client.force_login(moderator)
    _page(client, plenary)

    get_user_model().objects.filter(pk=author.pk).update(display_name="Camille Renommée")

    assert "Camille Renommée" in _page(client, plenary)


def test_the_queue_follows_the_language(page_cache, client, plenary, moderator, attendee):
    services.ask(session=plenary, person=attendee(), text="Une question")
    client.force_login(moderator)
    assert "1 question en attente" in _page(client, plenary)
    english = StaffFactory(language="en")
    client.force_login(english)
    assert "1 question waiting" in _page(client, plenary)


def test_no_csrf_token_is_cached_and_each_moderator_posts_with_their_own(
    page_cache, plenary, moderator, attendee
):
    services.ask(session=plenary, person=attendee(), text="Une question")
    # Not the proposed one: its row has a "take instead" button.
    question = services.ask(session=plenary, person=attendee(), text="Une autre question")
    for person in (moderator, StaffFactory()):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        html = _page(client, plenary)
        # The buttons of the cached queue belong to the forms around it, which hold the token.
        assert re.search(
            r'<form id="moderation-take"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"',
            html,
        )
        assert f'form="moderation-take" name="question" value="{question.pk}"' in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = client.post(
            url(plenary, "moderate"),
            {
                "csrfmiddlewaretoken": token,
                "action": "take",
                "current": "",
                "question": question.pk,
            },
        )
        assert response.status_code == 302
        Question.objects.filter(pk=question.pk).update(status=Status.WAITING)
        Turn.objects.all().delete()
    stored = [pickle.loads(value) for value in page_cache._cache.values()]  # noqa: S301 - our own cache
    fragments = [value for value in stored if isinstance(value, str) and "waiting-" in value]
    assert fragments
    assert not any("csrfmiddlewaretoken" in value for value in fragments)


def _count(client, session):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(session, "moderate")).status_code == 200
    return len(queries)


def test_moderation_page_queries_do_not_grow_with_the_queue(client, plenary, moderator, attendee):
    client.force_login(moderator)
    services.ask(session=plenary, person=attendee(), text="Une")
    few = _count(client, plenary)
    for n in range(8):
        question = services.ask(session=plenary, person=attendee(), text=f"Question {n}")
        services.support(question=question, person=attendee())
    services.take(session=plenary, actor=moderator)
    assert _count(client, plenary) == few


def test_a_cached_queue_is_read_in_few_queries(page_cache, client, plenary, moderator, attendee):
    for n in range(5):
        services.ask(session=plenary, person=attendee(), text=f"Question {n}")
    client.force_login(moderator)
    cold = _count(client, plenary)
    warm = _count(client, plenary)
    assert warm < cold


def test_the_rest_of_the_queue_is_a_link_away(
    page_cache, client, plenary, moderator, attendee, monkeypatch
):
    monkeypatch.setattr(moderation, "SHOWN", 2)
    questions = [
        services.ask(session=plenary, person=attendee(), text=f"Question numéro {n}")
        for n in range(3)
    ]
    client.force_login(moderator)

    first = _page(client, plenary)
    assert "3 questions en attente" in first and "Page 1 sur 2" in first
    assert 'href="?page=2"' in first
    assert f'id="waiting-{questions[2].pk}"' not in first

    response = client.get(url(plenary, "moderate"), {"page": 2})
    second = response.content.decode()
    assert "Page 2 sur 2" in second and f'id="waiting-{questions[2].pk}"' in second
    assert f'id="waiting-{questions[0].pk}"' not in second
    # The proposed question stays in view, and the polling keeps to the page shown.
    assert "Question numéro 0" in second
    assert f'{url(plenary, "moderate_panel")}?page=2"' in second
    panel = client.get(url(plenary, "moderate_panel"), {"page": 2}).content.decode()
    assert f'id="waiting-{questions[2].pk}"' in panel

    services.hide(question=questions[2], actor=moderator, reason="Doublon")
    assert f'id="waiting-{questions[2].pk}"' not in _page(client, plenary, "moderate_panel")
    for bad in ("0", "-1", "zzz", "99999999999"):
        assert client.get(url(plenary, "moderate"), {"page": bad}).status_code == 200


def test_a_new_turn_taking_rule_shows_at_once(page_cache, client, plenary, moderator):
    client.force_login(moderator)
    assert '<option value="gender" selected>' not in _page(client, plenary)

    client.post(url(plenary, "moderate"), {"action": "policy", "policy": Policy.GENDER})

    html = _page(client, plenary)
    assert '<option value="gender" selected>' in html
    assert 'for="id_policy"' in html


def test_a_draft_meetings_sessions_are_found_by_organisers_only(client, plenary, moderator):
    Meeting.objects.filter(pk=plenary.meeting_id).update(status=MeetingStatus.DRAFT)
    client.force_login(moderator)
    assert client.get(url(plenary, "moderate")).status_code == 404
    assert client.get(url(plenary, "moderate_panel")).status_code == 404
    assert client.get(url(plenary, "ask")).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(url(plenary, "moderate")).status_code == 200
    assert client.get(url(plenary, "ask")).status_code == 200
    wrong = url(plenary, "moderate").replace(plenary.meeting.slug, "une-autre-rencontre")
    assert client.get(wrong).status_code == 404
