from django.db import models
from django.utils.translation import gettext_lazy as _


class Policy(models.TextChoices):
    """How the moderator's page proposes the next question."""

    NONE = "none", _("Most supported first, then oldest")
    GENDER = "gender", _("Alternate women and men")
    EXPERIENCE = "experience", _("Alternate newcomers and regulars")
    PRESENCE = "presence", _("Alternate on site and remote")


class Gender(models.TextChoices):
    """Declared only for turn-taking, optional, deleted after the meeting."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    UNSAID = "unsaid", _("Prefer not to say")


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ANSWERING = "answering", _("Being answered")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden")
    MERGED = "merged", _("Merged into another question")
