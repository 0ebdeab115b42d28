"""Signed deliveries to a real local receiver, retries with back-off, disabling, nothing lost."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cercle.outbox.models import Message
from cercle.requests import services as request_services
from cercle.webhooks import services
from cercle.webhooks.enums import DeliveryStatus, Event
from cercle.webhooks.models import Delivery
from tests.factories import StaffFactory
from tests.requests.factories import draft, filed
from tests.webhooks.factories import endpoint_for


def test_filed_request_is_delivered_signed_with_the_endpoint_secret(db, receiver):
    endpoint = endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    improvement = filed()

    assert services.deliver_due() == 1

    [call] = receiver.calls
    headers, body = call["headers"], call["body"]
    expected = hmac.new(endpoint.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Cercle-Signature"] == f"sha256={expected}"
    assert headers["X-Cercle-Event"] == "request.filed"
    delivery = Delivery.objects.get()
    assert headers["X-Cercle-Delivery"] == str(delivery.delivery_id)
    payload = json.loads(body)
    assert payload["id"] == str(delivery.delivery_id)
    assert payload["event"] == "request.filed"
    assert payload["data"]["request"]["reference"] == improvement.reference
    assert payload["data"]["request"]["url"] == (
        f"https://cercle.example.test/demandes/{improvement.reference}/"
    )
    assert delivery.status == DeliveryStatus.DELIVERED


def test_signature_of_another_secret_or_body_does_not_verify(db, receiver):
    endpoint = endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    services.deliver_due()
    [call] = receiver.calls
    header = call["headers"]["X-Cercle-Signature"]

    assert services.verify(endpoint.secret, call["body"], header)
    assert not services.verify("autre-secret", call["body"], header)
    assert not services.verify(endpoint.secret, call["body"] + b" ", header)


def test_endpoint_not_subscribed_to_the_event_gets_nothing(db, receiver):
    endpoint_for(StaffFactory(), receiver.url, events=[Event.RESULTS_PUBLISHED])
    filed()
    assert Delivery.objects.count() == 0


def test_receiver_error_is_retried_later_and_delivered_when_it_recovers(db, receiver):
    endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    receiver.status = 500
    now = timezone.now()

    assert services.deliver_due(now=now) == 0
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at == now + timedelta(seconds=60)
    assert services.deliver_due(now=now + timedelta(seconds=30)) == 0  # not due yet
    assert len(receiver.calls) == 1

    receiver.status = 204
    assert services.deliver_due(now=now + timedelta(seconds=61)) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 204]
    # The retry carries the same delivery id and body, so the same signature.
    assert receiver.calls[0]["body"] == receiver.calls[1]["body"]
    assert (
        receiver.calls[0]["headers"]["X-Cercle-Delivery"]
        == (receiver.calls[1]["headers"]["X-Cercle-Delivery"])
    )


def test_back_off_doubles_after_each_failure(db, receiver, settings):
    settings.WEBHOOKS_DISABLE_AFTER = 100
    endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    receiver.status = 503
    now = timezone.now()
    delays = []
    for _ in range(4):
        services.deliver_due(now=now)
        delivery = Delivery.objects.get()
        delays.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at

    assert delays == [60, 120, 240, 480]


def test_retry_delay_is_capped_at_six_hours(settings):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 60
    assert services.retry_delay(30) == timedelta(hours=6)


def test_unreachable_receiver_is_retried_like_an_error(db, receiver):
    endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    receiver.stop()

    assert services.deliver_due() == 0
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code is None
    assert "ConnectionError" in attempt.error


def test_repeated_failures_disable_the_endpoint_and_email_its_owner(db, receiver):
    owner = StaffFactory(email="dsi@example.test")
    endpoint = endpoint_for(owner, receiver.url, events=[Event.REQUEST_FILED])
    for _ in range(3):
        filed()
    receiver.status = 500

    services.deliver_due()

    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.consecutive_failures == 3
    [message] = Message.objects.filter(to="dsi@example.test")
    assert "désactivé" in message.subject
    assert endpoint.url in message.body_text
    # Disabled: nothing more is tried, but nothing is dropped either.
    filed()
    later = timezone.now() + timedelta(days=1)
    assert services.deliver_due(now=later) == 0
    assert len(receiver.calls) == 3
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 4


def test_reactivated_endpoint_receives_what_waited(db, receiver):
    owner = StaffFactory()
    endpoint = endpoint_for(owner, receiver.url, events=[Event.REQUEST_FILED])
    for _ in range(3):
        filed()
    receiver.status = 500
    services.deliver_due()
    receiver.status = 200

    services.reactivate(endpoint=endpoint, actor=owner)

    assert services.deliver_due() == 3
    assert Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 3


def test_success_resets_the_failure_count(db, receiver):
    endpoint = endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    receiver.status = 500
    now = timezone.now()
    services.deliver_due(now=now)
    services.deliver_due(now=now + timedelta(minutes=1))
    receiver.status = 200
    services.deliver_due(now=now + timedelta(minutes=5))

    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0
    assert endpoint.is_active


def test_delivery_gives_up_after_the_maximum_attempts(db, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    settings.WEBHOOKS_DISABLE_AFTER = 100
    endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    receiver.status = 500
    now = timezone.now()
    services.deliver_due(now=now)
    services.deliver_due(now=now + timedelta(hours=1))

    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    assert services.deliver_due(now=now + timedelta(days=1)) == 0


def test_rolled_back_event_leaves_no_delivery(db, receiver):
    endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    improvement = draft()

    with pytest.raises(RuntimeError), transaction.atomic():
        request_services.submit(improvement=improvement, actor=improvement.author)
        assert Delivery.objects.count() == 1  # written inside the event's transaction
        raise RuntimeError("the event's transaction fails after the delivery was written")

    assert Delivery.objects.count() == 0
    assert services.deliver_due() == 0


def test_worker_dying_mid_delivery_leaves_the_row_claimable_after_the_lease(db, receiver):
    endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    now = timezone.now()

    [claimed] = services.claim_due(now=now)  # the worker dies before sending

    assert services.claim_due(now=now + timedelta(minutes=1)) == []  # still leased
    [again] = services.claim_due(now=now + services.LEASE + timedelta(seconds=1))
    assert again.pk == claimed.pk
    assert services.deliver(again) is True
    assert len(receiver.calls) == 1


def test_deleted_endpoint_mid_delivery_is_not_an_error(db, receiver):
    endpoint = endpoint_for(StaffFactory(), receiver.url, events=[Event.REQUEST_FILED])
    filed()
    [claimed] = services.claim_due()
    endpoint.delete()

    assert services.deliver(claimed) is False
