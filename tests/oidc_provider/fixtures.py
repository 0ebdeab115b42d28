"""Pytest fixtures: the test OpenID Connect provider, run in its own process.

`oidc_provider` starts tests/oidc_provider/serve.py once per test session (a free port, a
SQLite database in a temporary folder, fresh keys) and stops it at the end. `oidc_settings`
points Cercle at it: three providers sharing that issuer, one well-behaved ("suite") and two
whose tokens the provider spoils on purpose ("mauvaise-audience", "mauvaise-signature").
"""

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.oidc_provider.serve import CLIENTS, PASSWORD, SECRET

ROOT = Path(__file__).resolve().parents[2]
NAMES = {
    "suite": "la suite numérique",
    "mauvaise-audience": "un fournisseur mal réglé",
    "mauvaise-signature": "un fournisseur contrefait",
}


@dataclass
class RunningProvider:
    url: str

    @property
    def issuer(self) -> str:
        return self.url + "/o"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    database = tmp_path_factory.mktemp("oidc-provider") / "provider.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(database)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("ready "):
            pytest.fail(f"The test OpenID provider did not start: {line!r}")
        provider = RunningProvider(f"http://127.0.0.1:{int(line.split()[1])}")
        deadline = time.monotonic() + 30
        while True:
            try:
                with requests.get(
                    provider.issuer + "/.well-known/openid-configuration", timeout=5
                ) as response:
                    if response.ok:
                        break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("The test OpenID provider does not answer.")
            time.sleep(0.1)
        yield provider
    finally:
        process.stdin.close()
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def provider_settings(issuer: str) -> dict:
    return {
        key: {
            "key": key,
            "name": NAMES[key],
            "issuer": issuer,
            "client_id": client_id,
            "client_secret": SECRET,
            "scopes": "openid email profile",
        }
        for key, client_id in CLIENTS.items()
    }


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    """Cercle configured with the test provider, as the CERCLE_OIDC_* variables would."""
    settings.OIDC_PROVIDERS = provider_settings(oidc_provider.issuer)
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"]}
    directives["form-action"] = [*directives["form-action"], oidc_provider.url]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    return settings


def log_in_at_provider(authorize_url: str, email: str, password: str = PASSWORD) -> str:
    """Play the person's browser at the provider: log in, return where it sends them back."""
    with requests.Session() as browser:
        response = browser.get(authorize_url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text[:500]
        login_url = urljoin(authorize_url, response.headers["Location"])
        assert urlsplit(login_url).path == "/login/"
        browser.get(login_url, timeout=10).raise_for_status()
        response = browser.post(
            login_url,
            data={
                "username": email,
                "password": password,
                "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            },
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, "the provider refused the login"
        response = browser.get(
            urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]
