from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    EXPERIENCE_REPORT = "experience_report", _("Experience report")
    WORKSHOP = "workshop", _("Workshop")
    ROUND_TABLE = "round_table", _("Round table")
    LIGHTNING_TALK = "lightning_talk", _("Lightning talk")


class Level(models.TextChoices):
    NEWCOMERS = "newcomers", _("Newcomers")
    EXPERTS = "experts", _("Experts")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WAITING = "waiting", _("Waiting list")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    """What the committee decides about a proposal."""

    ACCEPT = "accepted", _("Accept")
    WAITING = "waiting", _("Put on the waiting list")
    DECLINE = "declined", _("Decline")
