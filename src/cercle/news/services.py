"""Club news: staff write and publish announcements, events draft some, and people who
asked for it get a weekly email digest of what was published since their last one."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.news.enums import AnnouncementStatus, SourceKind
from cercle.news.models import Announcement, DigestPreference
from cercle.outbox.services import queue_templated

FORBIDDEN = _("Only the vendor's staff may write club news.")
DIGEST_EVERY = timedelta(days=7)


def check_staff(actor) -> None:
    if not is_vendor_staff(actor):
        raise DomainError("forbidden", FORBIDDEN)


def published():
    return Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED).order_by(
        "-published_at", "-pk"
    )


@transaction.atomic
def save_announcement(*, announcement: Announcement, actor) -> Announcement:
    """Create or edit an announcement (a draft stays a draft; a published one stays out)."""
    check_staff(actor)
    creating = announcement.pk is None
    if creating:
        announcement.author = actor
    announcement.save()
    record(
        actor=actor,
        action="news.created" if creating else "news.updated",
        target=announcement,
        details={"title": announcement.title},
    )
    return announcement


@transaction.atomic
def publish(*, announcement: Announcement, actor, now=None) -> Announcement:
    """Publish a draft now; publishing twice is refused ("already_published")."""
    check_staff(actor)
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.is_published:
        raise DomainError("already_published", _("This announcement is already published."))
    announcement.status = AnnouncementStatus.PUBLISHED
    announcement.published_at = now or timezone.now()
    announcement.save(update_fields=["status", "published_at", "updated_at"])
    record(actor=actor, action="news.published", target=announcement, details={})
    return announcement


@transaction.atomic
def unpublish(*, announcement: Announcement, actor) -> Announcement:
    """Take an announcement back to draft (it leaves the list and the feed)."""
    check_staff(actor)
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    announcement.status = AnnouncementStatus.DRAFT
    announcement.published_at = None
    announcement.save(update_fields=["status", "published_at", "updated_at"])
    record(actor=actor, action="news.unpublished", target=announcement, details={})
    return announcement


def draft_from_event(kind: str, title: str, body: str, *, link: str) -> Announcement:
    """A draft announcement for an event of the club (results published, host chosen,
    programme published, guide updated), for staff to review and publish. Idempotent on
    (`kind`, `link`): the same event never makes a second draft, even from two workers."""
    if kind not in SourceKind.values or kind == SourceKind.MANUAL:
        raise ValueError(f"Unknown news event kind: {kind!r}")
    if not link:
        raise ValueError("An event's draft needs the link of the event's page.")
    defaults = {"title": str(title)[:200], "body": str(body)}
    try:
        with transaction.atomic():
            announcement, _created = Announcement.objects.get_or_create(
                source_kind=kind, source_link=link[:500], defaults=defaults
            )
    except IntegrityError:
        announcement = Announcement.objects.get(source_kind=kind, source_link=link[:500])
    return announcement


def preference_for(user) -> DigestPreference:
    return DigestPreference.objects.filter(user=user).first() or DigestPreference(user=user)


def set_digest(*, user, weekly_digest: bool, now=None) -> DigestPreference:
    """Opt in or out of the weekly digest; opting in starts from now (no backlog)."""
    now = now or timezone.now()
    preference, _created = DigestPreference.objects.get_or_create(user=user)
    if weekly_digest and not preference.weekly_digest:
        preference.subscribed_at = now
    preference.weekly_digest = weekly_digest
    preference.save(update_fields=["weekly_digest", "subscribed_at"])
    return preference


def _send_digest(pk: int, now) -> bool:
    with transaction.atomic():
        preference = (
            DigestPreference.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=pk, weekly_digest=True, user__is_active=True)
            .first()
        )
        if preference is None:
            return False
        since = preference.last_sent_at or preference.subscribed_at
        if since is not None and since > now - DIGEST_EVERY:
            return False  # another worker sent it meanwhile
        news = published().filter(published_at__lte=now)
        if since is not None:
            news = news.filter(published_at__gt=since)
        news = list(news.order_by("published_at", "pk"))
        preference.last_sent_at = now
        preference.save(update_fields=["last_sent_at"])
        if not news:
            return False
        person = preference.user
        queue_templated(
            person.email,
            "news/email/digest",
            {"person": person, "announcements": news, "site_url": settings.SITE_URL},
            person.language,
        )
        return True


def send_weekly_digests(now=None, limit: int = 500) -> int:
    """Job: email each opted-in person, once a week, the announcements published since their
    last digest (nothing when nothing is new). Each preference row is claimed with
    ``select_for_update(skip_locked=True)`` and stamped in the same transaction as the outbox
    row, so no person gets a digest twice. Returns how many digests were queued."""
    now = now or timezone.now()
    due = list(
        DigestPreference.objects.filter(weekly_digest=True, user__is_active=True)
        .exclude(last_sent_at__gt=now - DIGEST_EVERY)
        .exclude(last_sent_at__isnull=True, subscribed_at__gt=now - DIGEST_EVERY)
        .values_list("pk", flat=True)[:limit]
    )
    return sum(_send_digest(pk, now) for pk in due)
