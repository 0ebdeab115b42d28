"""Two workers sending the outbox at the same moment send each email exactly once."""

import threading

import pytest
from django.core import mail
from django.db import connection

from cercle.outbox import services
from cercle.outbox.models import Message, MessageStatus


@pytest.mark.postgres
def test_two_workers_at_once_send_each_queued_email_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (skip_locked) and several connections")
    for n in range(120):
        services.queue_mail(to=f"personne{n}@example.test", subject=f"Message {n}", body_text="…")
    barrier = threading.Barrier(2)
    sent, errors = [], []

    def worker():
        try:
            barrier.wait()
            while count := services.send_due(limit=7):
                sent.append(count)
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(sent) == 120
    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted({f"personne{n}@example.test" for n in range(120)})
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 120
