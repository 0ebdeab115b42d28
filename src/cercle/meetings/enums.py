from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Held")
    ARCHIVED = "archived", _("Archived")


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    EXPERIENCE_REPORT = "experience_report", _("Experience report")
    ROUND_TABLE = "round_table", _("Round table")
    WORKSHOP = "workshop", _("Workshop")
    VOTE = "vote", _("Vote")
    WORKING_GROUP_REPORT = "working_group_report", _("Working-group report")
    BREAK = "break", _("Break")
    LIGHTNING_TALK = "lightning_talk", _("Lightning talk")


class Audience(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    FUNCTIONAL = "functional", _("Functional")
    BUSINESS = "business", _("Business")


class Attendance(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")
    ABSENT = "absent", _("Not attending")


class SeatMode(models.TextChoices):
    """Which seats of a workshop a person takes: those of the room, or those online."""

    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")


class Experience(models.TextChoices):
    NEWCOMER = "newcomer", _("Newcomer")
    REGULAR = "regular", _("Regular")
