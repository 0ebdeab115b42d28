"""A member registers for a meeting, sees and changes their registration, or cancels it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core import jinja, pagecache
from cercle.core.errors import DomainError
from cercle.meetings import calendars, services
from cercle.meetings.enums import Experience, MeetingStatus
from cercle.meetings.formatting import session_texts
from cercle.meetings.forms import ConsentForm, RegistrationForm
from cercle.meetings.models import Registration
from cercle.meetings.selectors import agenda, count_seats, programme_sessions
from cercle.meetings.views.common import PROGRAMME_TOPICS, add_refusal, by_day, get_meeting
from cercle.organisations.models import Membership


def _initial(request, meeting, registration, memberships) -> dict:
    if registration is not None and registration.is_active:
        return {
            "organisation": str(registration.organisation_id),
            "badge_name": registration.badge_name,
            "badge_organisation": registration.badge_organisation,
            "experience": registration.experience,
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
            "image_consent": "yes" if registration.image_consent else "no",
            "workshops": [str(seat.session_id) for seat in registration.workshops.all()],
            **{f"day_{c.day_id}": c.attendance for c in registration.days.all()},
        }
    # A first registration: what the person's account and history already tell.
    initial = {
        "badge_name": request.user.display_name,
        "experience": Experience.REGULAR
        if services.is_regular(request.user, meeting)
        else Experience.NEWCOMER,
    }
    if memberships:
        initial["organisation"] = str(memberships[0].organisation_id)
        initial["badge_organisation"] = memberships[0].organisation.name
    return initial


def _choices(form, memberships) -> services.Choices:
    by_pk = {str(m.organisation_id): m.organisation for m in memberships}
    return services.Choices(
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


def _form(request, meeting, days, workshops, memberships, registration) -> RegistrationForm:
    # A submitted form shows what was typed: the initial values are only for an empty form.
    return RegistrationForm(
        request.POST or None,
        initial={}
        if request.method == "POST"
        else _initial(request, meeting, registration, memberships),
        days=days,
        workshops=workshops,
        memberships=memberships,
        remote_only=meeting.remote_only,
    )


@login_required
def register(request, slug):
    meeting = get_meeting(request, slug)
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    registration = Registration.objects.filter(meeting=meeting, person=request.user).first()
    editing = registration is not None and registration.is_active
    days = list(meeting.days.all())
    submitted = request.method == "POST"
    # The form's workshops and the preview read the seats through the same selector; a
    # submitted form needs its choices, and their seats only when it is shown again.
    workshops = programme_sessions(meeting, signup_only=True, seats=not submitted)
    form = _form(request, meeting, days, workshops, memberships, registration)
    if submitted and form.is_valid():
        try:
            services.register(
                meeting=meeting,
                person=request.user,
                choices=_choices(form, memberships),
                memberships=memberships,
            )
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(
                request,
                _("Your registration has been updated.")
                if editing
                else _("You are registered. A confirmation email is on its way."),
            )
            return redirect("meetings:my_registration", slug=slug)
    if submitted:
        count_seats(meeting, workshops)
    # The preview is the same for everyone: kept in the page cache.
    preview = pagecache.fragment(
        "meetings:registration_preview",
        topics=PROGRAMME_TOPICS,
        vary=(meeting.pk, get_language()),
        render=lambda: jinja.render(
            "meetings/_register_preview.html",
            {
                "meeting": meeting,
                "days": by_day(days, programme_sessions(meeting)),
                "text": session_texts(),
            },
        ),
    )
    return render(
        request,
        "meetings/register.html",
        {
            "meeting": meeting,
            "form": form,
            "preview": preview,
            "editing": editing,
            "can_register": bool(memberships) and (editing or meeting.status == MeetingStatus.OPEN),
            "has_membership": bool(memberships),
        },
    )


def _own_registration(request, slug) -> Registration:
    meeting = get_meeting(request, slug)
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
            **agenda(registration),
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
def cancel(request, slug):
    """GET shows what cancelling gives up and asks to confirm; POST cancels."""
    registration = _own_registration(request, slug)
    if request.method != "POST":
        return render(
            request,
            "meetings/cancel.html",
            {"registration": registration, "meeting": registration.meeting, **agenda(registration)},
        )
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("meetings:my_registration", slug=slug)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(registration.meeting)


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
