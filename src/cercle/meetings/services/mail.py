"""Emails to registrants: confirmation, promotion from a waiting list, reminder.

Every email goes through `queue_templated`, in the recipient's language and without HTML
escaping (an apostrophe in a meeting's title stays an apostrophe in the subject).

Confirmations and promotion notices are not built under the meeting's row lock: the
registering transaction only marks them due (`Registration.confirmation_due_at`,
`promotion_due` on a day choice or workshop seat). `send_due_notices` builds each email with
its .ics and clears the mark in the same transaction as the outbox row, claiming rows with
`select_for_update(skip_locked=True)` so two workers never send twice. The worker runs it every
two seconds; with `MEETING_NOTICES_AFTER_COMMIT` the registering request also runs it right
after its commit (quicker mail, but the request then pays for the email and its .ics).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from cercle.core import pagecache
from cercle.meetings.calendars import personal_calendar
from cercle.meetings.enums import MeetingStatus, SeatStatus
from cercle.meetings.models import (
    MAX_REMINDER_DAYS,
    DayChoice,
    Meeting,
    Registration,
    WorkshopSeat,
)
from cercle.meetings.selectors import agenda, starts_at
from cercle.outbox.services import queue_templated

logger = logging.getLogger(__name__)


def _mail(registration: Registration, template: str, context: dict) -> None:
    person = registration.person
    with translation.override(person.language):
        # The agenda the email shows, when it shows one, is the calendar's too: not read twice.
        calendar = personal_calendar(
            registration, days=context.get("days"), workshops=context.get("workshops")
        )
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


def _send_soon(registration_pk) -> None:
    """After the commit, send this person's due emails now rather than at the next sweep.

    Only for promptness: if the process dies first, the worker's sweep sends them.
    """
    if not settings.MEETING_NOTICES_AFTER_COMMIT:
        return
    transaction.on_commit(
        lambda: send_due_notices(registration_ids=[registration_pk()]), robust=True
    )


def mark_confirmation_due(registration: Registration, *, updated: bool, now) -> None:
    """Mark the confirmation due (the caller saves); an unsent first one stays a first one."""
    if registration.confirmation_due_at is None or not updated:
        registration.confirmation_is_update = updated
    registration.confirmation_due_at = now
    _send_soon(lambda: registration.pk)


def mark_promoted(row: DayChoice | WorkshopSeat) -> None:
    """A waiting day choice or workshop seat got its place: confirm it, email the person."""
    row.status = SeatStatus.CONFIRMED
    row.promotion_due = True
    row.save(update_fields=["status", "promotion_due"])
    _send_soon(lambda: row.registration_id)


def _confirm(pk: int) -> bool:
    due = Registration.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        pk=pk, confirmation_due_at__isnull=False
    )
    registration = due.select_related("person", "meeting").first()
    if registration is None:
        return False
    sent = registration.is_active
    if sent:
        context = {"updated": registration.confirmation_is_update, **agenda(registration)}
        _mail(registration, "confirmation", context)
    registration.confirmation_due_at = None
    registration.confirmation_is_update = False
    # No page shows whether the email is still due: the programme's fragments stay.
    with pagecache.unseen():
        registration.save(update_fields=["confirmation_due_at", "confirmation_is_update"])
    return sent


def _promote(model, pk: int) -> bool:
    is_day = model is DayChoice
    due = model.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        pk=pk, promotion_due=True
    )
    row = due.select_related(
        "registration__person", "registration__meeting", "day" if is_day else "session"
    ).first()
    if row is None:
        return False
    sent = row.status == SeatStatus.CONFIRMED and row.registration.is_active
    if sent:
        context = {"day": row.day, "seat": None} if is_day else {"day": None, "seat": row}
        _mail(row.registration, "promoted", context)
    row.promotion_due = False
    with pagecache.unseen():
        row.save(update_fields=["promotion_due"])
    return sent


def send_due_notices(registration_ids=None, limit: int = 500) -> int:
    """Queue the due confirmations and promotion notices; returns how many were queued.

    Each email is queued and its mark cleared in one short transaction; a row another worker
    holds is skipped (it sends it), and a failing row is logged and retried at the next sweep.
    """
    sources = [
        (Registration, "pk", _confirm, {"confirmation_due_at__isnull": False}),
        (DayChoice, "registration_id", lambda pk: _promote(DayChoice, pk), None),
        (WorkshopSeat, "registration_id", lambda pk: _promote(WorkshopSeat, pk), None),
    ]
    sent = 0
    for model, owner, send, due in sources:
        rows = model.objects.filter(**(due or {"promotion_due": True}))
        if registration_ids is not None:
            rows = rows.filter(**{f"{owner}__in": registration_ids})
        for pk in rows.order_by("pk").values_list("pk", flat=True)[:limit]:
            try:
                with transaction.atomic():
                    sent += send(pk)
            except Exception:
                logger.exception("Meeting notice for %s %s failed", model.__name__, pk)
    return sent


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
