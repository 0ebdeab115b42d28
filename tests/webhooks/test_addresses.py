"""HTTPS only, and never an address inside the platform's own network (SSRF)."""

import pytest

from cercle.core.errors import DomainError
from cercle.webhooks import services


@pytest.fixture
def production(settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False


def refusal(url) -> str:
    with pytest.raises(DomainError) as caught:
        services.check_url(url)
    assert caught.value.fields == ["url"]
    return str(caught.value.message)


def test_plain_http_is_refused_in_french(production):
    assert refusal("http://93.184.216.34/hook") == (
        "Seules les adresses HTTPS sont acceptées (https://…)."
    )


def test_plain_http_is_accepted_when_the_setting_allows_it(production, settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    assert services.check_url("http://93.184.216.34/hook") == "http://93.184.216.34/hook"


def test_public_https_address_is_accepted(production):
    assert services.check_url(" https://93.184.216.34/hook ") == "https://93.184.216.34/hook"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost:8443/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://172.16.5.4/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_and_loopback_addresses_are_refused(production, url):
    assert "réseau privé ou local" in refusal(url)


def test_private_address_is_accepted_when_the_setting_allows_it(production, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert services.check_url("https://127.0.0.1:8443/hook") == "https://127.0.0.1:8443/hook"


@pytest.mark.parametrize("url", ["", "pas une adresse", "ftp://93.184.216.34/", "javascript:x"])
def test_malformed_addresses_are_refused(production, url):
    assert refusal(url) == "Saisissez une adresse valide, commençant par https://."


def test_credentials_in_the_address_are_refused(production):
    assert "mot de passe" in refusal("https://moi:secret@93.184.216.34/hook")


def test_unknown_server_name_is_refused(production):
    assert "introuvable" in refusal("https://nom-qui-n-existe-pas.invalid/hook")


def test_worker_refuses_an_address_that_became_private(db, settings, receiver):
    from cercle.webhooks.models import Delivery
    from tests.factories import StaffFactory
    from tests.requests.factories import filed
    from tests.webhooks.factories import endpoint_for

    endpoint_for(StaffFactory(), receiver.url, events=["request.filed"])
    filed()
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False

    assert services.deliver_due() == 0
    assert receiver.calls == []
    assert "réseau privé" in Delivery.objects.get().attempt_log.get().error
