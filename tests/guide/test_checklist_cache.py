"""The meeting's checklist is a cached fragment (one per role, day and language): never stale after
a write that concerns it, never holding a CSRF token, the same queries whatever its length."""

import pickle
import re
from datetime import UTC, datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.accounts.models import User
from cercle.guide import services
from cercle.guide.models import ChecklistTask
from tests.guide.factories import guide_task

# The token opening each row's form (the page's other forms have theirs).
TOKEN_IN_ROW = (
    r'class="checklist-form"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
)


def _url(people):
    return reverse("guide:checklist", args=[people.meeting.slug])


def _page(client, people):
    response = client.get(_url(people))
    assert response.status_code == 200
    return response.content.decode()


def _task(people, title):
    return ChecklistTask.objects.get(meeting=people.meeting, title=title)


def test_a_ticked_task_and_the_days_spent_show_at_once(page_cache, client, people):
    guide_task("Réserver les salles", effort="2")
    guide_task("Commander les badges", effort="1", responsible="vendor")
    client.force_login(people.staff)
    html = _page(client, people)
    assert "0 sur 2 tâches faites (0 %)" in html

    task = _task(people, "Réserver les salles")
    response = client.post(
        _url(people),
        {"task": task.pk, f"t{task.pk}-done": "on", f"t{task.pk}-effort_spent_days": "2,5"},
    )
    assert response.status_code == 302

    html = _page(client, people)
    assert "1 sur 2 tâches faites (50 %)" in html
    assert "2,50 jours passés" in html
    assert f'id="id_t{task.pk}-done" checked' in html
    spent = f'name="t{task.pk}-effort_spent_days" id="id_t{task.pk}-effort_spent_days" value="2.5"'
    assert spent in html

    # Changed by the service (a worker, another page): the effort table follows.
    services.update_checklist_task(task=task, by=people.staff, done=True, effort_spent="4")
    html = _page(client, people)
    assert "<td>3</td><td>4</td>" in html  # total: 3 days planned, 4 spent


def test_a_new_guide_task_reaches_the_cached_checklist(page_cache, client, people):
    guide_task("Réserver les salles")
    client.force_login(people.staff)
    assert "Préparer les badges" not in _page(client, people)

    services.save_guide_task(
        task=None,
        by=people.staff,
        why="Oubli",
        title="Préparer les badges",
        responsible="host",
        offset_days=-14,
        effort_days="1",
    )

    html = _page(client, people)
    assert "Préparer les badges" in html
    assert "0 sur 2 tâches faites" in html
    assert people.meeting.checklist.count() == 2


def test_overdue_marks_follow_the_paris_date(page_cache, client, people, monkeypatch):
    guide_task("Préparer les badges", offset=-14)  # due Tuesday 19 May 2099
    services.ensure_checklist(people.meeting)
    client.force_login(people.host_referent)
    monkeypatch.setattr(services, "now", lambda: datetime(2099, 5, 19, 21, 30, tzinfo=UTC))
    _page(client, people)
    html = _page(client, people)  # from the cache
    assert "tâche en retard" not in html
    assert "En retard" not in html

    # Nothing written since: only the day changed (23:30 → 00:30 in Paris).
    monkeypatch.setattr(services, "now", lambda: datetime(2099, 5, 19, 22, 30, tzinfo=UTC))
    html = _page(client, people)
    assert "1 tâche en retard" in html
    assert "En retard" in html


def test_a_renamed_person_who_ticked_shows_at_once(page_cache, client, people):
    guide_task("Réserver les salles")
    services.ensure_checklist(people.meeting)
    task = _task(people, "Réserver les salles")
    services.update_checklist_task(task=task, by=people.host_referent, done=True, effort_spent="")
    client.force_login(people.staff)
    _page(client, people)

    User.objects.filter(pk=people.host_referent.pk).update(display_name="Camille Renommée")

    assert "Camille Renommée" in _page(client, people)


