import pytest
from django.core.exceptions import ImproperlyConfigured

from cercle.envconf import database_from_url, env_bool


def test_database_from_url_sqlite_relative_path():
    assert database_from_url("sqlite:///var/db.sqlite3")["NAME"] == "var/db.sqlite3"


def test_database_from_url_sqlite_absolute_path():
    config = database_from_url("sqlite:////tmp/db.sqlite3")
    assert (config["ENGINE"], config["NAME"]) == ("django.db.backends.sqlite3", "/tmp/db.sqlite3")


def test_database_from_url_postgres():
    config = database_from_url("postgres://cercle:s%40cret@db.example:5433/cercle?sslmode=require")
    assert (
        config["ENGINE"],
        config["NAME"],
        config["USER"],
        config["PASSWORD"],
        config["HOST"],
        config["PORT"],
        config["OPTIONS"],
    ) == (
        "django.db.backends.postgresql",
        "cercle",
        "cercle",
        "s@cret",
        "db.example",
        "5433",
        {"sslmode": "require"},
    )


def test_database_from_url_unknown_scheme_refused():
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://localhost/cercle")


def test_env_bool_rejects_garbage(monkeypatch):
    monkeypatch.setenv("CERCLE_SOMETHING", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOMETHING")


def test_settings_said_configurable_are_read_from_the_environment():
    """Each tunable rule the README documents comes from a CERCLE_* variable."""
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cercle.settings_test';"
        "from django.conf import settings as s;"
        "print(s.CONTRIBUTIONS_NEW_MEMBER_DAYS, s.CONTRIBUTIONS_NEW_MEMBER_MEETINGS,"
        " s.ROOM_SCREEN_LEAD_MINUTES, s.ROOM_SCREEN_POLL_SECONDS)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": "src",
        "CERCLE_CONTRIBUTIONS_NEW_MEMBER_DAYS": "90",
        "CERCLE_CONTRIBUTIONS_NEW_MEMBER_MEETINGS": "3",
        "CERCLE_ROOM_SCREEN_LEAD_MINUTES": "30",
        "CERCLE_ROOM_SCREEN_POLL_SECONDS": "5",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["90", "3", "30", "5"]
