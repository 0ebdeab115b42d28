"""The synced ticket on the request page and on the roadmap, without N+1 queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cercle.funding.enums import Label
from cercle.funding.models import RoadmapItem
from cercle.tracker.models import SyncError, TicketLink
from tests.requests.factories import filed


def synced(improvement, number, **fields):
    values = {
        "status": "En cours",
        "target_version": "2.4",
        "done_ratio": 40,
        "last_synced_at": timezone.now(),
        **fields,
    }
    return TicketLink.objects.create(
        request=improvement, number=number, url=f"https://redmine.test/issues/{number}", **values
    )


def test_request_page_shows_the_synced_ticket(client, db):
    improvement = filed()
    synced(improvement, 1234)
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert "Suivi éditeur" in html
    assert "Ticket n° 1234" in html
    assert "En cours" in html and "version 2.4" in html and "40 % réalisé" in html


def test_request_page_shows_a_missing_ticket(client, db):
    improvement = filed()
    synced(improvement, 9, last_error=SyncError.NOT_FOUND)
    assert "ticket introuvable" in client.get(improvement.get_absolute_url()).content.decode()


def test_hostile_text_from_the_tracker_is_escaped(client, db):
    improvement = filed()
    synced(improvement, 5, status="<script>alert(1)</script>", target_version="=cmd|' /C calc'!A0")
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_request_without_ticket_shows_nothing_to_visitors(client, db):
    improvement = filed()
    assert "Suivi éditeur" not in client.get(improvement.get_absolute_url()).content.decode()


def _roadmap_entry(index):
    improvement = filed(title=f"Demande {index}")
    RoadmapItem.objects.create(
        title=f"Élément {index}", label=Label.MUTUALISED, year=2027, quarter=1, request=improvement
    )
    return improvement


def test_roadmap_shows_the_linked_tickets(client, db):
    improvement = _roadmap_entry(0)
    synced(improvement, 77, status="Résolu")
    html = client.get(reverse("funding:roadmap")).content.decode()
    assert "Ticket n° 77" in html and "Résolu" in html


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("funding:roadmap")).status_code == 200
    return len(queries)


def test_roadmap_query_count_does_not_grow_with_tickets(client, db):
    synced(_roadmap_entry(0), 1)
    small = _count(client)
    for index in range(1, 6):
        improvement = _roadmap_entry(index)
        synced(improvement, 10 * index)
        synced(improvement, 10 * index + 1)
    assert _count(client) == small
