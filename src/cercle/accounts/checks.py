"""Deployment checks of the OpenID Connect settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register


@register("security", deploy=True)
def oidc_issuers_use_https(app_configs, **kwargs):
    """Tokens and the client secret travel to the issuer: plain HTTP would expose them."""
    return [
        Warning(
            f"The OpenID Connect provider {key!r} is not served over HTTPS: {config['issuer']}",
            hint=f"Set CERCLE_OIDC_{key.upper().replace('-', '_')}_ISSUER to an https:// address.",
            id="accounts.W001",
        )
        for key, config in settings.OIDC_PROVIDERS.items()
        if urlsplit(config["issuer"]).scheme != "https"
    ]
