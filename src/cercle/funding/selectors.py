"""Who sees which amounts, and the read-side queries of funding, roadmap and calendar."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.core.permissions import is_vendor_staff
from cercle.funding.enums import COUNTED, Label, MilestoneKind, PledgeStatus
from cercle.funding.models import CostedItem, Milestone, RoadmapItem
from cercle.glossary.models import Term
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting
from cercle.organisations.permissions import organisation_ids
from cercle.votes.models import Campaign


def costed_items():
    return (
        CostedItem.objects.select_related("request", "request__organisation")
        .annotate(cofunders=Count("pledges", filter=Q(pledges__status__in=COUNTED), distinct=True))
        .order_by("request__reference")
    )


def visible_pledges(user, item, *, member_ids=None):
    """Staff see every pledge; an organisation's members see their own organisation's."""
    pledges = item.pledges.select_related("organisation").exclude(status=PledgeStatus.WITHDRAWN)
    if is_vendor_staff(user):
        return pledges
    if member_ids is None:
        member_ids = organisation_ids(user)
    return pledges.filter(organisation_id__in=member_ids)


def can_see_estimate_history(user, item, *, member_ids=None, participant_ids=None) -> bool:
    """Staff and the participating organisations' members see every costing version."""
    if is_vendor_staff(user):
        return True
    if member_ids is None:
        member_ids = organisation_ids(user)
    if participant_ids is None:
        participant_ids = set(item.participants.values_list("pk", flat=True))
    return bool(member_ids & participant_ids)


def public_cofunders(item):
    """Names of the organisations whose pledge counts, for the optional public list."""
    return (
        item.pledges.filter(status__in=COUNTED)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def roadmap(*, module=None, label=""):
    items = RoadmapItem.objects.select_related("request", "client").prefetch_related(
        Prefetch("modules", queryset=Term.objects.order_by("name"))
    )
    if module is not None:
        items = items.filter(modules=module)
    if label:
        items = items.filter(label=label)
    return items.order_by("year", "quarter", "label", "title")


def roadmap_summary(items):
    """Per year and label: how many items and how many days."""
    rows = (
        items.order_by()
        .values("year", "label")
        .annotate(count=Count("pk", distinct=True), days=Sum("days"))
        .order_by("year", "label")
    )
    summary: dict[int, dict[str, dict]] = {}
    for row in rows:
        summary.setdefault(row["year"], {})[row["label"]] = row
    return [
        {
            "year": year,
            "labels": [
                {
                    "label": Label(code).label,
                    "code": code,
                    "count": by_label.get(code, {}).get("count", 0),
                    "days": _plain_days(by_label.get(code, {}).get("days") or 0),
                }
                for code in Label.values
            ],
        }
        for year, by_label in sorted(summary.items())
    ]


def _plain_days(days) -> Decimal:
    """12.50 → 12.5 and 10.00 → 10, for display without trailing zeros."""
    value = Decimal(days).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


@dataclass
class Event:
    title: str
    kind: str
    starts_on: date
    ends_on: date
    url: str = ""
    current: bool = False


def calendar_events(year: int, *, today: date) -> list[Event]:
    """The club's year: vote campaigns, meetings, pledge deadlines and staff milestones."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    events = [
        Event(
            title=m.title,
            kind=m.get_kind_display(),
            starts_on=m.starts_on,
            ends_on=m.ends_on or m.starts_on,
        )
        for m in Milestone.objects.filter(starts_on__lte=end).filter(
            Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start)
        )
    ]
    for item in CostedItem.objects.filter(pledge_deadline__range=(start, end)).select_related(
        "request"
    ):
        events.append(
            Event(
                title=_("Pledge deadline: %(reference)s") % {"reference": item.request.reference},
                kind=_("Deadline"),
                starts_on=item.pledge_deadline,
                ends_on=item.pledge_deadline,
                url=item.get_absolute_url(),
            )
        )
    for campaign in Campaign.objects.filter(
        opens_at__date__lte=end, closes_at__date__gte=start
    ).only("pk", "title", "opens_at", "closes_at"):
        events.append(
            Event(
                title=campaign.title,
                kind=_("Vote campaign"),
                starts_on=timezone.localdate(campaign.opens_at),
                ends_on=timezone.localdate(campaign.closes_at),
                url=campaign.get_absolute_url(),
            )
        )
    meetings = (
        Meeting.objects.exclude(status=MeetingStatus.DRAFT)
        .filter(days__date__range=(start, end))
        .annotate(first=Min("days__date"), last=Max("days__date"))
        .distinct()
    )
    for meeting in meetings:
        events.append(
            Event(
                title=meeting.title,
                kind=MilestoneKind.SESSION.label if meeting.remote_only else _("Club meeting"),
                starts_on=meeting.first,
                ends_on=meeting.last,
                url=meeting.get_absolute_url(),
            )
        )
    events.sort(key=lambda e: (e.starts_on, e.ends_on, e.title))
    mark_current(events, today=today)
    return events


def mark_current(events: list[Event], *, today: date) -> None:
    """The current phase: what is going on today, else the next thing to come."""
    ongoing = [e for e in events if e.starts_on <= today <= e.ends_on]
    upcoming = [e for e in events if e.starts_on > today]
    for event in ongoing or upcoming[:1]:
        event.current = True
