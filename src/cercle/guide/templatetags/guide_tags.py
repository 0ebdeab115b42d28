"""Links to a meeting's retrospective and checklist, for the meeting page (meetings imports none
of the guide)."""

from django import template

from cercle.guide.permissions import can_see_checklist

register = template.Library()


@register.inclusion_tag("guide/includes/meeting_links.html", takes_context=True)
def guide_links(context, meeting):
    return {"meeting": meeting, "show": can_see_checklist(context["request"].user, meeting)}
