from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cercle.meetings.enums import MeetingStatus
from cercle.meetings.forms import day_label, time_range
from cercle.meetings.models import Meeting, MeetingDay, Registration, Session
from cercle.meetings.permissions import can_manage_meeting, can_view_meeting
from cercle.onsite import services
from cercle.onsite.forms import (
    AgendaForm,
    BadgeForm,
    CheckInCodeForm,
    DocumentForm,
    RecordingForm,
    RemoteImportForm,
    SearchForm,
)
from cercle.onsite.models import Chapter, Document, Recording
from cercle.onsite.permissions import can_see_document, is_club_member

PAST = [MeetingStatus.HELD, MeetingStatus.ARCHIVED]
ERROR_MESSAGES = {
    "forbidden": gettext_lazy("You may not do this for this meeting."),
    "invalid_code": gettext_lazy(
        "Invalid code: this is not a badge of the club, or it was altered."
    ),
    "other_meeting": gettext_lazy("This badge is for another meeting."),
    "cancelled": gettext_lazy("%(detail)s cancelled their registration."),
    "already_checked_in": gettext_lazy("%(name)s was already checked in at %(time)s."),
    "no_badges": gettext_lazy("Nobody matches these choices: there is no badge to print."),
    "unknown_layout": gettext_lazy("Choose a layout."),
    "no_columns": gettext_lazy(
        "The file's first line must name its columns, with at least “name” or “email”."
    ),
    "unknown_provider": gettext_lazy("Choose a provider."),
    "no_chapters": gettext_lazy("No line of the agenda ends with a timecode."),
    "file_or_link": gettext_lazy("Give either a file or a link, not both."),
    "unknown_visibility": gettext_lazy("Choose who may see the document."),
    "nothing_attended": gettext_lazy("No attendance has been recorded: there is no certificate."),
}
UNPARSED_REASONS = {
    "no_timecode": gettext_lazy("no timecode at the end of the line"),
    "invalid_timecode": gettext_lazy("the timecode cannot be read"),
    "missing_title": gettext_lazy("a timecode without a title"),
}


def error_message(error: services.OnsiteError) -> str:
    if error.code == "already_checked_in":
        entry = error.detail
        return str(ERROR_MESSAGES[error.code]) % {
            "name": entry.registration.badge_name,
            "time": services.local_time(entry.checked_in_at),
        }
    return str(ERROR_MESSAGES[error.code]) % {"detail": error.detail}


def _meeting(request, slug, *, manage=False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("host"), slug=slug)
    if manage:
        if not request.user.is_authenticated or not can_manage_meeting(request.user, meeting):
            raise PermissionDenied
    elif not can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


def _day(meeting, iso_date) -> MeetingDay:
    try:
        wanted = date.fromisoformat(iso_date)
    except ValueError as error:
        raise Http404 from error
    day = get_object_or_404(MeetingDay, meeting=meeting, date=wanted)
    day.label = day_label(day)
    return day


def _pdf(content: bytes, filename: str, *, content_type="application/pdf") -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Badges ---------------------------------------------------------------------------


@login_required
def badges(request, slug):
    meeting = _meeting(request, slug, manage=True)
    days = list(meeting.days.all())
    everyone = list(services.onsite_registrations(meeting=meeting))
    organisations = sorted(
        {(r.organisation_id, r.organisation.name) for r in everyone}, key=lambda o: o[1]
    )
    form = BadgeForm(
        request.GET if "layout" in request.GET else None,
        days=days,
        organisations=organisations,
        registrations=everyone,
    )
    if form.is_valid():
        data = form.cleaned_data
        registrations = services.onsite_registrations(
            meeting=meeting,
            day=next((d for d in days if str(d.pk) == data["day"]), None),
            organisation=data["organisation"] or None,
            ids=[int(pk) for pk in data["people"]] or None,
        )
        try:
            pdf = services.badges_pdf(
                meeting=meeting,
                actor=request.user,
                layout=data["layout"],
                registrations=registrations,
            )
        except services.OnsiteError as error:
            form.add_error(None, error_message(error))
        else:
            return _pdf(pdf, f"badges-{meeting.slug}.pdf")
    return render(
        request,
        "onsite/badges.html",
        {"meeting": meeting, "form": form, "count": len(everyone)},
    )


# --- Check-in -------------------------------------------------------------------------


@login_required
def check_in_days(request, slug):
    meeting = _meeting(request, slug, manage=True)
    days = list(meeting.days.all())
    for day in days:
        day.label = day_label(day)
    return render(request, "onsite/check_in_days.html", {"meeting": meeting, "days": days})


