"""Cercle settings: defaults for a local SQLite set-up, overridden by CERCLE_* variables."""

import re
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from cercle.envconf import database_from_url, env, env_bool, env_int, env_list, oidc_providers

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Only a development default: production refuses to start without a real key (see below).
SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set CERCLE_SECRET_KEY (or CERCLE_DEBUG=true for development).")
    SECRET_KEY = "insecure-development-key-" + "x" * 40  # noqa: S105
# Rotating the key: the previous ones, comma-separated, keep sessions, signed links and the
# evaluation's respondent keys valid (Django's SECRET_KEY_FALLBACKS).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "cercle.core",
    "cercle.accounts",
    "cercle.organisations",
    "cercle.glossary",
    "cercle.requests",
    "cercle.votes",
    "cercle.meetings",
    "cercle.onsite",
    "cercle.contributions",
    "cercle.questions",
    "cercle.funding",
    "cercle.hosting",
    "cercle.privacy",
    "cercle.evaluation",
    "cercle.quarterly",
    "cercle.news",
    "cercle.guide",
    "cercle.webhooks",
    "cercle.tracker",
    "cercle.outbox",
    "cercle.audit",
    # The top layer: the home page and the demo command gather every domain.
    "cercle.site",
    "cercle.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cercle.accounts.middleware.PreferredLanguageMiddleware",
    "cercle.core.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cercle.urls"
WSGI_APPLICATION = "cercle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cercle.core.context_processors.site",
            ],
        },
    },
    # The programme's long session lists only (cercle.core.jinja).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "cercle.core.jinja.environment",
            "extensions": ["jinja2.ext.i18n"],
        },
    },
]

FORM_RENDERER = "cercle.core.forms.FormRenderer"

