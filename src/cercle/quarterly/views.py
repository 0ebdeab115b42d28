"""Quarterly online sessions: the public list, calendar and agendas; staff prepare them."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff, staff_required
from cercle.meetings.enums import MeetingStatus
from cercle.quarterly import calendars, services
from cercle.quarterly.forms import AddRequestsForm, AgendaItemForm, SessionForm
from cercle.quarterly.models import AgendaItem, QuarterlySession

ARCHIVED = (MeetingStatus.HELD, MeetingStatus.ARCHIVED)


def _sessions():
    return QuarterlySession.objects.select_related("meeting")


def _session(slug) -> QuarterlySession:
    return get_object_or_404(_sessions(), meeting__slug=slug)


def _item(slug, pk) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("session__meeting", "request"),
        session__meeting__slug=slug,
        pk=pk,
    )


def _refuse(form, error: DomainError) -> None:
    field = next((name for name in error.fields if name in form.fields), None)
    form.add_error(field, error.message)


def _visible(request):
    """Everyone sees the sessions; a session staff put back to draft only staff see."""
    sessions = _sessions()
    if not is_vendor_staff(request.user):
        sessions = sessions.exclude(meeting__status=MeetingStatus.DRAFT)
    return sessions


def session_list(request):
    now = timezone.now()
    sessions = list(_visible(request).order_by("starts_at"))
    return render(
        request,
        "quarterly/list.html",
        {
            "upcoming": [s for s in sessions if s.ends_at > now],
            "past": [s for s in reversed(sessions) if s.ends_at <= now],
            "is_staff": is_vendor_staff(request.user),
        },
    )


def calendar_ics(request):
    sessions = _sessions().exclude(meeting__status=MeetingStatus.DRAFT)
    response = HttpResponse(
        calendars.sessions_calendar(sessions), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="sessions-trimestrielles.ics"'
    return response


@staff_required
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                online_url=form.cleaned_data["online_url"],
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The quarterly session is created: prepare its agenda."))
            return redirect("quarterly:agenda", slug=session.meeting.slug)
    return render(request, "quarterly/session_form.html", {"form": form})


def detail(request, slug):
    session = get_object_or_404(_visible(request), meeting__slug=slug)
    return render(
        request,
        "quarterly/detail.html",
        {
            "session": session,
            "meeting": session.meeting,
            "agenda": session.agenda.select_related("request"),
            "is_staff": is_vendor_staff(request.user),
            "is_over": session.ends_at <= timezone.now(),
            "is_archived": session.meeting.status in ARCHIVED,
            "day": session.meeting.days.first(),
        },
    )


@staff_required
def agenda(request, slug):
    session = _session(slug)
    proposals = services.propose_agenda(session)
    form = AddRequestsForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_to_agenda(
                session=session, actor=request.user, requests=form.chosen()
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s request added to the agenda.",
                    "%(count)s requests added to the agenda.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("quarterly:agenda", slug=slug)
    return render(
        request,
        "quarterly/agenda.html",
        {
            "session": session,
            "items": list(session.agenda.select_related("request")),
            "form": form,
            "proposals": proposals,
        },
    )


@staff_required
def item_edit(request, slug, pk):
    item = _item(slug, pk)
    form = AgendaItemForm(request.POST or None, initial={"title": item.title, "note": item.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(
                item=item,
                actor=request.user,
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The agenda item is saved."))
            return redirect("quarterly:agenda", slug=slug)
    return render(request, "quarterly/item_form.html", {"item": item, "form": form})


@require_POST
@staff_required
def item_move(request, slug, pk):
    item = _item(slug, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest()
    services.move_item(item=item, actor=request.user, up=direction == "up")
    return redirect("quarterly:agenda", slug=slug)


@require_POST
@staff_required
def item_remove(request, slug, pk):
    item = _item(slug, pk)
    services.remove_item(item=item, actor=request.user)
    messages.success(request, _("The request is off the agenda."))
    return redirect("quarterly:agenda", slug=slug)
