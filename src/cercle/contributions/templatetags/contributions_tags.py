"""The call for contributions, announced on the meeting page (meetings imports none of it)."""

from django import template
from django.utils import timezone

from cercle.contributions.models import Call
from cercle.contributions.permissions import can_open_call

register = template.Library()


@register.inclusion_tag("contributions/includes/call_link.html", takes_context=True)
def call_for_contributions(context, meeting):
    """A link to the meeting's call: open until its deadline, or for staff to open one."""
    call = Call.objects.filter(meeting=meeting).first()
    user = context["request"].user
    return {
        "meeting": meeting,
        "call": call,
        "is_open": call is not None and call.deadline > timezone.now(),
        "can_open": call is None and can_open_call(user),
    }
