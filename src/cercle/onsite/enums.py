from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckInMethod(models.TextChoices):
    SCAN = "scan", _("Badge code")
    SEARCH = "search", _("Search")


class Provider(models.TextChoices):
    """Where a recording plays; the values are those of `cercle.onsite.chapters.PROVIDERS`."""

    BBB = "bbb", _("BigBlueButton playback")
    PEERTUBE = "peertube", _("PeerTube")
    YOUTUBE = "youtube", _("YouTube")
    VIDEO = "video", _("Direct video file")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class BadgeRole(models.TextChoices):
    """What the coloured band of a badge says, from the most specific role to the least."""

    VENDOR = "vendor", _("Vendor team")
    HOST = "host", _("Host team")
    NEWCOMER = "newcomer", _("Newcomers")
    REGULAR = "regular", _("Experts")
