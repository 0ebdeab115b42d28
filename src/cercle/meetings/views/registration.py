"""A member registers for a meeting, sees and changes their registration, or cancels it."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html
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

# What the form part shows: the meeting's days, workshops and seats, the person's registration
# and past attendance (meetings), their memberships and organisations' names (organisations).
# Their display name is part of its key: not every sign-in (a write to accounts) empties it.
REGISTRATION_TOPICS = ("meetings", "organisations")


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
            "workshops": [
                str(pk) for pk in registration.workshops.values_list("session", flat=True)
            ],
            **{
                f"day_{pk}": mode for pk, mode in registration.days.values_list("day", "attendance")
            },
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


def _memberships(person) -> list[Membership]:
    return list(
        Membership.objects.filter(user=person)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def _form_part(meeting, form, memberships, *, editing) -> str:
    """The "Your registration" part: the form, its CSRF token a slot, or why there is none."""
    return render_to_string(
        "meetings/includes/register_form.html",
        {
            "form": form,
            "editing": editing,
            "can_register": bool(memberships) and (editing or meeting.status == MeetingStatus.OPEN),
            "has_membership": bool(memberships),
        },
    )


class _Programme:
    """The meeting's days and sessions, read at most once by the fragments that miss the cache
    (after the versions they are kept under): when the preview was rendered, the form's
    workshops are its sessions that need sign-up."""

    def __init__(self, meeting):
        self.meeting = meeting
        self.sessions = None

    @functools.cached_property
    def days(self) -> list:
        return list(self.meeting.days.all())

    def all_sessions(self) -> list:
        self.sessions = programme_sessions(self.meeting)
        return self.sessions

    def workshops(self) -> list:
        # The form's workshops and the preview read the seats through the same selector.
        if self.sessions is None:
            return programme_sessions(self.meeting, signup_only=True)
        return [session for session in self.sessions if session.needs_signup]


def _preview(meeting, programme) -> str:
    """The programme, day by day: the same for everyone."""
    return jinja.render(
        "meetings/_register_preview.html",
        {
            "meeting": meeting,
            "days": by_day(programme.days, programme.all_sessions()),
            "text": session_texts(),
        },
    )


def _blank_form_part(request, meeting, programme) -> str:
    """The form part of a GET: what the person's registration, or account, already tells."""
    memberships = _memberships(request.user)
    registration = Registration.objects.filter(meeting=meeting, person=request.user).first()
    editing = registration is not None and registration.is_active
    form = _form(request, meeting, programme.days, programme.workshops(), memberships, registration)
    return _form_part(meeting, form, memberships, editing=editing)


def _page(request, meeting, *, editing, form_part=None):
    """The page around the form part: the given one (a refused form, as typed), or the
    person's blank form from the page cache."""
    # Both fragments are looked up under one reading of the versions: what they read to render
    # comes after it, once.
    read = pagecache.snapshot({*PROGRAMME_TOPICS, *REGISTRATION_TOPICS})
    programme = _Programme(meeting)
    # The preview is the same for everyone: kept in the page cache.
    preview = pagecache.fragment(
        "meetings:registration_preview",
        topics=PROGRAMME_TOPICS,
        vary=(meeting.pk, get_language()),
        render=lambda: _preview(meeting, programme),
        read=read,
    )
    if form_part is None:
        # The person's own, kept until anything it shows changes. What was read before the
        # versions (the meeting, the account, `editing`) is part of its key.
        form_part = pagecache.fragment(
            "meetings:registration_form",
            topics=REGISTRATION_TOPICS,
            vary=(
                meeting.pk,
                meeting.status,
                meeting.remote_only,
                request.user.pk,
                request.user.display_name,
                editing,
                get_language(),
            ),
            render=lambda: _blank_form_part(request, meeting, programme),
            read=read,
        )
    token = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    return render(
        request,
        "meetings/register.html",
        {
            "meeting": meeting,
            "preview": preview,
            "editing": editing,
            "form_part": pagecache.fill(
                form_part, lambda name, key: token if name == "csrf" else None
            ),
        },
    )


@login_required
def register(request, slug):
    meeting = get_meeting(request, slug)
    if request.method != "POST":
        editing = Registration.objects.filter(
            meeting=meeting, person=request.user, cancelled_at__isnull=True
        ).exists()
        return _page(request, meeting, editing=editing)
    memberships = _memberships(request.user)
    registration = Registration.objects.filter(meeting=meeting, person=request.user).first()
    editing = registration is not None and registration.is_active
    days = list(meeting.days.all())
    # A submitted form needs its workshops to check the choices, and their seats only when it
    # is shown again.
    workshops = programme_sessions(meeting, signup_only=True, seats=False)
    form = _form(request, meeting, days, workshops, memberships, registration)
    if form.is_valid():
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
    # Refused: the form as typed, with its errors and the seats left, never from the cache.
    count_seats(meeting, workshops)
    return _page(
        request,
        meeting,
        editing=editing,
        form_part=_form_part(meeting, form, memberships, editing=editing),
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
