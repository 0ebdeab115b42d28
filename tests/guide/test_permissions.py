"""Every page, both ways: anonymous, plain member, host référent, another référent, staff."""

import pytest
from django.urls import reverse

from cercle.guide import services
from cercle.guide.models import Action, ChecklistTask, GuideTask, RetroItem
from tests.guide.factories import guide_task

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "member", "host_referent", "other_referent", "staff"]


@pytest.fixture
def world(people):
    host_task = guide_task("Réserver les salles", responsible="host")
    guide_task("Tester la captation", responsible="vendor", offset=-45)
    services.ensure_checklist(people.meeting)
    item = services.add_retro_item(people.meeting, "improve", "La vidéo", by=people.staff)
    action = services.create_action(
        item=item,
        description="Tester la captation",
        owner=people.staff,
        applies_to=people.meeting,
        by=people.staff,
    )
    people.template_task = host_task
    people.item = item
    people.action = action
    people.checklist = {t.responsible: t for t in ChecklistTask.objects.all()}
    return people


def _login(client, world, who):
    person = {
        "anonymous": None,
        "member": world.host_agent,
        "host_referent": world.host_referent,
        "other_referent": world.other_referent,
        "staff": world.staff,
    }[who]
    if person is not None:
        client.force_login(person)


def _refused(response, who):
    if who == "anonymous":
        return response.status_code == 302 and "/connexion/" in response["Location"]
    return response.status_code == 403


# (name, method, url args, data builder, who may)
def _pages(world):
    slug = world.meeting.slug
    task = world.template_task
    return {
        "guide": ("get", reverse("guide:guide"), None),
        "export_ods": ("get", reverse("guide:export", args=["ods"]), None),
        "export_pdf": ("get", reverse("guide:export", args=["pdf"]), None),
        "history": ("get", reverse("guide:history"), None),
        "task_new": ("get", reverse("guide:task_new"), None),
        "task_edit": ("get", reverse("guide:task_edit", args=[task.pk]), None),
        "task_withdraw": ("get", reverse("guide:task_withdraw", args=[task.pk]), None),
        "board": ("get", reverse("guide:board", args=[slug]), None),
        "board_add": (
            "post",
            reverse("guide:board", args=[slug]),
            {"column": "good", "text": "Le kiosque"},
        ),
        "action_new": (
            "get",
            reverse("guide:action_new", args=[slug, world.item.pk]),
            None,
        ),
        "action_status": (
            "post",
            reverse("guide:action_status", args=[slug, world.action.pk]),
            {"status": "dropped"},
        ),
        "checklist": ("get", reverse("guide:checklist", args=[slug]), None),
        "checklist_export": ("get", reverse("guide:checklist_export", args=[slug]), None),
        "tick_host_task": (
            "post",
            reverse("guide:checklist", args=[slug]),
            {"task": world.checklist["host"].pk, f"t{world.checklist['host'].pk}-done": "on"},
        ),
        "tick_vendor_task": (
            "post",
            reverse("guide:checklist", args=[slug]),
            {"task": world.checklist["vendor"].pk, f"t{world.checklist['vendor'].pk}-done": "on"},
        ),
    }


READERS = {"member", "host_referent", "other_referent", "staff"}
ORGANISERS = {"host_referent", "staff"}
STAFF = {"staff"}
ALLOWED = {
    "guide": READERS,
    "export_ods": READERS,
    "export_pdf": READERS,
    "history": READERS,
    "task_new": STAFF,
    "task_edit": STAFF,
    "task_withdraw": STAFF,
    "board": ORGANISERS,
    "board_add": ORGANISERS,
    "action_new": STAFF,
    "action_status": STAFF,
    "checklist": ORGANISERS,
    "checklist_export": ORGANISERS,
    "tick_host_task": ORGANISERS,
    "tick_vendor_task": STAFF,
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_each_page_lets_in_exactly_who_it_should(client, world, page, who):
    _login(client, world, who)
    method, url, data = _pages(world)[page]

    response = getattr(client, method)(url, data or {})

    if who in ALLOWED[page]:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/connexion/" not in response["Location"]
    else:
        assert _refused(response, who), (response.status_code, response.get("Location"))


def test_refused_posts_change_nothing(client, world):
    _login(client, world, "other_referent")
    for page in ("board_add", "action_status", "tick_host_task", "tick_vendor_task"):
        method, url, data = _pages(world)[page]
        client.post(url, data)

    assert RetroItem.objects.count() == 1
    assert Action.objects.get().status == "open"
    assert ChecklistTask.objects.filter(done_at__isnull=False).count() == 0


def test_a_person_without_any_organisation_cannot_read_the_guide(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    assert client.get(reverse("guide:guide")).status_code == 403


def test_board_of_another_organisations_meeting_is_refused_to_its_referent(client, world):
    from tests.meetings.factories import MeetingFactory

    theirs = MeetingFactory(host=world.other_org)
    client.force_login(world.host_referent)

    assert client.get(reverse("guide:board", args=[theirs.slug])).status_code == 403
    assert client.get(reverse("guide:checklist", args=[theirs.slug])).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/rencontres/inconnue/bilan/",
        "/rencontres/inconnue/preparation/",
        "/guide/taches/999999/modifier/",
        "/guide/export.xlsx",
        "/guide/export.exe",
    ],
)
def test_unknown_things_are_not_found(client, world, url):
    client.force_login(world.staff)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("action", ["abc", "999999", "-1"])
def test_bad_action_ids_are_not_found(client, world, action):
    client.force_login(world.staff)

    assert client.get(reverse("guide:task_new"), {"action": action}).status_code == 404


def test_service_refuses_a_referent_editing_the_guide(world):
    from cercle.core.errors import DomainError

    with pytest.raises(DomainError):
        services.save_guide_task(
            task=world.template_task, by=world.host_referent, why="x", title="Autre"
        )
    assert GuideTask.objects.get(pk=world.template_task.pk).title == "Réserver les salles"


def test_service_refuses_a_member_adding_to_the_board(world):
    from cercle.core.errors import DomainError

    with pytest.raises(DomainError):
        services.add_retro_item(world.meeting, "good", "Super", by=world.host_agent)
