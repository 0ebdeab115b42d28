import io

import pytest
from django.core.management import call_command

from cercle.meetings.models import Meeting
from cercle.onsite.models import Chapter, Document, Recording

pytestmark = pytest.mark.django_db


def test_demo_gives_the_12th_meeting_its_recordings_chapters_and_documents_once():
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())

    held = Meeting.objects.get(edition=12)
    recordings = list(Recording.objects.filter(day__meeting=held).order_by("day__date"))
    assert [r.url[-13:] for r in recordings] == ["1686118471088", "1686204908378"]
    first_day = [
        (c.timecode, c.session.title if c.session else None) for c in recordings[0].chapters.all()
    ]
    assert len(first_day) == 10
    assert ("1h47min43", "Vote sur les améliorations") in first_day
    assert (
        "3h51min10",
        "Groupe de travail : gestion des compétences autour de Publik par la collectivité",
    ) in first_day
    second_day = [c.timecode for c in recordings[1].chapters.all()]
    assert second_day == ["5min55", "1h19min15", "3h06min30", "4h10min40"]
    assert all(c.session_id for c in Chapter.objects.filter(recording=recordings[1]))
    assert Document.objects.filter(session__meeting=held).count() == 5


def test_demo_12th_meeting_shows_people_seen_online():
    from cercle.onsite.figures import day_figures

    call_command("demo", stdout=io.StringIO())

    held = Meeting.objects.get(edition=12)
    for numbers in day_figures(held).values():
        assert numbers["registered_remote"] > 0
        assert numbers["seen_online"] >= numbers["registered_remote"] * 3 // 4
