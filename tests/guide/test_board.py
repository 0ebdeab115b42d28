"""The retrospective board, its actions, and the guide changes (with their history) they bring."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.guide import services
from cercle.guide.enums import ActionStatus, ChangeKind
from cercle.guide.models import Action, GuideChange, GuideTask, RetroItem
from cercle.guide.signals import guide_updated
from tests.guide.factories import guide_task
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_host_referent_adds_an_item_to_improve(client, people):
    client.force_login(people.host_referent)

    response = client.post(
        reverse("guide:board", args=[people.meeting.slug]),
        {"column": "improve", "text": "la qualité de la vidéo"},
    )

    assert response.status_code == 302
    item = RetroItem.objects.get()
    assert (item.column, item.author, item.source) == ("improve", people.host_referent, "")
    html = client.get(response["Location"]).content.decode()
    assert "la qualité de la vidéo" in html


def test_an_empty_item_is_refused_with_a_french_error(client, people):
    client.force_login(people.host_referent)

    response = client.post(
        reverse("guide:board", args=[people.meeting.slug]), {"column": "improve", "text": "  "}
    )

    assert "Ce champ est obligatoire." in response.content.decode()
    assert RetroItem.objects.count() == 0


def test_an_unknown_column_is_refused(people):
    with pytest.raises(DomainError) as refused:
        services.add_retro_item(people.meeting, "bof", "texte", by=people.staff)

    assert refused.value.code == "bad_column"


def test_an_evaluation_answer_lands_on_the_board_without_an_author(client, people):
    services.add_retro_item(
        people.meeting, "good", "La table ronde en intro", by=None, source="evaluation"
    )
    client.force_login(people.host_referent)

    html = client.get(reverse("guide:board", args=[people.meeting.slug])).content.decode()

    assert "La table ronde en intro" in html
    assert "Tiré de l’évaluation" in html


def test_staff_turn_an_item_into_an_action_for_the_next_edition(client, people):
    item = services.add_retro_item(people.meeting, "improve", "La vidéo", by=people.staff)
    following = MeetingFactory(edition=people.meeting.edition + 1)
    client.force_login(people.staff)
    url = reverse("guide:action_new", args=[people.meeting.slug, item.pk])

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "description": "Tester la captation avant le club",
            "owner": people.host_referent.pk,
            "applies_to": following.pk,
        },
    )

    assert f'<option value="{following.pk}" selected>' in form
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.applies_to, action.status) == (
        people.host_referent,
        following,
        ActionStatus.OPEN,
    )


def test_an_owner_from_another_organisation_is_refused(people):
    item = services.add_retro_item(people.meeting, "improve", "La vidéo", by=people.staff)

    with pytest.raises(DomainError) as refused:
        services.create_action(
            item=item,
            description="Tester",
            owner=people.other_referent,
            applies_to=people.meeting,
            by=people.staff,
        )

    assert refused.value.code == "bad_owner"


def test_an_action_adds_a_task_to_the_guide_and_the_next_meetings_checklist(client, people):
    guide_task("Réserver les salles")
    following = MeetingFactory(edition=people.meeting.edition + 1)
    item = services.add_retro_item(people.meeting, "improve", "La vidéo", by=people.staff)
    action = services.create_action(
        item=item,
        description="Tester la captation",
        owner=people.staff,
        applies_to=following,
        by=people.staff,
    )
    received = []
    guide_updated.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="t")
    client.force_login(people.staff)

    try:
        form = client.get(reverse("guide:task_new"), {"action": action.pk}).content.decode()
        response = client.post(
            reverse("guide:task_new"),
            {
                "action": action.pk,
                "title": "Tester la chaîne de captation",
                "responsible": "vendor",
                "offset_days": "J-45",
                "effort_days": "1",
                "note": "Par une équipe dédiée.",
                "why": "Bilan : la qualité de la vidéo.",
            },
        )
    finally:
        guide_updated.disconnect(dispatch_uid="t")

    assert "Tester la captation (bilan de la rencontre" in form
    assert response.status_code == 302
    task = GuideTask.objects.get(title="Tester la chaîne de captation")
    change = GuideChange.objects.get(task=task)
    assert (change.kind, change.action, change.by, change.why) == (
        ChangeKind.CREATED,
        action,
        people.staff,
        "Bilan : la qualité de la vidéo.",
    )
    assert change.changes["offset_days"] == ["", "-45"]
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert following.checklist.filter(title="Tester la chaîne de captation").exists()
    assert [kw["task"] for kw in received] == [task]
    board = client.get(response["Location"]).content.decode()
    assert "Guide mis à jour : Tester la chaîne de captation" in board


def test_changing_a_task_records_what_changed_and_why(client, people):
    task = guide_task("Préparer les badges", offset=-14, effort="1.5")
    client.force_login(people.staff)

    response = client.post(
        reverse("guide:task_edit", args=[task.pk]),
        {
            "title": "Préparer les badges",
            "responsible": "host",
            "offset_days": "J-21",
            "effort_days": "1.5",
            "note": "",
            "key": "",
            "why": "Les badges arrivent tard de l’imprimeur.",
        },
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.offset_days == -21
    change = GuideChange.objects.get()
    assert change.changes == {"offset_days": ["-14", "-21"]}
    history = client.get(reverse("guide:history")).content.decode()
    assert "Les badges arrivent tard de l’imprimeur." in history
    assert "Échéance, en jours par rapport à la rencontre : « J-14 » → « J-21 »" in history


def test_a_change_that_changes_nothing_is_refused(client, people):
    task = guide_task("Préparer les badges", offset=-14, effort="1.5")
    client.force_login(people.staff)

    response = client.post(
        reverse("guide:task_edit", args=[task.pk]),
        {
            "title": "Préparer les badges",
            "responsible": "host",
            "offset_days": "J-14",
            "effort_days": "1.50",
            "why": "Rien",
        },
    )

    assert "Rien n’a changé dans cette tâche." in response.content.decode()
    assert GuideChange.objects.count() == 0


def test_a_key_already_used_is_refused(people):
    guide_task("Passation", key="handover")

    with pytest.raises(DomainError) as refused:
        services.save_guide_task(
            task=None,
            by=people.staff,
            why="Doublon",
            title="Autre passation",
            responsible="host",
            offset_days=-90,
            effort_days=Decimal("1"),
            key="handover",
        )

    assert refused.value.code == "key_taken"


def test_withdrawing_a_task_keeps_it_out_of_new_checklists_and_in_the_history(client, people):
    task = guide_task("Dîner de gala")
    services.ensure_checklist(people.meeting)
    client.force_login(people.staff)

    response = client.post(
        reverse("guide:task_withdraw", args=[task.pk]), {"why": "Une soirée, pas un dîner."}
    )

    assert response.status_code == 302
    assert MeetingFactory().checklist.count() == 0
    assert GuideChange.objects.get().kind == ChangeKind.DEACTIVATED
    assert people.meeting.checklist.filter(title="Dîner de gala").exists()


def test_withdrawing_without_saying_why_is_refused(client, people):
    task = guide_task("Dîner de gala")
    client.force_login(people.staff)

    response = client.post(reverse("guide:task_withdraw", args=[task.pk]), {"why": ""})

    assert response.status_code == 200
    task.refresh_from_db()
    assert task.active is True


def test_the_edit_form_shows_ten_days_as_ten(client, people):
    task = guide_task("Tout préparer", effort="10")
    client.force_login(people.staff)

    html = client.get(reverse("guide:task_edit", args=[task.pk])).content.decode()

    assert 'value="10"' in html
    assert 'value="J-60"' in html


def test_an_action_can_change_an_existing_task_of_the_guide(client, people):
    task = guide_task("Soirée de la veille", offset=-1, note="Dîner assis")
    item = services.add_retro_item(people.meeting, "improve", "La soirée", by=people.staff)
    action = services.create_action(
        item=item,
        description="Format tapas",
        owner=people.staff,
        applies_to=people.meeting,
        by=people.staff,
    )
    client.force_login(people.staff)

    guide = client.get(reverse("guide:guide"), {"action": action.pk}).content.decode()
    response = client.post(
        reverse("guide:task_edit", args=[task.pk]),
        {
            "action": action.pk,
            "title": "Soirée de la veille",
            "responsible": "host",
            "offset_days": "J-1",
            "effort_days": "2",
            "note": "Tapas, mange-debout et canapés.",
            "why": "Une soirée, pas un dîner de gala.",
        },
    )

    assert f"/guide/taches/{task.pk}/modifier/?action={action.pk}" in guide
    assert response.status_code == 302
    change = GuideChange.objects.get(task=task)
    assert change.action == action
    assert change.changes["note"] == ["Dîner assis", "Tapas, mange-debout et canapés."]


def test_an_action_already_dealt_with_does_not_change_the_guide_again(people):
    item = services.add_retro_item(people.meeting, "improve", "La vidéo", by=people.staff)
    action = services.create_action(
        item=item,
        description="Tester",
        owner=people.staff,
        applies_to=people.meeting,
        by=people.staff,
    )
    fields = {"title": "Tester", "responsible": "vendor", "offset_days": "J-45", "effort_days": 1}
    services.save_guide_task(task=None, by=people.staff, why="Bilan", action=action, **fields)

    with pytest.raises(DomainError) as refused:
        services.save_guide_task(task=None, by=people.staff, why="Bilan", action=action, **fields)

    assert refused.value.code == "action_closed"
    assert GuideTask.objects.count() == 1


def test_withdrawing_and_restoring_a_task_tell_the_listeners(people):
    task = guide_task("Dîner de gala")
    received = []
    guide_updated.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="w")
    try:
        services.set_guide_task_active(task=task, active=False, by=people.staff, why="Soirée")
        services.set_guide_task_active(task=task, active=True, by=people.staff, why="Retour")
    finally:
        guide_updated.disconnect(dispatch_uid="w")

    assert [kw["change"].kind for kw in received] == [
        ChangeKind.DEACTIVATED,
        ChangeKind.REACTIVATED,
    ]


def test_only_staff_see_the_controls_that_change_the_guide_and_the_actions(client, people):
    guide_task("Réserver les salles")
    services.add_retro_item(people.meeting, "improve", "La vidéo", by=people.staff)
    client.force_login(people.host_referent)

    guide = client.get(reverse("guide:guide")).content.decode()
    board = client.get(reverse("guide:board", args=[people.meeting.slug])).content.decode()

    assert "Ajouter une tâche" not in guide
    assert "/modifier/" not in guide
    assert "En faire une action" not in board
    assert "Ajouter au bilan" in board
