from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cercle.core.permissions import staff_required
from cercle.organisations.models import Organisation
from cercle.requests import permissions, selectors, services
from cercle.requests.forms import (
    CommentForm,
    EndorseForm,
    MergeForm,
    QuestionForm,
    RequestForm,
    SearchForm,
    StatusForm,
)
from cercle.requests.models import Attachment, Comment, Endorsement, ImprovementRequest

ERRORS = {
    "forbidden": gettext_lazy("You are not allowed to do this on this request."),
    "not_member": gettext_lazy("You can only file requests for your own organisations."),
    "incomplete": gettext_lazy("Complete the highlighted fields before submitting."),
    "not_draft": gettext_lazy("This request has already been submitted."),
    "use_case_required": gettext_lazy("Describe your organisation's use case."),
    "already_endorsed": gettext_lazy("Your organisation already endorses this request."),
    "not_endorsed": gettext_lazy("This organisation does not endorse this request."),
    "empty_comment": gettext_lazy("Write something first."),
    "invalid_status": gettext_lazy("This status cannot be set by hand."),
    "reason_required": gettext_lazy("Give a reason: it is shown in the public history."),
    "not_triageable": gettext_lazy("Drafts and merged duplicates cannot change status."),
    "merge_into_itself": gettext_lazy("A request cannot be merged into itself."),
    "not_mergeable": gettext_lazy("Drafts and already merged requests cannot be merged."),
    "reference_unavailable": gettext_lazy("Please try again in a moment."),
}
REQUIRED_FIELD = gettext_lazy("This field is required to submit the request.")


def _error(error: services.RequestError) -> str:
    return str(ERRORS[error.code])


def request_list(request):
    form = SearchForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "module": data["module"],
            "status": data["status"],
            "organisation": data["organisation"],
            "eligible": {"oui": True, "non": False}.get(data["eligible"]),
            "sort": data["sort"] or "endorsed",
        }
    page = Paginator(selectors.search_requests(**filters), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "required": settings.ENDORSEMENTS_REQUIRED,
        },
    )


def similar(request):
    """HTMX fragment: filed requests that look like the title being typed."""
    title = request.GET.get("title", "")[:200]
    exclude = request.GET.get("exclude")
    results = selectors.similar_requests(
        title, exclude_pk=int(exclude) if exclude and exclude.isdigit() else None
    )
    return render(request, "requests/includes/similar.html", {"similar": results, "title": title})


def _get(reference):
    return get_object_or_404(
        ImprovementRequest.objects.select_related("organisation", "author", "merged_into"),
        reference=reference.upper(),
    )


def _save_attachment(request, improvement, form) -> bool:
    uploaded = form.cleaned_data.get("attachment")
    if not uploaded:
        return True
    try:
        services.attach_file(improvement=improvement, uploaded=uploaded, person=request.user)
    except ValidationError as error:
        form.add_error("attachment", error)
        return False
    return True


def _submit_or_report(request, improvement, form) -> bool:
    try:
        services.submit(improvement=improvement, actor=request.user)
    except services.RequestError as error:
        for field in error.fields:
            if field in form.fields:
                form.add_error(field, str(REQUIRED_FIELD))
        form.add_error(None, _error(error))
        return False
    return True


def _form_page(request, form, improvement=None):
    return render(request, "requests/form.html", {"form": form, "improvement": improvement})


@login_required
def request_new(request):
    organisations = permissions.filing_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = RequestForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, form)
    data = form.cleaned_data
    improvement = services.create_draft(
        author=request.user, organisation=data["organisation"], data=data, modules=data["modules"]
    )
    return _after_save(request, form, improvement)


@login_required
def request_edit(request, reference):
    improvement = _get(reference)
    if not permissions.can_edit(request.user, improvement):
        raise PermissionDenied
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        instance=improvement,
        organisations=Organisation.objects.none(),
    )
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, form, improvement)
    services.update_request(
        improvement=improvement,
        actor=request.user,
        data=form.cleaned_data,
        modules=form.cleaned_data["modules"],
    )
    return _after_save(request, form, improvement)


