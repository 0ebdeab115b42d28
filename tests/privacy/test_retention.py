from datetime import UTC, date, datetime

import pytest

from cercle.core import jobs
from cercle.meetings.models import MeetingDay, Registration
from cercle.onsite import clock
from cercle.privacy.retention import forget_sensitive_data
from cercle.questions.models import Declaration, GenderTally, Question
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import register, session, two_day_meeting

# The meeting's last day is Wednesday 3 June 2099; with 30 days, needs live until 3 July.
LAST_DAY = date(2099, 6, 3)


@pytest.fixture
def meeting(db, settings):
    settings.PRIVACY_RETENTION_DAYS = 30
    meeting, days = two_day_meeting()
    organisation = OrganisationFactory()
    person = agent_of(organisation)
    register(
        meeting,
        person,
        organisation,
        days,
        dietary_needs="Sans lactose",
        accessibility_needs="Sous-titres",
    )
    question = Question.objects.create(
        session=session(days[0]), author=person, text="Une question", gender="woman"
    )
    Declaration.objects.create(meeting=meeting, person=person, gender="woman")
    meeting.question = question
    return meeting


def needs(meeting):
    return list(
        Registration.objects.filter(meeting=meeting).values_list(
            "dietary_needs", "accessibility_needs"
        )
    )


def test_needs_are_kept_until_the_limit(meeting):
    assert forget_sensitive_data(today=date(2099, 7, 3)) == 0

    assert needs(meeting) == [("Sans lactose", "Sous-titres")]
    assert Declaration.objects.filter(meeting=meeting).exists()
    assert Question.objects.get(pk=meeting.question.pk).gender == "woman"


def test_needs_and_declarations_are_deleted_after_the_limit(meeting):
    assert forget_sensitive_data(today=date(2099, 7, 4)) == 1

    assert needs(meeting) == [("", "")]
    assert not Declaration.objects.filter(meeting=meeting).exists()
    assert Question.objects.get(pk=meeting.question.pk).gender == ""
    # The organisers' figures keep anonymous counts.
    assert GenderTally.objects.get(gender="woman").asked == 1


def test_the_job_is_idempotent(meeting):
    forget_sensitive_data(today=date(2099, 7, 4))

    assert forget_sensitive_data(today=date(2099, 7, 4)) == 0
    assert GenderTally.objects.get(gender="woman").asked == 1


def test_only_past_meetings_are_touched(meeting):
    later, days = two_day_meeting()
    MeetingDay.objects.filter(pk=days[1].pk).update(date=date(2099, 7, 10))
    organisation = OrganisationFactory()
    register(later, agent_of(organisation), organisation, days, dietary_needs="Halal")

    forget_sensitive_data(today=date(2099, 7, 4))

    assert needs(meeting) == [("", "")]
    assert needs(later) == [("Halal", "")]


def test_the_retention_period_is_a_setting(meeting, settings):
    settings.PRIVACY_RETENTION_DAYS = 0

    assert forget_sensitive_data(today=date(2099, 6, 4)) == 1
    assert needs(meeting) == [("", "")]


def test_the_job_is_registered():
    assert "privacy.forget_sensitive_data" in {job.name for job in jobs.registered()}


def test_the_day_is_counted_in_paris(meeting, monkeypatch):
    # 3 July 2099, 22:30 UTC is already 4 July in Paris: the limit has passed there.
    monkeypatch.setattr(clock, "now", lambda: datetime(2099, 7, 3, 22, 30, tzinfo=UTC))

    assert forget_sensitive_data() == 1
    assert needs(meeting) == [("", "")]


def test_before_midnight_in_paris_nothing_is_deleted(meeting, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2099, 7, 3, 21, 30, tzinfo=UTC))

    assert forget_sensitive_data() == 0
    assert needs(meeting) == [("Sans lactose", "Sous-titres")]
