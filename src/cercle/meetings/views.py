from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cercle.meetings import calendars, exports, services
from cercle.meetings.enums import Experience, MeetingStatus, SeatStatus
from cercle.meetings.forms import (
    ConsentForm,
    MeetingForm,
    ProgrammeFilterForm,
    RegistrationForm,
    SessionForm,
    day_label,
)
from cercle.meetings.lookups import meeting_for as _meeting
from cercle.meetings.models import Meeting, Registration, Session, WorkshopSeat
from cercle.meetings.permissions import (
    can_create_meeting,
    can_manage_meeting,
)
from cercle.organisations.models import Membership

ERROR_MESSAGES = {
    "forbidden": gettext_lazy("You may not do this for this meeting."),
    "closed": gettext_lazy("Registration for this meeting is closed."),
    "not_yet_open": gettext_lazy("Registration for this meeting is not open yet."),
    "started": gettext_lazy("The meeting has started: registrations can no longer be changed."),
    "day_missing": gettext_lazy("Choose how you will attend on %(detail)s."),
    "no_day": gettext_lazy("Choose at least one day on site or remote."),
    "experience_missing": gettext_lazy("Tell us whether you have attended a meeting before."),
    "consent_required": gettext_lazy("Answer the image-rights question: yes or no."),
    "not_a_workshop": gettext_lazy("“%(detail)s” does not take registrations."),
    "workshop_day_absent": gettext_lazy(
        "You chose the workshop “%(detail)s” on a day you do not attend."
    ),
    "workshops_overlap": gettext_lazy(
        "The workshops “%(first)s” and “%(second)s” take place at the same time: choose one."
    ),
    "quota_reached": gettext_lazy(
        "Your organisation has used all its on-site places for %(detail)s: choose remote "
        "attendance for this day, or ask a colleague to give up their place."
    ),
    "not_your_organisation": gettext_lazy("You can only register for your own organisation."),
    "day_has_sessions": gettext_lazy(
        "A day you removed still has sessions: move or delete them first."
    ),
    "unknown_day": gettext_lazy("This day is not a day of the meeting."),
    "ends_before_start": gettext_lazy("The session must end after it starts."),
    "room_overlap": gettext_lazy(
        "This room is already used at that time by “%(detail)s”. Choose another room or time."
    ),
}


def error_message(error: services.MeetingError) -> str:
    detail = error.detail
    if error.code == "workshops_overlap":
        return str(ERROR_MESSAGES[error.code]) % {"first": detail[0], "second": detail[1]}
    if error.code in {"day_missing", "quota_reached"}:
        detail = day_label(detail)
    return str(ERROR_MESSAGES[error.code]) % {"detail": detail}


def meeting_list(request):
    meetings = Meeting.objects.select_related("host").annotate(day_count=Count("days"))
    if not can_create_meeting(request.user):
        meetings = meetings.exclude(status=MeetingStatus.DRAFT)
    meetings = list(meetings.prefetch_related("days"))
    return render(
        request,
        "meetings/list.html",
        {"meetings": meetings, "can_create": can_create_meeting(request.user)},
    )


def detail(request, slug):
    meeting = _meeting(request, slug)
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
        },
    )


@login_required
def meeting_form(request, slug=None):
    meeting = _meeting(request, slug, manage=True) if slug else Meeting(status="draft")
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
        except services.MeetingError as error:
            form.add_error("first_day" if error.field == "days" else None, error_message(error))
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _programme_sessions(meeting):
    return list(
        Session.objects.filter(meeting=meeting)
        .select_related("track", "day")
        .prefetch_related("speakers")
        .order_by("starts_at", "room", "pk")
    )


def _seats_taken(meeting) -> dict[int, int]:
    return dict(
        WorkshopSeat.objects.filter(session__meeting=meeting, status=SeatStatus.CONFIRMED)
        .values_list("session")
        .annotate(n=Count("id"))
    )


def _by_day(days, sessions):
    for day in days:
        day.label = day_label(day)
        day.programme = [session for session in sessions if session.day_id == day.pk]
    return days


def programme(request, slug):
    meeting = _meeting(request, slug)
    tracks = list(meeting.tracks.all())
    form = ProgrammeFilterForm(request.GET or None, tracks=tracks)
    sessions = _programme_sessions(meeting)
    if form.is_valid():
        track, audience = form.cleaned_data["track"], form.cleaned_data["audience"]
        # Sessions meant for everyone (no track, no profile) stay visible under every filter.
        if track:
            sessions = [s for s in sessions if s.track_id in (None, int(track))]
        if audience:
            sessions = [s for s in sessions if s.audience in ("", audience)]
    taken = _seats_taken(meeting)
    for session in sessions:
        if session.needs_signup:
            session.seats_left = max(session.capacity - taken.get(session.pk, 0), 0)
    return render(
        request,
        "meetings/programme.html",
        {
            "meeting": meeting,
            "form": form,
            "days": _by_day(list(meeting.days.all()), sessions),
            "can_manage": can_manage_meeting(request.user, meeting),
        },
    )


