from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.permissions import staff_required
from cercle.outbox.models import Message, MessageStatus
from cercle.outbox.services import requeue


@staff_required
def message_list(request):
    status = request.GET.get("statut", "")
    queryset = Message.objects.all()
    if status in MessageStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outbox/message_list.html",
        {"page": page, "status": status, "statuses": MessageStatus.choices},
    )


@staff_required
@require_POST
def message_retry(request, pk):
    message = get_object_or_404(Message, pk=pk, status=MessageStatus.FAILED)
    requeue(message)
    messages.success(request, _("The message will be sent again shortly."))
    return redirect("outbox:list")
