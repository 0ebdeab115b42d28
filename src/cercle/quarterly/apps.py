from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuarterlyConfig(AppConfig):
    name = "cercle.quarterly"
    verbose_name = _("Quarterly online sessions")
