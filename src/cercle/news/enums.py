from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class SourceKind(models.TextChoices):
    """What an announcement tells about; drafts created by an event carry its kind."""

    MANUAL = "manual", _("Written by staff")
    RESULTS_PUBLISHED = "results_published", _("Vote results published")
    HOST_CHOSEN = "host_chosen", _("Meeting host chosen")
    PROGRAMME_PUBLISHED = "programme_published", _("Programme published")
    GUIDE_UPDATED = "guide_updated", _("Guide updated")
