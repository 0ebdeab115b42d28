"""Organisers' pages: the list of registrations and its exports (figures are onsite's)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from cercle.meetings import exports
from cercle.meetings.models import Registration
from cercle.meetings.views.common import get_meeting


@login_required
def registrations(request, slug):
    meeting = get_meeting(request, slug, manage=True)
    queryset = (
        Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True)
        .select_related("person", "organisation")
        .order_by("badge_name", "pk")
    )
    page = Paginator(queryset, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/registrations.html",
        {"meeting": meeting, "page": page, "formats": exports.FORMATS},
    )


@login_required
def export(request, slug, fmt):
    meeting = get_meeting(request, slug, manage=True)
    if fmt not in exports.FORMATS:
        raise Http404
    response = HttpResponse(exports.export(meeting, fmt), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{meeting.slug}.{fmt}"'
    return response
