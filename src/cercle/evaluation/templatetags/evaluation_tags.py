"""The evaluation link on other apps' pages (certificate, registration, room screens), so that
those apps import none of this app's code."""

from django import template
from django.urls import reverse

from cercle.evaluation import services
from cercle.evaluation.permissions import registration_of
from cercle.onsite import clock

register = template.Library()


def _open(meeting):
    evaluation = services.evaluation_of(meeting)
    return evaluation if evaluation is not None and evaluation.is_open(clock.now()) else None


@register.inclusion_tag("evaluation/includes/link.html", takes_context=True)
def evaluation_link(context, meeting):
    """For a registrant, while the evaluation is open: the link to answer it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    evaluation = _open(meeting)
    show = evaluation is not None and registration_of(user, meeting) is not None
    return {"show": show, "meeting": meeting, "evaluation": evaluation}


@register.inclusion_tag("evaluation/includes/screen.html", takes_context=True)
def evaluation_on_screen(context, meeting, next_session=None):
    """On a room screen, during and after the room's last session (no `next_session`), while
    the evaluation is open: its address. One query whatever the screen shows, so the polled
    screen costs the same at every moment."""
    evaluation = _open(meeting)
    url = None
    if evaluation is not None and next_session is None:
        path = reverse("evaluation:answer", args=[meeting.slug])
        request = context.get("request")
        url = request.build_absolute_uri(path) if request is not None else path
    return {"url": url}


@register.inclusion_tag("evaluation/includes/organiser_item.html")
def evaluation_organiser_item(meeting):
    """The organisers' list item on the meeting page (the caller checks who sees the list)."""
    return {"meeting": meeting}
