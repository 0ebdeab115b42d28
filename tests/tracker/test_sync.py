"""Syncing linked tickets against a local Redmine: fields, history notes, and failures."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.requests.models import StatusChange
from cercle.tracker import services
from cercle.tracker.models import SyncError, TicketLink
from tests.factories import StaffFactory
from tests.requests.factories import filed
from tests.tracker.redmine import SLOW, issue


@pytest.fixture
def improvement(db):
    return filed()


def link(improvement, number):
    return services.link_ticket(
        improvement=improvement, actor=StaffFactory(), reference=str(number)
    )


def test_sync_reads_status_version_and_done_ratio(improvement, redmine):
    redmine.issues[1234] = issue(1234, status="En cours", version="2.4", done_ratio=30)
    ticket = link(improvement, 1234)

    assert services.sync_due() == 1

    ticket.refresh_from_db()
    assert (ticket.status, ticket.target_version, ticket.done_ratio) == ("En cours", "2.4", 30)
    assert ticket.last_error == ""
    assert ticket.last_synced_at is not None
    [call] = redmine.requests
    assert call["path"] == "/issues/1234.json"
    assert call["headers"]["X-Redmine-API-Key"] == "cle-de-test-0123456789"


def test_changes_are_noted_in_the_request_history(improvement, redmine):
    redmine.issues[12] = issue(12, status="Nouveau")
    ticket = link(improvement, 12)
    now = timezone.now()
    services.sync_due(now=now)
    redmine.issues[12] = issue(12, status="Résolu", version="2.5", done_ratio=100)

    services.sync_due(now=now + timedelta(hours=1))

    notes = StatusChange.objects.filter(request=improvement, reason__contains="#12")
    assert [note.reason for note in notes] == [
        "Suivi éditeur, ticket #12 : statut — → Nouveau ; avancement — → 0 %",
        "Suivi éditeur, ticket #12 : statut Nouveau → Résolu ; version cible — → 2.5 ; "
        "avancement 0 → 100 %",
    ]
    assert all(note.from_status == note.to_status == improvement.status for note in notes)
    ticket.refresh_from_db()
    assert ticket.status == "Résolu"


def test_unchanged_ticket_adds_no_history(improvement, redmine):
    redmine.issues[12] = issue(12)
    link(improvement, 12)
    now = timezone.now()
    services.sync_due(now=now)
    before = StatusChange.objects.count()

    services.sync_due(now=now + timedelta(hours=1))

    assert StatusChange.objects.count() == before
    assert len(redmine.requests) == 2


def test_link_is_not_synced_before_its_time(improvement, redmine):
    redmine.issues[12] = issue(12)
    link(improvement, 12)
    now = timezone.now()
    services.sync_due(now=now)
    assert services.sync_due(now=now + timedelta(minutes=10)) == 0
    assert len(redmine.requests) == 1


def test_missing_ticket_is_marked_not_found(improvement, redmine):
    ticket = link(improvement, 404)

    assert services.sync_due() == 0

    ticket.refresh_from_db()
    assert ticket.last_error == SyncError.NOT_FOUND
    assert ticket.get_last_error_display() == "ticket introuvable"


def test_refused_api_key_is_marked_and_logged(improvement, redmine, settings, caplog):
    settings.REDMINE_API_KEY = "mauvaise-cle"
    ticket = link(improvement, 12)

    with caplog.at_level(logging.ERROR, logger="cercle.tracker.services"):
        services.sync_due()

    ticket.refresh_from_db()
    assert ticket.last_error == SyncError.UNAUTHORISED
    assert ticket.get_last_error_display() == "clé d'API refusée"
    assert "refused the API key" in caplog.text


def test_timeout_is_retried_later_without_stopping_the_others(improvement, redmine):
    redmine.issues[12] = issue(12, status="En cours")
    slow = link(improvement, SLOW)
    fine = link(improvement, 12)
    now = timezone.now()

    assert services.sync_due(now=now) == 1

    slow.refresh_from_db()
    fine.refresh_from_db()
    assert slow.last_error == SyncError.UNREACHABLE
    assert slow.failures == 1
    assert slow.next_sync_at == now + timedelta(minutes=1)
    assert fine.status == "En cours"
    assert fine.next_sync_at == now + timedelta(seconds=900)


def test_unreachable_tracker_backs_off(improvement, redmine):
    ticket = link(improvement, 12)
    redmine.stop()
    now = timezone.now()
    for _ in range(3):
        services.sync_due(now=now)
        ticket.refresh_from_db()
        now = ticket.next_sync_at
    assert ticket.failures == 3
    assert ticket.last_error == SyncError.UNREACHABLE


def test_malformed_answer_is_recorded(improvement, redmine):
    redmine.issues[12] = "pas un objet"
    ticket = link(improvement, 12)
    services.sync_due()
    ticket.refresh_from_db()
    assert ticket.last_error == SyncError.INVALID


def test_job_does_nothing_without_a_tracker_address(improvement, settings):
    TicketLink.objects.create(request=improvement, number=1, url="https://x.test/issues/1")
    settings.REDMINE_URL = ""
    assert services.sync_due() == 0


def test_crashed_worker_leaves_the_link_to_sync_after_the_lease(improvement, redmine):
    redmine.issues[12] = issue(12)
    ticket = link(improvement, 12)
    now = timezone.now()
    TicketLink.objects.filter(pk=ticket.pk).update(next_sync_at=now + services.LEASE)

    assert services.sync_due(now=now) == 0
    assert services.sync_due(now=now + services.LEASE) == 1


def test_history_note_is_shown_on_the_request_page(client, improvement, redmine):
    redmine.issues[12] = issue(12, status="Résolu", version="2.5", done_ratio=100)
    link(improvement, 12)
    services.sync_due()

    html = client.get(improvement.get_absolute_url()).content.decode()

    history = html.split('id="h-history"')[1].split("</section>")[0]
    [entry] = [item for item in history.split("<li>") if "Suivi éditeur" in item]
    text = " ".join(entry.split())
    assert "Note : Suivi éditeur, ticket #12 : statut — → Résolu" in text
    assert "automatique" not in text