@login_required
def check_in(request, slug, iso_date):
    meeting = _meeting(request, slug, manage=True)
    day = _day(meeting, iso_date)
    code_form = CheckInCodeForm()
    search_form = SearchForm(request.GET or None)
    result = None
    if request.method == "POST":
        code_form = CheckInCodeForm(request.POST if "code" in request.POST else None)
        registration = None
        if "registration" in request.POST:
            registration = Registration.objects.filter(
                pk=request.POST["registration"], meeting=meeting
            ).first()
        try:
            if registration is not None:
                entry = services.check_in(day=day, actor=request.user, registration=registration)
            elif code_form.is_valid():
                entry = services.check_in(
                    day=day, actor=request.user, code=code_form.cleaned_data["code"]
                )
            else:
                raise services.OnsiteError("invalid_code", field="code")
        except services.OnsiteError as error:
            result = {"ok": False, "message": error_message(error)}
        else:
            result = {
                "ok": True,
                "message": _("%(name)s (%(organisation)s) is checked in at %(time)s.")
                % {
                    "name": entry.registration.badge_name,
                    "organisation": entry.registration.badge_organisation,
                    "time": services.local_time(entry.checked_in_at),
                },
            }
        code_form = CheckInCodeForm()
    results = []
    if search_form.is_valid() and search_form.cleaned_data["q"]:
        results = services.search_registrations(
            day=day, actor=request.user, query=search_form.cleaned_data["q"]
        )
        for registration in results:
            if registration.checked_in_at:
                registration.checked_in_time = services.local_time(registration.checked_in_at)
    presence = services.day_figures(meeting)[day.pk]
    return render(
        request,
        "onsite/check_in.html",
        {
            "meeting": meeting,
            "day": day,
            "code_form": code_form,
            "search_form": search_form,
            "import_form": RemoteImportForm(),
            "results": results,
            "searched": search_form.is_valid() and bool(search_form.cleaned_data["q"]),
            "result": result,
            "present": presence["present"],
        },
    )


@login_required
def remote_import(request, slug, iso_date):
    meeting = _meeting(request, slug, manage=True)
    day = _day(meeting, iso_date)
    form = RemoteImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_remote_attendance(
                day=day, actor=request.user, data=form.cleaned_data["attendance_list"].read()
            )
        except services.OnsiteError as error:
            form.add_error("attendance_list", error_message(error))
    return render(
        request,
        "onsite/remote_import.html",
        {"meeting": meeting, "day": day, "form": form, "report": report},
    )


# --- Certificates ---------------------------------------------------------------------


@login_required
def my_certificate(request, slug):
    meeting = _meeting(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("meeting__host"),
        meeting=meeting,
        person=request.user,
        cancelled_at__isnull=True,
    )
    try:
        pdf = services.certificate_for(registration=registration, actor=request.user)
    except services.OnsiteError as error:
        messages.error(request, error_message(error))
        return redirect("meetings:my_registration", slug=slug)
    return _pdf(pdf, f"attestation-{meeting.slug}.pdf")


@login_required
def certificates(request, slug):
    meeting = _meeting(request, slug, manage=True)
    fmt = request.GET.get("format")
    if fmt in {"pdf", "zip"}:
        try:
            content = services.certificates_for(
                meeting=meeting, actor=request.user, as_zip=fmt == "zip"
            )
        except services.OnsiteError as error:
            messages.error(request, error_message(error))
        else:
            return _pdf(
                content,
                f"attestations-{meeting.slug}.{fmt}",
                content_type="application/zip" if fmt == "zip" else "application/pdf",
            )
    return render(request, "onsite/certificates.html", {"meeting": meeting})


# --- Recordings and chapters ----------------------------------------------------------


@login_required
def recordings(request, slug):
    meeting = _meeting(request, slug, manage=True)
    days = list(
        meeting.days.select_related("recording").prefetch_related(
            Prefetch("recording__chapters", queryset=Chapter.objects.select_related("session"))
        )
    )
    for day in days:
        day.label = day_label(day)
        day.saved = getattr(day, "recording", None)
    return render(request, "onsite/recordings.html", {"meeting": meeting, "days": days})


def _recording(day):
    return Recording.objects.filter(day=day).first()


@login_required
def recording_form(request, slug, iso_date):
    meeting = _meeting(request, slug, manage=True)
    day = _day(meeting, iso_date)
    recording = _recording(day)
    initial = {}
    if recording is not None:
        initial = {"url": recording.url, "provider": recording.provider}
        if recording.duration:
            from cercle.meetings.chapters import format_timecode

            initial["duration"] = format_timecode(recording.duration)
    form = RecordingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_recording(
                day=day,
                actor=request.user,
                url=form.cleaned_data["url"],
                provider=form.cleaned_data["provider"],
                duration=form.cleaned_data["duration"],
            )
        except services.OnsiteError as error:
            form.add_error(error.field or None, error_message(error))
        else:
            messages.success(request, _("The recording has been saved."))
            return redirect("onsite:recordings", slug=slug)
    return render(
        request, "onsite/recording_form.html", {"meeting": meeting, "day": day, "form": form}
    )


