import threading
from datetime import timedelta

from django.db import connection
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


WORKERS = 20


def at_once(func):
    """Run `func` in WORKERS threads released together; returns the errors raised."""
    start = threading.Barrier(WORKERS)
    errors = []

    def run():
        # Each thread has its own database connection, hence its own transaction.
        try:
            start.wait()
            func()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
