"""The organisers' guide: one page to read, its exports, and staff changing its tasks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.core.errors import DomainError
from cercle.core.permissions import staff_required
from cercle.core.spreadsheets import MIMETYPES, export
from cercle.guide import exports, permissions, selectors, services
from cercle.guide.enums import ActionStatus
from cercle.guide.forms import GuideTaskForm, WithdrawForm
from cercle.guide.models import Action, GuideTask
from cercle.guide.views.common import add_refusal

FORMATS = ("ods", "pdf")


def _readable(request):
    if not permissions.can_read_guide(request.user):
        raise PermissionDenied


@login_required
def guide(request):
    _readable(request)
    context = selectors.guide()
    context["can_edit"] = permissions.can_edit_guide(request.user)
    # Staff coming from an action pick the task it changes; the change is linked to it.
    context["action"] = _action_from(request) if context["can_edit"] else None
    return render(request, "guide/guide.html", context)


@login_required
def guide_export(request, fmt):
    _readable(request)
    if fmt not in FORMATS:
        raise Http404
    context = selectors.guide()
    if fmt == "pdf":
        content, mimetype = exports.guide_pdf(context["tasks"], context["total"]), "application/pdf"
    else:
        rows = exports.rows(context["tasks"])
        content = export(fmt, exports.headers(), rows, title=_("Organisers' guide"))
        mimetype = MIMETYPES[fmt]
    response = HttpResponse(content, content_type=mimetype)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="guide-organisation-{stamp}.{fmt}"'
    return response


@login_required
def history(request):
    _readable(request)
    page = Paginator(selectors.history(), 50).get_page(request.GET.get("page"))
    return render(request, "guide/history.html", {"page": page})


def _action_from(request):
    """The open action a change of the guide comes from (`?action=`), if any."""
    pk = request.GET.get("action") or request.POST.get("action")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(
        Action.objects.select_related("item__meeting", "applies_to"),
        pk=pk,
        status=ActionStatus.OPEN,
    )


@staff_required
def task_form(request, pk=None):
    task = get_object_or_404(GuideTask, pk=pk) if pk else None
    action = _action_from(request)
    initial = GuideTaskForm.initial_for(task) if task else {}
    if action is not None:
        initial["why"] = _("%(action)s (retrospective of %(meeting)s: %(item)s)") % {
            "action": action.description,
            "meeting": action.item.meeting.title,
            "item": action.item.text,
        }
        initial.setdefault("title", action.description[:200])
    form = GuideTaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_guide_task(task=task, by=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The guide has been updated."))
            if action is not None:
                return redirect("guide:board", slug=action.item.meeting.slug)
            return redirect("guide:guide")
    return render(request, "guide/task_form.html", {"form": form, "task": task, "action": action})


@staff_required
def task_withdraw(request, pk):
    task = get_object_or_404(GuideTask, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_guide_task_active(
                task=task, active=not task.active, by=request.user, why=form.cleaned_data["why"]
            )
        except DomainError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The guide has been updated."))
            return redirect("guide:guide")
    return render(request, "guide/task_withdraw.html", {"form": form, "task": task})
