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
