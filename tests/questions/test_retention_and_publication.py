"""Declared data: never public, deleted after the meeting; answered questions are published."""

import pytest
from django.template import Context, Template

from cercle.core import jobs
from cercle.meetings.enums import MeetingStatus
from cercle.questions import services
from cercle.questions.enums import Gender
from cercle.questions.models import Declaration, GenderTally, Question
from cercle.questions.services.retention import forget_declarations
from tests.factories import StaffFactory, agent_of
from tests.meetings.factories import at


@pytest.fixture
def after_meeting(monkeypatch, plenary):
    from cercle.onsite import clock

    def stand():
        monkeypatch.setattr(clock, "now", lambda: at(plenary.day, 9).replace(year=2100))

    return stand


@pytest.fixture
def answered(plenary, moderator, attendee):
    woman, man = attendee(), attendee()
    services.declare(meeting=plenary.meeting, person=woman, gender=Gender.WOMAN)
    services.declare(meeting=plenary.meeting, person=man, gender=Gender.MAN)
    first = services.ask(session=plenary, person=woman, text="Réponse publiée")
    services.ask(session=plenary, person=man, text="Jamais prise")
    services.take(session=plenary, actor=moderator)
    services.answer(session=plenary, actor=moderator)
    return first


def test_retention_job_is_registered_with_the_worker():
    assert "questions.forget_declarations" in [job.name for job in jobs.registered()]


def test_declarations_are_kept_during_the_meeting(answered):
    assert forget_declarations() == 0
    assert Declaration.objects.count() == 2


def test_declarations_are_deleted_after_the_meeting_and_counts_remain(
    client, answered, after_meeting, plenary
):
    after_meeting()

    assert forget_declarations() == 1
    assert forget_declarations() == 0

    assert Declaration.objects.count() == 0
    assert list(Question.objects.exclude(gender="")) == []
    tallies = {(t.gender, t.asked, t.turns) for t in GenderTally.objects.all()}
    assert tallies == {(Gender.WOMAN, 1, 1), (Gender.MAN, 1, 0)}
    client.force_login(StaffFactory())
    body = client.get(f"/rencontres/{plenary.meeting.slug}/questions-chiffres/").content.decode()
    assert "1 / 1" in body and "1 / 0" in body


def test_figures_show_asked_and_turns_per_group_to_organisers_only(client, answered, plenary):
    address = f"/rencontres/{plenary.meeting.slug}/questions-chiffres/"
    client.force_login(agent_of(plenary.meeting.host))
    assert client.get(address).status_code == 403
    client.force_login(StaffFactory())
    response = client.get(address)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Genre déclaré" in body and "Présentiel et distanciel" in body
    assert "Plénière d&#x27;ouverture" in body


def test_answered_questions_are_published_with_the_archive_without_attributes(
    client, answered, plenary
):
    address = f"/rencontres/{plenary.meeting.slug}/questions-publiees/"
    assert client.get(address).status_code == 404  # not held yet
    plenary.meeting.status = MeetingStatus.HELD
    plenary.meeting.save()

    body = client.get(address).content.decode()

    assert "Réponse publiée" in body
    assert "Jamais prise" not in body
    assert answered.author.display_name not in body
    assert "Femme" not in body and "woman" not in body


def test_answering_now_tag_for_the_room_screen(plenary, moderator, attendee):
    template = Template("{% load questions_tags %}[{% answering_now session %}]")
    assert template.render(Context({"session": plenary})).strip() == "[]"
    services.ask(session=plenary, person=attendee(), text="À l'écran")
    services.take(session=plenary, actor=moderator)
    rendered = template.render(Context({"session": plenary}))
    assert "À l&#x27;écran" in rendered


def test_declaration_from_the_page_and_withdrawal(client, plenary, attendee):
    person = attendee()
    client.force_login(person)
    client.post(
        f"/rencontres/{plenary.meeting.slug}/seances/{plenary.pk}/questions/",
        {"action": "declare", "gender": Gender.OTHER},
    )
    assert Declaration.objects.get().gender == Gender.OTHER
    response = client.post(
        f"/rencontres/{plenary.meeting.slug}/seances/{plenary.pk}/questions/",
        {"action": "declare", "gender": "pirate"},
        follow=True,
    )
    assert "Choisissez l’une des réponses proposées." in response.content.decode()
    assert Declaration.objects.get().gender == Gender.OTHER
    client.post(
        f"/rencontres/{plenary.meeting.slug}/seances/{plenary.pk}/questions/",
        {"action": "declare", "gender": ""},
    )
    assert Declaration.objects.count() == 0
