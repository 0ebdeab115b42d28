"""Confirmation and promotion emails are built after the commit, outside the meeting's lock."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from cercle.core import jobs
from cercle.meetings import services
from cercle.meetings.enums import SeatStatus
from cercle.meetings.models import Registration, WorkshopSeat
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import register, two_day_meeting, workshop


def people(count):
    organisation = OrganisationFactory()
    return organisation, [agent_of(organisation) for _ in range(count)]


def test_registration_commits_a_due_confirmation_and_no_email(
    db, django_capture_on_commit_callbacks
):
    meeting, days = two_day_meeting()
    organisation, [person] = people(1)

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        registration = register(meeting, person, organisation, days)

    registration.refresh_from_db()
    assert registration.confirmation_due_at is not None
    assert Message.objects.count() == 0
    for callback in after_commit:
        callback()
    registration.refresh_from_db()
    assert registration.confirmation_due_at is None
    message = Message.objects.get(to=person.email)
    assert message.subject == f"Inscription confirmée : {meeting.title}"
    assert message.attachments[0]["filename"] == "rencontre.ics"


def test_by_default_the_request_leaves_the_confirmation_to_the_worker(
    db, settings, django_capture_on_commit_callbacks
):
    """Production default: the registering request neither builds the email nor the .ics."""
    settings.MEETING_NOTICES_AFTER_COMMIT = False
    meeting, days = two_day_meeting()
    organisation, [person] = people(1)

    with django_capture_on_commit_callbacks(execute=True):
        register(meeting, person, organisation, days)

    assert Message.objects.count() == 0
    assert Registration.objects.get().confirmation_due_at is not None
    job = next(j for j in jobs.registered() if j.name == "meetings.send_due_notices")
    assert job.every <= 2
    job.func()
    assert Message.objects.filter(to=person.email).count() == 1
    assert Registration.objects.get().confirmation_due_at is None


def test_a_confirmation_left_due_by_a_dead_process_is_sent_by_the_worker_job(db):
    meeting, days = two_day_meeting()
    organisation, [person] = people(1)
    register(meeting, person, organisation, days)  # after-commit hooks never ran: "crash"
    assert Message.objects.count() == 0
    job = next(j for j in jobs.registered() if j.name == "meetings.send_due_notices")

    job.func()

    assert Message.objects.filter(to=person.email).count() == 1
    assert Registration.objects.get().confirmation_due_at is None


def test_sweeping_twice_sends_each_confirmation_once(db):
    meeting, days = two_day_meeting()
    organisation, persons = people(3)
    for person in persons:
        register(meeting, person, organisation, days)

    first = services.send_due_notices()
    second = services.send_due_notices()

    assert (first, second) == (3, 0)
    assert sorted(Message.objects.values_list("to", flat=True)) == sorted(p.email for p in persons)


def test_a_changed_registration_sends_one_updated_confirmation(db):
    meeting, days = two_day_meeting()
    organisation, [person] = people(1)
    register(meeting, person, organisation, days)
    services.send_due_notices()

    register(meeting, person, organisation, days, modes=["remote", "on_site"])
    services.send_due_notices()
    services.send_due_notices()

    subjects = list(Message.objects.order_by("pk").values_list("subject", flat=True))
    assert subjects == [
        f"Inscription confirmée : {meeting.title}",
        f"Inscription modifiée : {meeting.title}",
    ]
    assert "à distance" in Message.objects.order_by("pk").last().body_text


def test_a_change_before_the_first_email_sends_a_single_first_confirmation(db):
    meeting, days = two_day_meeting()
    organisation, [person] = people(1)
    register(meeting, person, organisation, days)
    register(meeting, person, organisation, days, modes=["remote", "on_site"])

    services.send_due_notices()

    message = Message.objects.get()
    assert message.subject == f"Inscription confirmée : {meeting.title}"
    assert "à distance" in message.body_text


def test_a_cancelled_registration_gets_no_pending_confirmation(db):
    meeting, days = two_day_meeting()
    organisation, [person] = people(1)
    registration = register(meeting, person, organisation, days)
    services.cancel_registration(registration=registration, actor=person)

    assert services.send_due_notices() == 0
    assert Message.objects.count() == 0
    assert Registration.objects.get().confirmation_due_at is None


def test_a_promotion_is_emailed_by_the_sweep_once(db):
    meeting, days = two_day_meeting()
    session = workshop(days[0], "Atelier socle", capacity=1)
    organisation, [holder, waiting] = people(2)
    holding = register(meeting, holder, organisation, days, workshops=[session])
    register(meeting, waiting, organisation, days, workshops=[session])
    services.send_due_notices()
    Message.objects.all().delete()

    services.cancel_registration(registration=holding, actor=holder)

    seat = WorkshopSeat.objects.get(registration__person=waiting)
    assert (seat.status, seat.promotion_due) == (SeatStatus.CONFIRMED, True)
    assert Message.objects.count() == 0
    assert services.send_due_notices() == 1
    assert services.send_due_notices() == 0
    message = Message.objects.get()
    assert message.to == waiting.email
    assert "Atelier socle" in message.body_text


@pytest.mark.postgres
def test_two_workers_sweeping_at_once_send_each_confirmation_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    meeting, days = two_day_meeting()
    organisation, persons = people(12)
    for person in persons:
        register(meeting, person, organisation, days)
    # The after-commit sends ran; make every confirmation due again, as after a crash.
    Message.objects.all().delete()
    Registration.objects.update(confirmation_due_at=timezone.now())
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def sweep():
        try:
            barrier.wait()
            counts.append(services.send_due_notices())
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(counts) == len(persons)
    assert sorted(Message.objects.values_list("to", flat=True)) == sorted(p.email for p in persons)
    assert not Registration.objects.filter(confirmation_due_at__isnull=False).exists()
