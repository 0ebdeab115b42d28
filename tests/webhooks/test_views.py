"""Registering an endpoint through the form, and reading its delivery log."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cercle.webhooks import services
from cercle.webhooks.enums import Event
from cercle.webhooks.models import Endpoint
from tests.factories import OrganisationFactory, referent_of
from tests.requests.factories import filed
from tests.webhooks.factories import endpoint_for


def test_referent_registers_an_endpoint_with_the_form(client, organisation, referent):
    client.force_login(referent)
    response = client.post(
        reverse("webhooks:create"),
        {
            "url": "https://93.184.216.34/cercle",
            "description": "Notre GRC",
            "events": [Event.REGISTRATION_CONFIRMED, Event.REQUEST_FILED],
            "organisation": organisation.pk,
        },
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == endpoint.get_absolute_url()
    assert endpoint.owner == referent
    assert endpoint.events == [Event.REQUEST_FILED, Event.REGISTRATION_CONFIRMED]


def test_http_address_is_refused_in_french_and_the_input_kept(
    client, organisation, referent, settings
):
    settings.WEBHOOKS_ALLOW_HTTP = False
    client.force_login(referent)
    response = client.post(
        reverse("webhooks:create"),
        {
            "url": "http://93.184.216.34/cercle",
            "description": "Notre GRC",
            "events": [Event.REQUEST_FILED],
            "organisation": organisation.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Seules les adresses HTTPS sont acceptées" in html
    assert 'value="http://93.184.216.34/cercle"' in html
    assert 'aria-describedby="id_url_error"' in html or "id_url_error" in html
    assert not Endpoint.objects.exists()


def test_form_refuses_another_organisation(client, organisation, referent):
    other = OrganisationFactory()
    client.force_login(referent)
    response = client.post(
        reverse("webhooks:create"),
        {
            "url": "https://93.184.216.34/x",
            "events": [Event.REQUEST_FILED],
            "organisation": other.pk,
        },
    )
    assert response.status_code == 400
    assert not Endpoint.objects.exists()


def test_form_without_events_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(reverse("webhooks:create"), {"url": "https://93.184.216.34/x"})
    assert response.status_code == 400
    assert "Choisissez au moins un événement." in response.content.decode()


def test_owner_edits_the_endpoint(client, organisation, referent):
    endpoint = endpoint_for(referent, "https://93.184.216.34/a", organisation=organisation)
    client.force_login(referent)
    response = client.post(
        reverse("webhooks:edit", args=[endpoint.pk]),
        {"url": "https://93.184.216.34/b", "events": [Event.ROADMAP_ITEM_CHANGED]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == "https://93.184.216.34/b"
    assert endpoint.events == [Event.ROADMAP_ITEM_CHANGED]


def test_delivery_log_shows_each_attempt(client, staff, receiver):
    endpoint = endpoint_for(staff, receiver.url, events=[Event.REQUEST_FILED])
    filed()
    receiver.status = 500
    now = timezone.now()
    services.deliver_due(now=now)
    receiver.status = 200
    services.deliver_due(now=now + timedelta(minutes=2))
    client.force_login(staff)

    html = client.get(endpoint.get_absolute_url()).content.decode()

    assert "Journal des envois" in html
    assert "HTTP 500" in html and "HTTP 200" in html
    assert "Remis" in html
    assert str(endpoint.deliveries.get().delivery_id) in html
    assert endpoint.secret in html


def test_disabled_endpoint_is_reactivated_from_its_page(client, staff):
    endpoint = endpoint_for(staff, "https://93.184.216.34/a")
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=False, disabled_at=timezone.now())
    client.force_login(staff)
    assert "Réactiver le point d'accès" in client.get(endpoint.get_absolute_url()).content.decode()

    response = client.post(reverse("webhooks:reactivate", args=[endpoint.pk]))

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_delivery_log_query_count_does_not_grow(client, staff, receiver):
    endpoint = endpoint_for(staff, receiver.url, events=[Event.REQUEST_FILED])
    client.force_login(staff)
    filed()
    services.deliver_due()
    small = _count(client, endpoint.get_absolute_url())
    for _ in range(5):
        filed()
    receiver.status = 500
    services.deliver_due()
    assert _count(client, endpoint.get_absolute_url()) == small


def test_list_query_count_does_not_grow(client, staff):
    client.force_login(staff)
    endpoint_for(staff, "https://93.184.216.34/0")
    small = _count(client, reverse("webhooks:list"))
    for n in range(5):
        organisation = OrganisationFactory()

        endpoint_for(
            referent_of(organisation), f"https://93.184.216.34/{n}", organisation=organisation
        )
    assert _count(client, reverse("webhooks:list")) == small


def test_bad_page_number_is_not_an_error(client, staff):
    endpoint = endpoint_for(staff, "https://93.184.216.34/a")
    client.force_login(staff)
    assert client.get(endpoint.get_absolute_url() + "?page=zzz").status_code == 200
