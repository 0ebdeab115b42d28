"""The organisers' page: each session of a meeting, its moderators and its turn-taking rule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.meetings.lookups import meeting_for
from cercle.meetings.models import Session
from cercle.questions.enums import Policy
from cercle.questions.forms import ModeratorForm, PolicyForm
from cercle.questions.models import Moderation
from cercle.questions.services import moderators as service
from cercle.questions.views.common import as_pk


def _rows(meeting, viewer, bound=None):
    """One row per scheduled session (programme order) with its moderators and forms.

    Three queries whatever the number of sessions. `bound` is the (session pk, form) typed in
    and refused, shown again with its error. The moderation page is linked only for those
    who may open it (vendor staff and the session's moderators).
    """
    staff = is_vendor_staff(viewer)
    sessions = list(Session.objects.filter(meeting=meeting).select_related("day"))
    moderations = {
        m.session_id: m
        for m in Moderation.objects.filter(session__meeting=meeting).prefetch_related("moderators")
    }
    rows = []
    for session in sessions:
        moderation = moderations.get(session.pk)
        policy = moderation.policy if moderation else Policy.NONE
        prefix = f"s{session.pk}"
        form = ModeratorForm(prefix=prefix)
        if bound and bound[0] == session.pk:
            form = bound[1]
        people = list(moderation.moderators.all()) if moderation else []
        rows.append(
            {
                "session": session,
                "moderators": people,
                "can_moderate": staff or viewer in people,
                "form": form,
                "policy_form": PolicyForm(prefix=prefix, initial={"policy": policy}),
            }
        )
    return rows


def _act(request, session, form):
    """Apply the posted action; returns the success message."""
    action = request.POST.get("action")
    if action == "add":
        email = request.POST.get(form.add_prefix("email"), "")
        person = service.name_moderator(session=session, actor=request.user, email=email)
        return _("%(name)s now moderates this session.") % {"name": person}
    if action == "remove":
        service.remove_moderator(
            session=session, actor=request.user, person_pk=as_pk(request.POST.get("person"))
        )
        return _("The moderator is removed.")
    if action == "policy":
        policy = request.POST.get(f"s{session.pk}-policy", "")
        service.choose_policy(session=session, actor=request.user, policy=policy)
        return _("The turn-taking rule is saved.")
    raise DomainError("bad_action", _("This action is not possible."))


@login_required
def moderators(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    bound = None
    if request.method == "POST":
        session = Session.objects.filter(
            meeting=meeting, pk=as_pk(request.POST.get("session"))
        ).first()
        if session is None:
            raise Http404
        form = ModeratorForm(request.POST, prefix=f"s{session.pk}")
        try:
            messages.success(request, _act(request, session, form))
            return redirect(reverse("questions:moderators", args=[slug]) + f"#session-{session.pk}")
        except DomainError as error:
            if request.POST.get("action") != "add":
                messages.error(request, error.message)
                return redirect(
                    reverse("questions:moderators", args=[slug]) + f"#session-{session.pk}"
                )
            form.add_error("email", error.message)
            bound = (session.pk, form)
    context = {"meeting": meeting, "rows": _rows(meeting, request.user, bound)}
    return render(request, "questions/moderators.html", context, status=400 if bound else 200)
