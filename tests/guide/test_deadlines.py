"""Deadlines are days relative to the meeting's first day (J-120 … J+30), in Europe/Paris."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.guide import selectors, services
from cercle.guide.models import ChecklistTask, GuideTask
from tests.guide.factories import guide_task
from tests.meetings.factories import add_days

pytestmark = pytest.mark.django_db


def _due_dates(meeting, today=date(2099, 1, 1)):
    services.ensure_checklist(meeting)
    data = selectors.checklist(meeting, today=today)
    return {task.title: task.due for task in data.tasks}


def test_j_minus_120_is_120_days_before_the_first_day(people):
    guide_task("Choisir le lieu", offset=-120)
    guide_task("Accueil", offset=0)
    guide_task("Bilan", offset=30)

    dues = _due_dates(people.meeting)

    # The meeting runs on 2 and 3 June 2099.
    assert dues == {
        "Choisir le lieu": date(2099, 2, 2),
        "Accueil": date(2099, 6, 2),
        "Bilan": date(2099, 7, 2),
    }


def test_deadline_follows_the_first_day_when_the_meeting_moves(people):
    guide_task("Préparer les badges", offset=-14)
    services.ensure_checklist(people.meeting)
    add_days(people.meeting, date(2099, 5, 30))

    assert _due_dates(people.meeting) == {"Préparer les badges": date(2099, 5, 16)}


def test_meeting_without_days_has_no_deadline_yet(people):
    people.meeting.days.all().delete()
    guide_task("Préparer les badges", offset=-14)

    assert _due_dates(people.meeting) == {"Préparer les badges": None}


@pytest.mark.parametrize(
    ("utc_now", "overdue"),
    [
        # 21:30 UTC is 23:30 in Paris, still 19 May: the task is due today, not late.
        (datetime(2099, 5, 19, 21, 30, tzinfo=UTC), False),
        # 22:30 UTC is already 20 May in Paris: the task is overdue.
        (datetime(2099, 5, 19, 22, 30, tzinfo=UTC), True),
    ],
)
def test_overdue_is_decided_on_the_paris_date(people, client, monkeypatch, utc_now, overdue):
    guide_task("Préparer les badges", offset=-14)  # due Tuesday 19 May 2099
    client.force_login(people.host_referent)
    monkeypatch.setattr(services, "now", lambda: utc_now)

    html = client.get(reverse("guide:checklist", args=[people.meeting.slug])).content.decode()

    assert ("1 tâche en retard" in html) is overdue
    assert "mardi 19 mai 2099" in html


@pytest.mark.parametrize(
    ("typed", "offset"),
    [("J-120", -120), ("j-30", -30), ("J+7", 7), ("J", 0), ("-45", -45), ("J\u221214", -14)],
)
def test_deadline_typed_the_way_organisers_write_it(typed, offset):
    assert services.parse_offset(typed) == offset


@pytest.mark.parametrize("typed", ["J-121", "J+31", "-400", "J+9999"])
def test_deadline_beyond_the_meeting_is_refused(typed):
    with pytest.raises(DomainError) as refused:
        services.parse_offset(typed)

    assert refused.value.code == "deadline_out_of_range"


@pytest.mark.parametrize("typed", ["demain", "J-", "J--3", "", "3 jours"])
def test_deadline_not_understood_is_refused(typed):
    with pytest.raises(DomainError) as refused:
        services.parse_offset(typed)

    assert refused.value.code == "bad_offset"


def _form(**changes):
    return {
        "title": "Réserver le traiteur",
        "responsible": "host",
        "offset_days": "J-75",
        "effort_days": "1,5",
        "note": "Format tapas.",
        "key": "",
        "why": "Oublié l'an dernier.",
        **changes,
    }


def test_staff_adding_a_task_beyond_j_minus_120_get_a_french_error_and_keep_what_they_typed(
    client, staff
):
    client.force_login(staff)

    response = client.post(reverse("guide:task_new"), _form(offset_days="J-200"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "doit être comprise entre J-120" in html
    assert 'aria-describedby="id_offset_days_error' in html or "id_offset_days_error" in html
    assert 'value="Réserver le traiteur"' in html
    assert "Oublié l&#x27;an dernier." in html
    assert GuideTask.objects.count() == 0


def test_service_refuses_an_offset_outside_the_range_too(staff):
    with pytest.raises(DomainError) as refused:
        services.save_guide_task(
            task=None,
            by=staff,
            why="Test",
            title="Tâche",
            responsible="host",
            offset_days=31,
            effort_days="1",
        )

    assert refused.value.code == "deadline_out_of_range"
    assert "J+31" in refused.value.message
    assert ChecklistTask.objects.count() == 0
