"""Listen to the domains' signals and write the deliveries in the same transaction.

The domains never import webhooks: they announce what happened (their `signals` modules, and
the roadmap's post_save), and this module turns it into deliveries.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from cercle.funding.models import RoadmapItem
from cercle.meetings import signals as meeting_signals
from cercle.requests import signals as request_signals
from cercle.requests.enums import Status
from cercle.votes import signals as vote_signals
from cercle.webhooks import payloads
from cercle.webhooks.enums import Event
from cercle.webhooks.services import emit


@receiver(request_signals.request_filed, dispatch_uid="webhooks.request_filed")
def on_request_filed(sender, improvement, **kwargs):
    emit(Event.REQUEST_FILED, {"request": payloads.improvement(improvement)})


@receiver(request_signals.status_changed, dispatch_uid="webhooks.status_changed")
def on_status_changed(sender, improvement, from_status, to_status, reason="", **kwargs):
    if from_status == Status.DRAFT:
        return  # the filing is its own event
    emit(
        Event.REQUEST_STATUS_CHANGED,
        payloads.status_change(
            improvement, from_status=from_status, to_status=to_status, reason=reason
        ),
    )


@receiver(request_signals.endorsement_threshold_reached, dispatch_uid="webhooks.threshold_reached")
def on_threshold_reached(sender, improvement, **kwargs):
    emit(Event.ENDORSEMENT_THRESHOLD_REACHED, {"request": payloads.improvement(improvement)})


@receiver(vote_signals.results_published, dispatch_uid="webhooks.results_published")
def on_results_published(sender, campaign, **kwargs):
    if campaign.is_hosting:
        return  # the event lists retained requests; a vote on host candidacies has none
    emit(Event.RESULTS_PUBLISHED, {"campaign": payloads.campaign(campaign)})


@receiver(post_save, sender=RoadmapItem, dispatch_uid="webhooks.roadmap_item_changed")
def on_roadmap_item_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # loading fixtures
    emit(Event.ROADMAP_ITEM_CHANGED, {"item": payloads.roadmap_item(instance, created=created)})


@receiver(meeting_signals.registration_confirmed, dispatch_uid="webhooks.registration")
def on_registration_confirmed(sender, registration, updated=False, **kwargs):
    emit(
        Event.REGISTRATION_CONFIRMED,
        {"registration": payloads.registration(registration, updated=updated)},
        organisation=registration.organisation,
    )
