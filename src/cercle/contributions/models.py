from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cercle.contributions.enums import Format, Level, ProposalStatus
from cercle.meetings.enums import Audience
from cercle.meetings.models import Meeting, Session, SpeakerFields
from cercle.organisations.models import Organisation

# Bounds of what people type: a lightning talk lasts minutes, a workshop at most half a day.
MIN_DURATION = 5
MAX_DURATION = 240
MAX_TITLE = 200
MAX_TEXT = 3000
MIN_SCORE = 1
MAX_SCORE = 5


class Call(models.Model):
    """A meeting's call for contributions: open until its deadline, for the formats wanted."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="call")
    deadline = models.DateTimeField(_("deadline"))
    formats = models.JSONField(_("formats wanted"), default=list)
    introduction = models.TextField(_("introduction"), blank=True, max_length=MAX_TEXT)
    referees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référents on the programme committee"),
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call for contributions")
        verbose_name_plural = _("calls for contributions")

    def __str__(self):
        return str(self.meeting)

    @property
    def format_labels(self) -> list[str]:
        return [str(Format(value).label) for value in self.formats if value in Format.values]


class Proposal(models.Model):
    """A contribution a member proposes for the programme of a meeting."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    abstract = models.TextField(_("abstract"), max_length=MAX_TEXT)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    audience = models.CharField(_("audience profile"), max_length=12, choices=Audience.choices)
    objectives = models.TextField(_("objectives"), max_length=MAX_TEXT)
    prerequisites = models.TextField(_("prerequisites"), blank=True, max_length=MAX_TEXT)
    duration = models.PositiveSmallIntegerField(
        _("expected duration (minutes)"),
        validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    # Whether the organisation counted as a new member when it proposed (see newcomers.py).
    from_newcomer = models.BooleanField(_("from a new member organisation"), default=False)
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-from_newcomer", "created_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def format_label(self):
        return Format(self.format).label

    @property
    def level_label(self):
        return Level(self.level).label

    @property
    def audience_label(self):
        return Audience(self.audience).label

    @property
    def status_label(self):
        return ProposalStatus(self.status).label

    @property
    def is_submitted(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        return self.status == ProposalStatus.ACCEPTED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ProposalStatus.WITHDRAWN


class ProposalSpeaker(SpeakerFields):
    """Who would speak: a person of the proposer's organisations, or a name and organisation."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="speakers")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta(SpeakerFields.Meta):
        pass


class Review(models.Model):
    """One committee member's score and comment on a proposal; hidden until one's own is in."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=MAX_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_review_each")
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.proposal}: {self.score}"
