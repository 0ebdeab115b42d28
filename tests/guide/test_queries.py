"""List pages run the same number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.guide import services
from tests.guide.factories import guide_task

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(people, start, count):
    for number in range(start, start + count):
        task = guide_task(f"Tâche {number}", responsible=["host", "vendor", "club"][number % 3])
        services.save_guide_task(
            task=task, by=people.staff, why=f"Raison {number}", note=f"Note {number}"
        )
        item = services.add_retro_item(
            people.meeting, ["good", "improve"][number % 2], f"Élément {number}", by=people.staff
        )
        action = services.create_action(
            item=item,
            description=f"Action {number}",
            owner=people.host_referent,
            applies_to=people.meeting,
            by=people.staff,
        )
        services.save_guide_task(
            task=None,
            by=people.staff,
            why="Du bilan",
            action=action,
            title=f"Nouvelle tâche {number}",
            responsible="host",
            offset_days=-10,
            effort_days="1",
        )
    services.ensure_checklist(people.meeting)
    for task in people.meeting.checklist.all()[: count // 2]:
        services.update_checklist_task(task=task, by=people.staff, done=True, effort_spent="1")


@pytest.mark.parametrize("page", ["guide:guide", "guide:history", "guide:board", "guide:checklist"])
def test_query_count_does_not_grow_with_the_data(client, people, page):
    args = [people.meeting.slug] if page in ("guide:board", "guide:checklist") else []
    url = reverse(page, args=args)
    client.force_login(people.staff)
    _grow(people, 0, 2)
    few = _count(client, url)

    _grow(people, 2, 12)
    many = _count(client, url)

    assert few == many
