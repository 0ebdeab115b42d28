"""Failed sign-in throttling, kept in the shared cache so every app server sees the same count."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(*, email: str, ip: str) -> list[str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:email:{digest}", f"login-fail:ip:{ip}"]


def is_throttled(*, email: str, ip: str) -> bool:
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(email=email, ip=ip))


def record_failure(*, email: str, ip: str) -> None:
    window = settings.LOGIN_THROTTLE_WINDOW
    for key in _keys(email=email, ip=ip):
        # add() only sets the expiry on the first failure, so the window is fixed, not sliding.
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=window)


def reset(*, email: str) -> None:
    """Forget an account's failures after a successful sign-in (the address count stays)."""
    cache.delete(_keys(email=email, ip="")[0])
