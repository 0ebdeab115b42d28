"""A meeting's preparation checklist: progress, overdue tasks, days planned and spent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cercle.core.errors import DomainError
from cercle.core.spreadsheets import MIMETYPES, export
from cercle.guide import exports, permissions, selectors, services
from cercle.guide.forms import ChecklistTaskForm, days_text
from cercle.guide.models import ChecklistTask
from cercle.guide.views.common import add_refusal
from cercle.meetings.lookups import meeting_for


def _initial(task) -> dict:
    return {
        "done": task.done_at is not None,
        "effort_spent_days": days_text(task.effort_spent_days),
    }


@login_required
def checklist(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    services.ensure_checklist(meeting)
    bound = None
    if request.method == "POST":
        task_pk = request.POST.get("task", "")
        task = get_object_or_404(
            ChecklistTask, pk=task_pk if task_pk.isdigit() else 0, meeting=meeting
        )
        if not permissions.can_update_task(request.user, task, meeting):
            raise PermissionDenied
        bound = ChecklistTaskForm(request.POST, prefix=f"t{task.pk}")
        if bound.is_valid():
            try:
                services.update_checklist_task(
                    task=task,
                    by=request.user,
                    done=bound.cleaned_data["done"],
                    effort_spent=bound.cleaned_data["effort_spent_days"],
                )
            except DomainError as error:
                add_refusal(bound, error)
            else:
                messages.success(request, _("The checklist has been updated."))
                return redirect(f"{request.path}#tache-{task.pk}")
    day = services.today()
    data = selectors.checklist(meeting, today=day)
    for task in data.tasks:
        task.can_update = permissions.can_update_task(request.user, task, meeting)
        if bound is not None and bound.prefix == f"t{task.pk}":
            task.form = bound
        elif task.can_update:
            task.form = ChecklistTaskForm(initial=_initial(task), prefix=f"t{task.pk}")
    return render(
        request,
        "guide/checklist.html",
        {"meeting": meeting, "checklist": data, "today": day},
    )


@login_required
def checklist_export(request, slug):
    """The checklist as a spreadsheet: the club checks the days planned against those spent."""
    meeting = meeting_for(request, slug, manage=True)
    services.ensure_checklist(meeting)
    data = selectors.checklist(meeting, today=services.today())
    content = export(
        "ods",
        exports.checklist_headers(),
        exports.checklist_rows(data.tasks),
        title=_("Preparation"),
    )
    response = HttpResponse(content, content_type=MIMETYPES["ods"])
    response["Content-Disposition"] = f'attachment; filename="preparation-{meeting.slug}.ods"'
    return response
