"""The projector screen of each room: a full page, and the fragment it polls for."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

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


def room_screen_state(request, slug, room):
    return render(request, "onsite/_screen.html", _context(request, slug, room))


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
