"""An event nobody listens to costs no query with Redis; endpoints' changes are heard at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.webhooks import services
from cercle.webhooks.enums import Event
from cercle.webhooks.models import Delivery, Endpoint
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import register, two_day_meeting
from tests.webhooks.factories import endpoint_for

URL = "https://93.184.216.34/hook"
FILED, ROADMAP = Event.REQUEST_FILED, Event.ROADMAP_ITEM_CHANGED


def emit(event):
    return services.emit(event, {"request": {"reference": "DA-1"}})


def test_an_event_nobody_hears_costs_no_query(redis_pages):
    endpoint_for(StaffFactory(), URL, events=[ROADMAP])
    assert emit(FILED) == []  # reads who listens, once for this version of the endpoints

    with CaptureQueriesContext(connection) as queries:
        assert emit(FILED) == []

    assert len(queries) == 0


def test_a_registration_nobody_listens_to_reads_no_endpoint(redis_pages):
    meeting, days = two_day_meeting()
    organisation = OrganisationFactory()
    register(meeting, agent_of(organisation), organisation, days)  # reads who listens
    organisation = OrganisationFactory()

    person = agent_of(organisation)
    with CaptureQueriesContext(connection) as queries:
        register(meeting, person, organisation, days)

    assert not [q for q in queries if "webhooks_endpoint" in q["sql"]]
    assert not Delivery.objects.exists()


def test_a_new_endpoint_is_heard_at_once(redis_pages):
    assert emit(FILED) == []

    endpoint = endpoint_for(StaffFactory(), URL, events=[FILED])

    [delivery] = emit(FILED)
    assert delivery.endpoint == endpoint


def test_changed_events_are_heard_at_once(redis_pages):
    staff = StaffFactory()
    endpoint = endpoint_for(staff, URL, events=[FILED])
    assert emit(ROADMAP) == []

    services.update_endpoint(endpoint=endpoint, actor=staff, url=URL, events=[ROADMAP])

    assert len(emit(ROADMAP)) == 1
    assert emit(FILED) == []


def test_a_disabled_endpoint_still_gets_its_deliveries_for_its_reactivation(redis_pages):
    endpoint = endpoint_for(StaffFactory(), URL, events=[FILED])
    assert len(emit(FILED)) == 1

    # As the worker disables it after repeated failures (an UPDATE, no model save).
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=False)

    assert len(emit(FILED)) == 1


def test_a_deleted_endpoint_is_no_longer_heard(redis_pages):
    endpoint = endpoint_for(StaffFactory(), URL, events=[FILED])
    assert len(emit(FILED)) == 1

    endpoint.delete()

    assert emit(FILED) == []
    with CaptureQueriesContext(connection) as queries:
        assert emit(FILED) == []
    assert len(queries) == 0
