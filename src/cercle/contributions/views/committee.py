"""The programme committee reviews and decides; staff schedule; speakers confirm; figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.contributions import reviews, scheduling
from cercle.contributions.forms import DecisionForm, ReviewForm, ScheduleForm
from cercle.contributions.permissions import can_schedule
from cercle.contributions.selectors import figures, review_queue
from cercle.contributions.views.common import (
    add_refusal,
    get_call,
    get_proposal,
    require_committee,
)
from cercle.core.errors import DomainError


@login_required
def queue(request, slug):
    call = get_call(request, slug)
    require_committee(request, call)
    return render(
        request,
        "contributions/queue.html",
        {"call": call, "meeting": call.meeting, "proposals": review_queue(call, request.user)},
    )


@login_required
def call_figures(request, slug):
    call = get_call(request, slug)
    require_committee(request, call)
    return render(
        request,
        "contributions/figures.html",
        {"call": call, "meeting": call.meeting, "figures": figures(call)},
    )


def _refuse(request, error: DomainError):
    if error.code == "forbidden":
        raise PermissionDenied from error
    messages.error(request, error.message)


@login_required
@require_POST
def review(request, slug, pk):
    proposal = get_proposal(request, slug, pk)
    require_committee(request, proposal.call)
    form = ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        messages.error(
            request, _("Choose a score from 1 to 5; a comment is at most 3,000 characters.")
        )
        return redirect("contributions:proposal", slug=slug, pk=pk)
    try:
        reviews.submit_review(
            proposal=proposal,
            reviewer=request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Your review has been saved."))
    return redirect("contributions:proposal", slug=slug, pk=pk)


@login_required
@require_POST
def decide(request, slug, pk):
    proposal = get_proposal(request, slug, pk)
    require_committee(request, proposal.call)
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("contributions:proposal", slug=slug, pk=pk)
    try:
        reviews.decide(
            proposal=proposal, actor=request.user, decision=form.cleaned_data["decision"]
        )
    except DomainError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The decision has been recorded and the speakers notified."))
    return redirect("contributions:proposal", slug=slug, pk=pk)


@login_required
def schedule(request, slug, pk):
    proposal = get_proposal(request, slug, pk)
    if not can_schedule(request.user):
        raise PermissionDenied
    meeting = proposal.call.meeting
    form = ScheduleForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.schedule(proposal=proposal, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The session is now on the programme."))
            return redirect("meetings:programme", slug=slug)
    return render(
        request,
        "contributions/schedule.html",
        {"form": form, "proposal": proposal, "meeting": meeting},
    )


@login_required
@require_POST
def confirm(request, slug, pk):
    proposal = get_proposal(request, slug, pk)
    try:
        scheduling.confirm_speaker(proposal=proposal, person=request.user)
    except DomainError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Thank you: you have confirmed you will speak."))
    return redirect("contributions:proposal", slug=slug, pk=pk)
