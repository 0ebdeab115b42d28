from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cercle.accounts"
    verbose_name = _("People")

    def ready(self):
        from cercle.accounts import checks  # noqa: F401  (registers the deploy checks)
