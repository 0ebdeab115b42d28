from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "cercle.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from cercle.core import jobs
        from cercle.webhooks import receivers  # noqa: F401 - connects the signal receivers
        from cercle.webhooks.services import deliver_due

        jobs.register("webhooks.deliver_due", deliver_due, every=5)
