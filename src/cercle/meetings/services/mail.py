"""Emails to registrants: confirmation, promotion from a waiting list, reminder.

Every email goes through `queue_templated`, in the recipient's language and without HTML
escaping (an apostrophe in a meeting's title stays an apostrophe in the subject).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from cercle.meetings.calendars import personal_calendar
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import MAX_REMINDER_DAYS, Meeting, Registration
from cercle.meetings.selectors import agenda, starts_at
from cercle.outbox.services import queue_templated


def _mail(registration: Registration, template: str, context: dict) -> None:
    person = registration.person
    with translation.override(person.language):
        calendar = personal_calendar(registration)
    queue_templated(
        person.email,
        f"meetings/email/{template}",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "site_url": settings.SITE_URL,
            **context,
        },
        person.language,
        attachments=[("rencontre.ics", calendar, "text/calendar")],
    )


def send_confirmation(registration: Registration, *, updated: bool) -> None:
    _mail(registration, "confirmation", {"updated": updated, **agenda(registration)})


def notify_promotion(registration: Registration, *, day=None, seat=None) -> None:
    _mail(registration, "promoted", {"day": day, "seat": seat})


def send_reminders(now=None) -> int:
    """Email every active registrant once, `reminder_days` before the first day. Idempotent."""
    now = now or timezone.now()
    sent = 0
    meetings = Meeting.objects.filter(status__in=[MeetingStatus.OPEN, MeetingStatus.CLOSED])
    for meeting in meetings:
        start = starts_at(meeting)
        # The form bounds the delay; the bound is kept here for rows written another way.
        delay = timedelta(days=min(meeting.reminder_days, MAX_REMINDER_DAYS))
        if start is None or not (start - delay <= now < start):
            continue
        with transaction.atomic():
            due = (
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(meeting=meeting, cancelled_at__isnull=True, reminder_sent_at__isnull=True)
                .select_related("person", "meeting")
            )
            for registration in due:
                _mail(registration, "reminder", agenda(registration))
                registration.reminder_sent_at = now
                registration.save(update_fields=["reminder_sent_at"])
                sent += 1
    return sent
