"""The room screen shows the question being answered in the session on show, and only it."""

from cercle.questions.enums import Status
from cercle.questions.models import Question
from tests.factories import UserFactory
from tests.meetings.factories import at, session, two_day_meeting
from tests.onsite.test_room_screen import state


def _question(session, text, status):
    return Question.objects.create(session=session, author=UserFactory(), text=text, status=status)


def test_the_screen_shows_the_question_being_answered(client, clock, db):
    meeting, days = two_day_meeting()
    plenary = session(days[0], "Plénière d'ouverture", room="Salle Lumière")
    _question(plenary, "Quand sort la version 2 du <b>portail</b> ?", Status.ANSWERING)
    _question(plenary, "Question encore en attente", Status.WAITING)
    clock.set(at(days[0], 10, 0))

    text = state(client, meeting).text

    assert "Quand sort la version 2 du &lt;b&gt;portail&lt;/b&gt; ?" in text
    assert "Question encore en attente" not in text


def test_no_question_no_block(client, clock, db):
    meeting, days = two_day_meeting()
    other = session(days[0], "Dans une autre salle", room="Kiosque")
    session(days[0], "Plénière d'ouverture", room="Salle Lumière")
    _question(other, "Question d'une autre salle", Status.ANSWERING)
    clock.set(at(days[0], 10, 0))

    assert "Question d'une autre salle" not in state(client, meeting).text
