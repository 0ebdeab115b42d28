from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "cercle.privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from cercle.core import jobs
        from cercle.privacy.retention import forget_sensitive_data

        jobs.register("privacy.forget_sensitive_data", forget_sensitive_data, every=60 * 60)
