from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Event(models.TextChoices):
    REQUEST_FILED = "request.filed", _("A request is filed")
    REQUEST_STATUS_CHANGED = "request.status_changed", _("A request changes status")
    ENDORSEMENT_THRESHOLD_REACHED = (
        "request.endorsement_threshold_reached",
        _("A request reaches the endorsement threshold"),
    )
    RESULTS_PUBLISHED = "campaign.results_published", _("A vote's results are published")
    ROADMAP_ITEM_CHANGED = "roadmap.item_changed", _("A roadmap item changes")
    REGISTRATION_CONFIRMED = (
        "registration.confirmed",
        _("A registration to a meeting is confirmed for the organisation"),
    )


# Events about one organisation: only its référents' endpoints (and staff's) hear them.
# The others concern public information and go to every subscribed endpoint.
ORGANISATION_EVENTS = frozenset({Event.REGISTRATION_CONFIRMED})


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("webhook delivery", "Waiting")
    DELIVERED = "delivered", pgettext_lazy("webhook delivery", "Delivered")
    FAILED = "failed", pgettext_lazy("webhook delivery", "Given up")
