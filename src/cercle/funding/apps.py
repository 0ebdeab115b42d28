from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "cercle.funding"
    verbose_name = _("Co-funding and roadmap")
