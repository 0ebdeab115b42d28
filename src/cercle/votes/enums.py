from django.db import models
from django.utils.translation import gettext_lazy as _


class VotingMethod(models.TextChoices):
    """The counting methods of ``cercle.votes.counting`` (same values)."""

    APPROVAL = "approval", _("Approval: choose up to M requests")
    POINTS = "points", _("Points: distribute up to P points, at most Q on one request")
    SCHULZE = "schulze", _("Ranking (Schulze method)")


class ResultsVisibility(models.TextChoices):
    AFTER_CLOSE = "after_close", _("Hidden until the vote closes")
    LIVE = "live", _("Visible live while the vote is open")


class BallotPrivacy(models.TextChoices):
    SECRET = "secret", _("Secret: the export shows receipt codes only")
    PUBLIC = "public", _("Public: the export names each ballot's organisation")


class Phase(models.TextChoices):
    """Where a campaign stands; follows from its times and whether results are frozen."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    COUNTING = "counting", _("Closed, counting")
    CLOSED = "closed", _("Closed")


class TieRule(models.TextChoices):
    """How seats are given when a tie straddles the last seat; announced with the campaign."""

    DRAW = "draw", _("A public draw from a seed published with the decision")
    COMMITTEE = "committee", _("The committee's choice, published with its reason")


class Subject(models.TextChoices):
    """What a campaign's ballot holds: requests (the yearly vote), or the candidacies of a
    call to host a club meeting (set by the hosting app)."""

    REQUESTS = "requests", _("Improvement requests")
    HOSTING = "hosting", _("Host of a club meeting")
