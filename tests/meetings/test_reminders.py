from datetime import datetime

import pytest

from cercle.core import jobs
from cercle.meetings import services
from cercle.meetings.models import PARIS
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import register, two_day_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    meeting, days = two_day_meeting(reminder_days=3)
    organisation = OrganisationFactory()
    person = agent_of(organisation)
    registration = register(meeting, person, organisation, days)
    Message.objects.all().delete()
    return meeting, person, registration


def test_reminder_sent_once_within_the_delay(registered):
    meeting, person, registration = registered
    now = datetime(2099, 5, 31, 10, 0, tzinfo=PARIS)

    first = services.send_reminders(now=now)
    second = services.send_reminders(now=now)

    assert (first, second) == (1, 0)
    message = Message.objects.get()
    assert message.to == person.email
    assert message.subject == f"Rappel : {meeting.title} approche"
    registration.refresh_from_db()
    assert registration.reminder_sent_at == now


def test_no_reminder_before_the_delay(registered):
    assert services.send_reminders(now=datetime(2099, 5, 20, tzinfo=PARIS)) == 0
    assert Message.objects.count() == 0


def test_no_reminder_for_cancelled_registration(registered):
    _meeting, person, registration = registered
    services.cancel_registration(registration=registration, actor=person)

    assert services.send_reminders(now=datetime(2099, 5, 31, tzinfo=PARIS)) == 0


def test_reminder_job_is_registered():
    assert "meetings.send_reminders" in [job.name for job in jobs.registered()]
