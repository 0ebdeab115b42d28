"""Real concurrency on PostgreSQL: a person submits the erasure form twenty times at once."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cercle.audit.models import AuditEntry
from cercle.privacy.models import Erasure
from tests.factories import UserFactory

pytestmark = pytest.mark.postgres

SUBMITS = 20


def test_twenty_parallel_erasure_submits_erase_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    person = UserFactory(display_name="Camille Martin")
    clients = []
    for _ in range(SUBMITS):
        client = Client()
        client.force_login(person)
        clients.append(client)
    barrier = threading.Barrier(SUBMITS)
    statuses, unexpected = [], []

    def submit(client):
        try:
            barrier.wait()
            response = client.post(reverse("privacy:erase"), {"confirmation": "EFFACER"})
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert unexpected == []
    assert 500 not in statuses
    assert set(statuses) <= {200, 302}
    assert Erasure.objects.filter(person=person).count() == 1
    assert AuditEntry.objects.filter(action="privacy.account_erased").count() == 1
