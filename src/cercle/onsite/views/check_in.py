from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cercle.core.contentpolicy import allow_webassembly
from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance
from cercle.meetings.forms import day_label
from cercle.meetings.models import Registration
from cercle.onsite import services
from cercle.onsite.forms import CheckInCodeForm, CheckInPersonForm, RemoteImportForm, SearchForm
from cercle.onsite.views.common import day_for, meeting_for

NEEDS_SWITCH = {"registered_remote", "not_registered_on_site"}


@login_required
def check_in_days(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    days = list(meeting.days.all())
    for day in days:
        day.label = day_label(day)
    return render(request, "onsite/check_in_days.html", {"meeting": meeting, "days": days})


def _attempt(request, day, *, code="", registration=None, switch=False) -> dict:
    """Check someone in and say what happened; offer the switch when they are not on site."""
    try:
        entry = services.check_in(
            day=day,
            actor=request.user,
            code=code,
            registration=registration,
            switch_to_on_site=switch,
        )
    except DomainError as error:
        result = {"ok": False, "code": error.code, "message": error.message}
        if error.code in NEEDS_SWITCH:
            pk = registration.pk if registration else ""
            result["confirm"] = {"code": code, "registration": pk}
        return result
    return {
        "ok": True,
        "code": "checked_in",
        "message": _("%(name)s (%(organisation)s) is checked in at %(time)s.")
        % {
            "name": entry.registration.badge_name,
            "organisation": entry.registration.badge_organisation,
            "time": services.local_time(entry.checked_in_at),
        },
    }


def _post(request, meeting, day):
    """A scan, a typed code, a search field a scanner typed into, or a click in the results."""
    query = request.POST.get("q", "")
    if "q" in request.POST and not services.looks_like_badge_token(query):
        url = reverse("onsite:check_in", args=[meeting.slug, day.date.isoformat()])
        return redirect(f"{url}?{urlencode({'q': query[:200]})}")
    form = CheckInPersonForm(request.POST)
    if not form.is_valid():
        return {"ok": False, "code": "invalid", "message": _("This check-in cannot be read.")}
    data = form.cleaned_data
    code = query or data["code"] or request.POST.get("code", "")
    registration = None
    if data["registration"]:
        registration = Registration.objects.filter(pk=data["registration"], meeting=meeting).first()
        if registration is None:
            return {"ok": False, "code": "unknown", "message": _("This person is not registered.")}
    return _attempt(
        request, day, code=code[:200], registration=registration, switch=data["switch_to_on_site"]
    )


@login_required
@allow_webassembly
def check_in(request, slug, iso_date):
    meeting = meeting_for(request, slug, manage=True)
    day = day_for(meeting, iso_date)
    result = None
    if request.method == "POST":
        result = _post(request, meeting, day)
        if not isinstance(result, dict):
            return result
    search_form = SearchForm(request.GET or None)
    results = []
    searched = search_form.is_valid() and bool(search_form.cleaned_data["q"])
    if searched:
        results = services.search_registrations(
            day=day, actor=request.user, query=search_form.cleaned_data["q"]
        )
        for registration in results:
            registration.on_site = registration.attendance == Attendance.ON_SITE
            registration.remote = registration.attendance == Attendance.REMOTE
            if registration.checked_in_at:
                registration.checked_in_time = services.local_time(registration.checked_in_at)
    try:
        services.require_open(day)
        closed = None
    except DomainError as error:
        closed = error.message
    return render(
        request,
        "onsite/check_in.html",
        {
            "meeting": meeting,
            "day": day,
            "code_form": CheckInCodeForm(),
            "search_form": search_form,
            "results": results,
            "searched": searched,
            "result": result,
            "closed": closed,
            "present": services.day_figures(meeting)[day.pk]["present"],
        },
    )


@login_required
def remote_import(request, slug, iso_date):
    meeting = meeting_for(request, slug, manage=True)
    day = day_for(meeting, iso_date)
    form = RemoteImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["attendance_list"]
        try:
            report = services.import_remote_attendance(
                day=day, actor=request.user, data=upload.read(services.remote.MAX_BYTES + 1)
            )
        except DomainError as error:
            form.add_error("attendance_list", error.message)
    return render(
        request,
        "onsite/remote_import.html",
        {"meeting": meeting, "day": day, "form": form, "report": report},
    )
