"""The guide listens to the rest of the club's year: the host chosen gets its checklist, the
handover held ticks its task, a changed guide drafts an announcement, and the evaluation's
answers can go on the retrospective board."""

from datetime import datetime

import pytest
from django.urls import reverse

from cercle.guide import services
from cercle.guide.models import ChecklistTask, RetroItem
from cercle.hosting import services as hosting
from cercle.meetings.models import PARIS
from cercle.news.enums import SourceKind
from cercle.news.models import Announcement
from tests.evaluation.conftest import AFTER, Club, answer, open_evaluation, registrant
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.guide.factories import guide_task
from tests.hosting.factories import candidacy, make_call, previous_meeting
from tests.onsite.conftest import Clock


@pytest.fixture
def club(db, monkeypatch):
    """The evaluation tests' meeting, the day after it ended."""
    Clock(monkeypatch).set(AFTER)
    return Club()


def _chosen(staff):
    guide_task("Passation avec l'ancien hôte", key="handover", offset=-100)
    previous_meeting(host=OrganisationFactory(name="Ville de Villejuif"))
    call = make_call(phase="closed")
    new_host = OrganisationFactory(name="Toulouse Métropole")
    chosen = candidacy(call, new_host, referent=referent_of(new_host))
    return hosting.decide(call=call, candidacy=chosen, reasons="Salle.", actor=staff)


@pytest.mark.django_db
def test_the_chosen_host_gets_the_checklist_and_the_handover_held_ticks_its_task():
    staff = StaffFactory()
    meeting = _chosen(staff)
    task = ChecklistTask.objects.get(meeting=meeting, key="handover")
    assert task.done_at is None

    hosting.schedule_handover(
        handover=meeting.handover,
        actor=staff,
        title="Passation",
        starts_at=datetime(2026, 12, 15, 14, tzinfo=PARIS),
        ends_at=datetime(2026, 12, 15, 16, tzinfo=PARIS),
        place="Mairie",
        online_url="",
        notes="",
    )
    hosting.mark_handover_held(handover=meeting.handover, actor=staff)

    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == staff


@pytest.mark.django_db
def test_changing_the_guide_drafts_one_announcement_a_day():
    staff = StaffFactory()
    for title in ("Réserver les salles", "Tester le son"):
        services.save_guide_task(
            task=None,
            by=staff,
            why="Retour de la rencontre",
            title=title,
            responsible="host",
            offset_days=-30,
            effort_days="1",
            note="",
        )
    drafts = Announcement.objects.filter(source_kind=SourceKind.GUIDE_UPDATED)
    assert drafts.count() == 1
    assert drafts.get().source_link.startswith(reverse("guide:history"))


def _board(client, club):
    client.force_login(club.staff)
    return client.get(reverse("guide:board", args=[club.meeting.slug]))


def test_evaluation_answers_are_offered_on_the_board_from_five_answers(client, club):
    open_evaluation(club)
    people = [registrant(club, n) for n in range(5)]
    for person in people[:4]:
        answer(club, person, keep="L'accueil\r\ndu matin", improve="Le son en visio")
    assert "Le son en visio" not in _board(client, club).content.decode()

    answer(club, people[4], keep="", improve="Plus de pauses")

    page = _board(client, club).content.decode()
    assert "Le son en visio" in page and "Plus de pauses" in page


def test_staff_put_an_evaluation_answer_on_the_board_once(client, club):
    open_evaluation(club)
    for person in [registrant(club, n) for n in range(5)]:
        answer(club, person, keep="L'accueil\r\ndu matin", improve="Le son en visio")
    _board(client, club)
    url = reverse("guide:from_evaluation", args=[club.meeting.slug])

    first = client.post(url, {"column": "good", "text": "L'accueil\r\ndu matin"})
    again = client.post(url, {"column": "good", "text": "L'accueil\r\ndu matin"})
    invented = client.post(url, {"column": "improve", "text": "Un texte inventé"})

    assert first.status_code == again.status_code == invented.status_code == 302
    item = RetroItem.objects.get()
    assert (item.column, item.source, item.meeting) == ("good", "evaluation", club.meeting)
    assert "L'accueil" in item.text
    page = client.get(reverse("guide:board", args=[club.meeting.slug])).content.decode()
    assert "Le son en visio" in page  # still offered: not taken yet


def test_someone_else_cannot_put_evaluation_answers_on_the_board(client, club):
    open_evaluation(club)
    for person in [registrant(club, n) for n in range(5)]:
        answer(club, person, improve="Le son en visio")
    client.force_login(club.other_referent)
    response = client.post(
        reverse("guide:from_evaluation", args=[club.meeting.slug]),
        {"column": "improve", "text": "Le son en visio"},
    )
    assert response.status_code in (403, 404)
    assert not RetroItem.objects.exists()
