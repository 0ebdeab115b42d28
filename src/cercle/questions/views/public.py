"""Answered questions, published with the archive; the organisers' figures."""

from django.http import Http404
from django.shortcuts import render

from cercle.meetings.lookups import meeting_for
from cercle.onsite.permissions import can_see_archive
from cercle.questions import figures as question_figures
from cercle.questions.enums import Status
from cercle.questions.models import Question


def published(request, slug):
    """Answered questions of a held meeting, session by session: the text only, nobody named."""
    meeting = meeting_for(request, slug)
    if not can_see_archive(request.user, meeting):
        raise Http404
    questions = (
        Question.objects.filter(session__meeting=meeting, status=Status.ANSWERED)
        .select_related("session")
        .order_by("session__starts_at", "session__pk", "turn__position")
        .only("text", "session__title", "session__starts_at")
    )
    return render(request, "questions/published.html", {"meeting": meeting, "questions": questions})


def figures(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    return render(
        request,
        "questions/figures.html",
        {"meeting": meeting, "tables": question_figures.tables(meeting)},
    )
