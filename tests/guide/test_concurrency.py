"""Real concurrency on PostgreSQL: workers sending reminders at once, pages opened at once."""

import threading
from datetime import datetime

import pytest
from django.db import connection

from cercle.core.errors import DomainError
from cercle.guide import services
from cercle.guide.models import ChecklistTask, GuideTask
from cercle.meetings.models import PARIS
from cercle.outbox.models import Message
from tests.guide.factories import guide_task
from tests.guide.factories import people as make_people

pytestmark = pytest.mark.postgres

WORKERS = 20


def _at_once(func):
    barrier = threading.Barrier(WORKERS)
    errors = []

    def run():
        try:
            barrier.wait()
            func()
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twenty_workers_send_each_reminder_once(transactional_db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    settings.GUIDE_REMINDER_DAYS = 7
    people = make_people()
    for number in range(5):
        guide_task(f"Tâche de l’hôte {number}", responsible="host", offset=-14)
        guide_task(f"Tâche de l’éditeur {number}", responsible="vendor", offset=-14)
    services.ensure_checklist(people.meeting)
    Message.objects.all().delete()

    errors = _at_once(
        lambda: services.send_task_reminders(now=datetime(2099, 5, 15, 8, 0, tzinfo=PARIS))
    )

    assert errors == []
    assert Message.objects.count() == 10
    assert ChecklistTask.objects.filter(reminder_sent_at__isnull=True).count() == 0


def test_twenty_people_opening_the_checklist_at_once_get_one_copy_of_each_task(
    transactional_db,
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    for number in range(8):
        guide_task(f"Tâche {number}", offset=-number)
    people = make_people()
    ChecklistTask.objects.all().delete()

    errors = _at_once(lambda: services.ensure_checklist(people.meeting))

    assert errors == []
    assert ChecklistTask.objects.filter(meeting=people.meeting).count() == 8


def test_twenty_submits_of_one_action_change_the_guide_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    people = make_people()
    item = services.add_retro_item(people.meeting, "improve", "La vidéo", by=people.staff)
    action = services.create_action(
        item=item,
        description="Tester la captation",
        owner=people.staff,
        applies_to=people.meeting,
        by=people.staff,
    )
    refused = []

    def submit():
        try:
            services.save_guide_task(
                task=None,
                by=people.staff,
                why="Bilan",
                action=action,
                title="Tester la captation",
                responsible="vendor",
                offset_days=-45,
                effort_days="1",
            )
        except DomainError as error:
            refused.append(error.code)

    errors = _at_once(submit)

    assert errors == []
    assert refused == ["action_closed"] * (WORKERS - 1)
    assert GuideTask.objects.count() == 1
    assert people.meeting.checklist.filter(title="Tester la captation").count() == 1
