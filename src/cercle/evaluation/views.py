from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.core.spreadsheets import MIMETYPES
from cercle.evaluation import results as results_module
from cercle.evaluation import services
from cercle.evaluation.forms import AnswerForm, OpenForm
from cercle.evaluation.permissions import require_registrant
from cercle.meetings.lookups import meeting_for
from cercle.meetings.models import PARIS
from cercle.onsite import clock

FIELD_OF_CODE = {"bad_rating": "overall", "too_long": "comments"}


@login_required
def answer(request, slug):
    """The survey for the person's own answer: one each, editable while it is open."""
    meeting = meeting_for(request, slug)
    context = {"meeting": meeting}
    try:
        registration = require_registrant(request.user, meeting)
    except DomainError as error:
        context["refusal"] = error.message
        return render(request, "evaluation/answer.html", context, status=403)
    now = clock.now()
    evaluation = services.evaluation_of(meeting)
    mine = services.answer_of(evaluation, request.user)
    try:
        services.require_open(evaluation, now)
    except DomainError as error:
        context["closed_reason"] = error.message
        is_open = False
    else:
        is_open = True
    who = services.attendee(registration, today=timezone.localtime(now, PARIS).date())
    form = AnswerForm(
        request.POST if request.method == "POST" else None, sessions=who.sessions, answer=mine
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit(
                meeting=meeting,
                person=request.user,
                overall=form.cleaned_data["overall"],
                ratings=form.ratings(),
                keep=form.cleaned_data["keep"],
                improve=form.cleaned_data["improve"],
                comments=form.cleaned_data["comments"],
                now=now,
            )
        except DomainError as error:
            form.add_error(FIELD_OF_CODE.get(error.code), error.message)
        else:
            messages.success(
                request,
                _("Thank you: your answer is saved. You may change it until the closing date."),
            )
            return redirect("evaluation:answer", slug)
    context.update(
        form=form,
        is_open=is_open,
        evaluation=evaluation,
        answered=mine is not None,
        show_form=is_open or form.is_bound,
    )
    return render(request, "evaluation/answer.html", context, status=400 if form.errors else 200)


def _results_body(meeting, evaluation):
    """The figures, charts and free texts: the same for every organiser (the permission is
    checked before), so cached on the versions of the answers and of the meetings (titles,
    sessions, registrants). The opening and closing forms, with their token, stay outside."""
    return pagecache.fragment(
        "evaluation:results",
        topics=("evaluation", "meetings"),
        vary=(evaluation.pk, meeting.pk, meeting.slug, get_language()),
        render=lambda: render_to_string(
            "evaluation/includes/results_body.html",
            {
                "meeting": meeting,
                "results": results_module.results(evaluation),
                "min_group": results_module.MIN_GROUP,
            },
        ),
    )


def _results_page(request, meeting, open_form, *, status=200):
    evaluation = services.evaluation_of(meeting)
    context = {
        "meeting": meeting,
        "evaluation": evaluation,
        "open_form": open_form,
        "is_open": evaluation is not None and evaluation.is_open(clock.now()),
        "min_group": results_module.MIN_GROUP,
    }
    if evaluation is not None and evaluation.opened_at is not None:
        context["results_body"] = _results_body(meeting, evaluation)
    return render(request, "evaluation/results.html", context, status=status)


@login_required
def results(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    return _results_page(request, meeting, OpenForm())


@login_required
@require_POST
def manage(request, slug):
    """Open (or extend) and close the evaluation; the results page holds both forms."""
    meeting = meeting_for(request, slug, manage=True)
    action = request.POST.get("action")
    form = OpenForm(request.POST if action == "open" else None)
    try:
        if action == "open" and form.is_valid():
            services.open_evaluation(
                meeting=meeting, actor=request.user, closes_at=form.closes_at()
            )
            messages.success(
                request, _("The evaluation is open; registrants are invited by email.")
            )
            return redirect("evaluation:results", slug)
        if action == "close":
            services.close_evaluation(meeting=meeting, actor=request.user)
            messages.success(request, _("The evaluation is closed."))
            return redirect("evaluation:results", slug)
        if action != "open":
            return HttpResponse(status=400)
    except DomainError as error:
        if action == "close":
            messages.error(request, error.message)
            return redirect("evaluation:results", slug)
        form.add_error("closes_on" if error.fields else None, error.message)
    return _results_page(request, meeting, form, status=400)


@login_required
def export(request, slug, fmt):
    meeting = meeting_for(request, slug, manage=True)
    if fmt not in ("csv", "ods"):
        raise Http404
    evaluation = services.evaluation_of(meeting)
    if evaluation is None:
        raise Http404
    try:
        content = results_module.export(evaluation, fmt)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("evaluation:results", slug)
    response = HttpResponse(content, content_type=MIMETYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="evaluation-{meeting.slug}.{fmt}"'
    return response
