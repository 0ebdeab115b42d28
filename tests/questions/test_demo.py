from io import StringIO

from django.core.management import call_command

from cercle.questions.models import Moderation, Question


def test_demo_gives_the_upcoming_meeting_questions_and_a_moderator_and_runs_twice(db):
    call_command("demo", stdout=StringIO())
    questions = Question.objects.filter(session__meeting__edition=13).count()
    call_command("demo", stdout=StringIO())

    assert questions > 0
    assert Question.objects.filter(session__meeting__edition=13).count() == questions
    moderation = Moderation.objects.filter(session__meeting__edition=13).first()
    assert moderation.moderators.filter(email="referent0.toulouse-metropole@demo.test").exists()
