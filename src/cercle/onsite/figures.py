"""Figures for organisers: registrations per day, profile, organisation and workshop, and the
attendance recorded on the day (check-ins on site, presence in the online room)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from cercle.meetings.enums import Attendance, Experience, SeatStatus
from cercle.meetings.forms import day_label, time_range
from cercle.meetings.models import DayChoice, Meeting, Registration, Session
from cercle.onsite.models import CheckIn, RemoteAttendance

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 10, 190, 640
SERIES = [
    (Attendance.ON_SITE, "#1d3f8f"),
    (Attendance.REMOTE, "#1b6e30"),
    (Attendance.ABSENT, "#767676"),
]


def day_figures(meeting: Meeting) -> dict[int, dict[str, int]]:
    """Per day pk: registered on site (confirmed) and remote, checked in, seen online.

    Four queries whatever the number of people.
    """
    active = Q(registration__cancelled_at__isnull=True)
    registered = {
        (day, attendance): n
        for day, attendance, n in DayChoice.objects.filter(
            active, day__meeting=meeting, status=SeatStatus.CONFIRMED
        )
        .values_list("day", "attendance")
        .annotate(n=Count("id"))
    }
    present = dict(
        CheckIn.objects.filter(active, day__meeting=meeting)
        .values_list("day")
        .annotate(n=Count("id"))
    )
    online = dict(
        RemoteAttendance.objects.filter(active, day__meeting=meeting)
        .values_list("day")
        .annotate(n=Count("id"))
    )
    return {
        day_pk: {
            "registered_on_site": registered.get((day_pk, Attendance.ON_SITE), 0),
            "registered_remote": registered.get((day_pk, Attendance.REMOTE), 0),
            "present": present.get(day_pk, 0),
            "seen_online": online.get(day_pk, 0),
        }
        for day_pk in meeting.days.values_list("pk", flat=True)
    }


def meeting_figures(meeting) -> dict:
    active = Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True)
    counts = {
        (row["day"], row["attendance"], row["status"]): row["n"]
        for row in DayChoice.objects.filter(registration__in=active)
        .values("day", "attendance", "status")
        .annotate(n=Count("id"))
    }
    presence = day_figures(meeting)
    days = []
    for day in meeting.days.all():
        days.append(
            {
                "label": day_label(day),
                "present": presence[day.pk]["present"],
                "seen_online": presence[day.pk]["seen_online"],
                "on_site": counts.get((day.pk, Attendance.ON_SITE, SeatStatus.CONFIRMED), 0),
                "on_site_waiting": counts.get((day.pk, Attendance.ON_SITE, SeatStatus.WAITING), 0),
                "remote": counts.get((day.pk, Attendance.REMOTE, SeatStatus.CONFIRMED), 0),
                "absent": counts.get((day.pk, Attendance.ABSENT, SeatStatus.CONFIRMED), 0),
            }
        )
    experience = dict(active.values_list("experience").annotate(n=Count("id")))
    consent = dict(active.values_list("image_consent").annotate(n=Count("id")))
    organisations = list(
        active.values("organisation__name")
        .annotate(
            total=Count("id", distinct=True),
            on_site=Count("days__id", filter=Q(days__attendance=Attendance.ON_SITE), distinct=True),
        )
        .order_by("-total", "organisation__name")
    )
    workshops = list(
        Session.objects.filter(meeting=meeting, capacity__isnull=False)
        .select_related("day")
        .annotate(
            confirmed=Count("seats", filter=Q(seats__status=SeatStatus.CONFIRMED)),
            waiting=Count("seats", filter=Q(seats__status=SeatStatus.WAITING)),
        )
        .order_by("starts_at", "pk")
    )
    for session in workshops:
        session.day_label = day_label(session.day)
        session.time_range = time_range(session)
    return {
        "total": active.count(),
        "days": days,
        "newcomers": experience.get(Experience.NEWCOMER, 0),
        "regulars": experience.get(Experience.REGULAR, 0),
        "consent_yes": consent.get(True, 0),
        "consent_no": consent.get(False, 0),
        "organisations": organisations,
        "workshops": workshops,
        "chart": attendance_chart(days),
    }


def attendance_chart(days: list[dict]) -> dict:
    """Horizontal stacked bars (on site, remote, not attending) per day, as SVG geometry."""
    largest = max((d["on_site"] + d["remote"] + d["absent"] for d in days), default=0) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / largest
    labels = dict(Attendance.choices)
    rows = []
    for index, day in enumerate(days):
        y = index * (BAR_HEIGHT + BAR_GAP)
        x = LABEL_WIDTH
        segments = []
        for key, colour in SERIES:
            value = day[key.value]
            width = round(value * scale, 1)
            segments.append({"x": x, "width": width, "colour": colour, "value": value})
            x += width
        rows.append(
            {
                "label": day["label"],
                "y": y,
                "text_y": y + 16,
                "segments": segments,
                "total_x": x + 6,
            }
        )
    summary = "; ".join(
        _("%(label)s: %(on_site)d on site, %(remote)d remote, %(absent)d not attending") % d
        for d in days
    )
    height = max(len(days), 1) * (BAR_HEIGHT + BAR_GAP) + 30
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": height,
        "legend_y": height - 12,
        "legend": [
            {"label": labels[key], "colour": colour, "x": LABEL_WIDTH + i * 140}
            for i, (key, colour) in enumerate(SERIES)
        ],
        "summary": summary,
    }
