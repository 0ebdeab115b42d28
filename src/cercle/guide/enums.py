from django.db import models
from django.utils.translation import gettext_lazy as _


class Responsible(models.TextChoices):
    """Who does a task of the guide: the host organisation, the vendor, or the club itself."""

    HOST = "host", _("Host")
    VENDOR = "vendor", _("Vendor")
    CLUB = "club", _("Club")


class Column(models.TextChoices):
    GOOD = "good", _("What went well")
    IMPROVE = "improve", _("To improve")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ChangeKind(models.TextChoices):
    CREATED = "created", _("Task added")
    UPDATED = "updated", _("Task changed")
    DEACTIVATED = "deactivated", _("Task withdrawn")
    REACTIVATED = "reactivated", _("Task restored")
