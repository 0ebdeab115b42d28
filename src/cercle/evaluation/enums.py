from django.db import models
from django.utils.translation import gettext_lazy as _

RATINGS = (1, 2, 3, 4, 5)


class Profile(models.TextChoices):
    """How the respondent followed the meeting: kept on the answer for breakdowns only."""

    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")
    BOTH = "both", _("On site and remote")
    NONE = "none", _("No attendance recorded")
