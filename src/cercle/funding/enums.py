from django.db import models
from django.utils.translation import gettext_lazy as _

from cercle.funding import sharing


class SharingRule(models.TextChoices):
    EQUAL = sharing.EQUAL, _("Equal split")
    PRO_RATA = sharing.PRO_RATA, _("Pro rata of population")
    TIERS = sharing.TIERS, _("Population tiers")
    FREE = sharing.FREE, _("Free pledges")


class PledgeStatus(models.TextChoices):
    INTENDED = "intended", _("Intended")
    COMMITTED = "committed", _("Committed (purchase order)")
    INVOICED = "invoiced", _("Invoiced")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Pledges that count towards funding: the organisation has signed a purchase order.
COUNTED = {PledgeStatus.COMMITTED, PledgeStatus.INVOICED, PledgeStatus.PAID}

# Allowed moves and who may make them: "member" = a référent of the pledging organisation.
TRANSITIONS = {
    (PledgeStatus.INTENDED, PledgeStatus.COMMITTED): {"member", "staff"},
    (PledgeStatus.INTENDED, PledgeStatus.WITHDRAWN): {"member", "staff"},
    (PledgeStatus.COMMITTED, PledgeStatus.INVOICED): {"staff"},
    (PledgeStatus.COMMITTED, PledgeStatus.WITHDRAWN): {"member", "staff"},
    (PledgeStatus.INVOICED, PledgeStatus.PAID): {"staff"},
}


class Label(models.TextChoices):
    MUTUALISED = "mutualised", _("Mutualised")
    VENDOR = "vendor", _("Vendor-funded")
    SINGLE_CLIENT = "single_client", _("Single client")


class RoadmapStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")


class MilestoneKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    DEADLINE = "deadline", _("Deadline")
    SESSION = "session", _("Online session")
    OTHER = "other", _("Other")
