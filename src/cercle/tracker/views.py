"""Staff link a request to tracker tickets, and unlink them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.core.permissions import staff_required
from cercle.requests.models import ImprovementRequest
from cercle.tracker import services
from cercle.tracker.forms import LinkForm
from cercle.tracker.models import TicketLink


def _improvement(reference):
    return get_object_or_404(ImprovementRequest, reference=reference.upper())


@staff_required
def link(request, reference):
    improvement = _improvement(reference)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.link_ticket(
                improvement=improvement,
                actor=request.user,
                reference=form.cleaned_data["reference"],
            )
        except DomainError as error:
            form.add_error("reference", error.message)
        else:
            messages.success(
                request,
                _("Ticket #%(number)s is linked; its status appears after the next sync.")
                % {"number": ticket.number},
            )
            return redirect(improvement.get_absolute_url() + "#suivi-editeur")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "tracker/link.html", {"form": form, "improvement": improvement}, status=status
    )


@staff_required
@require_POST
def unlink(request, reference, pk):
    improvement = _improvement(reference)
    ticket = get_object_or_404(TicketLink, pk=pk, request=improvement)
    services.unlink_ticket(link=ticket, actor=request.user)
    message = _("Ticket #%(number)s is no longer linked.") % {"number": ticket.number}
    messages.success(request, message)
    return redirect(improvement.get_absolute_url() + "#suivi-editeur")
