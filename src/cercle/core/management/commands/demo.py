from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Create (or complete) a believable demo club. Safe to run again: nothing is doubled."

    def handle(self, *args, **options):
        logins = []
        # Each app may ship a `demo.load(stdout=...)`; apps run in INSTALLED_APPS order so
        # later domains (requests, votes, meetings) find the organisations already there.
        for app_config in apps.get_app_configs():
            try:
                load = import_string(f"{app_config.name}.demo.load")
            except ImportError:
                continue
            with transaction.atomic():
                logins.extend(load(stdout=self.stdout) or [])
        self.stdout.write(
            self.style.SUCCESS("Demo club ready. Demo logins (password: cercle-demo):")
        )
        for email, description in logins:
            self.stdout.write(f"  {email:<45} {description}")
