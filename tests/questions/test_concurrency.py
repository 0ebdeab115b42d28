"""Real concurrency on PostgreSQL: moderators take "next" together, people support together."""

import threading

import pytest
from django.db import connection

from cercle.core.errors import DomainError
from cercle.questions import selectors, services
from cercle.questions.enums import Status
from cercle.questions.models import Question, Support, Turn

pytestmark = pytest.mark.postgres

MODERATORS, QUESTIONS, SUPPORTERS = 4, 12, 16


def _run(workers):
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_moderators_taking_next_together_answer_each_question_once(
    transactional_db, plenary, attendee
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    people = [attendee() for _ in range(QUESTIONS)]
    for n, person in enumerate(people):
        services.ask(session=plenary, person=person, text=f"Question {n}")
    from tests.factories import StaffFactory

    moderators = [StaffFactory() for _ in range(MODERATORS)]
    moved = []

    def moderate(actor):
        def work():
            while True:
                current = selectors.answering_now(plenary)
                try:
                    services.take(session=plenary, actor=actor, seen_current=current and current.pk)
                except DomainError as error:
                    if error.code == "empty_queue":
                        return
                    assert error.code in ("queue_moved", "not_waiting")
                    moved.append(error.code)

        return work

    errors = _run([moderate(actor) for actor in moderators])

    assert errors == []
    taken = list(Turn.objects.values_list("question_id", flat=True))
    assert sorted(taken) == sorted(Question.objects.values_list("pk", flat=True))
    assert list(Turn.objects.values_list("position", flat=True)) == list(range(1, QUESTIONS + 1))
    statuses = list(Question.objects.values_list("status", flat=True))
    assert statuses.count(Status.ANSWERING) == 1
    assert statuses.count(Status.ANSWERED) == QUESTIONS - 1


def test_simultaneous_supporters_lose_no_support_and_none_counts_twice(
    transactional_db, plenary, attendee
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    question = services.ask(session=plenary, person=attendee(), text="Populaire")
    supporters = [attendee() for _ in range(SUPPORTERS)]
    refused = []

    def support(person):
        def work():
            for _ in range(2):  # a double tap on the phone
                try:
                    services.support(question=question, person=person)
                except DomainError as error:
                    refused.append(error.code)

        return work

    errors = _run([support(person) for person in supporters])

    assert errors == []
    assert refused == ["already_supported"] * SUPPORTERS
    question.refresh_from_db()
    assert question.support == SUPPORTERS == Support.objects.filter(question=question).count()
