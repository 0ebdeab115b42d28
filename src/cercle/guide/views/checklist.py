"""A meeting's preparation checklist: progress, overdue tasks, days planned and spent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cercle.core import jinja, pagecache
from cercle.core.errors import DomainError
from cercle.core.spreadsheets import MIMETYPES, export
from cercle.guide import exports, permissions, selectors, services
from cercle.guide.enums import Responsible
from cercle.guide.forms import ChecklistTaskForm, days_text
from cercle.guide.models import ChecklistTask
from cercle.guide.views.common import add_refusal
from cercle.meetings.lookups import meeting_for

# What the checklist shows: its tasks and the guide they copy (guide), the meeting's days
# (meetings), who ticked a task (accounts).
CHECKLIST_TOPICS = ("guide", "meetings", "accounts")


def _fields(task, form) -> None:
    """The values and errors of the task's form: the person's refused form as typed, otherwise
    the task's own values (a plain form per row, with the names and ids of ChecklistTaskForm)."""
    if form is None:
        task.checked = task.done_at is not None
        task.spent_value = days_text(task.effort_spent_days)
        task.errors, task.spent_error = [], ""
        return
    task.checked = bool(form["done"].value())
    task.spent_value = form["effort_spent_days"].value() or ""
    task.errors = [(None, "", error) for error in form.non_field_errors()] + [
        (field.auto_id, field.label, error) for field in form for error in field.errors
    ]
    task.spent_error = next(iter(form["effort_spent_days"].errors), "")


def _list_texts() -> dict:
    """The labels of the task list, translated once for the whole list."""
    return {
        "done": _("Done"),
        "overdue": _("Overdue"),
        "to_do": _("To do"),
        "spent": _("Days spent"),
        "save": _("Save"),
        "empty": _("The checklist is empty: the guide has no task yet."),
    }


def _row_texts(tasks) -> None:
    """Each task's sentences (deadline, who and effort, when ticked, days spent), their
    wording translated once for the list."""
    due, meta = _("Due %(due)s"), _("Who does it: %(who)s · estimated effort: %(days)s days")
    on, spent = _("on %(when)s"), _("%(days)s days spent")
    sides = {value: str(label) for value, label in Responsible.choices}
    for task in tasks:
        task.due_text = due % {"due": date_format(task.due, "l j F Y")} if task.due else ""
        task.meta_text = meta % {
            "who": sides[task.responsible],
            "days": floatformat(task.effort_days, "-2"),
        }
        if task.done_at is not None:
            task.done_text = on % {"when": date_format(localtime(task.done_at), "j F Y")}
        task.spent_text = (
            ""
            if task.effort_spent_days is None
            else spent % {"days": floatformat(task.effort_spent_days, "-2")}
        )


def _body(meeting, day, role, bound=None) -> str:
    """Everything below the page's links, the same for everyone of a role on a given day; each
    form's CSRF token is a slot."""
    if bound is None:
        # The copy of the guide's tasks added since (a write only then): any change to the
        # guide or to the meeting moves the versions this fragment is cached under.
        services.ensure_checklist(meeting)
    data = selectors.checklist(meeting, today=day)
    for task in data.tasks:
        task.can_update = permissions.role_may_update(role, task)
        if task.can_update:
            own = bound is not None and bound.prefix == f"t{task.pk}"
            _fields(task, bound if own else None)
    _row_texts(data.tasks)
    tasks = jinja.render(
        "guide/_checklist_tasks.html",
        {"tasks": data.tasks, "text": _list_texts(), "csrf": pagecache.slot("csrf")},
    )
    tasks = mark_safe(tasks)  # noqa: S308 - rendered by our own autoescaping Jinja2 template
    return render_to_string(
        "guide/includes/checklist_body.html",
        {"meeting": meeting, "checklist": data, "tasks": tasks},
    )


@login_required
def checklist(request, slug):
    meeting = meeting_for(request, slug, manage=True)
    role = permissions.checklist_role(request.user, meeting)
    bound = None
    if request.method == "POST":
        services.ensure_checklist(meeting)
        task_pk = request.POST.get("task", "")
        task = get_object_or_404(
            ChecklistTask, pk=task_pk if task_pk.isdigit() else 0, meeting=meeting
        )
        if not permissions.role_may_update(role, task):
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
    if bound is None:
        body = pagecache.fragment(
            "guide:checklist",
            topics=CHECKLIST_TOPICS,
            vary=(meeting.pk, get_language(), day.isoformat(), role),
            render=lambda: _body(meeting, day, role),
        )
    else:
        body = _body(meeting, day, role, bound)  # the refused form, as typed, never cached
    token = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    return render(
        request,
        "guide/checklist.html",
        {
            "meeting": meeting,
            "body": pagecache.fill(body, lambda name, key: token if name == "csrf" else None),
        },
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
