"""The club's calendar: vote campaigns, meetings, pledge deadlines and staff milestones."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core import pagecache
from cercle.core.permissions import is_vendor_staff, staff_required
from cercle.funding import selectors
from cercle.funding.forms import MilestoneForm

# What the calendar shows: milestones and pledge deadlines (funding), votes, meetings and the
# quarterly online sessions.
CALENDAR_TOPICS = ("funding", "votes", "meetings", "quarterly")


def _calendar_context(year: int, *, milestone_form) -> dict:
    today = timezone.localdate()
    return {
        "year": year,
        "events": selectors.calendar_events(year, today=today),
        "previous": year - 1,
        "next": year + 1,
        "milestone_form": milestone_form,
    }


def calendar(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    form = MilestoneForm() if is_vendor_staff(request.user) else None
    # "Now" moves with the day: today's date is part of the key.
    events = pagecache.fragment(
        "funding:calendar",
        topics=CALENDAR_TOPICS,
        vary=(year, today, get_language()),
        render=lambda: render_to_string(
            "funding/includes/calendar_events.html",
            {"events": selectors.calendar_events(year, today=today)},
        ),
    )
    return render(
        request,
        "funding/calendar.html",
        {
            "year": year,
            "events_html": events,
            "previous": year - 1,
            "next": year + 1,
            "milestone_form": form,
        },
    )


@staff_required
@require_POST
def milestone_new(request):
    form = MilestoneForm(request.POST)
    if form.is_valid():
        milestone = form.save()
        messages.success(request, _("The milestone has been added."))
        return redirect(f"{reverse('funding:calendar')}?annee={milestone.starts_on.year}")
    context = _calendar_context(timezone.localdate().year, milestone_form=form)
    return render(request, "funding/calendar.html", context, status=400)
