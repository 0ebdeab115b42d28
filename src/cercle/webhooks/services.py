"""Webhooks: endpoints, the deliveries written with each event, and the worker that sends them.

Nothing is lost: `emit` writes one Delivery row per endpoint inside the transaction of the
event itself (a rolled-back event sends nothing, a committed one is always sent); the worker
claims due rows with ``select_for_update(skip_locked=True)`` and a lease, so a worker that dies
mid-delivery leaves its rows to be claimed again once the lease is over.
"""

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.outbox.services import queue_templated
from cercle.webhooks import permissions
from cercle.webhooks.enums import ORGANISATION_EVENTS, DeliveryStatus, Event
from cercle.webhooks.models import Attempt, Delivery, Endpoint

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Cercle-Signature"
DELIVERY_HEADER = "X-Cercle-Delivery"
EVENT_HEADER = "X-Cercle-Event"
# A claimed delivery not recorded within this time (its worker died) is claimed again.
LEASE = timedelta(minutes=5)
MAX_RETRY_DELAY = timedelta(hours=6)
FORBIDDEN = _("You are not allowed to manage this endpoint.")


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of the raw body with the endpoint's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does (shown in the README): compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header or "")


def _refuse_url(message) -> DomainError:
    return DomainError("invalid_url", message, fields=["url"])


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> str:
    """Refuse an address the worker must not call: not HTTPS (unless WEBHOOKS_ALLOW_HTTP), or
    resolving to a private, loopback or link-local address (unless
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES): the platform must not be a way into its own network."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise _refuse_url(_("Enter a valid address, starting with https://.")) from exc
    parts = urlsplit(url)
    if parts.scheme != "https" and not settings.WEBHOOKS_ALLOW_HTTP:
        raise _refuse_url(_("Only HTTPS addresses are accepted (https://…)."))
    if parts.username or parts.password:
        raise _refuse_url(_("Do not put a user name or password in the address."))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise _refuse_url(_("This server name cannot be found.")) from exc
        if not infos or not all(_is_public(info[4][0]) for info in infos):
            raise _refuse_url(_("This address leads to a private or local network: it is refused."))
    return url


def _check_events(events) -> list[str]:
    events = [code for code in Event.values if code in set(events or ())]
    if not events:
        raise DomainError("no_event", _("Choose at least one event."), fields=["events"])
    return events


def _check_organisation(actor, organisation) -> None:
    if is_vendor_staff(actor):
        return
    if organisation is None:
        raise DomainError(
            "organisation_required",
            _("Choose the organisation this endpoint belongs to."),
            fields=["organisation"],
        )
    if not permissions.referent_organisations(actor).filter(pk=organisation.pk).exists():
        raise DomainError("forbidden", FORBIDDEN, fields=["organisation"])


@transaction.atomic
def create_endpoint(*, actor, url: str, events, organisation=None, description="") -> Endpoint:
    """Register an endpoint. Staff may hear every event of every organisation; a référent
    registers it for one organisation they represent. Audited."""
    if not permissions.can_register(actor):
        raise DomainError("forbidden", FORBIDDEN)
    _check_organisation(actor, organisation)
    endpoint = Endpoint.objects.create(
        owner=actor,
        organisation=organisation,
        url=check_url(url),
        events=_check_events(events),
        description=(description or "").strip()[:200],
    )
    record(actor=actor, action="webhooks.endpoint_created", target=endpoint, details={})
    return endpoint


@transaction.atomic
def update_endpoint(*, endpoint, actor, url: str, events, description="") -> Endpoint:
    """Change an endpoint's address, events or description. Audited."""
    if not permissions.can_manage(actor, endpoint):
        raise DomainError("forbidden", FORBIDDEN)
    endpoint.url = check_url(url)
    endpoint.events = _check_events(events)
    endpoint.description = (description or "").strip()[:200]
    endpoint.save(update_fields=["url", "events", "description"])
    record(actor=actor, action="webhooks.endpoint_updated", target=endpoint, details={})
    return endpoint


@transaction.atomic
def reactivate(*, endpoint, actor) -> Endpoint:
    """Turn a disabled endpoint back on: the deliveries that waited are sent again at once."""
    if not permissions.can_manage(actor, endpoint):
        raise DomainError("forbidden", FORBIDDEN)
    endpoint.is_active = True
    endpoint.consecutive_failures = 0
    endpoint.disabled_at = None
    endpoint.save(update_fields=["is_active", "consecutive_failures", "disabled_at"])
    now = timezone.now()
    # Those given up while the receiver was down get a full set of tries again.
    endpoint.deliveries.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now, attempts=0
    )
    record(actor=actor, action="webhooks.endpoint_reactivated", target=endpoint, details={})
    return endpoint


def _hears(endpoint: Endpoint, event: str, organisation, referents: set) -> bool:
    if event not in endpoint.events:
        return False
    owner_is_staff = is_vendor_staff(endpoint.owner)
    # A référent's endpoint stops hearing anything once its owner is no longer référent.
    if (
        endpoint.organisation_id is not None
        and not owner_is_staff
        and (endpoint.owner_id, endpoint.organisation_id) not in referents
    ):
        return False
    if event not in ORGANISATION_EVENTS:
        return True
    if endpoint.organisation_id is None:
        return owner_is_staff
    return organisation is not None and endpoint.organisation_id == organisation.pk


