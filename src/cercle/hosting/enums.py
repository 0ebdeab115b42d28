from django.db import models
from django.utils.translation import gettext_lazy as _


class CallPhase(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for candidacies")
    CLOSED = "closed", _("Closed, decision pending")
    DECIDED = "decided", _("Host chosen")


class DocumentVisibility(models.TextChoices):
    HOSTS = "hosts", _("Hosts and staff only")
    PUBLIC = "public", _("Everyone")


# The criteria the club asks every candidate about, prefilled when staff open a call.
DEFAULT_CRITERIA = [
    _("Capacity: rooms, number of seats on site, workshop rooms"),
    _("Accessibility of the venue for people with reduced mobility"),
    _("Capture and streaming chain: cameras, sound, network, who runs it"),
    _("Transport: access by train and public transport, accommodation nearby"),
    _("Dates you propose and the dates you cannot do"),
]