def _after_save(request, form, improvement):
    """The texts are saved; store the attachment and submit when asked, else show what's wrong.

    When something is refused the draft is kept and the form comes back with what was typed.
    """
    if not _save_attachment(request, improvement, form):
        return _form_page(request, form, improvement)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Draft saved. You can finish it later."))
        return redirect(improvement)
    if not _submit_or_report(request, improvement, form):
        return _form_page(request, form, improvement)
    messages.success(request, _("Your request has been submitted to the club."))
    return redirect(improvement)


def _detail_context(request, improvement):
    user = request.user
    endorsements = list(
        Endorsement.objects.filter(request=improvement).select_related(
            "organisation", "endorsed_by"
        )
    )
    endorsing = permissions.endorsing_organisations(user, improvement)
    referent_ids = permissions.referent_organisation_ids(user)
    is_staff = permissions.can_triage(user)
    context = {
        "improvement": improvement,
        "modules": improvement.modules.all(),
        "endorsements": endorsements,
        "withdrawable": {
            e.organisation_id
            for e in endorsements
            if permissions.can_withdraw(
                user, improvement, e.organisation, referent_ids=referent_ids
            )
        },
        "comments": Comment.objects.filter(request=improvement).select_related("author"),
        "history": improvement.history.select_related("actor", "merged_from"),
        "attachments": improvement.attachments.all(),
        "required": settings.ENDORSEMENTS_REQUIRED,
        "can_edit": permissions.can_edit(user, improvement),
        "can_take_part": permissions.can_take_part(user, improvement),
        "endorse_form": EndorseForm(organisations=endorsing) if endorsing.exists() else None,
        "comment_form": CommentForm(),
        "is_staff": is_staff,
    }
    if user.is_authenticated:
        context["supports"] = improvement.supports.filter(user=user).exists()
        follow = improvement.follows.filter(user=user).first()
        context["following"] = bool(follow and follow.active)
    if is_staff:
        context.update(
            status_form=StatusForm(), question_form=QuestionForm(), merge_form=MergeForm()
        )
    return context


def request_detail(request, reference):
    improvement = _get(reference)
    if improvement.merged_into_id:
        return redirect(improvement.merged_into, permanent=True)
    if not permissions.can_view(request.user, improvement):
        raise Http404
    return render(request, "requests/detail.html", _detail_context(request, improvement))


def _detail_with(request, improvement, **forms):
    """The request page again, with a refused form and what the person typed in it."""
    context = _detail_context(request, improvement)
    context.update(forms)
    return render(request, "requests/detail.html", context, status=400)


def _action(view):
    """POST actions on a request: signed in, the request must exist and be visible."""

    @login_required
    @require_POST
    def wrapper(request, reference):
        improvement = _get(reference)
        if not permissions.can_view(request.user, improvement):
            raise Http404
        try:
            return view(request, improvement)
        except services.RequestError as error:
            if error.code == "forbidden":
                raise PermissionDenied from error
            messages.error(request, _error(error))
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
        return _detail_with(request, improvement, endorse_form=form)
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
    improvement = _get(reference)
    organisation = get_object_or_404(Organisation, slug=organisation)
    try:
        services.withdraw_endorsement(
            improvement=improvement, organisation=organisation, person=request.user
        )
    except services.RequestError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, _error(error))
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
        return _detail_with(request, improvement, comment_form=form)
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
        return _detail_with(request, improvement, status_form=form)
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
        return _detail_with(request, improvement, question_form=form)
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
        return _detail_with(request, improvement, merge_form=form)
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


def attachment_download(request, reference, pk):
    improvement = _get(reference)
    if not permissions.can_view(request.user, improvement):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=pk, request=improvement)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mimetype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def triage(request):
    queue = request.GET.get("file", "new")
    if queue not in {"new", "needs_info", "stale"}:
        queue = "new"
    page = Paginator(selectors.triage_queue(queue), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "requests/triage.html",
        {"page": page, "queue": queue, "query": f"file={queue}"},
    )
