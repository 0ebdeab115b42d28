"""One référent's endpoint with a delivery log: taken at once, after a retry, and given up.

No network: the rows are written as the worker would have left them.
"""

import json
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest
from cercle.webhooks import payloads
from cercle.webhooks.enums import DeliveryStatus, Event
from cercle.webhooks.models import Attempt, Delivery, Endpoint

EMAIL = "referent0.ville-de-villejuif@demo.test"
URL = "https://grc.villejuif.example/cercle/evenements"


def _delivery(endpoint, event, data, *, at, answers):
    delivery = Delivery(endpoint=endpoint, event=event, created_at=at, delivery_id=uuid.uuid4())
    delivery.body = json.dumps(
        {
            "id": str(delivery.delivery_id),
            "event": event,
            "created_at": at.isoformat(),
            "data": data,
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    delivery.attempts = len(answers)
    delivery.next_attempt_at = at
    if answers[-1] == 200:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, at
    else:
        delivery.status = DeliveryStatus.FAILED
    delivery.save()
    for index, code in enumerate(answers):
        Attempt.objects.create(
            delivery=delivery,
            at=at + timedelta(minutes=2**index - 1),
            status_code=code,
            error="" if code == 200 else f"HTTP {code}",
            duration_ms=120 + 40 * index,
        )


def load(*, stdout):
    owner = get_user_model().objects.filter(email=EMAIL).first()
    if owner is None or Endpoint.objects.filter(url=URL).exists():
        stdout.write(f"  webhook endpoints: {Endpoint.objects.count()} (kept)")
        return []
    organisation = owner.memberships.filter(role="referent").first().organisation
    endpoint = Endpoint.objects.create(
        owner=owner,
        organisation=organisation,
        url=URL,
        description="Gestion de la relation citoyen de la ville",
        events=[Event.REQUEST_FILED, Event.REQUEST_STATUS_CHANGED, Event.REGISTRATION_CONFIRMED],
    )
    now = timezone.now()
    recent = ImprovementRequest.objects.exclude(status=Status.DRAFT).order_by("-pk")[:3]
    plans = [[200], [500, 200], [503, 503, 503, 503, 503, 503, 503, 503, 503, 503]]
    for days, (improvement, answers) in enumerate(zip(recent, plans, strict=False)):
        _delivery(
            endpoint,
            Event.REQUEST_FILED,
            {"request": payloads.improvement(improvement)},
            at=now - timedelta(days=days + 1),
            answers=answers,
        )
    stdout.write(f"  webhook endpoints: 1, deliveries: {endpoint.deliveries.count()}")
    return [(EMAIL, "webhook endpoint and its delivery log")]