@login_required
def chapters_form(request, slug, iso_date):
    meeting = _meeting(request, slug, manage=True)
    day = _day(meeting, iso_date)
    recording = _recording(day)
    if recording is None:
        messages.error(request, _("Add the day's recording before its chapters."))
        return redirect("onsite:recording", slug=slug, iso_date=iso_date)
    form = AgendaForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["agenda"]
        if "save" in request.POST:
            try:
                saved = services.save_chapters(recording=recording, actor=request.user, text=text)
            except services.OnsiteError as error:
                form.add_error("agenda", error_message(error))
            else:
                messages.success(
                    request, _("%(count)d chapters have been saved.") % {"count": len(saved)}
                )
                return redirect("onsite:recordings", slug=slug)
        preview = services.preview_agenda(recording=recording, text=text)
    return render(
        request,
        "onsite/chapters_form.html",
        {
            "meeting": meeting,
            "day": day,
            "form": form,
            "preview": preview,
            "unparsed": [
                {
                    "number": line.line_number,
                    "text": line.text,
                    "reason": UNPARSED_REASONS[line.reason],
                }
                for line in (preview.unparsed if preview else [])
            ],
        },
    )


def webvtt(request, slug, iso_date):
    meeting = _meeting(request, slug)
    day = _day(meeting, iso_date)
    recording = _recording(day)
    if recording is None:
        raise Http404
    response = HttpResponse(services.webvtt(recording), content_type="text/vtt; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="chapitres-{day.date.isoformat()}.vtt"'
    return response


# --- Documents ------------------------------------------------------------------------


@login_required
def documents(request, slug, pk):
    meeting = _meeting(request, slug, manage=True)
    session = get_object_or_404(Session, pk=pk, meeting=meeting)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_document(
                session=session,
                actor=request.user,
                title=data["title"],
                upload=data["file"],
                url=data["url"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        except services.OnsiteError as error:
            form.add_error(error.field or None, error_message(error))
        else:
            messages.success(request, _("The document has been added."))
            return redirect("onsite:documents", slug=slug, pk=pk)
    session.time_range = time_range(session)
    return render(
        request,
        "onsite/documents.html",
        {
            "meeting": meeting,
            "session": session,
            "form": form,
            "documents": list(session.documents.all()),
        },
    )


@login_required
@require_POST
def document_delete(request, slug, pk):
    meeting = _meeting(request, slug, manage=True)
    document = get_object_or_404(
        Document.objects.select_related("session__meeting"), pk=pk, session__meeting=meeting
    )
    services.delete_document(document=document, actor=request.user)
    messages.success(request, _("The document “%(title)s” has been removed.") % {"title": document})
    return redirect("onsite:documents", slug=slug, pk=document.session_id)


def document_download(request, slug, pk):
    meeting = _meeting(request, slug)
    document = get_object_or_404(
        Document.objects.select_related("session__meeting"), pk=pk, session__meeting=meeting
    )
    if not can_see_document(request.user, document):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise Http404
    if document.is_link:
        return redirect(document.url)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.mimetype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Archive --------------------------------------------------------------------------


def archive_list(request):
    meetings = list(
        Meeting.objects.filter(status__in=PAST)
        .select_related("host")
        .prefetch_related("days")
        .order_by("-edition")
    )
    return render(request, "onsite/archive_list.html", {"meetings": meetings})


def archive(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("host"), slug=slug, status__in=PAST)
    member = is_club_member(request.user)
    sessions = list(
        Session.objects.filter(meeting=meeting)
        .select_related("track")
        .prefetch_related(
            "speakers",
            Prefetch("documents", queryset=Document.objects.order_by("added_at", "pk")),
        )
        .order_by("starts_at", "room", "pk")
    )
    days = list(
        meeting.days.select_related("recording").prefetch_related(
            Prefetch("recording__chapters", queryset=Chapter.objects.order_by("seconds", "pk"))
        )
    )
    figures = services.day_figures(meeting)
    for session in sessions:
        session.visible_documents = [
            d for d in session.documents.all() if d.visibility == "public" or member
        ]
        session.hidden_documents = len(session.documents.all()) - len(session.visible_documents)
    for day in days:
        day.label = day_label(day)
        day.programme = [s for s in sessions if s.day_id == day.pk]
        day.numbers = figures[day.pk]
        day.saved = getattr(day, "recording", None)
        if day.saved is not None:
            day.chapter_list = list(day.saved.chapters.all())
            for chapter in day.chapter_list:
                chapter.recording = day.saved
    return render(
        request,
        "onsite/archive.html",
        {
            "meeting": meeting,
            "days": days,
            "member": member,
            "can_manage": can_manage_meeting(request.user, meeting),
        },
    )
