"""Real concurrency on PostgreSQL: twenty submits of one person at once leave one answer."""

import threading

import pytest
from django.db import connection

from cercle.evaluation import services
from cercle.evaluation.models import Answer, SessionRating
from tests.evaluation.conftest import Club, open_evaluation

pytestmark = pytest.mark.postgres

SUBMITS = 20


def test_twenty_parallel_submits_of_one_person_keep_one_answer(transactional_db, clock):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL and several connections")
    club = Club()
    open_evaluation(club)
    barrier = threading.Barrier(SUBMITS)
    errors = []

    def submit(n):
        try:
            barrier.wait()
            services.submit(
                meeting=club.meeting,
                person=club.person,
                overall=1 + n % 5,
                ratings={club.opening.pk: 1 + n % 5},
                keep=f"Envoi {n}",
            )
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    answer = Answer.objects.get()
    assert SessionRating.objects.count() == 1
    assert answer.ratings.get().rating == answer.overall
    assert answer.keep.startswith("Envoi ")


def test_twenty_organisers_opening_at_once_invite_each_registrant_once(transactional_db, clock):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL and several connections")
    from cercle.outbox.models import Message
    from tests.evaluation.conftest import CLOSES

    club = Club()
    Message.objects.all().delete()
    barrier = threading.Barrier(SUBMITS)
    errors = []

    def open_it():
        try:
            barrier.wait()
            services.open_evaluation(meeting=club.meeting, actor=club.staff, closes_at=CLOSES)
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_it) for _ in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(Message.objects.values_list("to", flat=True)) == [club.person.email]