DATABASES = {
    "default": database_from_url(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cercle.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cercle.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {
            "BACKEND": "cercle.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
    # Sessions read from Redis, written through to the database (nothing lost on a flush).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# Page fragments (cercle.core.pagecache): keyed on the version of the data they show, so never
# stale after a write; they expire after this long in any case.
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# OpenID Connect sign-in (cercle.accounts.oidc; README "Sign-in with OpenID Connect").
OIDC_PROVIDERS = oidc_providers()
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_DISCOVERY_CACHE_SECONDS = env_int("OIDC_DISCOVERY_CACHE_SECONDS", 60 * 60)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed sign-ins allowed per account within the window before a pause.
LOGIN_THROTTLE_ATTEMPTS = env_int("LOGIN_THROTTLE_ATTEMPTS", 5)
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 15 * 60)
# One address may hide a whole town hall's staff: its budget is larger than an account's.
LOGIN_THROTTLE_ADDRESS_ATTEMPTS = env_int("LOGIN_THROTTLE_ADDRESS_ATTEMPTS", 50)
PASSWORD_RESET_THROTTLE_ATTEMPTS = env_int("PASSWORD_RESET_THROTTLE_ATTEMPTS", 3)
PASSWORD_RESET_THROTTLE_ADDRESS_ATTEMPTS = env_int("PASSWORD_RESET_THROTTLE_ADDRESS_ATTEMPTS", 20)
PASSWORD_RESET_THROTTLE_WINDOW = env_int("PASSWORD_RESET_THROTTLE_WINDOW", 60 * 60)
# Reverse proxies in front of the application servers, each appending to X-Forwarded-For.
# 0: the header is ignored and REMOTE_ADDR is the client (cercle.core.http.client_address).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CERCLE_TRUSTED_PROXIES must be 0 or more.")

# Call for contributions: an organisation is "new" (its proposals are read first) when it
# joined less than this many days ago, or attended at most this many earlier meetings.
CONTRIBUTIONS_NEW_MEMBER_DAYS = env_int("CONTRIBUTIONS_NEW_MEMBER_DAYS", 365)
CONTRIBUTIONS_NEW_MEMBER_MEETINGS = env_int("CONTRIBUTIONS_NEW_MEMBER_MEETINGS", 1)

# Room screens: how long before a session starts it is shown, and how often screens poll.
ROOM_SCREEN_LEAD_MINUTES = env_int("ROOM_SCREEN_LEAD_MINUTES", 15)
ROOM_SCREEN_POLL_SECONDS = env_int("ROOM_SCREEN_POLL_SECONDS", 10)

# Dietary and accessibility needs and turn-taking declarations are deleted this many days
# after a meeting's last day (cercle.privacy.retention).
PRIVACY_RETENTION_DAYS = env_int("PRIVACY_RETENTION_DAYS", 30)

# Check-in opens on the meeting day (Paris time). A time such as "17:00" opens it the evening
# before, for badge pick-up. A malformed value stops the start-up rather than the desk.
CHECK_IN_EVE_OPENS_AT = env("CHECK_IN_EVE_OPENS_AT", "")
if CHECK_IN_EVE_OPENS_AT:
    from datetime import time as _time

    _time.fromisoformat(CHECK_IN_EVE_OPENS_AT)

# REST API (cercle.api): requests per token (or per address, without one) and per period.
API_RATE = env("API_RATE", "120/min")
API_ANONYMOUS_RATE = env("API_ANONYMOUS_RATE", "60/min")
for _rate in (API_RATE, API_ANONYMOUS_RATE):
    # A malformed rate stops the start-up rather than every API call.
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", _rate):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"CERCLE_API_RATE values look like 120/min, not {_rate!r}.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["cercle.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["cercle.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["cercle.api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "cercle.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cercle.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cercle API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "cercle.requests.enums.Status",
        "RoadmapStatusEnum": "cercle.funding.enums.RoadmapStatus",
    },
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# Only read by Django's file-based backend (`make cluster` writes its emails there).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cercle <cercle@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Outbox: how many times a message is tried before it is marked failed for staff to see.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)

INVITATION_VALIDITY_DAYS = 14

# Registration confirmations (with their .ics) are marked due in the registering transaction
# and built by the worker (`meetings.send_due_notices`, every 2 s). On, the request that
# registered also builds them right after its commit: quicker mail, slower request.
MEETING_NOTICES_AFTER_COMMIT = env_bool("MEETING_NOTICES_AFTER_COMMIT", False)
# Checklist tasks: the people responsible get a reminder this many days before a deadline.
GUIDE_REMINDER_DAYS = env_int("GUIDE_REMINDER_DAYS", 7)

# A request goes to the vote once this many distinct organisations endorse it.
ENDORSEMENTS_REQUIRED = env_int("ENDORSEMENTS_REQUIRED", 3)
# A filed request nobody touched for this long shows up as stale in the triage queue.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 90)
# Public funding pages show who co-funds an item (never the amounts) only when this is on.
FUNDING_SHOW_PLEDGER_NAMES = env_bool("FUNDING_SHOW_PLEDGER_NAMES", False)
# Webhooks (see README): HTTPS only and public addresses only, unless a local set-up allows.
WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", False)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", DEBUG)
WEBHOOKS_TIMEOUT = env_int("WEBHOOKS_TIMEOUT", 10)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 60)
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 10)
WEBHOOKS_DISABLE_AFTER = env_int("WEBHOOKS_DISABLE_AFTER", 15)
# The vendor's Redmine: base URL, API key (X-Redmine-API-Key), timeout and sync interval.
REDMINE_URL = env("REDMINE_URL", "").rstrip("/")
REDMINE_API_KEY = env("REDMINE_API_KEY", "")
REDMINE_TIMEOUT = env_int("REDMINE_TIMEOUT", 10)
REDMINE_SYNC_EVERY = env_int("REDMINE_SYNC_EVERY", 900)
ATTACHMENT_MAX_SIZE = env_int("ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024)
SLIDES_MAX_SIZE = env_int("SLIDES_MAX_SIZE", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): our own files only. No inline script or style anywhere:
# behaviour lives in static .js files, presentation in the stylesheet (htmx is told not to inject
# its indicator style, see base.html). A page that compiles WebAssembly opts in with
# cercle.core.contentpolicy.allow_webassembly.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Signing out redirects the sign-out form to the identity provider's end-session address:
# each issuer's origin ("https://host:port", the first three parts of its address).
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {"/".join(provider["issuer"].split("/")[:3]) for provider in OIDC_PROVIDERS.values()}
)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    # /healthz is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
