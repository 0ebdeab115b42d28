import secrets
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cercle.meetings.enums import (
    Attendance,
    Audience,
    Experience,
    MeetingStatus,
    SeatMode,
    SeatStatus,
    SessionKind,
)
from cercle.organisations.models import Organisation

PARIS = ZoneInfo("Europe/Paris")

# Bounds on the numbers organisers type: far above any real meeting, far below what breaks
# date arithmetic (a reminder 1,000,000 days ahead) or the database's integer columns.
MAX_EDITION = 999
MAX_PLACES = 10_000
MAX_REMINDER_DAYS = 90


def between(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Meeting(models.Model):
    """A club meeting (rencontre du club): one edition, hosted by a member, over a few days."""

    edition = models.PositiveIntegerField(
        _("edition"), unique=True, validators=between(1, MAX_EDITION)
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(_("online room"), blank=True)
    # Quarterly online sessions: people may only follow remotely (no on-site choice).
    remote_only = models.BooleanField(_("online only"), default=False)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    onsite_capacity = models.PositiveIntegerField(
        _("on-site places per day"),
        null=True,
        blank=True,
        validators=between(1, MAX_PLACES),
        help_text=_("Leave empty for no limit."),
    )
    onsite_quota_per_organisation = models.PositiveIntegerField(
        _("on-site places per organisation and day"),
        null=True,
        blank=True,
        validators=between(1, MAX_PLACES),
        help_text=_("Leave empty for no quota."),
    )
    reminder_days = models.PositiveIntegerField(
        _("reminder, days before"),
        default=3,
        validators=between(0, MAX_REMINDER_DAYS),
        help_text=_("How many days before the first day registered people get a reminder."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )

    class Meta:
        verbose_name = _("club meeting")
        verbose_name_plural = _("club meetings")
        ordering = ["-edition"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    @property
    def status_label(self):
        return MeetingStatus(self.status).label


class MeetingDay(models.Model):
    """One day of a meeting; people choose per day whether they come on site or follow remotely."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("meeting day")
        verbose_name_plural = _("meeting days")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["meeting", "date"], name="unique_day")]

    def __str__(self):
        return self.date.isoformat()

    def at(self, moment: time) -> datetime:
        return datetime.combine(self.date, moment, tzinfo=PARIS)


class Track(models.Model):
    """A path through the programme, such as newcomers or experts, configured per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="unique_track_name")
        ]

    def __str__(self):
        return self.name


class ScheduledSessions(models.Manager):
    """Sessions of the programme as everyone sees it: drafts are left out.

    The default manager, so every programme page, feed, registration form, badge and figure
    (and `meeting.sessions`) leaves drafts out without each query having to remember it.
    """

    def get_queryset(self):
        return super().get_queryset().filter(is_draft=False)


class Session(models.Model):
    """A slot of the programme: a plenary, a workshop, a break...

    A draft (an accepted contribution not yet scheduled) may lack its day and times; it is
    published once staff give it a day, a time and a room.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions")
    day = models.ForeignKey(
        MeetingDay,
        verbose_name=_("day"),
        null=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=25, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("start"), null=True)
    ends_at = models.DateTimeField(_("end"), null=True)
    is_draft = models.BooleanField(_("draft"), default=False)
    room = models.CharField(_("room"), max_length=100, blank=True)
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_("Leave empty for a session meant for everyone."),
    )
    audience = models.CharField(
        _("audience profile"), max_length=12, choices=Audience.choices, blank=True
    )
    objectives = models.TextField(_("objectives"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    capacity = models.PositiveIntegerField(
        _("on-site seats"),
        null=True,
        blank=True,
        validators=between(1, MAX_PLACES),
        help_text=_(
            "Set for sessions that need sign-up (workshops): the seats for people on site "
            "that day. Empty for open sessions."
        ),
    )
    open_to_remote = models.BooleanField(
        _("open to remote participants"),
        default=False,
        help_text=_("A workshop people following the meeting online can join."),
    )
    remote_capacity = models.PositiveIntegerField(
        _("remote seats"),
        null=True,
        blank=True,
        validators=between(1, MAX_PLACES),
        help_text=_("For a workshop open to remote participants; empty for no limit."),
    )

    objects = ScheduledSessions()
    # Every session, drafts included (ruff takes the custom manager above for a field).
    with_drafts = models.Manager()  # noqa: DJ012

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "room", "pk"]
        base_manager_name = "with_drafts"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_draft=True)
                | Q(day__isnull=False, starts_at__isnull=False, ends_at__isnull=False),
                name="published_session_is_scheduled",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def needs_signup(self) -> bool:
        return self.capacity is not None

    def seats_for(self, mode: str) -> int | None:
        """How many seats people attending in `mode` share; None for no limit."""
        if mode == SeatMode.ON_SITE:
            return self.capacity
        return self.remote_capacity if self.open_to_remote else 0

    @property
    def kind_label(self):
        return str(SessionKind(self.kind).label)

    @property
    def audience_label(self):
        return str(Audience(self.audience).label) if self.audience else ""

    def overlaps(self, other: "Session") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class SpeakerFields(models.Model):
    """A speaker: a person with an account, or a name and an organisation (also used by the
    proposals of a call for contributions)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation_name})" if self.organisation_name else self.name


