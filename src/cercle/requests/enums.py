from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    NEEDS_INFO = "needs_info", _("Needs information")
    ELIGIBLE = "eligible", _("Eligible for a vote")
    ON_BALLOT = "on_ballot", _("On a ballot")
    RETAINED = "retained", _("Retained")
    COSTED = "costed", _("Costed")
    FUNDED = "funded", _("Funded")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")


# Where endorsements still count: the request is filed and has not been closed or merged.
OPEN_FOR_ENDORSEMENT = {
    Status.SUBMITTED,
    Status.NEEDS_INFO,
    Status.ELIGIBLE,
    Status.ON_BALLOT,
    Status.RETAINED,
    Status.COSTED,
    Status.FUNDED,
    Status.IN_PROGRESS,
}
# Statuses staff may set by hand; draft, eligible and duplicate follow from the rules.
STAFF_SETTABLE = [
    Status.SUBMITTED,
    Status.NEEDS_INFO,
    Status.ON_BALLOT,
    Status.RETAINED,
    Status.COSTED,
    Status.FUNDED,
    Status.IN_PROGRESS,
    Status.DELIVERED,
    Status.DECLINED,
]
# Filed and not yet on a ballot: the page speaks of the endorsement threshold.
HEADING_TO_VOTE = {Status.SUBMITTED, Status.NEEDS_INFO, Status.ELIGIBLE}
STALE_CANDIDATES = {Status.SUBMITTED, Status.NEEDS_INFO, Status.ELIGIBLE}


class Sort(models.TextChoices):
    ENDORSED = "endorsed", _("Most endorsed")
    NEWEST = "newest", _("Newest")
    ACTIVE = "active", _("Recently active")
