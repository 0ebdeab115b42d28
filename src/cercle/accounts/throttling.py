"""Sign-in and password-reset throttling, counted in the shared cache.

Every attempt reserves its place in the counters BEFORE the password is checked, with the
cache's atomic ``add``/``incr`` (atomic in Redis, and per process in the local-memory cache of
development and tests), so parallel guesses cannot all slip in between a read and a write.
An account has a small budget; an address (a town hall's whole staff may share one) has a
separate, larger one.
"""

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache


def _email_key(prefix: str, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"{prefix}:email:{digest}"


def _ip_key(prefix: str, ip: str) -> str:
    return f"{prefix}:ip:{ip}"


def _take(key: str, *, limit: int, window: int) -> bool:
    """Count one more attempt on `key`; True while the count stays within `limit`."""
    # add() only sets the expiry on the first attempt, so the window is fixed, not sliding.
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # The key expired between add() and incr(): this attempt opens a new window.
        cache.add(key, 1, timeout=window)
        return limit >= 1


def _give_back(key: str) -> None:
    # The key may have expired meanwhile: nothing left to give back then.
    with contextlib.suppress(ValueError):
        cache.decr(key)


def reserve_login(*, email: str, ip: str) -> bool:
    """Reserve one sign-in attempt for the account and the address; False when throttled.

    A refused reservation is not counted against the address, so a locked-out account does
    not eat the budget of the colleagues who share its address.
    """
    window = settings.LOGIN_THROTTLE_WINDOW
    email_key = _email_key("login", email)
    if not _take(email_key, limit=settings.LOGIN_THROTTLE_ATTEMPTS, window=window):
        return False
    ip_key = _ip_key("login", ip)
    if not _take(ip_key, limit=settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS, window=window):
        _give_back(ip_key)
        _give_back(email_key)
        return False
    return True


def login_succeeded(*, email: str, ip: str) -> None:
    """A right password: forget the account's failures and give the address its attempt back."""
    cache.delete(_email_key("login", email))
    _give_back(_ip_key("login", ip))


def reserve_password_reset(*, email: str, ip: str) -> bool:
    """Count one reset request for the address typed and the client address."""
    window = settings.PASSWORD_RESET_THROTTLE_WINDOW
    # Both counters move on every request, so no address is spared by the other one refusing.
    per_email = _take(
        _email_key("reset", email), limit=settings.PASSWORD_RESET_THROTTLE_ATTEMPTS, window=window
    )
    per_ip = _take(
        _ip_key("reset", ip), limit=settings.PASSWORD_RESET_THROTTLE_ADDRESS_ATTEMPTS, window=window
    )
    return per_email and per_ip
