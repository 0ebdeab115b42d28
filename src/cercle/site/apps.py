from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The pages that gather every domain (home page, demo club): the top layer.

    Its label "site" does not clash with django.contrib.sites, whose label is "sites".
    """

    name = "cercle.site"
    verbose_name = _("Site pages")
