import io

from django.core.management import call_command

from cercle.tracker.models import TicketLink
from cercle.webhooks.enums import DeliveryStatus
from cercle.webhooks.models import Delivery, Endpoint


def test_demo_has_an_endpoint_with_a_log_and_two_synced_tickets_and_runs_twice(db):
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())

    [endpoint] = Endpoint.objects.all()
    statuses = set(endpoint.deliveries.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED}
    assert not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()
    links = TicketLink.objects.all()
    assert links.count() == 2
    assert all(link.last_synced_at and link.status for link in links)
