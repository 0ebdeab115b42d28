"""The CERCLE_OIDC_* variables, and the deployment check on them."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cercle.accounts.checks import oidc_issuers_use_https
from cercle.envconf import oidc_providers

COMPLETE = {
    "CERCLE_OIDC_PROVIDERS": "suite, Pro-Connect",
    "CERCLE_OIDC_SUITE_ISSUER": "https://id.suite.test/realms/cercle/",
    "CERCLE_OIDC_SUITE_CLIENT_ID": "cercle",
    "CERCLE_OIDC_SUITE_CLIENT_SECRET": "s3cret",
    "CERCLE_OIDC_SUITE_NAME": "La Suite",
    "CERCLE_OIDC_PRO_CONNECT_ISSUER": "https://auth.proconnect.test/api/v2",
    "CERCLE_OIDC_PRO_CONNECT_CLIENT_ID": "abc",
    "CERCLE_OIDC_PRO_CONNECT_CLIENT_SECRET": "def",
    "CERCLE_OIDC_PRO_CONNECT_SCOPES": "openid email given_name usual_name",
}


@pytest.fixture
def environment(monkeypatch):
    def apply(values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return apply


def test_providers_are_read_from_the_environment(environment):
    environment(COMPLETE)
    providers = oidc_providers()
    assert list(providers) == ["suite", "pro-connect"]
    assert providers["suite"] == {
        "key": "suite",
        "issuer": "https://id.suite.test/realms/cercle",
        "client_id": "cercle",
        "client_secret": "s3cret",
        "scopes": "openid email profile",
        "name": "La Suite",
    }
    assert providers["pro-connect"]["scopes"] == "openid email given_name usual_name"
    assert providers["pro-connect"]["name"] == "pro-connect"


def test_no_providers_by_default(monkeypatch):
    monkeypatch.delenv("CERCLE_OIDC_PROVIDERS", raising=False)
    assert oidc_providers() == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"CERCLE_OIDC_SUITE_CLIENT_SECRET": ""}, "CERCLE_OIDC_SUITE_CLIENT_SECRET"),
        ({"CERCLE_OIDC_SUITE_ISSUER": ""}, "CERCLE_OIDC_SUITE_ISSUER"),
        ({"CERCLE_OIDC_SUITE_ISSUER": "ftp://id.test"}, "http"),
        ({"CERCLE_OIDC_SUITE_SCOPES": "email profile"}, "openid"),
        ({"CERCLE_OIDC_PROVIDERS": "suite,../x"}, "letters, digits and dashes"),
        ({"CERCLE_OIDC_PROVIDERS": "suité"}, "letters, digits and dashes"),
    ],
)
def test_incomplete_or_unsafe_configuration_stops_the_start(environment, change, message):
    environment({**COMPLETE, "CERCLE_OIDC_PROVIDERS": "suite", **change})
    with pytest.raises(ImproperlyConfigured, match=message):
        oidc_providers()


def test_deploy_check_refuses_an_issuer_without_https(settings):
    settings.OIDC_PROVIDERS = {
        "suite": {"issuer": "https://id.suite.test"},
        "local": {"issuer": "http://id.local.test"},
    }
    warnings = oidc_issuers_use_https(None)
    assert [warning.id for warning in warnings] == ["accounts.W001"]
    assert "'local'" in warnings[0].msg
    with pytest.raises(SystemCheckError, match="accounts.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
