"""What every request rule shares: counts, eligibility, history, follows and notifications."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.outbox.services import queue_templated
from cercle.requests import signals
from cercle.requests.enums import Status
from cercle.requests.models import Follow, ImprovementRequest, StatusChange
from cercle.requests.permissions import counted_endorsements

FORBIDDEN = _("You are not allowed to do this on this request.")


def check_lengths(data: dict, limits: dict[str, int]) -> None:
    """Refuse texts over their limit (the forms say so first; this guards every other caller)."""
    too_long = [field for field, limit in limits.items() if len(data.get(field) or "") > limit]
    if too_long:
        raise DomainError(
            "too_long",
            _("This text is too long: %(limit)s characters at most."),
            fields=too_long,
            limit=min(limits[field] for field in too_long),
        )


def touch(improvement: ImprovementRequest) -> None:
    ImprovementRequest.objects.filter(pk=improvement.pk).update(last_activity_at=timezone.now())


def follow(improvement, users) -> None:
    # ignore_conflicts keeps an existing row as it is, so an unfollow is never undone.
    Follow.objects.bulk_create(
        [Follow(request=improvement, user=user) for user in users], ignore_conflicts=True
    )


def notify(improvement, *, template: str, context: dict, exclude=None) -> None:
    """Queue one email per active follower, in their language, except the person acting."""
    follows = Follow.objects.filter(request=improvement, active=True).select_related("user")
    full = {
        **context,
        "improvement": improvement,
        "url": settings.SITE_URL + improvement.get_absolute_url(),
    }
    for following in follows:
        user = following.user
        if exclude is not None and user.pk == exclude.pk:
            continue
        queue_templated(user.email, f"requests/email/{template}", full, user.language)


def log_status(improvement, *, to_status, actor, reason="") -> None:
    StatusChange.objects.create(
        request=improvement,
        from_status=improvement.status,
        to_status=to_status,
        reason=reason,
        actor=actor,
    )
    from_status, improvement.status = improvement.status, to_status
    signals.status_changed.send(
        sender=ImprovementRequest,
        improvement=improvement,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )


def refresh_counts(improvement) -> None:
    """Store the counts lists show; only member organisations' endorsements count."""
    improvement.endorsement_count = counted_endorsements(improvement.endorsements).count()
    improvement.support_count = improvement.supports.count()
    improvement.comment_count = improvement.comments.count()
    ImprovementRequest.objects.filter(pk=improvement.pk).update(
        endorsement_count=improvement.endorsement_count,
        support_count=improvement.support_count,
        comment_count=improvement.comment_count,
    )


def refresh_eligibility(improvement, *, actor) -> None:
    """Eligible at K endorsing members; back to submitted below K, unless on a ballot."""
    required = settings.ENDORSEMENTS_REQUIRED
    count = improvement.endorsement_count
    if improvement.status == Status.SUBMITTED and count >= required:
        log_status(improvement, to_status=Status.ELIGIBLE, actor=actor)
        improvement.eligible_at = timezone.now()
    elif improvement.status == Status.ELIGIBLE and count < required:
        log_status(improvement, to_status=Status.SUBMITTED, actor=actor)
        improvement.eligible_at = None
    else:
        return
    improvement.save(update_fields=["status", "eligible_at"])
    if improvement.status == Status.ELIGIBLE:
        signals.endorsement_threshold_reached.send(
            sender=ImprovementRequest, improvement=improvement
        )
    notify(improvement, template="status_changed", context={"reason": ""})
