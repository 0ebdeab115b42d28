from io import StringIO

from django.core.management import call_command

from cercle.evaluation.models import Answer, Evaluation, SessionRating
from cercle.evaluation.results import results


def test_demo_closes_the_12th_evaluation_with_answers_and_gives_the_11th_some_too(db):
    call_command("demo", stdout=StringIO())
    counts = (Answer.objects.count(), SessionRating.objects.count())
    call_command("demo", stdout=StringIO())

    assert (Answer.objects.count(), SessionRating.objects.count()) == counts
    held = Evaluation.objects.get(meeting__edition=12)
    assert held.closed_at is not None
    assert 20 <= held.answers.count() <= 30
    assert SessionRating.objects.filter(answer__evaluation=held).count() > 50
    data = results(held)
    assert data.shown
    assert any(item.distribution.shown for item in data.sessions)
    assert [e.edition for e in data.editions] == [11, 12]
    assert all(e.shown for e in data.editions)
    assert data.editions_chart is not None
    assert data.texts["improve"]
