"""The projector screen of each room: a full page, and the fragment it polls for."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from cercle.core import pagecache
from cercle.onsite import clock, screens
from cercle.onsite.views.common import meeting_for


def _context(request, slug, room):
    """Who may see the screen follows who may see the meeting (drafts: organisers only)."""
    meeting = meeting_for(request, slug)
    names = screens.room_names(meeting, room)
    if not names:
        raise Http404
    lead = screens.lead_minutes(request.GET.get("avance"))
    state = screens.screen_state(meeting, names, now=clock.now(), lead=lead)
    question_url = None
    if state.featured is not None:
        question_url = request.build_absolute_uri(screens.question_path(meeting, state.featured))
    return {
        "meeting": meeting,
        "room": names[0].strip(),
        "room_key": room,
        "lead": lead,
        "state": state,
        "question_url": question_url,
        "qr": screens.qr_data_uri(question_url) if question_url else None,
    }


def room_screen(request, slug, room):
    context = _context(request, slug, room)
    fragment = reverse("onsite:room_screen_state", args=[slug, room])
    context["fragment_url"] = f"{fragment}?avance={context['lead']}"
    context["poll_seconds"] = settings.ROOM_SCREEN_POLL_SECONDS
    return render(request, "onsite/screen.html", context)


# What a room screen shows: the sessions (meetings), their speakers and modules, the question
# being answered, the link to the evaluation.
SCREEN_TOPICS = (
    "meetings",
    "onsite",
    "accounts",
    "organisations",
    "glossary",
    "questions",
    "evaluation",
)


def room_screen_state(request, slug, room):
    """Polled every few seconds by every projector: rendered once a minute per room, or as
    soon as something it shows changes."""
    meeting = meeting_for(request, slug)
    minute = clock.now().replace(second=0, microsecond=0)
    html = pagecache.fragment(
        "onsite:screen",
        topics=SCREEN_TOPICS,
        vary=(
            meeting.pk,
            room,
            request.GET.get("avance", "")[:10],
            minute,
            get_language(),
            request.build_absolute_uri("/"),
        ),
        render=lambda: render_to_string(
            "onsite/_screen.html", _context(request, slug, room), request=request
        ),
    )
    return HttpResponse(html)


def room_list(request, slug):
    meeting = meeting_for(request, slug)
    return render(
        request,
        "onsite/screens.html",
        {
            "meeting": meeting,
            "rooms": screens.meeting_rooms(meeting),
        },
    )
