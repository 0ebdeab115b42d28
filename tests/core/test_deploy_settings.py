import os
import subprocess
import sys
from pathlib import Path

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
