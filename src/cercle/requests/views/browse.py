"""Reading requests: the searchable list, similar requests, one request's page, triage."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from cercle.core import pagecache
from cercle.core.permissions import staff_required
from cercle.requests import permissions, selectors
from cercle.requests.forms import SearchForm
from cercle.requests.models import Attachment
from cercle.requests.views.common import (
    DETAIL_TOPICS,
    LIST_TOPICS,
    detail_body,
    get_request,
    page_request,
)

TRIAGE_QUEUES = {"new", "needs_info", "stale"}


def _request_list_body(request) -> str:
    """The search form, the matching requests and the pagination, rendered."""
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
    return render_to_string(
        "requests/includes/list_body.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def request_list(request):
    body = pagecache.fragment(
        "requests:list",
        topics=LIST_TOPICS,
        vary=(get_language(), sorted(request.GET.lists())),
        render=lambda: _request_list_body(request),
    )
    return render(
        request,
        "requests/list.html",
        {"body": body, "required": settings.ENDORSEMENTS_REQUIRED},
    )


def similar(request):
    """HTMX fragment: filed requests that look like the title being typed."""
    title = request.GET.get("title", "")[:200]
    exclude = request.GET.get("exclude", "")
    results = selectors.similar_requests(
        title, exclude_pk=int(exclude) if exclude.isdigit() and len(exclude) < 12 else None
    )
    return render(request, "requests/includes/similar.html", {"similar": results, "title": title})


def request_detail(request, reference):
    # The versions first: the request and its page are read after them, cached under them.
    read = pagecache.snapshot(DETAIL_TOPICS)
    improvement = page_request(reference, read)
    if improvement.merged_into_id:
        return redirect(improvement.merged_into, permanent=True)
    if not permissions.can_view(request.user, improvement):
        raise Http404
    return render(
        request,
        "requests/detail.html",
        {"improvement": improvement, "body": detail_body(request, improvement, read)},
    )


def attachment_download(request, reference, pk):
    improvement = get_request(reference)
    if not permissions.can_view(request.user, improvement):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=pk, request=improvement)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.mimetype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def triage(request):
    queue = request.GET.get("file", "new")
    if queue not in TRIAGE_QUEUES:
        queue = "new"
    page = Paginator(selectors.triage_queue(queue), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "requests/triage.html",
        {"page": page, "queue": queue, "query": f"file={queue}"},
    )
