import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cercle.meetings.enums import MeetingStatus
from cercle.news.enums import AnnouncementStatus
from cercle.news.models import Announcement
from cercle.quarterly.models import AgendaItem, QuarterlySession

pytestmark = pytest.mark.django_db


def test_demo_adds_a_past_and_a_next_quarterly_session_and_news_idempotently():
    call_command("demo", stdout=io.StringIO())
    counts = (
        QuarterlySession.objects.count(),
        AgendaItem.objects.count(),
        Announcement.objects.count(),
    )
    call_command("demo", stdout=io.StringIO())

    past, upcoming = QuarterlySession.objects.order_by("starts_at")
    assert counts == (2, AgendaItem.objects.count(), Announcement.objects.count())
    assert past.ends_at < timezone.now() < upcoming.starts_at
    assert past.meeting.status == MeetingStatus.HELD
    assert upcoming.meeting.status == MeetingStatus.OPEN and upcoming.meeting.remote_only
    assert upcoming.agenda.count() >= 2
    assert upcoming.agenda.exclude(note="").exists()
    published = Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED).count()
    assert published in (3, 4)
    # Drafted by events of the demo (the spring vote's results, the 13th edition's host, the
    # guide's demo action), once each however often the demo runs.
    drafts = Announcement.objects.filter(status=AnnouncementStatus.DRAFT)
    kinds = list(drafts.values_list("source_kind", flat=True))
    assert {"host_chosen", "results_published", "guide_updated"} <= set(kinds)
    assert len(kinds) == len(set(kinds))
