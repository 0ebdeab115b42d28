from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cercle.news import services
from cercle.news.enums import SourceKind
from cercle.news.models import Announcement
from cercle.outbox.models import Message
from tests.factories import UserFactory
from tests.news.factories import announcement, at_once


@pytest.mark.postgres
def test_twenty_workers_sending_digests_at_once_email_each_person_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    people = [UserFactory() for _ in range(3)]
    for person in people:
        services.set_digest(user=person, weekly_digest=True, now=timezone.now() - timedelta(days=8))
    announcement(days_ago=1)

    errors = at_once(services.send_weekly_digests)

    assert errors == []
    assert sorted(Message.objects.values_list("to", flat=True)) == sorted(p.email for p in people)


@pytest.mark.postgres
def test_twenty_receivers_drafting_the_same_event_at_once_make_one_draft(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")

    errors = at_once(
        lambda: services.draft_from_event(
            SourceKind.GUIDE_UPDATED, "Guide mis à jour", "Nouveau chapitre", link="/guide/"
        )
    )

    assert errors == []
    assert Announcement.objects.count() == 1
