"""The call page, and members proposing, editing and withdrawing contributions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.contributions import services
from cercle.contributions.forms import CallForm, DecisionForm, ProposalForm, ReviewForm
from cercle.contributions.models import Call, Proposal
from cercle.contributions.permissions import (
    can_open_call,
    can_propose,
    can_schedule,
    is_committee,
)
from cercle.contributions.reviews import has_reviewed, visible_reviews
from cercle.contributions.views.common import add_refusal, get_call, get_proposal
from cercle.core.errors import DomainError
from cercle.meetings.lookups import meeting_for


def call(request, slug):
    meeting = meeting_for(request, slug)
    found = Call.objects.filter(meeting=meeting).first()
    if found is None:
        if can_open_call(request.user):
            return redirect("contributions:call_form", slug=slug)
        raise Http404
    mine = []
    if request.user.is_authenticated:
        mine = list(found.proposals.filter(proposer=request.user).order_by("created_at"))
    return render(
        request,
        "contributions/call.html",
        {
            "call": found,
            "meeting": meeting,
            "is_open": services.is_open(found),
            "can_propose": can_propose(request.user),
            "is_committee": is_committee(request.user, found),
            "can_open_call": can_open_call(request.user),
            "mine": mine,
        },
    )


@login_required
def call_form(request, slug):
    meeting = meeting_for(request, slug)
    if not can_open_call(request.user):
        raise PermissionDenied
    instance = Call.objects.filter(meeting=meeting).first() or Call(meeting=meeting)
    form = CallForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_call(
                call=form.save(commit=False),
                actor=request.user,
                referees=form.cleaned_data["referees"],
            )
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The call for contributions has been saved."))
            return redirect("contributions:call", slug=slug)
    return render(request, "contributions/call_form.html", {"form": form, "meeting": meeting})


@login_required
def propose(request, slug):
    found = get_call(request, slug)
    if not can_propose(request.user):
        raise PermissionDenied
    proposal = Proposal(call=found, proposer=request.user)
    form = ProposalForm(request.POST or None, instance=proposal, call=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_proposal(
                proposal=form.save(commit=False), speakers=form.speaker_lines()
            )
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Thank you: your proposal has been received."))
            return redirect("contributions:proposal", slug=slug, pk=proposal.pk)
    return render(
        request,
        "contributions/proposal_form.html",
        {"form": form, "call": found, "meeting": found.meeting, "is_open": services.is_open(found)},
    )


@login_required
def edit(request, slug, pk):
    proposal = get_proposal(request, slug, pk)
    if proposal.proposer_id != request.user.pk:
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None, instance=proposal, call=proposal.call, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_proposal(
                proposal=form.save(commit=False), actor=request.user, speakers=form.speaker_lines()
            )
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Your proposal has been updated."))
            return redirect("contributions:proposal", slug=slug, pk=pk)
    return render(
        request,
        "contributions/proposal_form.html",
        {
            "form": form,
            "call": proposal.call,
            "meeting": proposal.call.meeting,
            "proposal": proposal,
            "is_open": services.is_open(proposal.call),
        },
    )


@login_required
@require_POST
def withdraw(request, slug, pk):
    proposal = get_proposal(request, slug, pk)
    try:
        services.withdraw_proposal(proposal=proposal, actor=request.user)
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your proposal has been withdrawn."))
    return redirect("contributions:proposal", slug=slug, pk=pk)


@login_required
def proposal_detail(request, slug, pk):
    proposal = get_proposal(request, slug, pk)
    committee = is_committee(request.user, proposal.call)
    reviewed = committee and has_reviewed(proposal, request.user)
    speakers = list(proposal.speakers.select_related("person"))
    return render(
        request,
        "contributions/proposal.html",
        {
            "proposal": proposal,
            "meeting": proposal.call.meeting,
            "speakers": speakers,
            "is_proposer": proposal.proposer_id == request.user.pk,
            "can_change": proposal.proposer_id == request.user.pk
            and proposal.is_submitted
            and services.is_open(proposal.call),
            "can_confirm": proposal.is_accepted
            and any(s.person_id == request.user.pk and not s.confirmed_at for s in speakers),
            "is_committee": committee,
            "can_schedule": can_schedule(request.user),
            "reviewed": reviewed,
            "reviews": visible_reviews(proposal, request.user) if reviewed else [],
            "review_form": ReviewForm(prefix="review") if committee else None,
            "decision_form": DecisionForm(prefix="decision") if committee else None,
        },
    )
