"""Webhooks: the delivery log page with 10 (S) or 1,000 (L) deliveries, and the worker's
throughput to a local receiver (`figures`, at L only): deliveries per second, signed, each
claimed, sent over HTTP and recorded as the job does it."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.utils import timezone

from bench.harness import Page
from cercle.webhooks import services
from cercle.webhooks.enums import DeliveryStatus, Event
from cercle.webhooks.models import Attempt, Delivery, Endpoint

LOGGED = {"S": 10, "L": 1000}
THROUGHPUT_DELIVERIES = 300
# Each delivery is recorded in its own transaction (a crash never loses an outcome), so on
# SQLite the figure is bound by the disk's commit time; PostgreSQL goes faster.
TARGET_PER_SECOND = 10


def build(ctx):
    # Disabled, and deaf to the throughput run's event: the worker never calls it.
    endpoint = Endpoint.objects.create(
        owner=ctx.data["staff"],
        url="https://93.184.216.34/bench",
        events=[Event.REQUEST_FILED],
        is_active=False,
    )
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            endpoint=endpoint,
            event=Event.REQUEST_FILED,
            body=json.dumps({"event": Event.REQUEST_FILED, "data": {"n": n}}),
            status=DeliveryStatus.DELIVERED,
            attempts=1,
            created_at=now - timedelta(minutes=n),
            delivered_at=now - timedelta(minutes=n),
        )
        for n in range(LOGGED[ctx.size])
    )
    Attempt.objects.bulk_create(
        Attempt(delivery=delivery, at=delivery.created_at, status_code=200, duration_ms=12)
        for delivery in deliveries
    )
    ctx.data["webhook_endpoint"] = endpoint


def pages(ctx):
    endpoint = ctx.data["webhook_endpoint"]
    return [Page("webhook delivery log", endpoint.get_absolute_url(), ctx.data["staff"])]


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def figures(ctx):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WEBHOOKS_ALLOW_HTTP = settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    try:
        endpoint = Endpoint.objects.create(
            owner=ctx.data["staff"],
            url=f"http://127.0.0.1:{server.server_address[1]}/hook",
            events=[Event.ROADMAP_ITEM_CHANGED],
        )
        for n in range(THROUGHPUT_DELIVERIES):
            services.emit(Event.ROADMAP_ITEM_CHANGED, {"item": {"id": n, "title": f"Élément {n}"}})
        start = time.perf_counter()
        while services.deliver_due(limit=100):
            pass
        elapsed = time.perf_counter() - start
        delivered = endpoint.deliveries.filter(status=DeliveryStatus.DELIVERED).count()
    finally:
        server.shutdown()
        server.server_close()
    rate = delivered / elapsed if elapsed else 0.0
    if delivered != THROUGHPUT_DELIVERIES:
        print(f"OFF TARGET: {delivered} of {THROUGHPUT_DELIVERIES} webhook deliveries went out")
    if rate < TARGET_PER_SECOND:
        print(f"OFF TARGET: webhooks {rate:.0f} deliveries/s (≥ {TARGET_PER_SECOND})")
    return [
        {"name": "webhook deliveries to a local receiver", "value": round(rate, 1), "unit": "/s"},
    ]
