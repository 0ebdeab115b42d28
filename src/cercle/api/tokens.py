"""Personal API tokens: created and revoked by their owner, checked on every API call."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.api.models import ApiToken, Scope
from cercle.core.errors import DomainError

PREFIX_LENGTH = 8
MAX_ACTIVE_TOKENS = 20
# Writing "last used" on every call would turn each read into a write: once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, user, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with its secret, which is never stored or shown
    again (only its SHA-256 is kept)."""
    name = name.strip()
    if not name:
        raise DomainError("name_required", _("Give the token a name."), fields=["name"])
    if scope not in Scope.values:
        raise DomainError("invalid_scope", _("Choose read or write."), fields=["scope"])
    if user.api_tokens.filter(revoked_at=None).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            "too_many_tokens",
            _("You have %(max)s active tokens: revoke one before creating another."),
            max=MAX_ACTIVE_TOKENS,
        )
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        scope=scope,
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=_digest(secret),
    )
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token of one's own; it stops working at once, even for a call under way."""
    if token.user_id != actor.pk:
        raise DomainError("forbidden", _("This token is not yours."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def find_token(secret: str) -> ApiToken | None:
    """The active token of an active person whose secret this is, or None."""
    if len(secret) < PREFIX_LENGTH or len(secret) > 100:
        return None
    digest = _digest(secret)
    candidates = ApiToken.objects.filter(
        prefix=secret[:PREFIX_LENGTH], revoked_at=None, user__is_active=True
    ).select_related("user")
    for token in candidates:
        if hmac.compare_digest(token.secret_hash, digest):
            return token
    return None


def mark_used(token: ApiToken, now=None) -> None:
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
