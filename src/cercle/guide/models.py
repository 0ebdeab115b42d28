from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cercle.guide.enums import ActionStatus, ChangeKind, Column, Responsible
from cercle.meetings.models import Meeting

# Deadlines run from four months before the meeting's first day to a month after it.
MIN_OFFSET_DAYS = -120
MAX_OFFSET_DAYS = 30
# No single task of a meeting's preparation takes more than this many days of work.
MAX_EFFORT_DAYS = Decimal("60")
MAX_TEXT = 2000
TASK_FIELD_NAMES = ("title", "responsible", "offset_days", "effort_days", "note", "key", "active")


def offset_label(offset: int) -> str:
    """J-120, J, J+7: how organisers write a deadline relative to the meeting."""
    if offset == 0:
        return "J"
    return f"J{offset:+d}"


class GuideTask(models.Model):
    """A task of the organisers' guide, the living template every meeting's checklist copies."""

    title = models.CharField(_("task"), max_length=200)
    responsible = models.CharField(_("who does it"), max_length=10, choices=Responsible.choices)
    offset_days = models.SmallIntegerField(_("deadline, in days from the meeting"))
    effort_days = models.DecimalField(
        _("estimated effort, in days"), max_digits=5, decimal_places=2
    )
    note = models.TextField(_("note"), blank=True)
    key = models.SlugField(_("key"), max_length=50, blank=True)
    active = models.BooleanField(_("in the guide"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guide task")
        verbose_name_plural = _("guide tasks")
        ordering = ["offset_days", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="unique_guide_task_key"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def deadline_label(self) -> str:
        return offset_label(self.offset_days)

    @property
    def responsible_label(self):
        return Responsible(self.responsible).label


class RetroItem(models.Model):
    """An item of a meeting's retrospective board: something that went well, or to improve."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="retro_items")
    column = models.CharField(_("column"), max_length=10, choices=Column.choices)
    text = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=30, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("retrospective item")
        verbose_name_plural = _("retrospective items")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class Action(models.Model):
    """What the club decides to do about a retrospective item, by whom, for which edition."""

    item = models.ForeignKey(RetroItem, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="guide_actions",
    )
    applies_to = models.ForeignKey(
        Meeting,
        verbose_name=_("edition it applies to"),
        on_delete=models.PROTECT,
        related_name="guide_actions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description[:80]

    @property
    def status_label(self):
        return ActionStatus(self.status).label


class GuideChange(models.Model):
    """One change of the guide template: what changed, why, by whom, from which action."""

    task = models.ForeignKey(GuideTask, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=12, choices=ChangeKind.choices)
    changes = models.JSONField(_("what changed"), default=dict)
    why = models.TextField(_("why"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="guide_changes"
    )

    class Meta:
        verbose_name = _("guide change")
        verbose_name_plural = _("guide changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.task} ({self.kind})"

    @property
    def kind_label(self):
        return ChangeKind(self.kind).label

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) as organisers write them: J-14, Host, 1.5."""

        def shown(name, value):
            if value == "":
                return value
            if name == "offset_days":
                return offset_label(int(value))
            if name == "responsible" and value in Responsible.values:
                return str(Responsible(value).label)
            return value

        rows = []
        for name, (before, after) in self.changes.items():
            field = GuideTask._meta.get_field(name) if name in TASK_FIELD_NAMES else None
            label = str(field.verbose_name) if field else name
            rows.append((label, shown(name, before), shown(name, after)))
        return rows


class ChecklistTask(models.Model):
    """A meeting's copy of a guide task; its due date follows the meeting's first day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="checklist")
    template = models.ForeignKey(
        GuideTask, null=True, on_delete=models.SET_NULL, related_name="copies"
    )
    title = models.CharField(_("task"), max_length=200)
    responsible = models.CharField(_("who does it"), max_length=10, choices=Responsible.choices)
    offset_days = models.SmallIntegerField(_("deadline, in days from the meeting"))
    effort_days = models.DecimalField(
        _("estimated effort, in days"), max_digits=5, decimal_places=2
    )
    note = models.TextField(_("note"), blank=True)
    key = models.SlugField(_("key"), max_length=50, blank=True)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    effort_spent_days = models.DecimalField(
        _("effort spent, in days"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checklist task")
        verbose_name_plural = _("checklist tasks")
        ordering = ["offset_days", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "template"], name="one_copy_of_a_guide_task_per_meeting"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def deadline_label(self) -> str:
        return offset_label(self.offset_days)

    @property
    def responsible_label(self):
        return Responsible(self.responsible).label

    def due_on(self, first_day: date | None) -> date | None:
        """The deadline: `offset_days` from the meeting's first day (J-120 = 120 days before)."""
        if first_day is None:
            return None
        return first_day + timedelta(days=self.offset_days)
