#!/usr/bin/env python
import os
import sys
from pathlib import Path


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cercle.settings")
    # Commands typed in a checkout without any configuration are a developer's: run them in
    # development mode rather than refusing. Servers load cercle.wsgi, which stays strict.
    if not os.environ.get("CERCLE_SECRET_KEY") and not os.environ.get("CERCLE_DEBUG"):
        os.environ["CERCLE_DEBUG"] = "true"
        print("manage.py: no CERCLE_SECRET_KEY, running in development mode", file=sys.stderr)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