def programme_ics(request, slug):
    meeting = _meeting(request, slug)
    response = HttpResponse(
        calendars.programme_calendar(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{meeting.slug}.ics"'
    return response


def agenda_ics(request, token):
    registration = get_object_or_404(
        Registration.objects.select_related("meeting"),
        calendar_token=token,
        cancelled_at__isnull=True,
    )
    response = HttpResponse(
        calendars.personal_calendar(registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="mon-agenda.ics"'
    return response


@login_required
def session_form(request, slug, pk=None):
    meeting = _meeting(request, slug, manage=True)
    session = get_object_or_404(Session, pk=pk, meeting=meeting) if pk else Session()
    form = SessionForm(request.POST or None, instance=session, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_session(
                session=form.save(), actor=request.user, speakers=form.speaker_list()
            )
        except services.MeetingError as error:
            field = {"ends_at": "end"}.get(error.field, error.field)
            form.add_error(field if field in form.fields else None, error_message(error))
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
    meeting = _meeting(request, slug, manage=True)
    session = get_object_or_404(Session, pk=pk, meeting=meeting)
    services.delete_session(session=session, actor=request.user)
    messages.success(request, _("The session “%(title)s” has been deleted.") % {"title": session})
    return redirect("meetings:programme", slug=slug)


def _registration_form(request, meeting, registration, sessions, memberships):
    workshops = [s for s in sessions if s.needs_signup]
    initial = {
        "badge_name": request.user.display_name,
        "experience": Experience.REGULAR
        if services.is_regular(request.user, meeting)
        else Experience.NEWCOMER,
    }
    if memberships:
        initial["organisation"] = str(memberships[0].organisation_id)
        initial["badge_organisation"] = memberships[0].organisation.name
    if registration is not None and registration.is_active:
        initial.update(
            organisation=str(registration.organisation_id),
            badge_name=registration.badge_name,
            badge_organisation=registration.badge_organisation,
            experience=registration.experience,
            dietary_needs=registration.dietary_needs,
            accessibility_needs=registration.accessibility_needs,
            image_consent="yes" if registration.image_consent else "no",
            workshops=[str(seat.session_id) for seat in registration.workshops.all()],
        )
        initial.update({f"day_{c.day_id}": c.attendance for c in registration.days.all()})
    return RegistrationForm(
        request.POST or None,
        initial=initial,
        days=list(meeting.days.all()),
        workshops=workshops,
        seats_taken=_seats_taken(meeting),
        memberships=memberships,
    )


@login_required
def register(request, slug):
    meeting = _meeting(request, slug)
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    registration = Registration.objects.filter(meeting=meeting, person=request.user).first()
    editing = registration is not None and registration.is_active
    sessions = _programme_sessions(meeting)
    form = _registration_form(request, meeting, registration, sessions, memberships)
    if request.method == "POST" and form.is_valid():
        by_pk = {str(m.organisation_id): m.organisation for m in memberships}
        choices = services.Choices(
            organisation=by_pk[form.cleaned_data["organisation"]],
            days=form.day_choices(),
            workshops=form.chosen_workshops(),
            badge_name=form.cleaned_data["badge_name"],
            badge_organisation=form.cleaned_data["badge_organisation"],
            experience=form.cleaned_data["experience"],
            image_consent=form.answer(),
            dietary_needs=form.cleaned_data["dietary_needs"],
            accessibility_needs=form.cleaned_data["accessibility_needs"],
        )
        try:
            services.register(meeting=meeting, person=request.user, choices=choices)
        except services.MeetingError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error_message(error))
        else:
            messages.success(
                request,
                _("Your registration has been updated.")
                if editing
                else _("You are registered. A confirmation email is on its way."),
            )
            return redirect("meetings:my_registration", slug=slug)
    open_for_new = meeting.status == MeetingStatus.OPEN
    return render(
        request,
        "meetings/register.html",
        {
            "meeting": meeting,
            "form": form,
            "days": _by_day(list(meeting.days.all()), sessions),
            "editing": editing,
            "can_register": bool(memberships) and (editing or open_for_new),
            "has_membership": bool(memberships),
        },
    )


def _own_registration(request, slug) -> Registration:
    meeting = _meeting(request, slug)
    return get_object_or_404(
        Registration.objects.select_related("meeting", "organisation"),
        meeting=meeting,
        person=request.user,
        cancelled_at__isnull=True,
    )


@login_required
def my_registration(request, slug):
    registration = _own_registration(request, slug)
    return render(
        request,
        "meetings/my_registration.html",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "consent_form": ConsentForm(),
            **services.agenda(registration),
        },
    )


@login_required
@require_POST
def change_consent(request, slug):
    registration = _own_registration(request, slug)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer the image-rights question: yes or no."))
    else:
        services.set_image_consent(
            registration=registration, actor=request.user, consent_given=form.answer()
        )
        messages.success(request, _("Your image-rights answer has been recorded."))
    return redirect("meetings:my_registration", slug=slug)


@login_required
@require_POST
def cancel(request, slug):
    registration = _own_registration(request, slug)
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except services.MeetingError as error:
        messages.error(request, error_message(error))
        return redirect("meetings:my_registration", slug=slug)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(registration.meeting)


@login_required
def registrations(request, slug):
    meeting = _meeting(request, slug, manage=True)
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
    meeting = _meeting(request, slug, manage=True)
    if fmt not in exports.FORMATS:
        raise Http404
    response = HttpResponse(exports.export(meeting, fmt), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{meeting.slug}.{fmt}"'
    return response
