"""On the day and after: the archive of a held meeting, and badges for 1,000 on-site people.

The archived meeting is the first one built by s60 (40 sessions, 40 registrations at S, 400 at
L), given two recordings with 20 chapters each, two documents per session and check-ins for
everyone on site. The badge figure goes through the real view: query, signing, PDF.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from bench.harness import Page
from cercle.meetings.enums import Attendance, Experience, MeetingStatus
from cercle.meetings.models import PARIS, DayChoice, Meeting, MeetingDay, Registration, Session
from cercle.onsite.enums import Provider, Visibility
from cercle.onsite.models import Chapter, CheckIn, Document, Recording

BADGES = 1000


def build(ctx):
    meeting = Meeting.objects.order_by("edition").first()
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    for n, day in enumerate(meeting.days.all()):
        recording = Recording.objects.create(
            day=day,
            url=f"https://visio.example.test/playback/presentation/2.3/bench-{n}",
            provider=Provider.BBB,
        )
        sessions = list(Session.objects.filter(day=day).order_by("starts_at", "pk"))
        Chapter.objects.bulk_create(
            Chapter(
                recording=recording,
                seconds=60 + 600 * i,
                title=session.title,
                session=session,
            )
            for i, session in enumerate(sessions)
        )
    Document.objects.bulk_create(
        Document(
            session=session,
            title=f"Support {i}",
            url=f"https://public.example.test/club/{session.pk}-{i}.pdf",
            visibility=Visibility.PUBLIC if i else Visibility.MEMBERS,
        )
        for session in Session.objects.filter(meeting=meeting)
        for i in range(2)
    )
    now = timezone.now()
    CheckIn.objects.bulk_create(
        CheckIn(registration_id=choice.registration_id, day_id=choice.day_id, checked_in_at=now)
        for choice in DayChoice.objects.filter(day__meeting=meeting, attendance=Attendance.ON_SITE)
    )
    ctx.data["archived"] = meeting


def pages(ctx):
    slug = ctx.data["archived"].slug
    return [Page("meeting archive (40 sessions, chapters)", f"/rencontres/{slug}/archive/")]


def _badge_meeting(ctx):
    """A meeting with 1,000 people, each with a confirmed on-site place."""
    host = ctx.data["organisation"]
    meeting = Meeting.objects.create(
        edition=9000, title="Rencontre des badges", slug="badges", host=host
    )
    day = MeetingDay.objects.create(meeting=meeting, date=timezone.localdate(timezone=PARIS))
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"badge-{n}@bench.test", display_name=f"Badge {n}")
        for n in range(BADGES)
    )
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=user,
            organisation=host,
            badge_name=f"Hélène-Françoise Léveillé {n}",
            badge_organisation="Communauté d'agglomération du Pays de Saint-Omer",
            experience=Experience.NEWCOMER if n % 2 else Experience.REGULAR,
            image_consent=True,
            image_consent_version="2026-1",
            image_consent_at=now,
            calendar_token=f"badge-{n}",
        )
        for n, user in enumerate(users)
    )
    DayChoice.objects.bulk_create(
        DayChoice(registration=r, day=day, attendance=Attendance.ON_SITE, queued_at=now)
        for r in registrations
    )
    return meeting


def figures(ctx):
    meeting = _badge_meeting(ctx)
    client = Client()
    client.force_login(ctx.data["staff"])
    url = f"/rencontres/{meeting.slug}/badges/?layout=a4-10-86x54"
    client.get(url)  # warm-up: fonts are loaded once per process
    durations = []
    for _ in range(3):
        start = time.perf_counter()
        response = client.get(url)
        durations.append(time.perf_counter() - start)
        assert response["Content-Type"] == "application/pdf"
    median = statistics.median(durations)
    return [
        {
            "name": "badges PDF, 1,000 on-site registrants (view)",
            "value": round(median, 3),
            "unit": "s",
        },
        {
            "name": "badges PDF, 1,000 on-site registrants (view) rate",
            "value": round(BADGES / median),
            "unit": "badges/s",
        },
    ]
