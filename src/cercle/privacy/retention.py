"""The retention job: sensitive declarations are deleted a set number of days after a meeting.

Dietary and accessibility needs (registrations) and turn-taking declarations (declared gender)
are deleted CERCLE_PRIVACY_RETENTION_DAYS days after the meeting's last day, in Paris time.
Registered as a periodic job (`cercle.core.jobs`). Idempotent: a meeting already handled has
nothing left to delete; rows are claimed with SKIP LOCKED so several workers share the work.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q

from cercle.meetings.models import Meeting, Registration
from cercle.onsite import clock
from cercle.questions.services.retention import forget_meeting_declarations


def meetings_past_retention(today=None):
    """Meetings whose last day is more than the retention period before `today` (Paris)."""
    today = today or clock.today()
    limit = today - timedelta(days=settings.PRIVACY_RETENTION_DAYS)
    return Meeting.objects.annotate(last_day=Max("days__date")).filter(last_day__lt=limit)


def forget_sensitive_data(today=None) -> int:
    """Clear the needs and turn-taking declarations of meetings past the retention period.

    Returns how many registrations were cleared.
    """
    cleared = 0
    for meeting in meetings_past_retention(today):
        with transaction.atomic():
            pks = list(
                Registration.objects.select_for_update(skip_locked=True)
                .filter(meeting=meeting)
                .filter(~Q(dietary_needs="") | ~Q(accessibility_needs=""))
                .values_list("pk", flat=True)
            )
            cleared += Registration.objects.filter(pk__in=pks).update(
                dietary_needs="", accessibility_needs=""
            )
        forget_meeting_declarations(meeting)
    return cleared
