"""Référents pledge for their organisation; pledges move to committed, invoiced, paid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.funding import permissions, selectors, services
from cercle.funding.enums import PledgeStatus
from cercle.funding.forms import PledgeForm, euros_to_cents
from cercle.funding.models import Pledge
from cercle.funding.views import add_domain_error, costed_item_or_404
from cercle.funding.views.items import commit_form_for, rerender


@login_required
@require_POST
def item_pledge(request, reference):
    item = costed_item_or_404(reference)
    organisations = permissions.pledging_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    form = PledgeForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return rerender(request, item, pledge_form=form)
    try:
        services.pledge(
            item=item,
            organisation=form.cleaned_data["organisation"],
            person=request.user,
            amount_cents=euros_to_cents(form.cleaned_data["amount"]),
        )
    except DomainError as error:
        if error.code == "already_funded":
            messages.error(request, error.message)
            return redirect(item)
        add_domain_error(form, error)
        return rerender(request, item, pledge_form=form)
    messages.success(request, _("Your organisation's pledge has been recorded."))
    return redirect(item)


@login_required
@require_POST
def pledge_transition(request, reference, pk):
    item = costed_item_or_404(reference)
    pledge = get_object_or_404(Pledge, pk=pk, item=item)
    if pledge not in selectors.visible_pledges(request.user, item):
        raise Http404
    target = request.POST.get("status", "")
    if target not in PledgeStatus.values:
        raise Http404
    commit_form = (
        commit_form_for(pledge, request.POST) if target == PledgeStatus.COMMITTED else None
    )
    if commit_form is not None and not commit_form.is_valid():
        return rerender(request, item, commit_forms={pledge.pk: commit_form})
    try:
        services.transition_pledge(
            pledge=pledge,
            to_status=target,
            actor=request.user,
            po_number=commit_form.cleaned_data["purchase_order_number"] if commit_form else "",
            po_date=commit_form.cleaned_data["purchase_order_date"] if commit_form else None,
        )
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The pledge is now: %(status)s.") % {"status": PledgeStatus(target).label}
        )
    return redirect(item)
