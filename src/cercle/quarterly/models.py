from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cercle.meetings.models import Meeting
from cercle.requests.models import ImprovementRequest

NOTE_MAX_LENGTH = 2_000


class QuarterlySession(models.Model):
    """A quarterly online session of the club: a remote-only meeting (registration, online
    room, attendance, recording and chapters are the meeting's) with an agenda of requests."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="quarterly")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("quarterly online session")
        verbose_name_plural = _("quarterly online sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_session_per_quarter"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="quarterly_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.meeting.title

    def get_absolute_url(self):
        return reverse("quarterly:detail", kwargs={"slug": self.meeting.slug})


class AgendaItem(models.Model):
    """A request discussed during a quarterly session, in the order staff set."""

    session = models.ForeignKey(QuarterlySession, on_delete=models.CASCADE, related_name="agenda")
    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="quarterly_agenda_items"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(
        _("title on the agenda"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the request's title."),
    )
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "request"], name="request_once_per_agenda")
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.request.title
