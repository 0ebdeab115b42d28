"""The time the onsite rules read (check-in window, remote import, certificates).

One function, so tests can stand at the venue on a given day without moving every clock.
"""

from django.utils import timezone

from cercle.meetings.models import PARIS


def now():
    return timezone.now()


def today():
    """Today in Europe/Paris, where the club meets."""
    return timezone.localtime(now(), PARIS).date()
