"""The guide's rules: its template and history, retrospectives, actions, checklists, reminders.

Every function that changes something checks who asks (`by`) and raises `DomainError` with a
French message a form can show, so nothing typed is lost.
"""

import logging
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.guide import permissions
from cercle.guide.enums import ActionStatus, ChangeKind, Column, Responsible
from cercle.guide.models import (
    MAX_EFFORT_DAYS,
    MAX_OFFSET_DAYS,
    MAX_TEXT,
    MIN_OFFSET_DAYS,
    Action,
    ChecklistTask,
    GuideChange,
    GuideTask,
    RetroItem,
)
from cercle.guide.signals import guide_updated
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import PARIS, Meeting
from cercle.organisations.enums import Role
from cercle.outbox.services import queue_templated

logger = logging.getLogger(__name__)

FORBIDDEN = _("You are not allowed to do this.")
# Fields of a guide task that its history records, in the order a person reads them.
TASK_FIELDS = ["title", "responsible", "offset_days", "effort_days", "note", "key"]
_OFFSET = re.compile(r"^\s*[jJ]?\s*(?:([+\-\u2212])\s*(\d{1,4}))?\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*([+\-\u2212]?)\s*(\d{1,4})\s*$")


# --- Checks shared by forms and services --------------------------------------------------


def parse_offset(text: str) -> int:
    """A deadline typed as "J-30", "J+7", "J" or "-30", within J-120 … J+30."""
    text = str(text or "").strip()
    match = _PLAIN_NUMBER.match(text) or _OFFSET.match(text)
    if not text or match is None:
        raise DomainError(
            "bad_offset",
            _('Write the deadline as "J-30" (30 days before the meeting) or "J+7" (after).'),
            fields=["offset_days"],
        )
    sign, number = match.group(1), match.group(2)
    offset = 0 if number is None else int(number) * (-1 if sign in ("-", "\u2212") else 1)
    return check_offset(offset)


def check_offset(offset: int) -> int:
    if not MIN_OFFSET_DAYS <= offset <= MAX_OFFSET_DAYS:
        raise DomainError(
            "deadline_out_of_range",
            _(
                "The deadline must fall between J-120 (120 days before the meeting) and J+30 "
                "(30 days after it); %(offset)s is outside."
            ),
            fields=["offset_days"],
            offset=f"J{offset:+d}",
        )
    return offset


def _offset(value) -> int:
    return parse_offset(value) if isinstance(value, str) else check_offset(int(value))


def check_effort(value, *, field: str = "effort_days") -> Decimal:
    """An effort in days: zero or more, at most 60 for one task, to the quarter of a day."""
    try:
        effort = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(
            "bad_effort", _("Write the effort as a number of days, such as 1.5."), fields=[field]
        ) from None
    if not effort.is_finite():
        raise DomainError(
            "bad_effort", _("Write the effort as a number of days, such as 1.5."), fields=[field]
        )
    if effort < 0:
        raise DomainError("negative_effort", _("The effort cannot be negative."), fields=[field])
    if effort > MAX_EFFORT_DAYS:
        raise DomainError(
            "absurd_effort",
            _(
                "An effort of more than %(max)s days for one task is not plausible: split the "
                "task, or check the number."
            ),
            fields=[field],
            max=MAX_EFFORT_DAYS,
        )
    if effort != effort.quantize(Decimal("0.01")):
        raise DomainError(
            "bad_effort",
            _("Write the effort with at most two decimals, such as 0.25."),
            fields=[field],
        )
    return effort.quantize(Decimal("0.01"))


