"""The participants' page of a session: ask, support, declare (phone via QR code, or remote)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cercle.core.errors import DomainError
from cercle.questions import selectors, services
from cercle.questions.forms import DeclarationForm, QuestionForm
from cercle.questions.models import Declaration, Question
from cercle.questions.permissions import presence
from cercle.questions.views.common import as_pk, session_for


def _declaration_form(session, user, data=None):
    declared = Declaration.objects.filter(meeting_id=session.meeting_id, person=user).first()
    return DeclarationForm(data, initial={"gender": declared.gender if declared else ""})


def _support(request, session):
    pk = as_pk(request.POST.get("question"))
    question = Question.objects.filter(session=session, pk=pk).first() if pk else None
    if question is None:
        raise DomainError("not_waiting", _("This question is no longer waiting."))
    services.support(question=question, person=request.user)
    messages.success(request, _("Your support is counted."))


def _declare(request, session):
    form = _declaration_form(session, request.user, request.POST)
    gender = form.cleaned_data["gender"] if form.is_valid() else request.POST.get("gender", "?")
    services.declare(meeting=session.meeting, person=request.user, gender=gender)
    messages.success(request, _("Your answer for turn-taking is saved."))


@login_required
def ask(request, slug, pk):
    session = session_for(request, slug, pk)
    form = QuestionForm(request.POST if request.POST.get("action") == "ask" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "ask" and form.is_valid():
                services.ask(session=session, person=request.user, text=form.cleaned_data["text"])
                messages.success(request, _("Your question is in the queue."))
            elif action == "support":
                _support(request, session)
            elif action == "declare":
                _declare(request, session)
            return redirect("questions:ask", slug, pk)
        except DomainError as error:
            if action == "ask":
                form.add_error("text", error.message)
            else:
                messages.error(request, error.message)
                return redirect("questions:ask", slug, pk)
    context = _context(request, session)
    context["form"] = form
    return render(request, "questions/ask.html", context, status=400 if form.errors else 200)


def _context(request, session) -> dict:
    return {
        "session": session,
        "meeting": session.meeting,
        "present": presence(request.user, session) is not None,
        "questions": selectors.queue(session, viewer=request.user),
        "answering": selectors.answering_now(session),
        "declaration_form": _declaration_form(session, request.user),
        "polling": True,
    }


@login_required
@require_GET
def queue(request, slug, pk):
    """The live part of the page, polled by HTMX."""
    session = session_for(request, slug, pk)
    return render(request, "questions/includes/queue.html", _context(request, session))
