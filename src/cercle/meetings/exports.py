"""Registration exports (CSV, ODS, XLSX) for organisers, with the image-rights answers."""

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.meetings.enums import Attendance, Experience, SeatStatus
from cercle.meetings.forms import day_label
from cercle.meetings.models import PARIS, Registration

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def registrations_dataset(meeting) -> tablib.Dataset:
    days = list(meeting.days.all())
    registrations = (
        Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True)
        .select_related("person", "organisation")
        .prefetch_related("days", "workshops__session")
        .order_by("badge_name", "pk")
    )
    attendance = dict(Attendance.choices)
    experience = dict(Experience.choices)
    headers = [
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
    data = tablib.Dataset(headers=headers, title=str(_("Registrations"))[:31])
    for registration in registrations:
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
        seats = sorted(registration.workshops.all(), key=lambda s: s.session.starts_at)
        data.append(
            [
                registration.person.display_name,
                registration.person.email,
                registration.organisation.name,
                registration.badge_name,
                registration.badge_organisation,
                str(experience[registration.experience]),
                *cells,
                "; ".join(s.session.title for s in seats if s.status == SeatStatus.CONFIRMED),
                "; ".join(s.session.title for s in seats if s.status == SeatStatus.WAITING),
                _("yes") if registration.image_consent else _("no"),
                registration.image_consent_version,
                _local(registration.image_consent_at),
                registration.dietary_needs,
                registration.accessibility_needs,
                _local(registration.created_at),
            ]
        )
    return data


def _local(moment) -> str:
    return timezone.localtime(moment, PARIS).strftime("%Y-%m-%d %H:%M")


def export(meeting, fmt: str) -> bytes:
    content = registrations_dataset(meeting).export(fmt)
    return content.encode("utf-8") if isinstance(content, str) else content
