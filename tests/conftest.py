import os

import pytest
from django.core.cache import cache

from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of


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
