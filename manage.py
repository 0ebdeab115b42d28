#!/usr/bin/env python
import os
import sys
from pathlib import Path

# Commands a developer types in a checkout. With no configuration at all (neither
# CERCLE_SECRET_KEY nor CERCLE_DEBUG), these run in development mode rather than refusing.
# Everything else (the worker, which sends the outbox; `check --deploy`; sendtestemail; any
# command not listed) refuses: a production command must never fall back to development
# settings (console mail backend, throwaway key) without anyone noticing.
DEVELOPER_COMMANDS = frozenset(
    {
        "help",
        "runserver",
        "check",  # but not `check --deploy`
        "makemigrations",
        "migrate",
        "showmigrations",
        "sqlmigrate",
        "makemessages",
        "compilemessages",
        "collectstatic",
        "findstatic",
        "shell",
        "dbshell",
        "test",
        "diffsettings",
        "createsuperuser",
        "changepassword",
        "demo",
        "recount",
    }
)


def development_mode_allowed(argv: list[str]) -> bool:
    """Whether `manage.py <argv>` may fall back to development mode when nothing is configured."""
    command = argv[1] if len(argv) > 1 else "help"
    if command.startswith("-"):  # `manage.py --help`, `manage.py --version`
        return True
    if command == "check" and any(arg.split("=", 1)[0] == "--deploy" for arg in argv[2:]):
        return False
    return command in DEVELOPER_COMMANDS


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cercle.settings")
    if not os.environ.get("CERCLE_SECRET_KEY") and not os.environ.get("CERCLE_DEBUG"):
        if not development_mode_allowed(sys.argv):
            command = " ".join(sys.argv[1:2])
            sys.exit(
                f"manage.py {command}: refused, CERCLE_SECRET_KEY is not set. This command "
                "serves or sends, so it never falls back to development mode. Set "
                "CERCLE_SECRET_KEY (production), or CERCLE_DEBUG=true on a development machine."
            )
        os.environ["CERCLE_DEBUG"] = "true"
        print("manage.py: no CERCLE_SECRET_KEY, running in development mode", file=sys.stderr)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
