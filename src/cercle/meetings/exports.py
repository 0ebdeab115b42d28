"""Registration exports (CSV, ODS, XLSX) for organisers, with the image-rights answers.

Every file goes through `cercle.core.spreadsheets.export`, which makes formula-like cells
inert and removes control characters: badge names and titles are typed by anyone.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.core.spreadsheets import MIMETYPES
from cercle.core.spreadsheets import export as spreadsheet
from cercle.meetings.enums import Attendance, Experience, SeatStatus
from cercle.meetings.formatting import day_label
from cercle.meetings.models import PARIS, Registration

FORMATS = MIMETYPES


def _headers(days) -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Name on the badge"),
        _("Organisation on the badge"),
        _("Newcomer or regular"),
        *(day_label(day) for day in days),
        _("Workshops"),
        _("Waiting lists"),
        _("Image-rights consent"),
        _("Consent clause version"),
        _("Consent answered at"),
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Registered at"),
    ]


def _day_cells(registration, days) -> list[str]:
    attendance = dict(Attendance.choices)
    by_day = {choice.day_id: choice for choice in registration.days.all()}
    cells = []
    for day in days:
        choice = by_day.get(day.pk)
        if choice is None:
            cells.append("")
            continue
        text = str(attendance[choice.attendance])
        if choice.status == SeatStatus.WAITING:
            text += " (" + _("waiting list") + ")"
        cells.append(text)
    return cells


def _seat(seat) -> str:
    if seat.is_remote:
        return f"{seat.session.title} ({_('remote')})"
    return seat.session.title


def registration_rows(meeting) -> tuple[list[str], list[list]]:
    days = list(meeting.days.all())
    registrations = (
        Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True)
        .select_related("person", "organisation")
        .prefetch_related("days", "workshops__session")
        .order_by("badge_name", "pk")
    )
    experience = dict(Experience.choices)
    rows = []
    for registration in registrations:
        seats = sorted(registration.workshops.all(), key=lambda s: s.session.starts_at)
        rows.append(
            [
                registration.person.display_name,
                registration.person.email,
                registration.organisation.name,
                registration.badge_name,
                registration.badge_organisation,
                str(experience[registration.experience]),
                *_day_cells(registration, days),
                "; ".join(_seat(s) for s in seats if s.status == SeatStatus.CONFIRMED),
                "; ".join(_seat(s) for s in seats if s.status == SeatStatus.WAITING),
                _("yes") if registration.image_consent else _("no"),
                registration.image_consent_version,
                _local(registration.image_consent_at),
                registration.dietary_needs,
                registration.accessibility_needs,
                _local(registration.created_at),
            ]
        )
    return _headers(days), rows


def _local(moment) -> str:
    return timezone.localtime(moment, PARIS).strftime("%Y-%m-%d %H:%M")


def export(meeting, fmt: str) -> bytes:
    headers, rows = registration_rows(meeting)
    return spreadsheet(fmt, headers, rows, title=_("Registrations"))
