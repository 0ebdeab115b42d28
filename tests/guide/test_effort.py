"""Effort in days: planned from the guide, spent as recorded; sums per side and in total."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.guide import selectors, services
from cercle.guide.models import ChecklistTask
from tests.guide.factories import guide_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist(people):
    guide_task("Réserver les salles", responsible="host", effort="2.5")
    guide_task("Préparer les badges", responsible="host", effort="1.5", offset=-14)
    guide_task("Tester la captation", responsible="vendor", effort="1", offset=-45)
    guide_task("Publier le programme", responsible="club", effort="0.25", offset=-60)
    services.ensure_checklist(people.meeting)
    return {t.title: t for t in ChecklistTask.objects.filter(meeting=people.meeting)}


def test_planned_and_spent_days_add_up_per_side_and_in_total(people, checklist):
    services.update_checklist_task(
        task=checklist["Réserver les salles"], by=people.host_referent, done=True, effort_spent="4"
    )
    services.update_checklist_task(
        task=checklist["Préparer les badges"],
        by=people.host_referent,
        done=False,
        effort_spent="0.5",
    )
    services.update_checklist_task(
        task=checklist["Tester la captation"], by=people.staff, done=True, effort_spent="1.25"
    )

    data = selectors.checklist(people.meeting, today=people.days[0].date)

    sides = {str(side.label): (side.planned, side.spent) for side in data.sides}
    assert sides == {
        "Collectivité hôte": (Decimal("4.00"), Decimal("4.50")),
        "Éditeur": (Decimal("1.00"), Decimal("1.25")),
        "Club": (Decimal("0.25"), Decimal("0")),
    }
    assert (data.total.planned, data.total.spent) == (Decimal("5.25"), Decimal("5.75"))
    assert (data.done, data.percent) == (2, 50)


def test_guide_page_shows_the_days_each_side_plans(client, people, checklist):
    client.force_login(people.host_agent)

    html = client.get(reverse("guide:guide")).content.decode()

    assert "4 jours, 2 tâches" in html
    assert "5,25 jours, 4 tâches" in html


def test_checklist_page_shows_planned_against_spent(client, people, checklist):
    services.update_checklist_task(
        task=checklist["Réserver les salles"], by=people.host_referent, done=True, effort_spent="22"
    )
    client.force_login(people.host_referent)

    html = client.get(reverse("guide:checklist", args=[people.meeting.slug])).content.decode()

    assert "<td>4</td><td>22</td>" in html
    assert "1 sur 4 tâches faites (25 %)" in html


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("-1", "negative_effort"),
        ("61", "absurd_effort"),
        ("1e9", "absurd_effort"),
        ("NaN", "bad_effort"),
        ("beaucoup", "bad_effort"),
        ("0.125", "bad_effort"),
    ],
)
def test_negative_or_absurd_effort_is_refused(typed, code):
    with pytest.raises(DomainError) as refused:
        services.check_effort(typed)

    assert refused.value.code == code


def test_a_comma_is_a_decimal_separator():
    assert services.check_effort("1,5") == Decimal("1.50")


def test_negative_days_spent_are_refused_on_the_page_and_nothing_is_lost(client, people, checklist):
    task = checklist["Réserver les salles"]
    services.update_checklist_task(task=task, by=people.host_referent, done=True, effort_spent="3")
    client.force_login(people.host_referent)

    response = client.post(
        reverse("guide:checklist", args=[people.meeting.slug]),
        {"task": task.pk, f"t{task.pk}-done": "on", f"t{task.pk}-effort_spent_days": "-2"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "L’effort ne peut pas être négatif." in html
    assert 'value="-2"' in html
    task.refresh_from_db()
    assert (task.effort_spent_days, task.done_at is not None) == (Decimal("3.00"), True)


def test_absurd_planned_effort_is_refused_in_the_guide_form(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("guide:task_new"),
        {
            "title": "Tout organiser",
            "responsible": "host",
            "offset_days": "J-90",
            "effort_days": "400",
            "why": "Essai",
        },
    )

    assert response.status_code == 200
    assert "pas plausible" in response.content.decode()
    assert 'value="400"' in response.content.decode()
