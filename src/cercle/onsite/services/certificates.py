"""Attendance certificates: only for days that have ended and attendance that was recorded."""

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.meetings.models import Meeting, Registration
from cercle.onsite import clock
from cercle.onsite.certificates import attended, certificates_pdf, certificates_zip
from cercle.onsite.permissions import can_get_certificate, require_manager


def _require_a_day_over(meeting: Meeting, today) -> None:
    first = meeting.days.order_by("date").first()
    if first is None or first.date >= today:
        raise DomainError(
            "meeting_not_over",
            _(
                "There is no certificate yet: it can only be issued once a day of the meeting "
                "is over, from %(date)s, and for the days where your attendance was recorded."
            ),
            date=formats.date_format(first.date, "j F Y") if first else "—",
        )


def _nothing_attended() -> DomainError:
    return DomainError(
        "nothing_attended",
        _(
            "No attendance has been recorded on the days already over (check-in on site, or "
            "presence in the online room): there is no certificate. If you attended, ask the "
            "organisers to record it."
        ),
    )


def certificate_for(*, registration: Registration, actor, today=None) -> bytes:
    """The person's own certificate (or any, for organisers) for the days they attended."""
    if not can_get_certificate(actor, registration):
        raise DomainError("forbidden", _("You may not get this certificate."))
    today = today or clock.today()
    _require_a_day_over(registration.meeting, today)
    items = attended([registration], today=today)
    if not items[0].days:
        raise _nothing_attended()
    return certificates_pdf(items)


def certificates_for(*, meeting: Meeting, actor, as_zip: bool = False, today=None) -> bytes:
    """Every attendee's certificate: one PDF with a page each, or a zip of PDFs."""
    require_manager(actor, meeting)
    today = today or clock.today()
    _require_a_day_over(meeting, today)
    registrations = (
        Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True)
        .select_related("meeting__host")
        .order_by("badge_name", "pk")
    )
    items = [item for item in attended(registrations, today=today) if item.days]
    if not items:
        raise _nothing_attended()
    return certificates_zip(items) if as_zip else certificates_pdf(items)
