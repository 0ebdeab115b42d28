"""The moderator's page: the proposed question, the queue, take / answer / hide / merge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.meetings.permissions import can_manage_meeting
from cercle.questions import selectors, services
from cercle.questions.forms import HideForm, MergeForm, PolicyForm
from cercle.questions.models import Question
from cercle.questions.permissions import can_moderate
from cercle.questions.views.common import session_for


def _moderated_session(request, slug, pk):
    session = session_for(request, slug, pk)
    if not can_moderate(request.user, session):
        raise PermissionDenied
    return session


def _number(value):
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return -1


def _post(request, session):
    action = request.POST.get("action")
    if action == "take":
        question = services.take(
            session=session,
            actor=request.user,
            seen_current=_number(request.POST.get("current")),
            question_pk=_number(request.POST.get("question")),
        )
        messages.success(request, _("Now answering: %(text)s") % {"text": question.text[:80]})
    elif action == "answer":
        services.answer(session=session, actor=request.user)
        messages.success(request, _("The question is marked answered."))
    elif action == "policy":
        form = PolicyForm(request.POST)
        policy = form.cleaned_data["policy"] if form.is_valid() else "?"
        services.set_policy(session=session, actor=request.user, policy=policy)
        messages.success(request, _("The turn-taking rule is saved."))


# The room needs the head of the queue; the count says how many wait, and the next pages of
# the queue are a link away (to hide or merge a question further down).
SHOWN = 50
# What the queue shows: questions, turns and the moderation rule (questions), authors' names
# (accounts).
PANEL_TOPICS = ("questions", "accounts")


def _page_number(request) -> int:
    """The page of the queue asked for: 1 unless a whole number ≥ 1 (past the last page, the
    last page shows)."""
    value = request.GET.get("page", "")
    return min(int(value), 100_000) if value.isdigit() and int(value) >= 1 else 1


def _queue_context(session, number: int) -> dict:
    policy = selectors.policy_of(session)
    proposed_pk = selectors.proposal(session, policy)
    waiting = selectors.moderation_queue(session)
    page = Paginator(waiting, SHOWN).get_page(number)
    questions = list(page)
    proposed = next((q for q in questions if q.pk == proposed_pk), None)
    if proposed is None and proposed_pk is not None:
        proposed = waiting.get(pk=proposed_pk)
    for question in questions:
        question.proposed = question.pk == proposed_pk
    return {
        "questions": questions,
        "page": page,
        "waiting_count": page.paginator.count,
        "proposed": proposed,
        "answering": selectors.answering_now(session),
        "moderate_url": reverse("questions:moderate", args=[session.meeting.slug, session.pk]),
    }


def _panel_context(request, session) -> dict:
    """The live panel: its two forms (with the person's CSRF token) around the queue, which is
    the same for every moderator and cached until a question, a turn or a name changes."""
    number = _page_number(request)
    queue = pagecache.fragment(
        "questions:moderation",
        topics=PANEL_TOPICS,
        vary=(session.pk, session.meeting.slug, number, get_language()),
        render=lambda: render_to_string(
            "questions/includes/_moderation_queue.html", _queue_context(session, number)
        ),
    )
    return {"session": session, "meeting": session.meeting, "queue": queue, "number": number}


@login_required
def moderate(request, slug, pk):
    session = _moderated_session(request, slug, pk)
    if request.method == "POST":
        try:
            _post(request, session)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("questions:moderate", slug, pk)
    context = _panel_context(request, session)
    # The rule's field (no token: the form around it is on the page) changes with the rule.
    context["policy_field"] = pagecache.fragment(
        "questions:policy",
        topics=("questions",),
        vary=(session.pk, get_language()),
        render=lambda: PolicyForm(initial={"policy": selectors.policy_of(session)})[
            "policy"
        ].as_field_group(),
    )
    context["can_name_moderators"] = can_manage_meeting(request.user, session.meeting)
    return render(request, "questions/moderate.html", context)


@login_required
@require_GET
def panel(request, slug, pk):
    """The live part of the moderator's page, polled by HTMX."""
    session = _moderated_session(request, slug, pk)
    return render(request, "questions/includes/panel.html", _panel_context(request, session))


@login_required
def question(request, slug, pk, question):
    """Hide a question (with a reason) or merge it into a duplicate."""
    session = _moderated_session(request, slug, pk)
    item = Question.objects.filter(session=session, pk=question).select_related("session").first()
    if item is None:
        raise Http404
    targets = selectors.queue(session).exclude(pk=item.pk)
    action = request.POST.get("action")
    hide_form = HideForm(request.POST if action == "hide" else None)
    merge_form = MergeForm(request.POST if action == "merge" else None, targets=targets)
    if request.method == "POST":
        try:
            if action == "hide" and hide_form.is_valid():
                services.hide(
                    question=item, actor=request.user, reason=hide_form.cleaned_data["reason"]
                )
                messages.success(request, _("The question is hidden."))
                return redirect("questions:moderate", slug, pk)
            if action == "merge" and merge_form.is_valid():
                into = targets.get(pk=merge_form.cleaned_data["into"])
                services.merge(duplicate=item, into=into, actor=request.user)
                messages.success(request, _("The questions are merged."))
                return redirect("questions:moderate", slug, pk)
        except DomainError as error:
            (hide_form if action == "hide" else merge_form).add_error(None, error.message)
    context = {
        "session": session,
        "meeting": session.meeting,
        "question": item,
        "hide_form": hide_form,
        "merge_form": merge_form,
    }
    status = 400 if hide_form.errors or merge_form.errors else 200
    return render(request, "questions/moderate_question.html", context, status=status)
