import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of

# Shared machines are noisy: property tests check results, never timings; and no example
# database, so test runs leave nothing behind in the work tree.
hypothesis_settings.register_profile("cercle", deadline=None, database=None)
hypothesis_settings.load_profile("cercle")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttling counters live in the cache; each test starts from a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def referent(organisation):
    return referent_of(organisation)


@pytest.fixture
def agent(organisation):
    return agent_of(organisation)


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped browser test is a failure: the journeys must really run."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and item.get_closest_marker("e2e"):
        report.outcome = "failed"
        report.longrepr = f"Browser test skipped in CI: {report.longrepr}"


@pytest.fixture
def page_cache(transactional_db, settings):
    """Page fragments cached as in production, each write committed for real (the cache of
    cercle.core.pagecache is off in the other tests: their transaction never commits)."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def redis_pages(transactional_db, settings):
    """The production set-up: fragments and their versions in Redis (database 15, emptied)."""
    import redis
    from django.core.cache import caches

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "cercle.core.cache.RedisCache", "LOCATION": url},
    }
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()
