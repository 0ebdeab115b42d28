"""Public pages of a meeting and its programme; organisers edit the meeting and its sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core import jinja, pagecache
from cercle.core.errors import DomainError
from cercle.meetings import calendars, glance, services
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.formatting import session_texts
from cercle.meetings.forms import MeetingForm, ProgrammeFilterForm, SessionForm
from cercle.meetings.models import Meeting, Registration, Session
from cercle.meetings.permissions import can_create_meeting, can_manage_meeting
from cercle.meetings.selectors import programme_days, programme_sessions
from cercle.meetings.views.common import PROGRAMME_TOPICS, add_refusal, by_day, get_meeting


def meeting_list(request):
    meetings = (
        Meeting.objects.filter(remote_only=False)
        .select_related("host")
        .annotate(day_count=Count("days"))
    )
    if not can_create_meeting(request.user):
        meetings = meetings.exclude(status=MeetingStatus.DRAFT)
    meetings = list(meetings.prefetch_related("days"))
    return render(
        request,
        "meetings/list.html",
        {"meetings": meetings, "can_create": can_create_meeting(request.user)},
    )


def detail(request, slug):
    meeting = get_meeting(request, slug)
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(
            meeting=meeting, person=request.user, cancelled_at__isnull=True
        ).first()
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "days": meeting.days.all(),
            "tracks": meeting.tracks.all(),
            "registration": registration,
            "can_manage": can_manage_meeting(request.user, meeting),
            "is_open": meeting.status == MeetingStatus.OPEN,
            "has_archive": meeting.status in (MeetingStatus.HELD, MeetingStatus.ARCHIVED),
        },
    )


@login_required
def meeting_form(request, slug=None):
    meeting = get_meeting(request, slug, manage=True) if slug else Meeting(status="draft")
    if slug is None and not can_create_meeting(request.user):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        can_change_host=can_create_meeting(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.save_meeting(
                meeting=form.save(commit=False),
                actor=request.user,
                days=form.days(),
                tracks=form.track_names(),
            )
        except DomainError as error:
            add_refusal(form, error, renamed={"days": "first_day"})
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _programme_days(request, meeting, form, can_manage) -> str:
    """The days of the programme, rendered: what the page's fragment cache holds."""
    sessions = programme_sessions(meeting, person=request.user)
    if form.is_valid():
        track, audience = form.cleaned_data["track"], form.cleaned_data["audience"]
        # Sessions meant for everyone (no track, no profile) stay visible under every filter.
        if track:
            sessions = [s for s in sessions if s.track_id in (None, int(track))]
        if audience:
            sessions = [s for s in sessions if s.audience in ("", audience)]
    days = by_day(programme_days(meeting, person=request.user), sessions)
    for day in days:
        day.timetable = glance.layout(day.programme)
    glance.mark_mine(days)
    return jinja.render(
        "meetings/_programme_days.html",
        {
            "meeting": meeting,
            "form": form,
            "days": days,
            "can_manage": can_manage,
            "text": session_texts(),
        },
    )


def programme(request, slug):
    meeting = get_meeting(request, slug)
    can_manage = can_manage_meeting(request.user, meeting)

    def filtered_programme():
        form = ProgrammeFilterForm(request.GET or None, tracks=list(meeting.tracks.all()))
        return _programme_days(request, meeting, form, can_manage)

    # The filters form and the days. A signed-in person sees their own day and seat statuses:
    # their fragment is their own.
    days = pagecache.fragment(
        "meetings:programme",
        topics=PROGRAMME_TOPICS,
        vary=(meeting.pk, get_language(), sorted(request.GET.lists()), request.user.pk, can_manage),
        render=filtered_programme,
    )
    return render(
        request,
        "meetings/programme.html",
        {"meeting": meeting, "days": days, "can_manage": can_manage},
    )


def programme_ics(request, slug):
    meeting = get_meeting(request, slug)
    response = HttpResponse(
        calendars.programme_calendar(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{meeting.slug}.ics"'
    return response


@login_required
def session_form(request, slug, pk=None):
    meeting = get_meeting(request, slug, manage=True)
    session = get_object_or_404(Session, pk=pk, meeting=meeting) if pk else Session()
    form = SessionForm(request.POST or None, instance=session, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_session(
                session=form.save(), actor=request.user, speakers=form.speaker_list()
            )
        except DomainError as error:
            add_refusal(form, error, renamed={"ends_at": "end"})
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("meetings:programme", slug=slug)
    return render(
        request,
        "meetings/session_form.html",
        {"form": form, "meeting": meeting, "session": session},
    )


@login_required
@require_POST
def session_delete(request, slug, pk):
    meeting = get_meeting(request, slug, manage=True)
    session = get_object_or_404(Session, pk=pk, meeting=meeting)
    services.delete_session(session=session, actor=request.user)
    messages.success(request, _("The session “%(title)s” has been deleted.") % {"title": session})
    return redirect("meetings:programme", slug=slug)
