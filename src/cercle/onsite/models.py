from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cercle.meetings.models import MeetingDay, Registration, Session
from cercle.onsite.chapters import deep_link, format_timecode
from cercle.onsite.enums import CheckInMethod, Provider, Visibility


class CheckIn(models.Model):
    """A registered person's arrival on site on one day of a meeting."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.ForeignKey(MeetingDay, on_delete=models.CASCADE, related_name="check_ins")
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=CheckInMethod.choices)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["checked_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="one_check_in_per_day")
        ]

    def __str__(self):
        return f"{self.registration.badge_name} — {self.day}"


class RemoteAttendance(models.Model):
    """A registered person seen in the online room's attendance list for one day."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="remote_attendances"
    )
    day = models.ForeignKey(MeetingDay, on_delete=models.CASCADE, related_name="remote_attendances")
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("remote attendance")
        verbose_name_plural = _("remote attendances")
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="one_remote_per_day")
        ]

    def __str__(self):
        return f"{self.registration.badge_name} — {self.day} (remote)"


class Recording(models.Model):
    """The recording of one meeting day, where it plays."""

    day = models.OneToOneField(MeetingDay, on_delete=models.CASCADE, related_name="recording")
    url = models.URLField(_("recording address"), max_length=500)
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    duration = models.PositiveIntegerField(
        _("duration in seconds"), null=True, blank=True, help_text=_("Optional.")
    )

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self):
        return self.url

    @property
    def provider_label(self):
        return Provider(self.provider).label


class Chapter(models.Model):
    """A moment of a recording: where a programme session starts."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="chapters")
    seconds = models.PositiveIntegerField(_("start, in seconds"))
    title = models.CharField(_("title"), max_length=250)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="chapters"
    )

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["seconds", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recording", "seconds"], name="one_chapter_per_start")
        ]

    def __str__(self):
        return f"{self.timecode} {self.title}"

    @property
    def timecode(self) -> str:
        return format_timecode(self.seconds)

    @property
    def link(self) -> str | None:
        return deep_link(
            provider=self.recording.provider, url=self.recording.url, seconds=self.seconds
        )


def document_path(document, filename):
    return f"meetings/{document.session.meeting_id}/sessions/{document.session_id}/{filename}"


class Document(models.Model):
    """Slides or another document of a programme session: an uploaded file or a link."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    mimetype = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session document")
        verbose_name_plural = _("session documents")
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="document_file_or_link",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_link(self) -> bool:
        return not self.file

    @property
    def visibility_label(self):
        return Visibility(self.visibility).label

    @property
    def members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS
