from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostingConfig(AppConfig):
    name = "cercle.hosting"
    verbose_name = _("Hosting the club meetings")
