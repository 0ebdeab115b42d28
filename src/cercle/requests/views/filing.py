"""Filing a request: the form for a new draft or an edit, its attachment and its submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercle.core.errors import DomainError
from cercle.organisations.models import Organisation
from cercle.requests import permissions, services
from cercle.requests.forms import RequestForm
from cercle.requests.views.common import get_request

REQUIRED_FIELD = gettext_lazy("This field is required to submit the request.")


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
    except DomainError as error:
        for field in error.fields:
            if field in form.fields:
                form.add_error(field, str(REQUIRED_FIELD))
        form.add_error(None, error.message)
        return False
    return True


def _form_page(request, form, improvement=None, status=200):
    context = {"form": form, "improvement": improvement}
    return render(request, "requests/form.html", context, status=status)


def _refused(request, form, error: DomainError, improvement=None):
    for field in error.fields:
        if field in form.fields:
            form.add_error(field, error.message)
    if not error.fields:
        form.add_error(None, error.message)
    return _form_page(request, form, improvement, status=400)


@login_required
def request_new(request):
    organisations = permissions.filing_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = RequestForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, form)
    data = form.cleaned_data
    try:
        improvement = services.create_draft(
            author=request.user,
            organisation=data["organisation"],
            data=data,
            modules=data["modules"],
        )
    except DomainError as error:
        return _refused(request, form, error)
    return _after_save(request, form, improvement)


@login_required
def request_edit(request, reference):
    improvement = get_request(reference)
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
    try:
        services.update_request(
            improvement=improvement,
            actor=request.user,
            data=form.cleaned_data,
            modules=form.cleaned_data["modules"],
        )
    except DomainError as error:
        return _refused(request, form, error, improvement)
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
