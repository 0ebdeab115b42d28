import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_environment() -> dict:
    """The process environment without this test run's Cercle and Django settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CERCLE_", "DJANGO_"))
    }


def test_production_settings_refuse_to_start_without_secret_key():
    env = clean_environment()
    env["PYTHONPATH"] = str(ROOT / "src")
    result = subprocess.run(
        [sys.executable, "-c", "import cercle.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "CERCLE_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_values(tmp_path):
    env = clean_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="cercle.settings",
        CERCLE_SECRET_KEY="a-long-random-production-key-" + "k7Zq" * 12,
        CERCLE_ALLOWED_HOSTS="cercle.example.org",
        CERCLE_DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_manage_py_without_configuration_runs_in_development_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "development mode" in result.stderr


def run_manage(*arguments, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=clean_environment() if env is None else env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_settings_without_debug_and_without_key_refuse_to_load():
    env = clean_environment()
    env.update(PYTHONPATH=str(ROOT / "src"), CERCLE_DEBUG="false")
    result = subprocess.run(
        [sys.executable, "-c", "import cercle.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "CERCLE_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["worker", "--once"],
        ["check", "--deploy"],
        ["check", "--deploy=true"],
        ["sendtestemail", "someone@example.org"],
        ["some-command-nobody-listed"],
    ],
)
def test_manage_py_without_configuration_refuses_commands_that_serve_or_send(arguments):
    result = run_manage(*arguments)
    assert result.returncode != 0
    assert "refused, CERCLE_SECRET_KEY is not set" in result.stderr
    assert "development mode" in result.stderr  # the message says how to get it on purpose
    assert "Traceback" not in result.stderr


def test_manage_py_worker_with_explicit_debug_is_a_development_worker():
    env = clean_environment()
    env["CERCLE_DEBUG"] = "true"
    result = run_manage("worker", "--help", env=env)
    assert result.returncode == 0, result.stderr


def test_manage_py_without_configuration_allows_makemigrations_check():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "running in development mode" in result.stderr
