import subprocess
import sys

import pytest
from django.test import RequestFactory

from cercle.core.http import client_address
from tests.core.test_deploy_settings import ROOT, clean_environment


def request_from(remote="192.0.2.10", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxy_a_spoofed_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(request_from(forwarded="1.2.3.4")) == "192.0.2.10"


def test_trusted_proxies_default_to_none(settings):
    assert settings.TRUSTED_PROXIES == 0


def test_with_one_proxy_the_entry_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = 1
    # The client forged "1.2.3.4"; our proxy appended the address it really saw.
    request = request_from(forwarded="1.2.3.4, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"


def test_with_two_proxies_the_entry_two_hops_from_the_right(settings):
    settings.TRUSTED_PROXIES = 2
    request = request_from(forwarded="1.2.3.4, 203.0.113.7, 10.0.0.2")
    assert client_address(request) == "203.0.113.7"


def test_with_one_proxy_and_no_header_remote_addr(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from()) == "192.0.2.10"


def test_header_shorter_than_the_proxies_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_address(request_from(forwarded="203.0.113.7")) == "192.0.2.10"


@pytest.mark.parametrize(
    "forwarded",
    ["", "   ", "not-an-address", "1.2.3.4, ", "203.0.113.7,,", "<script>", "1.2.3.4\n5.6.7.8"],
)
def test_malformed_header_falls_back_to_remote_addr(settings, forwarded):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from(forwarded=forwarded)) == "192.0.2.10"


def test_forged_garbage_left_of_our_proxy_does_not_matter(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from(forwarded="garbage, 203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7:51234", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
    ],
)
def test_ports_and_ipv6_spellings_are_normalised(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = 1
    assert client_address(request_from(forwarded=forwarded)) == expected


def test_negative_trusted_proxies_refused_at_start_up():
    env = clean_environment()
    env.update(PYTHONPATH=str(ROOT / "src"), CERCLE_DEBUG="true", CERCLE_TRUSTED_PROXIES="-1")
    result = subprocess.run(
        [sys.executable, "-c", "import cercle.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "CERCLE_TRUSTED_PROXIES" in result.stderr
