"""Funding and roadmap: costed items, pledges, roadmap lines; the funding table export."""

import statistics
import time

from django.test import Client

from bench.harness import Page
from cercle.funding.enums import Label, PledgeStatus, RoadmapStatus
from cercle.funding.models import CostedItem, Estimate, Pledge, RoadmapItem
from cercle.organisations.models import Organisation
from cercle.requests.models import ImprovementRequest


def _costed(requests, participants, *, pledges_per_item):
    items = CostedItem.objects.bulk_create(
        CostedItem(request=r, cost_cents=1_000_000, committed_cents=0) for r in requests
    )
    Estimate.objects.bulk_create(
        Estimate(item=i, version=1, days=20, daily_rate_cents=50_000, amount_cents=1_000_000)
        for i in items
    )
    through = CostedItem.participants.through
    through.objects.bulk_create(
        [through(costeditem_id=i.pk, organisation_id=o.pk) for i in items for o in participants],
        batch_size=5000,
    )
    statuses = [PledgeStatus.INTENDED, PledgeStatus.COMMITTED, PledgeStatus.PAID]
    Pledge.objects.bulk_create(
        [
            Pledge(
                item=i,
                organisation=o,
                amount_cents=10_000,
                status=statuses[k % 3],
                purchase_order_number="BC" if k % 3 else "",
            )
            for i in items
            for k, o in enumerate(participants[:pledges_per_item])
        ],
        batch_size=5000,
    )
    return items


def build(ctx):
    organisations = list(Organisation.objects.exclude(kind="vendor").order_by("pk"))
    requests = list(ImprovementRequest.objects.order_by("pk")[: max(ctx.organisations // 10, 3)])
    # The measured référent's organisation takes part at both sizes, so both runs render the
    # same page (shares and estimate history shown).
    participants = list(dict.fromkeys([ctx.data["organisation"], *organisations[:19]]))
    items = _costed(requests, participants, pledges_per_item=10)
    labels = [Label.MUTUALISED, Label.VENDOR, Label.SINGLE_CLIENT]
    RoadmapItem.objects.bulk_create(
        RoadmapItem(
            title=f"Élément {i}",
            label=labels[i % 3],
            status=[RoadmapStatus.PLANNED, RoadmapStatus.IN_PROGRESS, RoadmapStatus.DELIVERED][
                i % 3
            ],
            year=2026 + i % 2,
            quarter=i % 4 + 1,
            days=10,
            request=requests[i] if i < len(requests) and i % 3 == 0 else None,
        )
        for i in range(min(ctx.organisations // 10, 60))
    )
    ctx.data["costed_item"] = items[len(items) // 2]


def pages(ctx):
    item = ctx.data["costed_item"]
    return [
        Page("roadmap", "/feuille-de-route/"),
        Page("funding list", "/financement/"),
        Page("funding item (référent)", item.get_absolute_url(), ctx.data["referent"]),
        Page("club calendar", "/calendrier/"),
    ]


def figures(ctx):
    """The funding table at 500 items × 100 organisations, exported as ODS by staff."""
    CostedItem.objects.all().delete()
    organisations = list(Organisation.objects.exclude(kind="vendor").order_by("pk")[:100])
    requests = list(ImprovementRequest.objects.order_by("pk")[:500])
    _costed(requests, organisations, pledges_per_item=100)
    client = Client()
    client.force_login(ctx.data["staff"])
    timings = {}
    for fmt in ("ods", "csv", "xlsx"):
        runs = []
        for _ in range(3 if fmt != "xlsx" else 1):
            start = time.perf_counter()
            response = client.get(f"/financement/export.{fmt}")
            runs.append(time.perf_counter() - start)
            assert response.status_code == 200
        timings[fmt] = statistics.median(runs)
    return [
        {
            "name": f"funding table export 500 items × 100 organisations ({fmt.upper()})",
            "value": round(seconds, 3),
            "unit": "s",
        }
        for fmt, seconds in timings.items()
    ]
