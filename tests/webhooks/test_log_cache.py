"""The delivery log is a cached fragment: a new delivery or attempt shows at once, each page of
the log is its own, and who may see the endpoint is checked before the cache is read."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cercle.webhooks import services, views
from cercle.webhooks.enums import Event
from cercle.webhooks.models import Delivery
from tests.factories import OrganisationFactory, referent_of
from tests.requests.factories import filed
from tests.webhooks.factories import endpoint_for


def _log(client, endpoint, **params):
    response = client.get(endpoint.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_delivery_and_each_attempt_show_at_once(page_cache, client, staff, receiver):
    endpoint = endpoint_for(staff, receiver.url, events=[Event.REQUEST_FILED])
    client.force_login(staff)
    assert "Rien n'a encore été envoyé." in _log(client, endpoint)

    filed()
    delivery = endpoint.deliveries.get()
    html = _log(client, endpoint)
    assert str(delivery.delivery_id) in html
    assert "HTTP 500" not in html

    receiver.status = 500
    now = timezone.now()
    services.deliver_due(now=now)
    assert "HTTP 500" in _log(client, endpoint)

    receiver.status = 200
    services.deliver_due(now=now + timedelta(minutes=2))
    html = _log(client, endpoint)
    assert "HTTP 500" in html and "HTTP 200" in html
    assert "Remis" in html


def test_each_page_of_the_log_is_its_own(page_cache, client, staff, monkeypatch):
    monkeypatch.setattr(views, "LOG_PAGE_SIZE", 2)
    endpoint = endpoint_for(staff, "https://93.184.216.34/a")
    now = timezone.now()
    deliveries = [
        Delivery.objects.create(
            endpoint=endpoint, event=Event.REQUEST_FILED, body="{}", created_at=now - timedelta(n)
        )
        for n in range(3)
    ]
    client.force_login(staff)

    first, second = _log(client, endpoint), _log(client, endpoint, page=2)

    assert str(deliveries[0].delivery_id) in first and "Page 1 sur 2" in first
    assert str(deliveries[2].delivery_id) in second and "Page 2 sur 2" in second
    assert str(deliveries[2].delivery_id) not in first
    # A page number that is not one shows the first page, and still no error.
    assert "Page 1 sur 2" in _log(client, endpoint, page="zzz")


def test_the_cached_log_is_shown_only_to_those_who_may_see_it(page_cache, client, staff):
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    endpoint = endpoint_for(referent, "https://93.184.216.34/a", organisation=organisation)
    Delivery.objects.create(endpoint=endpoint, event=Event.REQUEST_FILED, body="{}")
    delivery_id = str(endpoint.deliveries.get().delivery_id)
    client.force_login(staff)
    assert delivery_id in _log(client, endpoint)

    client.force_login(referent)
    assert delivery_id in _log(client, endpoint)
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(endpoint.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(endpoint.get_absolute_url()).status_code == 302


def test_the_log_holds_no_csrf_token_and_a_cached_log_costs_fewer_queries(
    page_cache, client, staff
):
    endpoint = endpoint_for(staff, "https://93.184.216.34/a")
    endpoint.is_active = False
    endpoint.save()
    Delivery.objects.create(endpoint=endpoint, event=Event.REQUEST_FILED, body="{}")
    client.force_login(staff)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            html = _log(client, endpoint)
        counts.append(len(queries))
    assert counts[1] < counts[0]
    # The reactivation form (and its token) comes before the log, never inside it.
    log = html[html.index('id="h-log"') :]
    assert "csrfmiddlewaretoken" not in log
    assert re.search(r'name="csrfmiddlewaretoken"', html[: html.index('id="h-log"')])
