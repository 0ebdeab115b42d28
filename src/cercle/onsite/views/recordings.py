from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercle.core.errors import DomainError
from cercle.meetings.forms import day_label
from cercle.onsite import services
from cercle.onsite.chapters import format_timecode
from cercle.onsite.forms import AgendaForm, RecordingForm
from cercle.onsite.models import Chapter, Recording
from cercle.onsite.views.common import day_for, meeting_for

UNPARSED_REASONS = {
    "no_timecode": gettext_lazy("no timecode at the end of the line"),
    "invalid_timecode": gettext_lazy("the timecode cannot be read"),
    "missing_title": gettext_lazy("a timecode without a title"),
}


@login_required
def recordings(request, slug):
    meeting = meeting_for(request, slug, manage=True)
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
    meeting = meeting_for(request, slug, manage=True)
    day = day_for(meeting, iso_date)
    recording = _recording(day)
    initial = {}
    if recording is not None:
        initial = {"url": recording.url, "provider": recording.provider}
        if recording.duration:
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
        except DomainError as error:
            form.add_error(error.fields[0] if error.fields else None, error.message)
        else:
            messages.success(request, _("The recording has been saved."))
            return redirect("onsite:recordings", slug=slug)
    return render(
        request, "onsite/recording_form.html", {"meeting": meeting, "day": day, "form": form}
    )


@login_required
def chapters_form(request, slug, iso_date):
    meeting = meeting_for(request, slug, manage=True)
    day = day_for(meeting, iso_date)
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
            except DomainError as error:
                form.add_error("agenda", error.message)
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
    meeting = meeting_for(request, slug)
    day = day_for(meeting, iso_date)
    recording = _recording(day)
    if recording is None:
        raise Http404
    response = HttpResponse(services.webvtt(recording), content_type="text/vtt; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="chapitres-{day.date.isoformat()}.vtt"'
    return response
