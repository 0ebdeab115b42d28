"""After a meeting, declared genders are deleted; only anonymous counts stay for the figures.

Registered as a periodic job (`cercle.core.jobs`, run by `manage.py worker`). Idempotent: a
meeting already handled has nothing left to delete.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Max

from cercle.meetings.models import Meeting
from cercle.onsite import clock
from cercle.questions.models import Declaration, GenderTally, Question


def meetings_over():
    """Meetings whose last day is before today (Paris time)."""
    return Meeting.objects.annotate(last_day=Max("days__date")).filter(last_day__lt=clock.today())


def _tally(meeting) -> list[GenderTally]:
    rows = Question.objects.filter(session__meeting=meeting).exclude(gender="")
    asked = Counter(rows.values_list("session_id", "gender"))
    turns = Counter(rows.filter(turn__isnull=False).values_list("session_id", "gender"))
    return [
        GenderTally(session_id=session_id, gender=gender, asked=count, turns=turns[key])
        for key, count in asked.items()
        for session_id, gender in [key]
    ]


def forget_declarations() -> int:
    """Delete the declarations of meetings that are over; returns how many meetings changed."""
    return sum(forget_meeting_declarations(meeting) for meeting in meetings_over())


@transaction.atomic
def forget_meeting_declarations(meeting) -> bool:
    """Delete one meeting's declarations, keeping anonymous tallies; False if nothing was left."""
    declared = Question.objects.select_for_update().filter(session__meeting=meeting)
    if (
        not declared.exclude(gender="").exists()
        and not Declaration.objects.filter(meeting=meeting).exists()
    ):
        return False
    GenderTally.objects.bulk_create(_tally(meeting))
    declared.exclude(gender="").update(gender="")
    Declaration.objects.filter(meeting=meeting).delete()
    return True
