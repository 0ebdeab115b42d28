"""Club meetings: 40-session programmes, registrations with day choices and workshop seats.

L: 30 meetings × 40 sessions, 12,000 registrations (400 per meeting). S: 3 meetings × 40
sessions, 120 registrations. The measured pages belong to the middle meeting at both sizes.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bench.harness import Page
from cercle.meetings import services
from cercle.meetings.enums import Attendance, Audience, Experience, MeetingStatus, SeatStatus
from cercle.meetings.enums import SessionKind as Kind
from cercle.meetings.models import (
    PARIS,
    DayChoice,
    Meeting,
    MeetingDay,
    Registration,
    Session,
    Speaker,
    Track,
    WorkshopSeat,
)
from cercle.organisations.models import Membership

SESSIONS_PER_MEETING = 40
KINDS = [Kind.PLENARY, Kind.EXPERIENCE_REPORT, Kind.ROUND_TABLE, Kind.WORKSHOP, Kind.VOTE]
AUDIENCES = ["", *Audience.values]


def build(ctx):
    meetings_count = 3 if ctx.size == "S" else 30
    per_meeting = 40 if ctx.size == "S" else 400
    host = ctx.data["organisation"]
    Meeting.objects.bulk_create(
        Meeting(
            edition=n + 1,
            title=f"Rencontre {n + 1}",
            slug=f"rencontre-{n + 1}",
            host=host,
            venue="Salle des fêtes",
            online_url="https://visio.example.test/club",
            status=MeetingStatus.OPEN,
        )
        for n in range(meetings_count)
    )
    meetings = list(Meeting.objects.order_by("edition"))
    start = date(2099, 6, 2)
    MeetingDay.objects.bulk_create(
        MeetingDay(meeting=m, date=start + timedelta(days=14 * i + d))
        for i, m in enumerate(meetings)
        for d in range(2)
    )
    Track.objects.bulk_create(
        Track(meeting=m, name=name, position=p)
        for m in meetings
        for p, name in enumerate(["Nouveaux utilisateurs", "Experts"])
    )
    days = {}
    for day in MeetingDay.objects.order_by("date"):
        days.setdefault(day.meeting_id, []).append(day)
    tracks = {}
    for track in Track.objects.order_by("position"):
        tracks.setdefault(track.meeting_id, []).append(track)
    sessions = []
    for m in meetings:
        for i in range(SESSIONS_PER_MEETING):
            day = days[m.pk][i % 2]
            slot = i // 2
            begins = datetime.combine(day.date, time(8, 0), tzinfo=PARIS) + timedelta(
                minutes=30 * (slot // 2)
            )
            kind = KINDS[i % len(KINDS)]
            sessions.append(
                Session(
                    meeting=m,
                    day=day,
                    title=f"Séance {i} — retour d'expérience et échanges",
                    kind=kind,
                    starts_at=begins,
                    ends_at=begins + timedelta(minutes=30),
                    room=f"Salle {slot % 2}",
                    track=tracks[m.pk][i % 2] if i % 3 else None,
                    audience=AUDIENCES[i % len(AUDIENCES)],
                    objectives="Partager une démarche et ses résultats. " * 3,
                    prerequisites="Aucun." if i % 2 else "Connaître le back-office.",
                    capacity=30 if kind == Kind.WORKSHOP else None,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=2000)
    sessions = list(Session.objects.order_by("pk"))
    Speaker.objects.bulk_create(
        (
            Speaker(session=s, name=f"Intervenant {s.pk}", organisation_name="Collectivité")
            for s in sessions
        ),
        batch_size=2000,
    )
    _registrations(meetings, days, sessions, per_meeting, ctx)
    middle = meetings[len(meetings) // 2]
    # The measured person is registered in the measured meeting at both sizes.
    membership = Membership.objects.select_related("organisation").filter(user=ctx.data["agent"])[0]
    workshop = Session.objects.filter(meeting=middle, kind=Kind.WORKSHOP).order_by("pk").first()
    services.register(
        meeting=middle,
        person=ctx.data["agent"],
        choices=services.Choices(
            organisation=membership.organisation,
            days={d.pk: Attendance.ON_SITE for d in days[middle.pk]},
            workshops=[workshop],
            badge_name="Agent",
            badge_organisation=membership.organisation.name,
            experience=Experience.REGULAR,
            image_consent=True,
        ),
    )
    ctx.data["meeting"] = middle


def _registrations(meetings, days, sessions, per_meeting, ctx):
    members = list(
        Membership.objects.exclude(user=ctx.data["agent"])
        .order_by("user_id", "pk")
        .values_list("user_id", "organisation_id")
    )
    first_org = {}
    for user_id, organisation_id in members:
        first_org.setdefault(user_id, organisation_id)
    people = list(first_org.items())
    now = timezone.now()
    registrations = []
    for i, m in enumerate(meetings):
        for j in range(per_meeting):
            user_id, organisation_id = people[(i * per_meeting + j) % len(people)]
            registrations.append(
                Registration(
                    meeting=m,
                    person_id=user_id,
                    organisation_id=organisation_id,
                    badge_name=f"Personne {user_id}",
                    badge_organisation="Collectivité",
                    experience=Experience.REGULAR if j % 3 else Experience.NEWCOMER,
                    image_consent=bool(j % 4),
                    image_consent_version="2026-1",
                    image_consent_at=now,
                    calendar_token=f"bench-{m.pk}-{j}",
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=2000)
    workshops = {}
    for s in sessions:
        if s.capacity:
            workshops.setdefault(s.meeting_id, []).append(s)
    choices, seats, taken = [], [], {}
    for r in Registration.objects.order_by("pk").only("pk", "meeting_id"):
        for n, day in enumerate(days[r.meeting_id]):
            mode = [Attendance.ON_SITE, Attendance.REMOTE, Attendance.ABSENT][(r.pk + n) % 3]
            choices.append(DayChoice(registration=r, day=day, attendance=mode, queued_at=now))
        session = workshops[r.meeting_id][r.pk % len(workshops[r.meeting_id])]
        taken[session.pk] = taken.get(session.pk, 0) + 1
        seats.append(
            WorkshopSeat(
                registration=r,
                session=session,
                status=SeatStatus.CONFIRMED
                if taken[session.pk] <= session.capacity
                else SeatStatus.WAITING,
                queued_at=now + timedelta(microseconds=r.pk),
            )
        )
    DayChoice.objects.bulk_create(choices, batch_size=5000)
    WorkshopSeat.objects.bulk_create(seats, batch_size=5000)


def pages(ctx):
    slug = ctx.data["meeting"].slug
    return [
        Page("meeting programme (40 sessions)", f"/rencontres/{slug}/programme/"),
        Page(
            "meeting registration (signed in)",
            f"/rencontres/{slug}/inscription/",
            ctx.data["agent"],
        ),
        Page("meeting figures (staff)", f"/rencontres/{slug}/chiffres/", ctx.data["staff"]),
    ]
