import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    """Tests talk plain HTTP to a receiver on 127.0.0.1; the refusal tests turn these off."""
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_TIMEOUT = 2
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 60
    settings.WEBHOOKS_MAX_ATTEMPTS = 10
    settings.WEBHOOKS_DISABLE_AFTER = 3
    settings.SITE_URL = "https://cercle.example.test"


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()
