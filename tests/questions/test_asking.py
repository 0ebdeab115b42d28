"""Participants ask and support: the rules in the service, and what the page says."""

import pytest

from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance
from cercle.questions import services
from cercle.questions.models import MAX_LENGTH, Question
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import at, register, session, two_day_meeting
from tests.questions.conftest import url


def test_registered_person_on_site_asks_from_the_page(client, plenary, attendee):
    person = attendee()
    client.force_login(person)

    response = client.post(url(plenary), {"action": "ask", "text": "  Et l'accessibilité ?  "})

    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.text, question.author, question.remote) == (
        "Et l'accessibilité ?",
        person,
        False,
    )
    page = client.get(url(plenary))
    assert "Votre question est dans la file." in page.content.decode()
    assert "Et l&#x27;accessibilité ?" in page.content.decode()


def test_remote_person_asks_and_is_noted_remote(plenary, attendee):
    question = services.ask(session=plenary, person=attendee(Attendance.REMOTE), text="Bonjour ?")
    assert question.remote is True


def test_empty_question_gets_a_french_error_and_nothing_is_saved(client, plenary, attendee):
    client.force_login(attendee())

    response = client.post(url(plenary), {"action": "ask", "text": "   "})

    assert response.status_code == 400
    assert "Écrivez votre question avant de l’envoyer." in response.content.decode()
    assert Question.objects.count() == 0


def test_too_long_question_is_refused_and_the_text_is_kept(client, plenary, attendee):
    client.force_login(attendee())
    text = "é" * (MAX_LENGTH + 1)

    response = client.post(url(plenary), {"action": "ask", "text": text})

    assert response.status_code == 400
    body = response.content.decode()
    assert f"au plus {MAX_LENGTH} caractères" in body
    assert text in body
    assert Question.objects.count() == 0


def test_hostile_text_is_escaped(client, plenary, attendee):
    person = attendee()
    services.ask(
        session=plenary, person=person, text='<script>alert("x")</script>\n=HYPERLINK("a")'
    )
    client.force_login(person)
    body = client.get(url(plenary)).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body


def test_person_not_registered_cannot_ask(client, plenary, city):
    outsider = agent_of(city)
    client.force_login(outsider)

    page = client.get(url(plenary))
    response = client.post(url(plenary), {"action": "ask", "text": "Une question ?"})

    assert "Seules les personnes inscrites" in page.content.decode()
    assert response.status_code == 400
    assert "Seules les personnes inscrites" in response.content.decode()
    assert "Une question ?" in response.content.decode()
    assert Question.objects.count() == 0


def test_person_absent_that_day_cannot_ask(meeting_days, city):
    meeting, days = meeting_days
    person = agent_of(city)
    register(meeting, person, city, days, modes=[Attendance.ON_SITE, Attendance.ABSENT])
    second_day = session(days[1], "Clôture")
    with pytest.raises(DomainError) as excinfo:
        services.ask(session=second_day, person=person, text="Question ?")
    assert excinfo.value.code == "not_registered"


def test_participant_of_another_meeting_cannot_ask(plenary):
    other, other_days = two_day_meeting()
    organisation = OrganisationFactory()
    stranger = agent_of(organisation)
    register(other, stranger, organisation, other_days)
    with pytest.raises(DomainError) as excinfo:
        services.ask(session=plenary, person=stranger, text="Question ?")
    assert excinfo.value.code == "not_registered"


def test_session_of_another_meeting_in_the_address_is_not_found(client, plenary, attendee):
    other, other_days = two_day_meeting()
    foreign = session(other_days[0], "Ailleurs")
    client.force_login(attendee())
    wrong = url(plenary).replace(f"/{plenary.pk}/", f"/{foreign.pk}/")

    assert client.get(wrong).status_code == 404
    assert client.post(wrong, {"action": "ask", "text": "?"}).status_code == 404
    assert Question.objects.count() == 0


def test_anonymous_visitor_is_sent_to_sign_in(client, plenary):
    response = client.get(url(plenary))
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    assert client.post(url(plenary), {"action": "ask", "text": "?"}).status_code == 302
    assert Question.objects.count() == 0


def test_questions_close_when_the_session_ends(plenary, attendee, monkeypatch):
    from cercle.onsite import clock

    monkeypatch.setattr(clock, "now", lambda: at(plenary.day, 11))
    with pytest.raises(DomainError) as excinfo:
        services.ask(session=plenary, person=attendee(), text="Trop tard ?")
    assert excinfo.value.code == "closed"


def test_nobody_floods_the_queue(plenary, attendee):
    person = attendee()
    for n in range(services.asking.MAX_WAITING_PER_PERSON):
        services.ask(session=plenary, person=person, text=f"Question {n}")
    with pytest.raises(DomainError) as excinfo:
        services.ask(session=plenary, person=person, text="Encore une")
    assert excinfo.value.code == "too_many"


def test_support_once_from_the_page_then_twice_is_refused(client, plenary, attendee):
    question = services.ask(session=plenary, person=attendee(), text="Question ?")
    client.force_login(attendee())

    client.post(url(plenary), {"action": "support", "question": question.pk})
    response = client.post(
        url(plenary), {"action": "support", "question": question.pk}, follow=True
    )

    question.refresh_from_db()
    assert question.support == 1
    assert "Vous soutenez déjà cette question." in response.content.decode()


def test_support_twice_in_the_service_pins_its_code(plenary, attendee):
    question = services.ask(session=plenary, person=attendee(), text="Question ?")
    supporter = attendee()
    services.support(question=question, person=supporter)
    with pytest.raises(DomainError) as excinfo:
        services.support(question=question, person=supporter)
    assert excinfo.value.code == "already_supported"


def test_nobody_supports_their_own_question(plenary, attendee):
    person = attendee()
    question = services.ask(session=plenary, person=person, text="Question ?")
    with pytest.raises(DomainError) as excinfo:
        services.support(question=question, person=person)
    assert excinfo.value.code == "own_question"


def test_person_not_registered_cannot_support(plenary, attendee, city):
    question = services.ask(session=plenary, person=attendee(), text="Question ?")
    with pytest.raises(DomainError) as excinfo:
        services.support(question=question, person=agent_of(city))
    assert excinfo.value.code == "not_registered"


def test_unknown_question_to_support_gets_a_message_not_an_error(client, plenary, attendee):
    client.force_login(attendee())
    response = client.post(url(plenary), {"action": "support", "question": "abc"}, follow=True)
    assert response.status_code == 200
    assert "Cette question n’est plus en attente." in response.content.decode()


def test_queue_fragment_for_polling(client, plenary, attendee):
    person = attendee()
    services.ask(session=plenary, person=person, text="Question en direct")
    client.force_login(person)
    response = client.get(url(plenary, "queue"))
    assert response.status_code == 200
    assert "Question en direct" in response.content.decode()
    assert 'hx-trigger="every 5s"' in response.content.decode()
