"""Who registers endpoints, which events reach them, and who sees them and their log."""

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.webhooks import services
from cercle.webhooks.enums import Event
from cercle.webhooks.models import Delivery, Endpoint
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.webhooks.factories import endpoint_for

URL = "https://93.184.216.34/hook"


def test_referent_registers_an_endpoint_for_their_organisation(organisation, referent):
    endpoint = endpoint_for(referent, URL, organisation=organisation)
    assert endpoint.organisation == organisation
    assert len(endpoint.secret) == 64


def test_referent_cannot_register_for_another_organisation(organisation, referent):
    other = OrganisationFactory()
    with pytest.raises(DomainError) as caught:
        endpoint_for(referent, URL, organisation=other)
    assert caught.value.code == "forbidden"


def test_referent_must_choose_an_organisation(referent):
    with pytest.raises(DomainError) as caught:
        endpoint_for(referent, URL, organisation=None)
    assert caught.value.code == "organisation_required"


def test_agent_cannot_register_an_endpoint(organisation, agent):
    with pytest.raises(DomainError) as caught:
        endpoint_for(agent, URL, organisation=organisation)
    assert caught.value.code == "forbidden"


def test_staff_registers_an_endpoint_for_every_organisation(staff):
    assert endpoint_for(staff, URL).organisation is None


def test_registration_reaches_its_organisation_and_staff_only(db):
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    my_endpoint = endpoint_for(referent_of(mine), URL, organisation=mine)
    their_endpoint = endpoint_for(referent_of(theirs), URL, organisation=theirs)
    staff_endpoint = endpoint_for(StaffFactory(), URL)

    services.emit(Event.REGISTRATION_CONFIRMED, {"registration": {}}, organisation=mine)

    assert set(Delivery.objects.values_list("endpoint", flat=True)) == {
        my_endpoint.pk,
        staff_endpoint.pk,
    }
    assert not their_endpoint.deliveries.exists()


def test_public_event_reaches_every_subscribed_endpoint(db):
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    endpoints = [
        endpoint_for(referent_of(mine), URL, organisation=mine),
        endpoint_for(referent_of(theirs), URL, organisation=theirs),
        endpoint_for(StaffFactory(), URL),
    ]
    services.emit(Event.ROADMAP_ITEM_CHANGED, {"item": {}})
    assert Delivery.objects.count() == len(endpoints)


def test_endpoint_of_a_former_referent_hears_nothing(organisation, referent):
    endpoint_for(referent, URL, organisation=organisation)
    Membership.objects.filter(user=referent).update(role=Role.AGENT)

    services.emit(Event.ROADMAP_ITEM_CHANGED, {"item": {}})
    services.emit(Event.REGISTRATION_CONFIRMED, {}, organisation=organisation)

    assert Delivery.objects.count() == 0


# Pages: the owner's organisation and staff see an endpoint; nobody else learns it exists.


@pytest.fixture
def endpoint(organisation, referent):
    return endpoint_for(referent, URL, organisation=organisation)


@pytest.mark.parametrize("name", ["webhooks:detail", "webhooks:edit"])
def test_referent_of_the_organisation_sees_the_endpoint(client, endpoint, referent, name):
    client.force_login(referent)
    response = client.get(reverse(name, args=[endpoint.pk]))
    assert response.status_code == 200


def test_co_referent_sees_the_endpoint(client, endpoint, organisation):
    client.force_login(referent_of(organisation))
    assert client.get(reverse("webhooks:detail", args=[endpoint.pk])).status_code == 200


def test_staff_see_the_endpoint(client, endpoint, staff):
    client.force_login(staff)
    assert client.get(reverse("webhooks:detail", args=[endpoint.pk])).status_code == 200


@pytest.mark.parametrize("name", ["webhooks:detail", "webhooks:edit"])
def test_referent_of_another_organisation_gets_not_found(client, endpoint, name):
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(reverse(name, args=[endpoint.pk])).status_code == 404


def test_referent_of_another_organisation_cannot_edit_by_post(client, endpoint):
    client.force_login(referent_of(OrganisationFactory()))
    response = client.post(
        reverse("webhooks:edit", args=[endpoint.pk]),
        {"url": "https://93.184.216.35/vol", "events": [Event.REQUEST_FILED]},
    )
    assert response.status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.url == URL


def test_referent_of_another_organisation_cannot_reactivate(client, endpoint):
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    client.force_login(referent_of(OrganisationFactory()))
    response = client.post(reverse("webhooks:reactivate", args=[endpoint.pk]))
    assert response.status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.is_active is False


def test_agent_of_the_organisation_gets_not_found(client, endpoint, organisation):
    client.force_login(agent_of(organisation))
    assert client.get(reverse("webhooks:detail", args=[endpoint.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, endpoint):
    response = client.get(reverse("webhooks:detail", args=[endpoint.pk]))
    assert response.status_code == 302
    assert "/connexion" in response["Location"] or "login" in response["Location"]


def test_agent_cannot_open_the_webhooks_pages(client, organisation, agent):
    client.force_login(agent)
    assert client.get(reverse("webhooks:list")).status_code == 403
    assert client.get(reverse("webhooks:create")).status_code == 403


def test_list_shows_only_the_referents_own_organisation(client, endpoint, db):
    other = OrganisationFactory()
    foreign = endpoint_for(referent_of(other), "https://93.184.216.36/autre", organisation=other)
    client.force_login(referent_of(endpoint.organisation))
    html = client.get(reverse("webhooks:list")).content.decode()
    assert endpoint.url in html
    assert foreign.url not in html


def test_unknown_endpoint_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get("/webhooks/999999/").status_code == 404
    assert client.get("/webhooks/abc/").status_code == 404
