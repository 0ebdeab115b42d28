import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from cercle.guide.models import Action, ChecklistTask, GuideChange, GuideTask, RetroItem
from cercle.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_demo_guide_retrospective_and_checklists_idempotently():
    call_command("demo", stdout=io.StringIO())
    counts = [m.objects.count() for m in (GuideTask, GuideChange, RetroItem, Action, ChecklistTask)]
    call_command("demo", stdout=io.StringIO())

    assert [
        m.objects.count() for m in (GuideTask, GuideChange, RetroItem, Action, ChecklistTask)
    ] == counts
    held = Meeting.objects.get(edition=12)
    upcoming = Meeting.objects.get(edition=13)
    board = RetroItem.objects.filter(meeting=held)
    assert board.filter(column="good", text="la qualité du son").exists()
    assert board.filter(column="improve", text="la qualité de la vidéo").exists()
    planned = GuideTask.objects.filter(active=True).aggregate(days=Sum("effort_days"))["days"]
    assert Decimal("20") <= planned <= Decimal("24")
    assert GuideTask.objects.filter(key="handover").exists()
    assert upcoming.checklist.filter(key="handover").exists()
    # The 12th meeting was prepared before the action on video capture; the 13th gets it.
    assert not held.checklist.filter(title__startswith="Tester la chaîne").exists()
    assert upcoming.checklist.filter(title__startswith="Tester la chaîne").exists()
    assert held.checklist.filter(done_at__isnull=True).count() == 1
    assert upcoming.checklist.filter(done_at__isnull=False).exists()
