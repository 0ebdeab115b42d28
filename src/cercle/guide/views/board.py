"""A meeting's retrospective board: what went well, what to improve, and the actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.guide import permissions, selectors, services
from cercle.guide.forms import ActionForm, ActionStatusForm, RetroItemForm
from cercle.guide.models import Action, RetroItem
from cercle.guide.views.common import add_refusal
from cercle.meetings.lookups import meeting_for


def _board(request, meeting, form):
    context = selectors.board(meeting)
    can_decide = permissions.can_decide_actions(request.user)
    return render(
        request,
        "guide/board.html",
        {
            "meeting": meeting,
            "form": form,
            "can_decide": can_decide,
            "status_form": ActionStatusForm() if can_decide else None,
            **context,
        },
    )


@login_required
def board(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    form = RetroItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_retro_item(
                meeting, form.cleaned_data["column"], form.cleaned_data["text"], by=request.user
            )
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The item has been added to the board."))
            return redirect("guide:board", slug=meeting.slug)
    return _board(request, meeting, form)


@require_POST
@login_required
def from_evaluation(request, slug):
    """Put an answer of the meeting's evaluation on the board: only a text the evaluation
    really holds (under the evaluation's own rules), never twice."""
    meeting = meeting_for(request, slug, manage=True)
    column = request.POST.get("column", "")

    def plain(text: str) -> str:  # browsers send line breaks as CRLF
        return text.replace("\r\n", "\n").strip()

    wanted = plain(request.POST.get("text", ""))
    suggestions = selectors.board(meeting)["suggestions"].get(column, [])
    text = next((t for t in suggestions if plain(t) == wanted), None)
    if text is None:
        messages.error(
            request, _("This answer is not among the evaluation's, or is already on the board.")
        )
        return redirect("guide:board", slug=meeting.slug)
    try:
        services.add_retro_item(meeting, column, text, by=request.user, source="evaluation")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The answer has been added to the board."))
    return redirect("guide:board", slug=meeting.slug)


@login_required
def action_new(request, slug, pk):
    meeting = meeting_for(request, slug, manage=True)
    if not permissions.can_decide_actions(request.user):
        raise PermissionDenied
    item = get_object_or_404(RetroItem, pk=pk, meeting=meeting)
    form = ActionForm(request.POST or None, meeting=meeting, initial={"description": item.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(item=item, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The action has been recorded."))
            return redirect("guide:board", slug=meeting.slug)
    return render(
        request, "guide/action_form.html", {"meeting": meeting, "item": item, "form": form}
    )


@require_POST
@login_required
def action_status(request, slug, pk):
    meeting = meeting_for(request, slug, manage=True)
    if not permissions.can_decide_actions(request.user):
        raise PermissionDenied
    action = get_object_or_404(Action, pk=pk, item__meeting=meeting)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(
            action=action, status=form.cleaned_data["status"], by=request.user
        )
        messages.success(request, _("The action's status has been changed."))
    return redirect("guide:board", slug=meeting.slug)
