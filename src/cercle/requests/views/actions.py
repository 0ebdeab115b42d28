"""Actions on a filed request: endorse, +1, comment, follow, and the vendor's triage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.organisations.models import Organisation
from cercle.requests import permissions, services
from cercle.requests.forms import CommentForm, EndorseForm, MergeForm, QuestionForm, StatusForm
from cercle.requests.views.common import detail_with, get_request


def _action(view):
    """POST actions on a request: signed in, the request must exist and be visible."""

    @login_required
    @require_POST
    def wrapper(request, reference):
        improvement = get_request(reference)
        if not permissions.can_view(request.user, improvement):
            raise Http404
        try:
            return view(request, improvement)
        except DomainError as error:
            if error.code == "forbidden":
                raise PermissionDenied from error
            messages.error(request, error.message)
            return redirect(improvement)

    return wrapper


@_action
def request_submit(request, improvement):
    services.submit(improvement=improvement, actor=request.user)
    messages.success(request, _("Your request has been submitted to the club."))
    return redirect(improvement)


@_action
def request_endorse(request, improvement):
    organisations = permissions.endorsing_organisations(request.user, improvement)
    if not organisations.exists():
        raise PermissionDenied
    form = EndorseForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return detail_with(request, improvement, endorse_form=form)
    services.endorse(
        improvement=improvement,
        organisation=form.cleaned_data["organisation"],
        person=request.user,
        use_case=form.cleaned_data["use_case"],
    )
    messages.success(
        request,
        _("%(organisation)s now endorses this request.")
        % {"organisation": form.cleaned_data["organisation"]},
    )
    return redirect(improvement)


@login_required
@require_POST
def request_withdraw(request, reference, organisation):
    improvement = get_request(reference)
    organisation = get_object_or_404(Organisation, slug=organisation)
    try:
        services.withdraw_endorsement(
            improvement=improvement, organisation=organisation, person=request.user
        )
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(organisation)s no longer endorses this request.") % {"organisation": organisation},
        )
    return redirect(improvement)


@_action
def request_support(request, improvement):
    supports = services.toggle_support(improvement=improvement, person=request.user)
    messages.success(
        request,
        _("Your +1 has been counted.") if supports else _("Your +1 has been removed."),
    )
    return redirect(improvement)


@_action
def request_comment(request, improvement):
    form = CommentForm(request.POST)
    if not form.is_valid():
        return detail_with(request, improvement, comment_form=form)
    services.add_comment(
        improvement=improvement, author=request.user, body=form.cleaned_data["body"]
    )
    messages.success(request, _("Your comment has been published."))
    return redirect(f"{improvement.get_absolute_url()}#commentaires")


@_action
def request_follow(request, improvement):
    active = request.POST.get("follow") == "1"
    services.set_following(improvement=improvement, person=request.user, active=active)
    messages.success(
        request,
        _("You will be told about this request's news by email.")
        if active
        else _("You will no longer receive emails about this request."),
    )
    return redirect(improvement)


@_action
def request_status(request, improvement):
    if not permissions.can_triage(request.user):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        return detail_with(request, improvement, status_form=form)
    services.change_status(
        improvement=improvement,
        actor=request.user,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("The status has been changed."))
    return redirect(improvement)


@_action
def request_question(request, improvement):
    if not permissions.can_triage(request.user):
        raise PermissionDenied
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return detail_with(request, improvement, question_form=form)
    services.ask_question(
        improvement=improvement, actor=request.user, question=form.cleaned_data["question"]
    )
    messages.success(request, _("Your question has been sent to the author."))
    return redirect(improvement)


@_action
def request_merge(request, improvement):
    if not permissions.can_triage(request.user):
        raise PermissionDenied
    form = MergeForm(request.POST)
    if not form.is_valid():
        return detail_with(request, improvement, merge_form=form)
    kept = services.merge(
        duplicate=improvement,
        into=form.cleaned_data["into"],
        actor=request.user,
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request,
        _("%(duplicate)s has been merged into %(kept)s.")
        % {"duplicate": improvement.reference, "kept": kept.reference},
    )
    return redirect(kept)
