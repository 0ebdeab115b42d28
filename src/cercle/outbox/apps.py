from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "cercle.outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from cercle.core import jobs
        from cercle.outbox.services import send_due

        jobs.register("outbox.send_due", send_due, every=5)
