from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.hosting.enums import CallPhase, DocumentVisibility
from cercle.meetings.models import MAX_EDITION, Meeting, between
from cercle.organisations.models import Organisation
from cercle.votes.models import Campaign, CampaignItem


class HostingCall(models.Model):
    """A call for candidacies to host a future edition of the club meeting, and its decision."""

    edition = models.PositiveIntegerField(_("edition"), validators=between(1, MAX_EDITION))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Decided by a club vote: staff open it once the call closes (one ballot per member
    # organisation), then record the decision, which must be the vote's result.
    decided_by_vote = models.BooleanField(
        _("decided by a club vote"),
        default=False,
        help_text=_(
            "Once the call closes, the member organisations vote on the candidacies; the "
            "decision then follows the vote."
        ),
    )
    campaign = models.OneToOneField(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosting_call",
        verbose_name=_("club vote"),
    )
    # The decision, published with its reasons once recorded.
    chosen = models.OneToOneField(
        "Candidacy", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_("reasons of the decision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosting_calls"
    )

    class Meta:
        verbose_name = _("call for hosting candidacies")
        verbose_name_plural = _("calls for hosting candidacies")
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="hosting_call_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hosting:call", kwargs={"pk": self.pk})

    def phase(self, now=None) -> CallPhase:
        now = now or timezone.now()
        if self.decided_at is not None:
            return CallPhase.DECIDED
        if now < self.opens_at:
            return CallPhase.UPCOMING
        if now < self.closes_at:
            return CallPhase.OPEN
        return CallPhase.CLOSED

    @property
    def phase_label(self):
        return self.phase().label

    @property
    def is_open(self) -> bool:
        return self.phase() is CallPhase.OPEN

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def vote_pending(self) -> bool:
        """Decided by a club vote that has not been opened yet."""
        return self.decided_by_vote and self.campaign_id is None


class Question(models.Model):
    """One criterion of a call (capacity, accessibility, streaming...) every candidate answers."""

    call = models.ForeignKey(HostingCall, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class Candidacy(models.Model):
    """A member organisation's application to host the edition of a call."""

    call = models.ForeignKey(HostingCall, on_delete=models.CASCADE, related_name="candidacies")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hosting_candidacies"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Its line on the ballot of the call's club vote, once that vote is opened.
    ballot_item = models.OneToOneField(
        CampaignItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacy",
    )

    class Meta:
        verbose_name = _("hosting candidacy")
        verbose_name_plural = _("hosting candidacies")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="one_candidacy_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.call}"

    def get_absolute_url(self):
        return reverse("hosting:candidacy", kwargs={"pk": self.call_id, "candidacy": self.pk})


class Answer(models.Model):
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), max_length=5000)

    class Meta:
        ordering = ["question__position", "question__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.candidacy_id}: {self.question_id}"


def attachment_path(attachment, filename):
    return f"hosting/calls/{attachment.candidacy.call_id}/{attachment.candidacy_id}/{filename}"


class CandidacyAttachment(models.Model):
    """A file joined to a candidacy (plans of the venue, photos...), seen by those who may see
    the candidacy (``permissions.can_see_candidacy``): staff, its organisation's référents,
    and the voters once the club vote on the call is opened."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.original_name


class Handover(models.Model):
    """The handover from the host of the previous meeting to the host of ``meeting``."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="handover")
    previous_meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="handed_over_to"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    # Bumped at each (re)scheduling so calendars replace the previous invitation.
    sequence = models.PositiveIntegerField(default=0)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self):
        return self.title or str(self.meeting)

    def get_absolute_url(self):
        return reverse("hosting:handover", kwargs={"slug": self.meeting.slug})

    @property
    def is_scheduled(self) -> bool:
        return self.starts_at is not None


def document_path(document, filename):
    return f"hosting/meetings/{document.meeting_id}/{filename}"


class WorkingDocument(models.Model):
    """A host team's working document for a meeting (budget, plans, contacts...), handed over
    to the next host."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="working_documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=DocumentVisibility.choices,
        default=DocumentVisibility.HOSTS,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working document")
        verbose_name_plural = _("working documents")
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def visibility_label(self):
        return DocumentVisibility(self.visibility).label

    @property
    def is_public(self) -> bool:
        return self.visibility == DocumentVisibility.PUBLIC
