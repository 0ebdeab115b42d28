from datetime import timedelta

from django.utils import timezone

from cercle.news.enums import AnnouncementStatus
from cercle.news.models import Announcement


def announcement(*, published=True, days_ago=1, **fields):
    data = {"title": "Les demandes retenues", "body": "Cinq demandes **retenues**.", **fields}
    if published:
        data.update(
            status=AnnouncementStatus.PUBLISHED,
            published_at=timezone.now() - timedelta(days=days_ago),
        )
    return Announcement.objects.create(**data)