class Speaker(SpeakerFields):
    """Who speaks in a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")

    class Meta(SpeakerFields.Meta):
        pass


class Registration(models.Model):
    """A person's registration for a meeting, on behalf of one of their organisations."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    badge_name = models.CharField(_("name on the badge"), max_length=150)
    badge_organisation = models.CharField(_("organisation on the badge"), max_length=200)
    experience = models.CharField(
        _("newcomer or regular"), max_length=10, choices=Experience.choices
    )
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    image_consent = models.BooleanField(_("image-rights consent"))
    image_consent_version = models.CharField(_("consent clause version"), max_length=20)
    image_consent_at = models.DateTimeField(_("consent answered at"))
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Set in the registering transaction, cleared with the queued email (worker's sweep).
    confirmation_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    confirmation_is_update = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_registration_each")
        ]

    def __str__(self):
        return f"{self.badge_name} — {self.meeting}"

    def get_absolute_url(self):
        return reverse("meetings:my_registration", kwargs={"slug": self.meeting.slug})

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class DayChoice(models.Model):
    """How a registered person attends one day; an on-site place may be on a waiting list."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="days")
    day = models.ForeignKey(MeetingDay, on_delete=models.CASCADE, related_name="choices")
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices)
    # Only meaningful on site: remote and absent are always "confirmed".
    status = models.CharField(
        _("status"), max_length=10, choices=SeatStatus.choices, default=SeatStatus.CONFIRMED
    )
    queued_at = models.DateTimeField(_("asked at"))
    # A place freed for this person: the worker's sweep emails them and clears it.
    promotion_due = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("day choice")
        verbose_name_plural = _("day choices")
        ordering = ["day__date"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="one_choice_per_day")
        ]
        indexes = [
            models.Index(fields=["day", "attendance", "status", "queued_at"]),
            models.Index(
                fields=["id"], condition=models.Q(promotion_due=True), name="day_promotion_due"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} / {self.day_id}: {self.attendance} ({self.status})"

    @property
    def attendance_label(self):
        return Attendance(self.attendance).label


class WorkshopSeat(models.Model):
    """A registered person's seat, or place in line, for a session that needs sign-up."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="workshops"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    # On-site and remote seats are counted, and queued for, separately.
    mode = models.CharField(
        _("attendance"), max_length=10, choices=SeatMode.choices, default=SeatMode.ON_SITE
    )
    status = models.CharField(_("status"), max_length=10, choices=SeatStatus.choices)
    queued_at = models.DateTimeField(_("asked at"))
    promotion_due = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("workshop seat")
        verbose_name_plural = _("workshop seats")
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_seat_each")
        ]
        indexes = [
            models.Index(fields=["session", "mode", "status", "queued_at"]),
            models.Index(
                fields=["id"], condition=models.Q(promotion_due=True), name="seat_promotion_due"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} / {self.session_id}: {self.mode} ({self.status})"

    @property
    def is_remote(self) -> bool:
        return self.mode == SeatMode.REMOTE
