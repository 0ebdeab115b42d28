"""Real concurrency on PostgreSQL: twenty workers at once deliver each event exactly once."""

import threading

import pytest
from django.db import connection

from cercle.webhooks import services
from cercle.webhooks.enums import DeliveryStatus, Event
from cercle.webhooks.models import Attempt, Delivery
from tests.factories import StaffFactory
from tests.requests.factories import filed
from tests.webhooks.factories import endpoint_for

pytestmark = pytest.mark.postgres

WORKERS = 20
EVENTS = 30


def test_twenty_workers_deliver_each_event_once(transactional_db, receiver):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    for _ in range(EVENTS):
        filed()
    barrier = threading.Barrier(WORKERS)
    errors = []

    def work():
        try:
            barrier.wait()
            services.deliver_due(limit=3)
            services.deliver_due(limit=3)
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == EVENTS
    assert Attempt.objects.count() == EVENTS
    ids = [call["headers"]["X-Cercle-Delivery"] for call in receiver.calls]
    assert len(ids) == len(set(ids)) == EVENTS
