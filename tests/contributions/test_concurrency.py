"""Real concurrency on PostgreSQL: twenty committee clicks on "accept" at once."""

import threading

import pytest
from django.db import connection

from cercle.contributions import reviews
from cercle.contributions.enums import Decision
from cercle.meetings.models import Session
from cercle.outbox.models import Message
from tests.contributions.factories import open_call, propose
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import two_day_meeting

pytestmark = pytest.mark.postgres

CLICKS = 20


def test_twenty_simultaneous_accept_clicks_create_one_session(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    meeting, _days = two_day_meeting()
    call = open_call(meeting)
    organisation = OrganisationFactory()
    proposal = propose(call, agent_of(organisation), organisation)
    staff = [StaffFactory() for _ in range(CLICKS)]
    barrier = threading.Barrier(CLICKS)
    errors = []

    def accept(person):
        try:
            barrier.wait()
            reviews.decide(proposal=proposal, actor=person, decision=Decision.ACCEPT)
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(person,)) for person in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Session.with_drafts.filter(meeting=meeting).count() == 1
    assert Message.objects.count() == 1
