"""The note on a request's page about the quarterly sessions that discuss it, without the
requests app importing this one: {% load cercle_quarterly %}{% quarterly_notes improvement %}."""

from django import template

from cercle.quarterly.models import AgendaItem

register = template.Library()


@register.inclusion_tag("quarterly/includes/request_notes.html")
def quarterly_notes(improvement):
    """One query, however many sessions discuss the request."""
    items = AgendaItem.objects.filter(request=improvement).select_related("session__meeting")
    return {"quarterly_items": list(items.order_by("session__starts_at"))}
