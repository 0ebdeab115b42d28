from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from cercle.core import pagecache
from cercle.meetings import exports
from cercle.meetings.forms import day_label
from cercle.meetings.models import Meeting, Session
from cercle.meetings.permissions import can_manage_meeting
from cercle.onsite.figures import day_figures, meeting_figures
from cercle.onsite.models import Chapter, Document
from cercle.onsite.permissions import ARCHIVED, can_see_archive, can_see_document, is_club_member
from cercle.onsite.views.common import meeting_for


def archive_list(request):
    meetings = list(
        Meeting.objects.filter(status__in=ARCHIVED)
        .select_related("host")
        .prefetch_related("days")
        .order_by("-edition")
    )
    return render(request, "onsite/archive_list.html", {"meetings": meetings})


def _sessions(meeting, user, member):
    sessions = list(
        Session.objects.filter(meeting=meeting)
        .select_related("track", "meeting")
        .prefetch_related(
            "speakers",
            Prefetch("documents", queryset=Document.objects.order_by("added_at", "pk")),
        )
        .order_by("starts_at", "room", "pk")
    )
    for session in sessions:
        documents = list(session.documents.all())
        for document in documents:
            document.session = session
        session.visible_documents = [
            d for d in documents if can_see_document(user, d, member=member)
        ]
        session.hidden_documents = len(documents) - len(session.visible_documents)
    return sessions


def _archive_body(request, meeting, member, can_manage) -> str:
    """Attendance, recordings with chapters and the programme with its documents, rendered."""
    sessions = _sessions(meeting, request.user, member)
    days = list(
        meeting.days.select_related("recording").prefetch_related(
            Prefetch("recording__chapters", queryset=Chapter.objects.order_by("seconds", "pk"))
        )
    )
    figures = day_figures(meeting)
    for day in days:
        day.label = day_label(day)
        day.programme = [s for s in sessions if s.day_id == day.pk]
        day.numbers = figures[day.pk]
        day.saved = getattr(day, "recording", None)
        if day.saved is not None:
            day.chapter_list = list(day.saved.chapters.all())
            for chapter in day.chapter_list:
                chapter.recording = day.saved
    return render_to_string(
        "onsite/_archive_body.html",
        {"meeting": meeting, "days": days, "member": member, "can_manage": can_manage},
    )


# What the archive shows: sessions and days (meetings), recordings, chapters, documents and
# attendance (onsite), speakers' names and organisations.
ARCHIVE_TOPICS = ("meetings", "onsite", "accounts", "organisations")


def archive(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("host"), slug=slug)
    if not can_see_archive(request.user, meeting):
        raise Http404
    member = is_club_member(request.user)
    can_manage = can_manage_meeting(request.user, meeting)
    # Which documents show depends on the person: a signed-in person's fragment is their own.
    body = pagecache.fragment(
        "onsite:archive",
        topics=ARCHIVE_TOPICS,
        vary=(meeting.pk, get_language(), member, can_manage, request.user.pk),
        render=lambda: _archive_body(request, meeting, member, can_manage),
    )
    return render(
        request,
        "onsite/archive.html",
        {"meeting": meeting, "body": body, "can_manage": can_manage},
    )


# What the figures show: registrations, day choices, seats, sessions and days (meetings),
# check-ins and presence online (onsite), organisations' names.
FIGURES_TOPICS = ("meetings", "onsite", "organisations")


@login_required
def figures(request, slug):
    """Registration figures and the attendance recorded on the day, for organisers."""

    meeting = meeting_for(request, slug, manage=True)
    # The same for every organiser: cached until a registration, a check-in or a name changes.
    body = pagecache.fragment(
        "onsite:figures",
        topics=FIGURES_TOPICS,
        vary=(meeting.pk, meeting.slug, get_language()),
        render=lambda: render_to_string(
            "onsite/_figures_body.html",
            {"meeting": meeting, "figures": meeting_figures(meeting), "formats": exports.FORMATS},
        ),
    )
    return render(request, "onsite/figures.html", {"meeting": meeting, "body": body})
