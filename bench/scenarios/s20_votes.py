"""Vote campaigns: 20 campaigns of up to 400 ballots (points, 20 requests, 5 lines each)."""

import random
import statistics
import time
from datetime import timedelta

from django.utils import timezone

from bench.harness import Page
from cercle.organisations.models import Organisation
from cercle.requests.models import ImprovementRequest
from cercle.votes import services
from cercle.votes.counting import CastBallot, count_points
from cercle.votes.models import Ballot, BallotLine, BallotVersion, Campaign, CampaignItem
from cercle.votes.schulze import count_schulze

CAMPAIGNS = 20
BALLOTS = 400
ITEMS = 20


def build(ctx):
    rng = random.Random(20)  # noqa: S311 - reproducible bench data
    now = timezone.now()
    organisations = list(Organisation.objects.exclude(kind="vendor").order_by("pk")[:BALLOTS])
    requests = list(ImprovementRequest.objects.order_by("pk")[: ITEMS * 3])
    staff = ctx.data["staff"]
    campaigns = []
    for i in range(CAMPAIGNS):
        is_open = i == 0
        campaigns.append(
            Campaign.objects.create(
                title=f"Campagne {i}",
                opens_at=now - timedelta(days=30 + i),
                closes_at=now + timedelta(days=5) if is_open else now - timedelta(days=i + 1),
                seats=10,
                method="points",
                total_points=10,
                max_per_request=4,
                results_visibility="live" if is_open else "after_close",
                created_by=staff,
            )
        )
    for campaign in campaigns:
        chosen = rng.sample(requests, ITEMS)
        items = CampaignItem.objects.bulk_create(
            CampaignItem(campaign=campaign, request=r, reference=r.reference) for r in chosen
        )
        ballots = Ballot.objects.bulk_create(
            Ballot(
                campaign=campaign,
                organisation=organisation,
                receipt=services.new_receipt(),
                cast_at=now,
            )
            for organisation in organisations
        )
        lines, versions = [], []
        for ballot in ballots:
            picked = rng.sample(items, 5)
            values = {item.request.reference: 2 for item in picked}
            lines += [BallotLine(ballot=ballot, item=item, value=2) for item in picked]
            versions.append(
                BallotVersion(
                    ballot=ballot, number=1, receipt=ballot.receipt, cast_at=now, lines=values
                )
            )
        BallotLine.objects.bulk_create(lines, batch_size=5000)
        BallotVersion.objects.bulk_create(versions, batch_size=2000)
    services.close_due_campaigns()
    ctx.data["closed_campaign"] = campaigns[1]
    ctx.data["open_campaign"] = campaigns[0]


def pages(ctx):
    closed, live = ctx.data["closed_campaign"], ctx.data["open_campaign"]
    return [
        Page("vote campaigns", "/votes/"),
        Page("campaign results", f"/votes/{closed.pk}/resultats/"),
        Page("campaign results (live count)", f"/votes/{live.pk}/resultats/"),
        Page("campaign page (référent)", f"/votes/{live.pk}/", ctx.data["referent"]),
        Page("campaign projection", f"/votes/{live.pk}/projection/"),
    ]


def _median(func, *, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def figures(ctx):
    rng = random.Random(1000)  # noqa: S311 - reproducible bench data
    refs = [f"D-2026-{i:04d}" for i in range(100)]
    ranked = []
    for _ in range(1000):
        order = rng.sample(refs, rng.randint(5, 100))
        ranked.append(CastBallot(weight=1, choices={ref: n for n, ref in enumerate(order, 1)}))
    schulze = _median(lambda: count_schulze(ballots=ranked, candidates=refs, seats=10), repeat=5)
    twenty = refs[:20]
    points = [
        CastBallot(weight=1, choices=dict.fromkeys(rng.sample(twenty, 10), 1)) for _ in range(400)
    ]
    points_s = _median(lambda: count_points(ballots=points, candidates=twenty, seats=5), repeat=21)
    return [
        {
            "name": "Schulze count, 1,000 ballots × 100 requests (median)",
            "value": round(schulze, 4),
            "unit": "s",
        },
        {
            "name": "points count, 400 organisations × 20 lines (median)",
            "value": round(points_s * 1000, 3),
            "unit": "ms",
        },
    ]
