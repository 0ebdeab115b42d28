import pytest

from tests.tracker.redmine import API_KEY, FakeRedmine


@pytest.fixture
def redmine(settings):
    server = FakeRedmine()
    settings.REDMINE_URL = server.url
    settings.REDMINE_API_KEY = API_KEY
    settings.REDMINE_TIMEOUT = 0.5
    settings.REDMINE_SYNC_EVERY = 900
    yield server
    server.stop()
