"""The public roadmap, its printable view, and staff editing its items."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cercle.core import pagecache
from cercle.core.permissions import is_vendor_staff, staff_required
from cercle.funding import selectors
from cercle.funding.enums import Label
from cercle.funding.forms import RoadmapFilterForm, RoadmapItemForm
from cercle.funding.models import RoadmapItem
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest

# What the roadmap shows: its items and co-funding (funding), the requests they come from and
# their status, the modules (glossary), the clients' names and the vendor's tickets (tracker).
ROADMAP_TOPICS = ("funding", "requests", "glossary", "organisations", "tracker")


def _roadmap_context(request, is_staff) -> dict:
    form = RoadmapFilterForm(request.GET or None)
    module, label = None, ""
    if form.is_valid():
        module, label = form.cleaned_data["module"], form.cleaned_data["label"]
    items = selectors.roadmap(module=module, label=label)
    quarters = {}
    for entry in items:
        entry.is_funded = entry.request is not None and entry.request.status == Status.FUNDED
        quarters.setdefault((entry.year, entry.quarter), []).append(entry)
    query = request.GET.copy()
    query.pop("imprimer", None)
    return {
        "form": form,
        "quarters": [
            {"year": year, "quarter": quarter, "items": entries}
            for (year, quarter), entries in quarters.items()
        ],
        "summary": selectors.roadmap_summary(items),
        "labels": Label,
        "query": query.urlencode(),
        "is_staff": is_staff,
    }


def roadmap(request):
    is_staff = is_vendor_staff(request.user)
    if request.GET.get("imprimer"):
        return render(request, "funding/roadmap_print.html", _roadmap_context(request, is_staff))
    body = pagecache.fragment(
        "funding:roadmap",
        topics=ROADMAP_TOPICS,
        vary=(get_language(), sorted(request.GET.lists()), is_staff),
        render=lambda: render_to_string(
            "funding/includes/roadmap_body.html", _roadmap_context(request, is_staff)
        ),
    )
    return render(request, "funding/roadmap.html", {"body": body})


def _initial_from_request(improvement) -> dict:
    estimates = getattr(getattr(improvement, "costed_item", None), "estimates", None)
    latest = estimates.first() if estimates is not None else None
    today = timezone.localdate()
    return {
        "title": improvement.title,
        "label": Label.MUTUALISED,
        "year": today.year,
        "quarter": (today.month - 1) // 3 + 1,
        "days": latest.days if latest else 0,
        "modules": list(improvement.modules.values_list("pk", flat=True)),
    }


@staff_required
def roadmap_edit(request, pk=None):
    entry = get_object_or_404(RoadmapItem, pk=pk) if pk else None
    initial = {}
    improvement = None
    reference = request.GET.get("demande")
    if entry is None and reference:
        improvement = get_object_or_404(ImprovementRequest, reference=reference.upper())
        initial = _initial_from_request(improvement)
    form = RoadmapItemForm(request.POST or None, instance=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if improvement is not None:
            saved.request = improvement
        saved.save()
        form.save_m2m()
        messages.success(request, _("The roadmap has been updated."))
        return redirect("funding:roadmap")
    return render(
        request,
        "funding/roadmap_form.html",
        {"form": form, "entry": entry, "improvement": improvement},
    )
