"""Live questions: the moderator's "next question" with 1,000 questions queued.

A session of its own (one day, everyone registered on site, alternating newcomers and
regulars) holds 10 questions at S and 1,000 at L; its moderation page is measured like any
page (same query count at S and L), and `figures` times the "next question" action itself
(proposal under the row lock, turn recorded) and counts its queries at 10 and at 1,000.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.harness import Page
from cercle.meetings.enums import Attendance, Experience, SessionKind
from cercle.meetings.models import PARIS, DayChoice, Meeting, MeetingDay, Registration, Session
from cercle.questions import services
from cercle.questions.enums import Policy
from cercle.questions.models import Moderation, Question

QUEUED = {"S": 10, "L": 1000}
TARGET_MS = 20


def _session(ctx, count, edition, slug):
    host = ctx.data["organisation"]
    meeting = Meeting.objects.create(
        edition=edition, title=f"Rencontre des questions {count}", slug=slug, host=host
    )
    day = MeetingDay.objects.create(meeting=meeting, date=timezone.localdate(timezone=PARIS))
    start = timezone.now() + timezone.timedelta(days=1)
    session = Session.objects.create(
        meeting=meeting,
        day=day,
        title="Plénière",
        kind=SessionKind.PLENARY,
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=2),
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"q{edition}-{n}@bench.test", display_name=f"Personne {n}")
        for n in range(count)
    )
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=user,
            organisation=host,
            badge_name=user.display_name,
            badge_organisation=host.name,
            experience=Experience.REGULAR,
            image_consent=True,
            image_consent_version="2026-1",
            image_consent_at=now,
            calendar_token=f"q{edition}-{n}",
        )
        for n, user in enumerate(users)
    )
    DayChoice.objects.bulk_create(
        DayChoice(registration=r, day=day, attendance=Attendance.ON_SITE, queued_at=now)
        for r in registrations
    )
    Question.objects.bulk_create(
        Question(
            session=session,
            author=user,
            text=f"Question {n} : quand la démarche sera-t-elle disponible ?",
            support=n % 7,
            newcomer=bool(n % 2),
        )
        for n, user in enumerate(users)
    )
    moderation = Moderation.objects.create(session=session, policy=Policy.EXPERIENCE)
    moderation.moderators.add(ctx.data["staff"])
    return session


def build(ctx):
    count = QUEUED[ctx.size]
    ctx.data["questions_session"] = _session(ctx, count, 9200, "questions")
    # For `figures` (run at L only): a small session beside the big one.
    ctx.data["questions_small"] = _session(ctx, QUEUED["S"], 9201, "questions-petite")


def pages(ctx):
    session = ctx.data["questions_session"]
    return [
        Page(
            "moderation page (questions queued)",
            f"/rencontres/{session.meeting.slug}/seances/{session.pk}/moderation/",
            ctx.data["staff"],
        )
    ]


def _take_next(session, actor):
    """One "next question" as the moderator's button does it; returns (seconds, queries)."""
    current = Question.objects.filter(session=session, status="answering").first()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        services.take(session=session, actor=actor, seen_current=current and current.pk)
        elapsed = time.perf_counter() - start
    return elapsed, len(queries)


def figures(ctx):
    staff = ctx.data["staff"]
    results = {}
    for name, session in (
        ("1,000", ctx.data["questions_session"]),
        ("10", ctx.data["questions_small"]),
    ):
        timings, counts = [], set()
        for _ in range(15):
            with transaction.atomic():
                elapsed, queries = _take_next(session, staff)
                transaction.set_rollback(True)  # the queue stays as built
            timings.append(elapsed)
            counts.add(queries)
        results[name] = (statistics.median(timings) * 1000, max(counts))
    median, queries = results["1,000"]
    if median > TARGET_MS:
        print(f"OFF TARGET: next question {median:.1f} ms with 1,000 queued (≤ {TARGET_MS} ms)")
    if queries != results["10"][1]:
        print(
            f"OFF TARGET: next question runs {results['10'][1]} queries at 10, {queries} at 1,000"
        )
    return [
        {"name": "next question, 1,000 queued (service)", "value": round(median, 3), "unit": "ms"},
        {"name": "next question queries, 1,000 queued", "value": queries, "unit": "queries"},
        {"name": "next question queries, 10 queued", "value": results["10"][1], "unit": "queries"},
    ]