def _text(value: str, *, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError("required", _("This field is required."), fields=[field])
    if len(text) > limit:
        raise DomainError(
            "too_long",
            _("This text is too long (%(count)s characters, at most %(limit)s)."),
            fields=[field],
            count=len(text),
            limit=limit,
        )
    return text


# --- Dates --------------------------------------------------------------------------------


def now():
    return timezone.now()


def today(moment=None):
    """The date in Europe/Paris, where deadlines are counted."""
    return timezone.localtime(moment or now(), PARIS).date()


def first_day(meeting: Meeting) -> date | None:
    return meeting.days.aggregate(first=Min("date"))["first"]


def due_on(first: date | None, offset_days: int) -> date | None:
    """J-120 is 120 days before the meeting's first day (dates in Europe/Paris)."""
    return None if first is None else first + timedelta(days=offset_days)


# --- The guide template -------------------------------------------------------------------


def _value(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def save_guide_task(
    *, task: GuideTask | None, by, why: str, action: Action | None = None, **fields
) -> GuideChange:
    """Add a task to the guide (`task=None`) or change one, recording what changed and why.

    Staff only. `fields` are the task's fields (title, responsible, offset_days, effort_days,
    note, key). From an action, the action is marked done and the edition it applies to gets
    the new task in its checklist. Sends `guide_updated`.
    """
    if not permissions.can_edit_guide(by):
        raise DomainError("forbidden", FORBIDDEN)
    why = _text(why, field="why")
    if action is not None:
        # One action changes the guide once, however many times the form is sent.
        action = Action.objects.select_for_update().select_related("applies_to").get(pk=action.pk)
        if action.status != ActionStatus.OPEN:
            raise DomainError(
                "action_closed",
                _("This action has already been dealt with: the guide is unchanged."),
            )
    creating = task is None
    task = GuideTask() if creating else GuideTask.objects.select_for_update().get(pk=task.pk)
    clean = {
        "title": _text(fields.get("title", task.title), field="title", limit=200),
        "responsible": fields.get("responsible", task.responsible),
        "offset_days": _offset(fields.get("offset_days", task.offset_days)),
        "effort_days": check_effort(fields.get("effort_days", task.effort_days)),
        "note": _text(fields.get("note", task.note), field="note", required=False),
        "key": (fields.get("key", task.key) or "").strip(),
    }
    if clean["responsible"] not in Responsible.values:
        raise DomainError("bad_responsible", _("Choose who does the task."), fields=["responsible"])
    if clean["key"] and GuideTask.objects.filter(key=clean["key"]).exclude(pk=task.pk).exists():
        raise DomainError(
            "key_taken", _("Another task of the guide already has this key."), fields=["key"]
        )
    changes = {
        name: [_value(getattr(task, name)) if not creating else "", _value(clean[name])]
        for name in TASK_FIELDS
        if creating or _value(getattr(task, name)) != _value(clean[name])
    }
    if not changes:
        raise DomainError("nothing_changed", _("Nothing has changed in this task."))
    for name, value in clean.items():
        setattr(task, name, value)
    task.save()
    change = GuideChange.objects.create(
        task=task,
        kind=ChangeKind.CREATED if creating else ChangeKind.UPDATED,
        changes=changes,
        why=why,
        by=by,
        action=action,
    )
    if action is not None:
        Action.objects.filter(pk=action.pk).update(status=ActionStatus.DONE)
        action.status = ActionStatus.DONE
    _announce(task, change, by)
    if action is not None:
        ensure_checklist(action.applies_to)
    return change


@transaction.atomic
def set_guide_task_active(*, task: GuideTask, active: bool, by, why: str) -> GuideChange:
    """Withdraw a task from the guide or restore it (checklists already made keep their copy)."""
    if not permissions.can_edit_guide(by):
        raise DomainError("forbidden", FORBIDDEN)
    why = _text(why, field="why")
    task = GuideTask.objects.select_for_update().get(pk=task.pk)
    if task.active == active:
        raise DomainError("nothing_changed", _("Nothing has changed in this task."))
    task.active = active
    task.save(update_fields=["active"])
    change = GuideChange.objects.create(
        task=task,
        kind=ChangeKind.REACTIVATED if active else ChangeKind.DEACTIVATED,
        changes={"active": [str(not active), str(active)]},
        why=why,
        by=by,
    )
    _announce(task, change, by)
    return change


def _announce(task: GuideTask, change: GuideChange, by) -> None:
    record(
        actor=by,
        action=f"guide.task_{change.kind}",
        target=task,
        details={"changes": change.changes, "why": change.why, "action": change.action_id},
    )
    guide_updated.send(sender=GuideTask, task=task, change=change)


# --- Retrospective board and actions -----------------------------------------------------


def add_retro_item(meeting: Meeting, column: str, text: str, *, by, source: str = "") -> RetroItem:
    """Put an item on the meeting's retrospective board ("good" or "improve").

    Typed on the board (`source=""`), only staff and the host's référents may add one. Taken
    from another part of the platform (`source="evaluation"`, an answer to the survey), the
    item comes from that app's own rules and `by` may be None (anonymous answers).
    """
    if not source and not permissions.can_use_board(by, meeting):
        raise DomainError("forbidden", FORBIDDEN)
    if column not in Column.values:
        raise DomainError("bad_column", _("Choose a column of the board."), fields=["column"])
    text = _text(text, field="text")
    author = by if by is not None and by.is_authenticated else None
    return RetroItem.objects.create(
        meeting=meeting, column=column, text=text, source=source[:30], author=author
    )


def owner_choices(meeting: Meeting, applies_to: Meeting | None = None):
    """Who may own an action: vendor staff and the référents of the hosts concerned."""
    hosts = {meeting.host_id} | ({applies_to.host_id} if applies_to else set())
    return owner_choices_for_hosts(hosts)


def owner_choices_for_hosts(hosts: set[int]):
    referent = Q(memberships__organisation_id__in=hosts, memberships__role=Role.REFERENT)
    people = get_user_model().objects.filter(Q(is_staff=True) | referent, is_active=True)
    return people.distinct().order_by("display_name", "email")


@transaction.atomic
def create_action(*, item: RetroItem, description: str, owner, applies_to: Meeting, by) -> Action:
    """Turn a retrospective item into an action with an owner and the edition it applies to.

    Staff only; the owner is a staff member or a référent of a host concerned.
    """
    if not permissions.can_decide_actions(by):
        raise DomainError("forbidden", FORBIDDEN)
    description = _text(description, field="description")
    if owner is None or not owner_choices(item.meeting, applies_to).filter(pk=owner.pk).exists():
        raise DomainError(
            "bad_owner",
            _("The owner must be vendor staff or a référent of the host organisation."),
            fields=["owner"],
        )
    action = Action.objects.create(
        item=item, description=description, owner=owner, applies_to=applies_to, created_by=by
    )
    record(
        actor=by,
        action="guide.action_created",
        target=action,
        details={"item": item.pk, "owner": owner.pk, "applies_to": applies_to.pk},
    )
    return action


def set_action_status(*, action: Action, status: str, by) -> Action:
    if not permissions.can_decide_actions(by):
        raise DomainError("forbidden", FORBIDDEN)
    if status not in ActionStatus.values:
        raise DomainError("bad_status", _("Choose a status."), fields=["status"])
    action.status = status
    action.save(update_fields=["status"])
    return action


# --- Each meeting's checklist ------------------------------------------------------------


def ensure_checklist(meeting: Meeting) -> int:
    """Give the meeting its checklist from the guide's active tasks; returns how many were added.

    Idempotent. A meeting still in preparation also receives tasks added to the guide since
    its checklist was made; a meeting already held keeps the checklist it was prepared with.
    """
    existing = set(
        ChecklistTask.objects.filter(meeting=meeting).values_list("template_id", flat=True)
    )
    if existing and meeting.status in (MeetingStatus.HELD, MeetingStatus.ARCHIVED):
        return 0
    missing = GuideTask.objects.filter(active=True).exclude(
        pk__in=[pk for pk in existing if pk is not None]
    )
    rows = [
        ChecklistTask(
            meeting=meeting,
            template=task,
            title=task.title,
            responsible=task.responsible,
            offset_days=task.offset_days,
            effort_days=task.effort_days,
            note=task.note,
            key=task.key,
        )
        for task in missing
    ]
    if not rows:
        return 0
    # Two requests opening the page at once: the unique constraint keeps one copy of each.
    ChecklistTask.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def update_checklist_task(*, task: ChecklistTask, by, done: bool, effort_spent) -> ChecklistTask:
    """Tick a task (or untick it) and record the effort spent on it, in days."""
    task = ChecklistTask.objects.select_for_update().select_related("meeting").get(pk=task.pk)
    if not permissions.can_update_task(by, task, task.meeting):
        raise DomainError("forbidden", FORBIDDEN)
    spent = None
    if effort_spent not in (None, ""):
        spent = check_effort(effort_spent, field="effort_spent_days")
    if done and task.done_at is None:
        task.done_at, task.done_by = timezone.now(), by
    elif not done:
        task.done_at, task.done_by = None, None
    task.effort_spent_days = spent
    task.save(update_fields=["done_at", "done_by", "effort_spent_days"])
    return task


def complete_by_key(meeting: Meeting, key: str, *, by) -> ChecklistTask | None:
    """Tick the meeting's task with this key (the hosting app ticks "handover" when the
    handover is held). No permission check: the caller has checked its own. Idempotent;
    None when the meeting's checklist has no such task."""
    ensure_checklist(meeting)
    with transaction.atomic():
        task = (
            ChecklistTask.objects.select_for_update()
            .filter(meeting=meeting, key=key)
            .order_by("pk")
            .first()
        )
        if task is None:
            return None
        if task.done_at is None:
            task.done_at = timezone.now()
            task.done_by = by if by is not None and by.is_authenticated else None
            task.save(update_fields=["done_at", "done_by"])
    return task


# --- Reminders before deadlines ----------------------------------------------------------


def recipients(task: ChecklistTask):
    """Host référents for the host's tasks; vendor staff for the vendor's and the club's, and
    for a host's task when the host has no active référent (someone must hear of it)."""
    people = get_user_model().objects.filter(is_active=True)
    if task.responsible == Responsible.HOST:
        referents = list(
            people.filter(
                memberships__organisation_id=task.meeting.host_id,
                memberships__role=Role.REFERENT,
            )
            .distinct()
            .order_by("pk")
        )
        if referents:
            return referents
    return list(people.filter(is_staff=True).order_by("pk"))


def _remind(pk: int, now, first: date) -> int:
    task = (
        ChecklistTask.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=pk, reminder_sent_at__isnull=True, done_at__isnull=True)
        .select_related("meeting")
        .first()
    )
    if task is None:
        return 0
    people = recipients(task)
    if not people:
        # Nobody to tell (no référent, no staff account): not marked, tried again next run.
        logger.warning("Guide reminder for checklist task %s: nobody to send it to", pk)
        return 0
    for person in people:
        queue_templated(
            person.email,
            "guide/email/task_reminder",
            {
                "task": task,
                "meeting": task.meeting,
                "due": task.due_on(first),
                "site_url": settings.SITE_URL,
            },
            person.language,
        )
    task.reminder_sent_at = now
    task.save(update_fields=["reminder_sent_at"])
    return len(people)


def send_task_reminders(now=None) -> int:
    """Email the people responsible for each open task, once, `GUIDE_REMINDER_DAYS` before
    its deadline (Europe/Paris). Idempotent and safe with several workers: each task is
    claimed with `select_for_update(skip_locked=True)` and marked in the same transaction as
    its emails. Returns how many emails were queued."""
    moment = now or timezone.now()
    day = today(moment)
    lead = timedelta(days=max(0, settings.GUIDE_REMINDER_DAYS))
    # A deadline between today and today + lead: first day within the offsets' reach.
    open_tasks = (
        ChecklistTask.objects.filter(reminder_sent_at__isnull=True, done_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.ARCHIVED)
        .annotate(first=Min("meeting__days__date"))
        .filter(
            first__gte=day - timedelta(days=MAX_OFFSET_DAYS),
            first__lte=day + lead - timedelta(days=MIN_OFFSET_DAYS),
        )
        .values_list("pk", "offset_days", "first")
    )
    sent = 0
    for pk, offset, first in open_tasks:
        due = due_on(first, offset)
        if not day <= due <= day + lead:
            continue
        try:
            with transaction.atomic():
                sent += _remind(pk, moment, first)
        except Exception:
            logger.exception("Guide reminder for checklist task %s failed", pk)
    return sent
