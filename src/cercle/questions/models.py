from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cercle.meetings.models import Meeting, Session
from cercle.questions.enums import Gender, Policy, Status

MAX_LENGTH = 500
MAX_REASON = 300


class Moderation(models.Model):
    """How the questions of one session are moderated: its policy and its moderators.

    Its row is also the lock that several moderators take in turn, so the queue stays one.
    """

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="moderation")
    policy = models.CharField(
        _("turn-taking"), max_length=12, choices=Policy.choices, default=Policy.NONE
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="moderated", verbose_name=_("moderators")
    )

    class Meta:
        verbose_name = _("question moderation")
        verbose_name_plural = _("question moderations")

    def __str__(self):
        return str(self.session)


class Declaration(models.Model):
    """What a person chose to declare for turn-taking at one meeting; deleted after it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)

    class Meta:
        verbose_name = _("turn-taking declaration")
        verbose_name_plural = _("turn-taking declarations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_declaration_each")
        ]

    def __str__(self):
        return f"{self.person_id} / {self.meeting_id}"


class Question(models.Model):
    """A question asked during a session, on site or remotely."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("your question"), max_length=MAX_LENGTH)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    support = models.PositiveIntegerField(_("support"), default=0)
    # Groups for turn-taking, taken when the question is asked. `gender` is declared and is
    # blanked by the retention job; the two others are derived from the registration.
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    newcomer = models.BooleanField(default=False)
    remote = models.BooleanField(default=False)
    hidden_reason = models.CharField(_("reason"), max_length=MAX_REASON, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["asked_at", "pk"]
        constraints = [
            # At most one question is being answered in a session at a time.
            models.UniqueConstraint(
                fields=["session"], condition=Q(status="answering"), name="one_answering"
            )
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return self.text[:60]

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def is_waiting(self) -> bool:
        return self.status == Status.WAITING


class Support(models.Model):
    """A person present supports a question, once."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["question", "person"], name="one_support_each")
        ]

    def __str__(self):
        return f"{self.person_id} → {self.question_id}"


class Turn(models.Model):
    """A question given the floor: in order, by whom, and whether the proposal was overridden."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="turns")
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="turn")
    position = models.PositiveIntegerField()
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    policy = models.CharField(max_length=12, choices=Policy.choices)

    class Meta:
        verbose_name = _("turn")
        verbose_name_plural = _("turns")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="one_turn_per_position")
        ]

    def __str__(self):
        return f"{self.session_id} #{self.position}"

    @property
    def overridden(self) -> bool:
        return self.proposed_id is not None and self.proposed_id != self.question_id


class GenderTally(models.Model):
    """Counts kept for the figures once declared genders are deleted: nobody in them."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    asked = models.PositiveIntegerField(default=0)
    turns = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "gender"], name="one_tally_per_gender")
        ]

    def __str__(self):
        return f"{self.session_id} {self.gender}: {self.asked}/{self.turns}"
