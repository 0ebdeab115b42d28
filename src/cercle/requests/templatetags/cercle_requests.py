"""Request lists other apps show without importing this app: {% load cercle_requests %}."""

from django import template

from cercle.requests import selectors

register = template.Library()


@register.inclusion_tag("requests/includes/organisation_section.html")
def organisation_requests(organisation):
    """The requests an organisation filed and those it endorsed, for its public page."""
    return {"organisation_requests": selectors.organisation_requests(organisation)}
