from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cercle.core"
    verbose_name = _("Cercle")

    def ready(self):
        from cercle.core import pagecache

        pagecache.connect()
