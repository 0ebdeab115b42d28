"""Rate limits: per token (CERCLE_API_RATE), per address without a token."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

from tests.api.conftest import assert_error, client_for
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@override_settings(API_RATE="2/min")
def test_token_over_its_rate_gets_429(agent):
    client = client_for(agent)

    statuses = [client.get("/api/v1/me/").status_code for _ in range(2)]
    response = client.get("/api/v1/me/")

    assert statuses == [200, 200]
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


@override_settings(API_RATE="2/min")
def test_rate_is_counted_per_token(agent):
    first, second = client_for(agent), client_for(agent)
    other_person = client_for(UserFactory())

    for _ in range(2):
        first.get("/api/v1/me/")

    assert first.get("/api/v1/me/").status_code == 429
    assert second.get("/api/v1/me/").status_code == 200
    assert other_person.get("/api/v1/me/").status_code == 200


@override_settings(API_ANONYMOUS_RATE="1/min", API_RATE="100/min")
def test_anonymous_readers_are_counted_per_address(agent, anonymous):
    assert anonymous.get("/api/v1/organisations/").status_code == 200

    assert_error(anonymous.get("/api/v1/organisations/"), 429, "throttled")
    assert client_for(agent).get("/api/v1/organisations/").status_code == 200


def test_malformed_rate_stops_the_start_up():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CERCLE_", "DJANGO_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), CERCLE_DEBUG="true", CERCLE_API_RATE="beaucoup")

    result = subprocess.run(
        [sys.executable, "-c", "import cercle.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "CERCLE_API_RATE" in result.stderr
