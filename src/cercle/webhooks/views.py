"""Endpoints and their delivery log, for vendor staff and référents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.organisations.models import Organisation
from cercle.webhooks import permissions, services
from cercle.webhooks.forms import EndpointForm
from cercle.webhooks.models import Endpoint

LOG_PAGE_SIZE = 50


def _organisations(user):
    if is_vendor_staff(user):
        return Organisation.objects.order_by("name")
    return permissions.referent_organisations(user)


def _endpoint(request, pk) -> Endpoint:
    """An endpoint the person may manage; any other is "not found" (its existence is private)."""
    endpoint = get_object_or_404(Endpoint.objects.select_related("organisation", "owner"), pk=pk)
    if not permissions.can_manage(request.user, endpoint):
        raise Http404
    return endpoint


@login_required
def endpoint_list(request):
    if not permissions.can_register(request.user):
        raise PermissionDenied
    endpoints = permissions.visible_endpoints(
        request.user, Endpoint.objects.select_related("organisation", "owner")
    )
    return render(request, "webhooks/endpoint_list.html", {"endpoints": endpoints})


@login_required
def endpoint_create(request):
    if not permissions.can_register(request.user):
        raise PermissionDenied
    staff = is_vendor_staff(request.user)
    form = EndpointForm(
        request.POST or None, organisations=_organisations(request.user), staff=staff
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint = services.create_endpoint(
                actor=request.user,
                url=data["url"],
                events=data["events"],
                organisation=data["organisation"],
                description=data["description"],
            )
        except DomainError as error:
            form.add_error(error.fields[0] if error.fields else None, error.message)
        else:
            messages.success(request, _("The endpoint is registered."))
            return redirect(endpoint)
    status = 400 if request.method == "POST" else 200
    return render(request, "webhooks/endpoint_form.html", {"form": form}, status=status)


@login_required
def endpoint_edit(request, pk):
    endpoint = _endpoint(request, pk)
    initial = {"url": endpoint.url, "description": endpoint.description, "events": endpoint.events}
    form = EndpointForm(
        request.POST or None,
        initial=initial,
        organisations=Organisation.objects.none(),
        staff=is_vendor_staff(request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_endpoint(
                endpoint=endpoint,
                actor=request.user,
                url=data["url"],
                events=data["events"],
                description=data["description"],
            )
        except DomainError as error:
            form.add_error(error.fields[0] if error.fields else None, error.message)
        else:
            messages.success(request, _("The endpoint is updated."))
            return redirect(endpoint)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "webhooks/endpoint_form.html",
        {"form": form, "endpoint": endpoint},
        status=status,
    )


@login_required
def endpoint_detail(request, pk):
    """The endpoint and its delivery log: every event sent, each attempt and its answer."""
    endpoint = _endpoint(request, pk)
    number = request.GET.get("page", "")[:12]

    def delivery_log():
        deliveries = endpoint.deliveries.prefetch_related("attempt_log")
        page = Paginator(deliveries, LOG_PAGE_SIZE).get_page(number)
        return render_to_string("webhooks/_delivery_log.html", {"page": page})

    # The log is the endpoint's, the same for everyone who may see it: cached until a
    # delivery or an attempt is recorded.
    log = pagecache.fragment(
        "webhooks:log",
        topics=("webhooks",),
        vary=(endpoint.pk, number, get_language(), get_current_timezone_name()),
        render=delivery_log,
    )
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {"endpoint": endpoint, "log": log, "events": endpoint.event_labels},
    )


@login_required
@require_POST
def endpoint_reactivate(request, pk):
    endpoint = _endpoint(request, pk)
    services.reactivate(endpoint=endpoint, actor=request.user)
    messages.success(request, _("The endpoint is active again; waiting deliveries go out now."))
    return redirect(endpoint)
