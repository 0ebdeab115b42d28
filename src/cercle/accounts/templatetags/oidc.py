from django import template

from cercle.accounts import oidc

register = template.Library()


@register.simple_tag
def oidc_providers():
    """The OpenID Connect providers configured (each gets a sign-in button)."""
    return oidc.providers()
