from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.evaluation.enums import Profile
from cercle.meetings.enums import Experience
from cercle.meetings.models import PARIS, Meeting, Session

MAX_TEXT = 3000


def rating_field(label, **kwargs):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)], **kwargs
    )


class Evaluation(models.Model):
    """The survey of one meeting: opened by the organisers after it, closed at a date."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="evaluation")
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set in the transaction that queues the invitations: opening twice never mails twice.
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return str(self.meeting)

    @property
    def last_day(self):
        """The last day answers are accepted (Paris): closing is at midnight after it."""
        if self.closes_at is None:
            return None
        return timezone.localtime(self.closes_at - timedelta(microseconds=1), PARIS).date()

    def is_open(self, now) -> bool:
        return (
            self.opened_at is not None
            and self.opened_at <= now
            and self.closed_at is None
            and (self.closes_at is None or now < self.closes_at)
        )

    def is_closed(self, now) -> bool:
        return self.closed_at is not None or (self.closes_at is not None and now >= self.closes_at)


class Answer(models.Model):
    """One person's answer, without their name.

    `respondent_key` is a keyed hash (HMAC with the secret key) of the evaluation and the
    person: the person's own requests find their answer again to edit it, and the unique
    constraint allows one answer each, but no column names them and no page or export reads
    the key.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    respondent_key = models.CharField(max_length=64)
    overall = rating_field(_("overall rating"))
    keep = models.TextField(_("what to keep"), blank=True, max_length=MAX_TEXT)
    improve = models.TextField(_("what to improve"), blank=True, max_length=MAX_TEXT)
    comments = models.TextField(_("free comments"), blank=True, max_length=MAX_TEXT)
    profile = models.CharField(_("attendance"), max_length=10, choices=Profile.choices)
    experience = models.CharField(
        _("newcomer or regular"), max_length=10, choices=Experience.choices
    )
    # Day only: a time of day would let organisers match answers with who was in the room.
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "respondent_key"], name="one_answer_per_person"
            ),
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5), name="overall_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.evaluation} #{self.pk}"


class SessionRating(models.Model):
    """A rating of one session the respondent attended, part of their answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    rating = rating_field(_("rating"))

    class Meta:
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")
        constraints = [
            models.UniqueConstraint(fields=["answer", "session"], name="one_rating_per_session"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="session_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.session}: {self.rating}"
