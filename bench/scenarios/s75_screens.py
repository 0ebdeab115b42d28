"""Room screens: the fragment each projector polls, on a programme of 20 sessions (S) or 400 (L).

S: one day, 2 rooms, 10 one-hour sessions each. L: 4 days, 10 rooms, 10 sessions each. The
sessions are placed on today (Paris) and the days after, so the screen has something under
way or coming whenever the bench runs.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from bench.harness import Page
from cercle.meetings.enums import MeetingStatus, SessionKind
from cercle.meetings.models import PARIS, Meeting, MeetingDay, Session, Speaker


def build(ctx):
    days_count, rooms = (1, 2) if ctx.size == "S" else (4, 10)
    meeting = Meeting.objects.create(
        edition=9100,
        title="Rencontre des écrans",
        slug="ecrans",
        host=ctx.data["organisation"],
        status=MeetingStatus.OPEN,
    )
    today = timezone.localdate(timezone=PARIS)
    days = MeetingDay.objects.bulk_create(
        MeetingDay(meeting=meeting, date=today + timedelta(days=n)) for n in range(days_count)
    )
    sessions = Session.objects.bulk_create(
        Session(
            meeting=meeting,
            day=day,
            title=f"Atelier {room}-{hour}",
            kind=SessionKind.WORKSHOP,
            starts_at=datetime.combine(day.date, time(hour, 0), tzinfo=PARIS),
            ends_at=datetime.combine(day.date, time(hour, 50), tzinfo=PARIS),
            room=f"Salle {room}",
            objectives="Découvrir le module et ses démarches. " * 5,
            prerequisites="Aucun",
            capacity=30,
        )
        for day in days
        for room in range(1, rooms + 1)
        for hour in range(8, 18)
    )
    Speaker.objects.bulk_create(
        Speaker(session=session, name=f"Intervenant {session.pk}") for session in sessions
    )
    ctx.data["screens_meeting"] = meeting


def pages(ctx):
    slug = ctx.data["screens_meeting"].slug
    return [
        Page(
            "room screen state (polled fragment)",
            f"/rencontres/{slug}/salles/salle-1/ecran/etat/",
        )
    ]
