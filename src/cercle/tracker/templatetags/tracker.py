"""The tracker's tickets on other domains' pages, without those domains importing tracker."""

from django import template

from cercle.core.permissions import is_vendor_staff
from cercle.tracker.forms import LinkForm
from cercle.tracker.models import TicketLink

register = template.Library()


@register.inclusion_tag("tracker/includes/request_tickets.html", takes_context=True)
def request_tickets(context, improvement):
    """The tickets section of a request page (one query), with the link form for staff."""
    request = context.get("request")
    is_staff = request is not None and is_vendor_staff(request.user)
    links = list(TicketLink.objects.filter(request=improvement))
    return {
        "improvement": improvement,
        "links": links,
        "is_staff": is_staff,
        "form": LinkForm() if is_staff else None,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def tickets_by_request(groups) -> dict:
    """{request id: [links]} for every roadmap entry in `groups` (dicts with "items"), in one
    query, so the roadmap's query count does not grow with its items."""
    ids = {
        entry.request_id
        for group in groups
        for entry in group["items"]
        if getattr(entry, "request_id", None)
    }
    index: dict[int, list] = {}
    # Always exactly one query (an empty "in" would skip it and make the count vary).
    for link in TicketLink.objects.filter(request__roadmap_item__isnull=False):
        if link.request_id in ids:
            index.setdefault(link.request_id, []).append(link)
    return index


@register.filter
def tickets_for(index: dict, request_id):
    return index.get(request_id, []) if index else []
