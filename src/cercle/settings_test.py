"""Settings for the test suite: production settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("CERCLE_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("CERCLE_SECURE_SSL_REDIRECT", "false")

from cercle.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The browser tests talk plain HTTP to the live server.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Most tests read the confirmation email right after registering; the worker path is tested
# with this off (tests/meetings/test_notice_sweep.py).
MEETING_NOTICES_AFTER_COMMIT = True
# Page fragments are not cached in the tests (their data changes inside one transaction whose
# commit never comes); tests/core/test_pagecache.py and the invalidation tests turn it on.
if os.environ.get("CERCLE_TEST_PAGE_CACHE") != "on":
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
