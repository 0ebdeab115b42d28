from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.organisations.models import Organisation
from cercle.requests.models import ImprovementRequest
from cercle.votes.counting import ApprovalParams, Method, PointsParams, SchulzeParams
from cercle.votes.enums import (
    BallotPrivacy,
    Phase,
    ResultsVisibility,
    Subject,
    TieRule,
    VotingMethod,
)


class Campaign(models.Model):
    """A vote of the member organisations on eligible requests, retaining ``seats`` of them;
    or, with the subject "hosting", on the candidacies of a call to host a club meeting (its
    options are set by the hosting app and touch no request)."""

    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(
        _("subject"), max_length=10, choices=Subject.choices, default=Subject.REQUESTS
    )
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"), db_index=True)
    seats = models.PositiveSmallIntegerField(_("requests to retain"))
    method = models.CharField(_("method"), max_length=10, choices=VotingMethod.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("M: most requests approved"), null=True, blank=True
    )
    total_points = models.PositiveSmallIntegerField(
        _("P: points to distribute"), null=True, blank=True
    )
    max_per_request = models.PositiveSmallIntegerField(
        _("Q: most points on one"), null=True, blank=True
    )
    results_visibility = models.CharField(
        _("results"),
        max_length=12,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSE,
    )
    ballot_privacy = models.CharField(
        _("ballots"), max_length=6, choices=BallotPrivacy.choices, default=BallotPrivacy.SECRET
    )
    tie_rule = models.CharField(
        _("tie at the cutoff"), max_length=10, choices=TieRule.choices, default=TieRule.DRAW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the results are frozen; the participation figures are frozen with them.
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    voted_count = models.PositiveIntegerField(null=True, blank=True)
    electorate_count = models.PositiveIntegerField(null=True, blank=True)
    # A tie straddling the last seat at closing: the seats left to the tied requests, then
    # the recorded decision that gives them (the results are published after it).
    tied_seats = models.PositiveSmallIntegerField(null=True, blank=True)
    tie_settled_at = models.DateTimeField(null=True, blank=True)
    tie_settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    tie_seed = models.CharField(_("published seed"), max_length=64, blank=True)
    tie_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("vote campaign")
        verbose_name_plural = _("vote campaigns")
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("votes:detail", kwargs={"pk": self.pk})

    def phase(self, now=None) -> Phase:
        now = now or timezone.now()
        if self.closed_at is not None:
            return Phase.CLOSED
        if now < self.opens_at:
            return Phase.UPCOMING
        if now < self.closes_at:
            return Phase.OPEN
        return Phase.COUNTING

    @property
    def phase_label(self):
        return self.phase().label

    # For templates, which compare no enum literal.
    @property
    def is_upcoming(self) -> bool:
        return self.phase() is Phase.UPCOMING

    @property
    def is_open(self) -> bool:
        return self.phase() is Phase.OPEN

    @property
    def is_counting(self) -> bool:
        return self.phase() is Phase.COUNTING

    @property
    def is_closed(self) -> bool:
        return self.phase() is Phase.CLOSED

    @property
    def is_hosting(self) -> bool:
        """A vote on host candidacies: no request is on its ballot or moved by it."""
        return self.subject == Subject.HOSTING

    @property
    def is_approval(self) -> bool:
        return self.method == VotingMethod.APPROVAL

    @property
    def is_points(self) -> bool:
        return self.method == VotingMethod.POINTS

    @property
    def is_schulze(self) -> bool:
        return self.method == VotingMethod.SCHULZE

    @property
    def counting_method(self) -> Method:
        return Method(self.method)

    @property
    def params(self):
        if self.method == VotingMethod.APPROVAL:
            return ApprovalParams(max_choices=self.max_choices)
        if self.method == VotingMethod.POINTS:
            return PointsParams(
                total_points=self.total_points, max_per_request=self.max_per_request
            )
        return SchulzeParams()

    @property
    def is_public(self) -> bool:
        return self.ballot_privacy == BallotPrivacy.PUBLIC

    @property
    def results_live(self) -> bool:
        return self.results_visibility == ResultsVisibility.LIVE

    @property
    def tie_pending(self) -> bool:
        """Closed with a tie at the cutoff that no recorded decision has settled yet."""
        return bool(self.tied_seats) and self.tie_settled_at is None

    @property
    def tie_by_draw(self) -> bool:
        return self.tie_rule == TieRule.DRAW


class CampaignItem(models.Model):
    """A line of a campaign's ballot, holding its frozen result once counted: a request, or
    (hosting votes) an option with a label and a link.

    ``reference`` keys the item in ballots, counts and exports: the request's reference, or a
    short code given by the app that set the options (safe in a spreadsheet cell)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    request = models.ForeignKey(
        ImprovementRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_items",
    )
    reference = models.CharField(_("reference"), max_length=16)
    label = models.CharField(_("label"), max_length=200, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True)
    supporters = models.PositiveIntegerField(null=True, blank=True)
    retained = models.BooleanField(default=False)
    # Tied at the cutoff when counted (stays true after the decision, which sets ``retained``).
    tied = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("line of the ballot")
        verbose_name_plural = _("lines of the ballot")
        ordering = ["position", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "request"], name="request_once_per_ballot"),
            models.UniqueConstraint(
                fields=["campaign", "reference"], name="reference_once_per_ballot"
            ),
            # A request, or an option with its label: never both, never neither.
            models.CheckConstraint(
                condition=(
                    models.Q(request__isnull=False, label="")
                    | (models.Q(request__isnull=True) & ~models.Q(label=""))
                ),
                name="item_is_request_or_option",
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id}: {self.reference}"

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url() if self.request_id else self.url

    @property
    def is_request(self) -> bool:
        return self.request_id is not None

    @property
    def title(self) -> str:
        return self.request.title if self.request_id else self.label


class OrganisationWeight(models.Model):
    """An organisation whose ballot counts more than once in a campaign (default weight: 1)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="weights")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="one_weight_per_organisation"
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="weight_at_least_one"),
        ]

    def __str__(self):
        return f"{self.organisation_id} × {self.weight}"


class Ballot(models.Model):
    """An organisation's vote in a campaign: one per organisation, its lines are the latest
    version; every version is kept in BallotVersion."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="ballots")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(_("receipt code"), max_length=32, unique=True)
    version_count = models.PositiveIntegerField(default=1)
    cast_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="one_ballot_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.campaign_id}: {self.receipt}"


class BallotLine(models.Model):
    """One request on the current version of a ballot: 1 (approved), points, or rank."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(CampaignItem, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "item"], name="request_once_per_ballot_line")
        ]

    def __str__(self):
        return f"{self.ballot_id}: {self.item_id} = {self.value}"


class BallotVersion(models.Model):
    """A cast (or re-cast) of a ballot: who, when, what, and the receipt it was given."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    receipt = models.CharField(max_length=32, unique=True)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField()
    # Item reference -> value, as validated.
    lines = models.JSONField()

    class Meta:
        ordering = ["ballot", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="unique_ballot_version")
        ]

    def __str__(self):
        return f"{self.ballot_id} v{self.number}"
