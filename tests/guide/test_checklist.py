"""Each meeting gets its checklist from the guide, once; tasks are ticked by those in charge."""

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.guide import services
from cercle.guide.models import ChecklistTask
from cercle.meetings.enums import MeetingStatus
from tests.guide.factories import guide_task
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_new_meeting_gets_its_checklist_from_the_active_guide():
    guide_task("Réserver les salles")
    guide_task("Ancienne tâche", active=False)

    meeting = MeetingFactory()

    assert list(meeting.checklist.values_list("title", "responsible", "offset_days")) == [
        ("Réserver les salles", "host", -60)
    ]


def test_ensure_checklist_is_idempotent(people):
    guide_task("Réserver les salles")
    services.ensure_checklist(people.meeting)

    assert services.ensure_checklist(people.meeting) == 0
    assert ChecklistTask.objects.filter(meeting=people.meeting).count() == 1


def test_the_checklist_page_creates_a_missing_checklist(client, people):
    ChecklistTask.objects.all().delete()
    guide_task("Préparer les badges", offset=-14)
    client.force_login(people.host_referent)

    response = client.get(reverse("guide:checklist", args=[people.meeting.slug]))

    assert "Préparer les badges" in response.content.decode()
    assert people.meeting.checklist.count() == 1


def test_a_task_added_to_the_guide_reaches_meetings_in_preparation_not_held_ones(people):
    guide_task("Réserver les salles")
    held = MeetingFactory(status=MeetingStatus.HELD)
    services.ensure_checklist(people.meeting)
    guide_task("Tester la captation", responsible="vendor", offset=-45)

    services.ensure_checklist(people.meeting)
    services.ensure_checklist(held)

    assert people.meeting.checklist.count() == 2
    assert list(held.checklist.values_list("title", flat=True)) == ["Réserver les salles"]


def test_host_referent_ticks_a_host_task(client, people):
    guide_task("Réserver les salles")
    task = services.ensure_checklist(people.meeting) and people.meeting.checklist.get()
    client.force_login(people.host_referent)

    response = client.post(
        reverse("guide:checklist", args=[people.meeting.slug]),
        {"task": task.pk, f"t{task.pk}-done": "on", f"t{task.pk}-effort_spent_days": "2,5"},
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_by == people.host_referent
    assert str(task.effort_spent_days) == "2.50"


def test_unticking_a_task_clears_who_did_it(people):
    guide_task("Réserver les salles")
    services.ensure_checklist(people.meeting)
    task = people.meeting.checklist.get()
    services.update_checklist_task(task=task, by=people.host_referent, done=True, effort_spent="")

    services.update_checklist_task(task=task, by=people.staff, done=False, effort_spent=None)

    task.refresh_from_db()
    assert (task.done_at, task.done_by) == (None, None)


def test_complete_by_key_ticks_the_handover_task_once(people):
    guide_task("Passation", key="handover", offset=-90)
    guide_task("Réserver les salles")

    first = services.complete_by_key(people.meeting, "handover", by=people.host_referent)
    done_at = first.done_at
    again = services.complete_by_key(people.meeting, "handover", by=people.staff)

    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.done_at, again.done_by) == (done_at, people.host_referent)
    assert people.meeting.checklist.filter(done_at__isnull=False).count() == 1


def test_complete_by_key_without_such_task_does_nothing(people):
    guide_task("Réserver les salles")

    assert services.complete_by_key(people.meeting, "handover", by=people.staff) is None


def test_ticking_a_task_of_another_meeting_is_not_found(client, people):
    guide_task("Réserver les salles")
    other = MeetingFactory()
    task = other.checklist.get()
    client.force_login(people.staff)

    response = client.post(
        reverse("guide:checklist", args=[people.meeting.slug]),
        {"task": task.pk, f"t{task.pk}-done": "on"},
    )

    assert response.status_code == 404


@pytest.mark.parametrize("bad", ["", "abc", "999999", "1;DROP"])
def test_bad_task_ids_are_not_found(client, people, bad):
    client.force_login(people.staff)

    response = client.post(reverse("guide:checklist", args=[people.meeting.slug]), {"task": bad})

    assert response.status_code == 404


def test_service_refuses_a_host_referent_ticking_a_vendor_task(people):
    guide_task("Tester la captation", responsible="vendor")
    services.ensure_checklist(people.meeting)

    with pytest.raises(DomainError) as refused:
        services.update_checklist_task(
            task=people.meeting.checklist.get(), by=people.host_referent, done=True, effort_spent=""
        )

    assert refused.value.code == "forbidden"


def test_the_meeting_page_links_organisers_to_the_checklist_and_the_board(client, people):
    url = people.meeting.get_absolute_url()
    checklist = reverse("guide:checklist", args=[people.meeting.slug])
    client.force_login(people.host_agent)
    member_page = client.get(url).content.decode()
    client.force_login(people.host_referent)
    organiser_page = client.get(url).content.decode()

    assert checklist not in member_page
    assert checklist in organiser_page
    assert reverse("guide:board", args=[people.meeting.slug]) in organiser_page
