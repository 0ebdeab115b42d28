from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.requests.models import ImprovementRequest


class SyncError(models.TextChoices):
    NONE = "", _("None")
    NOT_FOUND = "not_found", _("ticket not found")
    UNAUTHORISED = "unauthorised", _("API key refused")
    UNREACHABLE = "unreachable", _("tracker unreachable, will retry")
    INVALID = "invalid", _("unexpected answer from the tracker")


class TicketLink(models.Model):
    """A ticket of the vendor's Redmine that carries a request's work, with what it last said."""

    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="ticket_links"
    )
    number = models.PositiveIntegerField(_("ticket number"))
    url = models.URLField(_("ticket address"), max_length=500)
    status = models.CharField(_("status"), max_length=100, blank=True)
    target_version = models.CharField(_("target version"), max_length=100, blank=True)
    done_ratio = models.PositiveSmallIntegerField(_("done"), null=True, blank=True)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    last_error = models.CharField(
        _("last error"), max_length=20, choices=SyncError.choices, blank=True
    )
    failures = models.PositiveIntegerField(default=0)
    next_sync_at = models.DateTimeField(default=timezone.now, db_index=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tracker ticket")
        verbose_name_plural = _("tracker tickets")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="one_link_per_ticket")
        ]

    def __str__(self):
        return f"#{self.number}"
