"""The client's address, as seen through the documented reverse proxy.

`CERCLE_TRUSTED_PROXIES` says how many reverse proxies stand in front of the application
servers. Each appends the address it received the request from to `X-Forwarded-For`, so the
client is the entry that many places from the right; everything to its left was written by
the client and may be forged. With no trusted proxy the header is ignored altogether.
"""

import ipaddress

from django.conf import settings


def _parse(value: str) -> str | None:
    """The address in one header entry (a port or IPv6 brackets allowed), or None."""
    value = value.strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.partition(":")[0]
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return None


def client_address(request) -> str:
    """The address throttling counts against: REMOTE_ADDR unless trusted proxies say otherwise.

    With N trusted proxies, the N-th entry from the right of `X-Forwarded-For`; when the
    header is missing, shorter than N entries or malformed in the part our proxies wrote,
    REMOTE_ADDR (the nearest hop, never a value the client chose).
    """
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        return remote
    trusted = [_parse(entry) for entry in entries[-proxies:]]
    if None in trusted:
        return remote
    return trusted[0]
