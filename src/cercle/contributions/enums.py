from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Format(models.TextChoices):
    EXPERIENCE_REPORT = "experience_report", _("Experience report")
    WORKSHOP = "workshop", _("Workshop")
    ROUND_TABLE = "round_table", _("Round table")
    LIGHTNING_TALK = "lightning_talk", _("Lightning talk")


class Level(models.TextChoices):
    NEWCOMERS = "newcomers", _("Newcomers")
    EXPERTS = "experts", _("Experts")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    WAITING = "waiting", pgettext_lazy("proposal status", "Waiting list")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted")
    DECLINED = "declined", pgettext_lazy("proposal status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal status", "Withdrawn")


class Decision(models.TextChoices):
    """What the committee decides about a proposal."""

    ACCEPT = "accepted", _("Accept")
    WAITING = "waiting", _("Put on the waiting list")
    DECLINE = "declined", _("Decline")
