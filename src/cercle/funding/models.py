from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cercle.funding.enums import Label, MilestoneKind, PledgeStatus, RoadmapStatus, SharingRule
from cercle.glossary.models import Term
from cercle.organisations.models import Organisation
from cercle.requests.models import ImprovementRequest


class CostedItem(models.Model):
    """A retained request the vendor has costed, and how its cost is shared."""

    request = models.OneToOneField(
        ImprovementRequest, on_delete=models.PROTECT, related_name="costed_item"
    )
    rule = models.CharField(
        _("sharing rule"), max_length=10, choices=SharingRule.choices, default=SharingRule.EQUAL
    )
    # [[up_to or null, weight], ...] for the population-tiers rule.
    tiers = models.JSONField(_("population tiers"), default=list, blank=True)
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("participating organisations"), related_name="+"
    )
    pledge_deadline = models.DateField(_("pledge deadline"), null=True, blank=True)
    cost_cents = models.PositiveBigIntegerField(default=0, editable=False)
    committed_cents = models.PositiveBigIntegerField(default=0, editable=False)
    funded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("costed item")
        verbose_name_plural = _("costed items")
        ordering = ["request__reference"]

    def __str__(self):
        return str(self.request)

    def get_absolute_url(self):
        return reverse("funding:item", kwargs={"reference": self.request.reference})

    @property
    def funded_percent(self) -> int:
        if not self.cost_cents:
            return 0
        return min(100, self.committed_cents * 100 // self.cost_cents)


class Estimate(models.Model):
    """One costing of an item; re-costing adds a version, old ones stay visible."""

    item = models.ForeignKey(CostedItem, on_delete=models.CASCADE, related_name="estimates")
    version = models.PositiveIntegerField()
    days = models.DecimalField(
        _("days"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0.25)]
    )
    daily_rate_cents = models.PositiveIntegerField(_("daily rate (cents, excl. VAT)"))
    amount_cents = models.PositiveBigIntegerField(_("amount excl. VAT (cents)"))
    assumptions = models.TextField(_("assumptions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="unique_estimate_version")
        ]

    def __str__(self):
        return f"{self.item} v{self.version}"


class Pledge(models.Model):
    """An organisation's promise to pay part of an item, up to the purchase order and payment."""

    item = models.ForeignKey(CostedItem, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pledges")
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    status = models.CharField(
        _("status"), max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.INTENDED
    )
    purchase_order_number = models.CharField(_("purchase order number"), max_length=60, blank=True)
    purchase_order_date = models.DateField(_("purchase order date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation"],
                condition=~Q(status=PledgeStatus.WITHDRAWN),
                name="one_live_pledge_per_organisation",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.item} ({self.status})"


class RoadmapItem(models.Model):
    """A line of the public roadmap: mutualised, vendor-funded or for a single client."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    label = models.CharField(_("label"), max_length=14, choices=Label.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=RoadmapStatus.choices, default=RoadmapStatus.PLANNED
    )
    year = models.PositiveSmallIntegerField(_("target year"))
    quarter = models.PositiveSmallIntegerField(
        _("target quarter"), choices=[(q, f"T{q}") for q in range(1, 5)]
    )
    request = models.OneToOneField(
        ImprovementRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_item",
    )
    client = models.ForeignKey(
        Organisation,
        verbose_name=_("client (single-client items)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modules = models.ManyToManyField(Term, verbose_name=_("modules"), blank=True)
    days = models.DecimalField(_("days"), max_digits=7, decimal_places=2, default=0)
    tracker_url = models.URLField(_("tracker ticket"), blank=True)
    release_notes_url = models.URLField(_("release notes"), blank=True)

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        ordering = ["year", "quarter", "title"]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """A date of the club's year staff add to the calendar (workshops, deadlines...)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=MilestoneKind.choices, default=MilestoneKind.OTHER
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["starts_on"]

    def __str__(self):
        return self.title
