"""What the contributions views share: finding the call and proposal, showing refusals."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cercle.contributions.models import Call, Proposal
from cercle.contributions.permissions import can_see_proposal, is_committee
from cercle.core.errors import DomainError
from cercle.meetings.lookups import meeting_for


def get_call(request, slug) -> Call:
    meeting = meeting_for(request, slug)
    return get_object_or_404(Call.objects.select_related("meeting"), meeting=meeting)


def get_proposal(request, slug, pk) -> Proposal:
    """The proposal, for its proposer and the committee only (403 for anyone else)."""
    call = get_call(request, slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("call__meeting", "organisation", "proposer", "session"),
        pk=pk,
        call=call,
    )
    if not can_see_proposal(request.user, proposal):
        raise PermissionDenied
    return proposal


def require_committee(request, call) -> None:
    if not is_committee(request.user, call):
        raise PermissionDenied


def login_redirect(request):
    return redirect_to_login(request.get_full_path())


def add_refusal(form, error: DomainError) -> None:
    """Show a refused action on the form, on its field when the form has one by that name."""
    field = next((name for name in error.fields if name in form.fields), None)
    form.add_error(field, error.message)
