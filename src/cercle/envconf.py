"""Settings helpers: defaults live in code, environment variables override them."""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

PREFIX = "CERCLE_"


def env(name: str, default: str = "") -> str:
    return os.environ.get(PREFIX + name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(PREFIX + name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{PREFIX}{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(PREFIX + name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(PREFIX + name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn `sqlite:///path` or `postgres://user:pass@host:port/name` into a DATABASES entry."""
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy spells them.
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or ":memory:",
            # IMMEDIATE transactions take the write lock up front, so concurrent writers
            # wait (up to the timeout) instead of failing with "database is locked".
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", **options},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(f"Unsupported database URL scheme: {parts.scheme!r}")


def oidc_providers() -> dict[str, dict]:
    """The OpenID Connect providers named in CERCLE_OIDC_PROVIDERS ("suite,agentconnect").

    Each key K reads CERCLE_OIDC_<K>_ISSUER, _CLIENT_ID, _CLIENT_SECRET (required), _SCOPES
    (default "openid email profile") and _NAME (the button's label, default the key). A key
    appears in the sign-in addresses, so it is kept to lowercase letters, digits and dashes.
    """
    providers = {}
    for key in env_list("OIDC_PROVIDERS", []):
        key = key.lower()
        if not key.replace("-", "").isalnum() or not key.isascii():
            raise ImproperlyConfigured(
                f"{PREFIX}OIDC_PROVIDERS: {key!r} may only hold letters, digits and dashes."
            )
        name = "OIDC_" + key.upper().replace("-", "_") + "_"
        config = {
            "key": key,
            "issuer": env(name + "ISSUER").rstrip("/"),
            "client_id": env(name + "CLIENT_ID"),
            "client_secret": env(name + "CLIENT_SECRET"),
            "scopes": env(name + "SCOPES", "openid email profile"),
            "name": env(name + "NAME", key),
        }
        for field in ("issuer", "client_id", "client_secret"):
            if not config[field]:
                raise ImproperlyConfigured(f"Set {PREFIX}{name}{field.upper()}.")
        if urlsplit(config["issuer"]).scheme not in {"https", "http"}:
            raise ImproperlyConfigured(f"{PREFIX}{name}ISSUER must be an http(s) address.")
        if "openid" not in config["scopes"].split():
            raise ImproperlyConfigured(f"{PREFIX}{name}SCOPES must include 'openid'.")
        providers[key] = config
    return providers
