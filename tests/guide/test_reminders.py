"""Reminders: one email per task to the people in charge, a few days before its deadline."""

from datetime import datetime

import pytest

from cercle.core import jobs
from cercle.guide import services
from cercle.meetings.models import PARIS
from cercle.outbox.models import Message
from tests.factories import StaffFactory, referent_of
from tests.guide.factories import guide_task

pytestmark = pytest.mark.django_db

# The meeting's first day is 2 June 2099: J-14 is 19 May, J-45 is 18 April.
BADGES_DUE = datetime(2099, 5, 19, 9, 0, tzinfo=PARIS)


@pytest.fixture
def tasks(people, settings):
    settings.GUIDE_REMINDER_DAYS = 7
    guide_task("Préparer les badges", responsible="host", offset=-14)
    guide_task("Tester la captation", responsible="vendor", offset=-45)
    guide_task("Relancer les intervenants", responsible="club", offset=-14)
    services.ensure_checklist(people.meeting)
    Message.objects.all().delete()
    return {t.title: t for t in people.meeting.checklist.all()}


def test_host_tasks_go_to_the_host_referents_and_club_tasks_to_staff(people, tasks):
    second_referent = referent_of(people.host)

    sent = services.send_task_reminders(now=datetime(2099, 5, 12, 8, 0, tzinfo=PARIS))

    recipients = sorted(Message.objects.values_list("to", "subject"))
    assert sent == 3
    assert recipients == sorted(
        [
            (people.host_referent.email, _subject("Préparer les badges", people)),
            (second_referent.email, _subject("Préparer les badges", people)),
            (people.staff.email, _subject("Relancer les intervenants", people)),
        ]
    )


def _subject(title, people):
    return f"À faire avant le 19 mai : {title} ({people.meeting.title})"


def test_a_reminder_is_never_sent_twice(people, tasks):
    services.send_task_reminders(now=datetime(2099, 5, 12, 8, 0, tzinfo=PARIS))
    first = Message.objects.count()

    again = services.send_task_reminders(now=datetime(2099, 5, 13, 8, 0, tzinfo=PARIS))

    assert (first, again, Message.objects.count()) == (2, 0, 2)


def test_no_reminder_before_the_configured_delay(people, tasks, settings):
    settings.GUIDE_REMINDER_DAYS = 3

    early = services.send_task_reminders(now=datetime(2099, 5, 15, 8, 0, tzinfo=PARIS))
    on_time = services.send_task_reminders(now=datetime(2099, 5, 16, 8, 0, tzinfo=PARIS))

    assert (early, on_time) == (0, 2)


def test_no_reminder_once_the_deadline_has_passed_or_the_task_is_done(people, tasks):
    services.update_checklist_task(
        task=tasks["Préparer les badges"], by=people.host_referent, done=True, effort_spent=""
    )

    done = services.send_task_reminders(now=datetime(2099, 5, 12, 8, 0, tzinfo=PARIS))
    late = services.send_task_reminders(now=datetime(2099, 5, 20, 8, 0, tzinfo=PARIS))

    assert (done, late) == (1, 0)
    assert list(Message.objects.values_list("to", flat=True)) == [people.staff.email]


def test_the_reminder_names_the_task_its_deadline_and_the_checklist(people, tasks):
    tasks["Préparer les badges"].note = "Inclure le nom de l’organisation."
    tasks["Préparer les badges"].save()

    services.send_task_reminders(now=BADGES_DUE)

    body = Message.objects.get(to=people.host_referent.email).body_text
    assert "Préparer les badges" in body
    assert "Échéance : J-14, mardi 19 mai 2099" in body
    assert "Inclure le nom de l’organisation." in body
    assert f"/rencontres/{people.meeting.slug}/preparation/" in body


def test_inactive_staff_get_no_reminder(people, tasks):
    StaffFactory(is_active=False)

    services.send_task_reminders(now=datetime(2099, 5, 12, 8, 0, tzinfo=PARIS))

    assert Message.objects.filter(to=people.staff.email).count() == 1
    assert Message.objects.count() == 2


def test_the_reminder_job_is_registered():
    assert "guide.send_task_reminders" in [job.name for job in jobs.registered()]


def test_a_host_task_goes_to_staff_when_the_host_has_no_referent(people, tasks):
    people.host_referent.memberships.update(role="agent")

    sent = services.send_task_reminders(now=datetime(2099, 5, 12, 8, 0, tzinfo=PARIS))

    assert sent == 2
    assert sorted(Message.objects.values_list("to", "subject")) == sorted(
        [
            (people.staff.email, _subject("Préparer les badges", people)),
            (people.staff.email, _subject("Relancer les intervenants", people)),
        ]
    )


def test_a_task_nobody_can_hear_of_is_not_marked_and_is_tried_again(people, tasks):
    people.host_referent.memberships.update(role="agent")
    people.staff.is_active = False
    people.staff.save()
    badges = tasks["Préparer les badges"]

    assert services.send_task_reminders(now=datetime(2099, 5, 12, 8, 0, tzinfo=PARIS)) == 0
    badges.refresh_from_db()
    assert badges.reminder_sent_at is None

    StaffFactory()
    assert services.send_task_reminders(now=datetime(2099, 5, 13, 8, 0, tzinfo=PARIS)) == 2
    badges.refresh_from_db()
    assert badges.reminder_sent_at is not None
