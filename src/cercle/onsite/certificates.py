"""Attendance certificates: who attended which days and workshops, on site or remotely."""

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from cercle.meetings.enums import Attendance, SeatStatus
from cercle.meetings.models import PARIS, DayChoice, Registration, WorkshopSeat
from cercle.onsite import clock
from cercle.onsite.badges import FONT_BOLD, FONT_REGULAR, register_fonts
from cercle.onsite.models import CheckIn, RemoteAttendance


@dataclass
class AttendedDay:
    day: object
    mode: str  # Attendance.ON_SITE or Attendance.REMOTE

    @property
    def mode_label(self):
        return Attendance(self.mode).label


@dataclass
class Attended:
    """What one registered person attended; empty when they came to nothing."""

    registration: Registration
    days: list[AttendedDay] = field(default_factory=list)
    workshops: list = field(default_factory=list)


def ended(day, today) -> bool:
    """A day has ended once the next one has begun in Europe/Paris."""
    return day.date < today


def attended(registrations, *, today=None) -> list[Attended]:
    """Days that have ended (Europe/Paris) and where attendance was recorded: a check-in on
    site, or remote attendance imported from the online room. The registration alone proves
    nothing. Also the workshops held on those days where the person had a confirmed seat.
    Four queries for any number of people."""
    today = today or clock.today()
    registrations = list(registrations)
    ids = [r.pk for r in registrations]
    checked = set(CheckIn.objects.filter(registration__in=ids).values_list("registration", "day"))
    seen = set(
        RemoteAttendance.objects.filter(registration__in=ids).values_list("registration", "day")
    )
    choices = (
        DayChoice.objects.filter(registration__in=ids).select_related("day").order_by("day__date")
    )
    days_by_registration: dict[int, list[AttendedDay]] = {pk: [] for pk in ids}
    for choice in choices:
        key = (choice.registration_id, choice.day_id)
        if not ended(choice.day, today):
            continue
        if key in checked:
            mode = Attendance.ON_SITE
        elif key in seen:
            mode = Attendance.REMOTE
        else:
            continue
        days_by_registration[choice.registration_id].append(AttendedDay(choice.day, mode))
    workshops = _workshops(ids, days_by_registration)
    return [
        Attended(registration=r, days=days_by_registration[r.pk], workshops=workshops[r.pk])
        for r in registrations
    ]


def _workshops(ids, days_by_registration) -> dict[int, list]:
    seats = (
        WorkshopSeat.objects.filter(registration__in=ids, status=SeatStatus.CONFIRMED)
        .select_related("session")
        .order_by("session__starts_at")
    )
    workshops: dict[int, list] = {pk: [] for pk in ids}
    for seat in seats:
        day_ids = {d.day.pk for d in days_by_registration[seat.registration_id]}
        if seat.session.day_id in day_ids:
            workshops[seat.registration_id].append(seat.session)
    return workshops


def _styles():
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=22, leading=28),
        "lead": ParagraphStyle("lead", fontName=FONT_BOLD, fontSize=13, leading=18),
        "body": ParagraphStyle("body", fontName=FONT_REGULAR, fontSize=11, leading=16),
        "item": ParagraphStyle(
            "item", fontName=FONT_REGULAR, fontSize=11, leading=16, leftIndent=8 * mm
        ),
    }


def _page(item: Attended, styles) -> list:
    registration = item.registration
    meeting = registration.meeting
    story = [
        Paragraph(escape(_("Certificate of attendance")), styles["title"]),
        Spacer(1, 8 * mm),
        Paragraph(escape(meeting.title), styles["lead"]),
        Paragraph(
            escape(
                _("Hosted by %(host)s%(venue)s.")
                % {
                    "host": meeting.host.name,
                    "venue": f", {meeting.venue}" if meeting.venue else "",
                }
            ),
            styles["body"],
        ),
        Spacer(1, 8 * mm),
        Paragraph(
            escape(
                _("We certify that %(name)s (%(organisation)s) attended:")
                % {"name": registration.badge_name, "organisation": registration.badge_organisation}
            ),
            styles["body"],
        ),
        Spacer(1, 3 * mm),
    ]
    for day in item.days:
        date = formats.date_format(day.day.date, "l j F Y")
        story.append(Paragraph(escape(f"• {date} — {day.mode_label}"), styles["item"]))
    if item.workshops:
        story += [Spacer(1, 4 * mm), Paragraph(escape(_("Workshops:")), styles["body"])]
        for session in item.workshops:
            start = timezone.localtime(session.starts_at, PARIS)
            when = formats.date_format(start, "j F Y, H:i")
            story.append(Paragraph(escape(f"• {session.title} ({when})"), styles["item"]))
    story += [
        Spacer(1, 12 * mm),
        Paragraph(
            escape(
                _("Issued on %(date)s by the user club.")
                % {"date": formats.date_format(timezone.localdate(timezone=PARIS), "j F Y")}
            ),
            styles["body"],
        ),
    ]
    return story


def certificates_pdf(items: list[Attended]) -> bytes:
    """One PDF with a page per person who attended something."""
    styles = _styles()
    story = []
    for item in items:
        if not item.days:
            continue
        if story:
            story.append(PageBreak())
        story += _page(item, styles)
    if not story:
        raise ValueError("Nobody attended: there is no certificate to print.")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=30 * mm,
        bottomMargin=25 * mm,
        title=_("Certificate of attendance"),
    )
    document.build(story)
    return buffer.getvalue()


def certificates_zip(items: list[Attended]) -> bytes:
    """A zip with one PDF per person who attended something."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            if item.days:
                registration = item.registration
                name = f"attestation-{slugify(registration.badge_name)}-{registration.pk}.pdf"
                archive.writestr(name, certificates_pdf([item]))
    return buffer.getvalue()