def test_no_csrf_token_is_cached_and_each_viewer_has_their_token_and_rights(page_cache, people):
    guide_task("Réserver les salles", responsible="host")
    guide_task("Commander les badges", responsible="vendor")
    services.ensure_checklist(people.meeting)
    host_task = _task(people, "Réserver les salles")
    vendor_task = _task(people, "Commander les badges")
    viewers = [
        (people.staff, {host_task, vendor_task}),
        (people.host_referent, {host_task}),
        (people.staff, {host_task, vendor_task}),  # from the cache this time
        (people.host_referent, {host_task}),  # from the cache too
    ]
    clients = []
    for person, _forms in viewers:  # signing in writes (last login): all of them beforehand
        clients.append(Client(enforce_csrf_checks=True))
        clients[-1].force_login(person)
    seen = []
    for client, (_person, forms) in zip(clients, viewers, strict=True):
        # Nothing written in between: the second staff and référent pages from the cache.
        html = _page(client, people)
        for task in (host_task, vendor_task):
            assert (f'id="id_t{task.pk}-done"' in html) is (task in forms)
        found = re.findall(TOKEN_IN_ROW, html)
        assert len(found) == len(forms)
        seen.append((client, found[0], forms))
    tokens = []
    for client, token, forms in seen:
        tokens.append(token)
        response = client.post(
            _url(people),
            {"csrfmiddlewaretoken": token, "task": host_task.pk, f"t{host_task.pk}-done": "on"},
        )
        assert response.status_code == 302
        # The task the person may not tick is refused, even with a good token.
        if vendor_task not in forms:
            refused = client.post(
                _url(people), {"csrfmiddlewaretoken": token, "task": vendor_task.pk}
            )
            assert refused.status_code == 403
    assert len(set(tokens)) == len(tokens)
    stored = [pickle.loads(value) for value in page_cache._cache.values()]  # noqa: S301 - our own cache
    fragments = [value for value in stored if isinstance(value, str) and "tache-" in value]
    assert len(fragments) >= 2  # one per role
    assert not any("csrfmiddlewaretoken" in value for value in fragments)


def test_a_refused_form_shows_what_was_typed_and_its_error(page_cache, client, people):
    guide_task("Réserver les salles")
    client.force_login(people.staff)
    _page(client, people)  # the fragment is cached
    task = _task(people, "Réserver les salles")

    response = client.post(
        _url(people), {"task": task.pk, f"t{task.pk}-effort_spent_days": "beaucoup"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    field = f"id_t{task.pk}-effort_spent_days"
    typed = f'id="{field}" value="beaucoup" aria-invalid="true" aria-describedby="{field}_error"'
    assert typed in html
    assert f'<span class="errorlist" id="{field}_error">' in html
    assert f'<a href="#{field}">Jours passés</a>' in html
    # The shared fragment never holds it.
    assert "beaucoup" not in _page(client, people)


def _count(client, people):
    with CaptureQueriesContext(connection) as queries:
        _page(client, people)
    return len(queries)


def test_the_cached_checklist_costs_the_same_queries_whatever_its_length(
    page_cache, client, people
):
    guide_task("Tâche 0")
    client.force_login(people.staff)
    _page(client, people)
    few = _count(client, people)

    for number in range(1, 15):
        guide_task(f"Tâche {number}", responsible=["host", "vendor", "club"][number % 3])
    _page(client, people)  # rendered again (the guide changed), then from the cache
    many = _count(client, people)

    assert few == many
    assert "0 sur 15 tâches faites" in _page(client, people)


def test_the_task_list_escapes_what_was_typed_and_speaks_english_too(client, people):
    guide_task("<script>alert(1)</script> & salles", note="Ligne 1\n<b>Ligne 2</b>")
    services.ensure_checklist(people.meeting)
    task = _task(people, "<script>alert(1)</script> & salles")
    services.update_checklist_task(task=task, by=people.staff, done=True, effort_spent="1.5")
    client.force_login(people.staff)

    html = _page(client, people)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; salles" in html
    assert "Ligne 1<br>&lt;b&gt;Ligne 2&lt;/b&gt;" in html
    assert "Qui s’en charge : Collectivité hôte · effort estimé : 2 jours" in html
    assert "1,50 jours passés" in html

    User.objects.filter(pk=people.staff.pk).update(language="en")
    english = _page(client, people)
    assert "Who does it: Host · estimated effort: 2 days" in english
    assert "1.50 days spent" in english
    assert ">Days spent<" in english
