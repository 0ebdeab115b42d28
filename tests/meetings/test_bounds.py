"""Every number an organiser types is bounded: no huge delay or capacity reaches the jobs."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from cercle.meetings import services
from cercle.meetings.models import PARIS, Meeting
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import register, two_day_meeting

pytestmark = pytest.mark.django_db


def meeting_data(meeting, **changes):
    return {
        "edition": meeting.edition,
        "title": meeting.title,
        "slug": meeting.slug,
        "host": meeting.host_id,
        "status": meeting.status,
        "first_day": "2099-06-02",
        "last_day": "2099-06-03",
        "tracks": "",
        "reminder_days": 3,
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reminder_days", "1000000"),
        ("edition", "10000000000"),
        ("onsite_capacity", "99999999999"),
        ("onsite_quota_per_organisation", "0"),
        ("onsite_capacity", "-1"),
    ],
)
def test_meeting_form_refuses_numbers_out_of_bounds(client, field, value):
    meeting, _days = two_day_meeting()
    client.force_login(StaffFactory())

    response = client.post(
        f"/rencontres/{meeting.slug}/modifier/", meeting_data(meeting, **{field: value})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'value="{value}"' in response.text
    meeting.refresh_from_db()
    assert meeting.reminder_days == 3


@pytest.mark.parametrize(("field", "value"), [("capacity", "0"), ("remote_capacity", "100001")])
def test_session_form_refuses_seats_out_of_bounds(client, field, value):
    meeting, days = two_day_meeting()
    client.force_login(StaffFactory())
    data = {
        "day": days[0].pk,
        "start": "14:00",
        "end": "15:00",
        "title": "Atelier",
        "kind": "workshop",
        "capacity": "10",
        "open_to_remote": "on",
        field: value,
    }

    response = client.post(f"/rencontres/{meeting.slug}/programme/seances/nouvelle/", data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert meeting.sessions.count() == 0


def test_model_refuses_a_reminder_a_million_days_ahead():
    meeting, _days = two_day_meeting()
    meeting.reminder_days = 1_000_000

    with pytest.raises(ValidationError) as error:
        meeting.full_clean()

    assert "reminder_days" in error.value.message_dict


def test_reminder_job_survives_a_delay_written_around_the_form():
    meeting, days = two_day_meeting()
    organisation = OrganisationFactory()
    register(meeting, agent_of(organisation), organisation, days)
    Meeting.objects.filter(pk=meeting.pk).update(reminder_days=1_000_000)

    sent = services.send_reminders(now=datetime(2099, 5, 31, tzinfo=PARIS))

    assert sent == 1
