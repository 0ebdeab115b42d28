import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cercle.core import jobs


class Command(BaseCommand):
    help = "Run background jobs (outbox sending, scheduled closings, reminders) in a loop."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--sleep", type=float, default=1.0, help="Seconds between rounds.")

    def handle(self, *args, once=False, sleep=1.0, **options):
        if once:
            for job in jobs.registered():
                self.stdout.write(f"{job.name}: {job.func()}")
            return
        self.stdout.write(
            f"Worker started with jobs: {', '.join(j.name for j in jobs.registered())}"
        )
        try:
            while True:
                close_old_connections()
                jobs.run_due()
                time.sleep(sleep)
        except KeyboardInterrupt:
            self.stdout.write("Worker stopped.")