def subscribed_events() -> frozenset[str]:
    """Every event some endpoint subscribes to, active or not (a disabled endpoint's deliveries
    wait for it to be reactivated).

    Kept in the page cache under the webhooks' data version: creating, changing, disabling or
    deleting an endpoint moves that version (as every write to the app's tables does), so the
    next event reads the endpoints again. An event emitted in the instant between an
    endpoint's commit and that version's move counts as emitted before the endpoint existed,
    as one whose transaction read the endpoints just before the commit would.
    """
    key = f"webhooks:subscribed:{pagecache.versions(['webhooks'])}"
    cache = caches[settings.PAGE_CACHE_ALIAS]
    events = cache.get(key)
    if events is None:
        events = frozenset(
            code for codes in Endpoint.objects.values_list("events", flat=True) for code in codes
        )
        cache.set(key, events, settings.PAGE_CACHE_SECONDS)
    return events


def emit(event: str, payload: dict, organisation=None) -> list[Delivery]:
    """Write one delivery per endpoint that hears `event`, in the caller's transaction.

    `organisation` is the organisation an organisation event concerns (ORGANISATION_EVENTS);
    public events go to every subscribed endpoint. Nothing is sent here.
    """
    # With the versions in Redis, an event nobody listens to costs two cache reads instead of
    # a query inside the transaction (and often the lock) of what happened; without, reading
    # the version would be a query itself.
    if pagecache.versions_in_cache() and event not in subscribed_events():
        return []
    endpoints = Endpoint.objects.select_related("owner")
    if event in ORGANISATION_EVENTS:
        organisation_id = organisation.pk if organisation is not None else None
        endpoints = endpoints.filter(Q(organisation__isnull=True) | Q(organisation=organisation_id))
    endpoints = list(endpoints)
    if not endpoints:
        return []
    referents = set(
        Membership.objects.filter(
            role=Role.REFERENT, user__in={e.owner_id for e in endpoints}
        ).values_list("user_id", "organisation_id")
    )
    now = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        if not _hears(endpoint, event, organisation, referents):
            continue
        delivery = Delivery(endpoint=endpoint, event=event, created_at=now, next_attempt_at=now)
        envelope = {
            "id": str(delivery.delivery_id),
            "event": event,
            "created_at": now.isoformat(),
            "data": payload,
        }
        delivery.body = json.dumps(envelope, ensure_ascii=False, sort_keys=True)
        deliveries.append(delivery)
    return Delivery.objects.bulk_create(deliveries)


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off after the n-th failure: base, 2×base, 4×base... at most 6 hours."""
    delay = timedelta(seconds=settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return min(delay, MAX_RETRY_DELAY)


def claim_due(*, now=None, limit: int = 50) -> list[Delivery]:
    """Take the deliveries whose time has come (of active endpoints) for LEASE."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(
                status=DeliveryStatus.PENDING,
                next_attempt_at__lte=now,
                endpoint__is_active=True,
            )
            .order_by("next_attempt_at", "id")[:limit]
        )
        Delivery.objects.filter(pk__in=[d.pk for d in due]).update(next_attempt_at=now + LEASE)
    return due


def _post(delivery: Delivery, endpoint: Endpoint) -> tuple[int | None, str]:
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Cercle-Webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.delivery_id),
        SIGNATURE_HEADER: sign(endpoint.secret, body),
    }
    try:
        # Checked again at each send: a name may resolve elsewhere since it was registered.
        check_url(endpoint.url)
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOKS_TIMEOUT,
            allow_redirects=False,
        )
    except DomainError as exc:
        return None, str(exc.message)
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    response.close()
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}"


def _disable(endpoint: Endpoint, now) -> None:
    endpoint.is_active = False
    endpoint.disabled_at = now
    queue_templated(
        endpoint.owner.email,
        "webhooks/email/disabled",
        {
            "endpoint": endpoint,
            "failures": endpoint.consecutive_failures,
            "url": settings.SITE_URL + endpoint.get_absolute_url(),
        },
        endpoint.owner.language,
    )
    record(
        actor=None,
        action="webhooks.endpoint_disabled",
        target=endpoint,
        details={"failures": endpoint.consecutive_failures},
    )


def deliver(delivery: Delivery, *, now=None) -> bool:
    """Send one claimed delivery and record the outcome; True when the receiver took it (2xx).

    A failure schedules a retry with back-off, up to WEBHOOKS_MAX_ATTEMPTS; after
    WEBHOOKS_DISABLE_AFTER failures in a row the endpoint is disabled and its owner emailed.
    """
    endpoint = delivery.endpoint
    started = time.monotonic()
    status_code, error = _post(delivery, endpoint)
    duration = int((time.monotonic() - started) * 1000)
    now = now or timezone.now()
    succeeded = not error
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
        if delivery is None:
            return False  # the endpoint was deleted meanwhile, and its deliveries with it
        endpoint = Endpoint.objects.select_for_update().select_related("owner").get(pk=endpoint.pk)
        Attempt.objects.create(
            delivery=delivery, at=now, status_code=status_code, error=error, duration_ms=duration
        )
        delivery.attempts += 1
        if succeeded:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            endpoint.consecutive_failures = 0
        else:
            endpoint.consecutive_failures += 1
            if delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                delivery.next_attempt_at = now + retry_delay(delivery.attempts)
            if endpoint.is_active and (
                endpoint.consecutive_failures >= settings.WEBHOOKS_DISABLE_AFTER
            ):
                _disable(endpoint, now)
            logger.warning("Webhook delivery %s failed: %s", delivery.delivery_id, error)
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "delivered_at"])
        endpoint.save(update_fields=["consecutive_failures", "is_active", "disabled_at"])
    return succeeded


def deliver_due(*, now=None, limit: int = 50) -> int:
    """Job: send the due deliveries. Returns how many the receivers took."""
    delivered = 0
    for delivery in claim_due(now=now, limit=limit):
        if deliver(delivery, now=now):
            delivered += 1
    return delivered
