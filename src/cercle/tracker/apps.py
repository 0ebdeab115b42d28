from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "cercle.tracker"
    verbose_name = _("Vendor tracker")

    def ready(self):
        from cercle.core import jobs
        from cercle.tracker.services import sync_due

        jobs.register("tracker.sync_due", sync_due, every=60)
