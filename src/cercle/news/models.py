from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cercle.core.markup import render_markdown
from cercle.news.enums import AnnouncementStatus, SourceKind

BODY_MAX_LENGTH = 20_000


class Announcement(models.Model):
    """A piece of club news: the top requests retained, a host chosen, a programme out..."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, help_text=_("Markdown."))
    # Rendered and sanitised once, on save: pages and the feed show this.
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    source_kind = models.CharField(
        _("about"), max_length=20, choices=SourceKind.choices, default=SourceKind.MANUAL
    )
    # The page of the event a draft was created from: one draft per event.
    source_link = models.CharField(_("link"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_link"],
                condition=~Q(source_link=""),
                name="one_announcement_per_event",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = str(render_markdown(self.body))
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == AnnouncementStatus.PUBLISHED

    @property
    def status_label(self):
        return AnnouncementStatus(self.status).label


class DigestPreference(models.Model):
    """Whether a person receives the weekly email digest of the club news."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_preference"
    )
    weekly_digest = models.BooleanField(
        _("Send me a weekly digest of the club news"), default=False
    )
    subscribed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("news preference")
        verbose_name_plural = _("news preferences")

    def __str__(self):
        return f"{self.user_id}: {self.weekly_digest}"
