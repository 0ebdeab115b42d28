"""Badges: the signed code printed as a QR, the band's role, and the PDF of a selection."""

import re

from django.core import signing
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance, Experience, SeatStatus
from cercle.meetings.models import DayChoice, Meeting, Registration
from cercle.onsite import badges
from cercle.onsite.enums import BadgeRole
from cercle.onsite.permissions import require_manager

BADGE_SALT = "cercle.onsite.badge"
BADGE_COLOURS = {
    BadgeRole.VENDOR: "#2E7D32",
    BadgeRole.HOST: "#8E2F6F",
    BadgeRole.NEWCOMER: "#1F5FAD",
    BadgeRole.REGULAR: "#F2C230",
}
# "<meeting>-<registration>.<signature>": what a handheld scanner types for a badge.
TOKEN_SHAPE = re.compile(r"\s*[0-9]{1,12}-[0-9]{1,12}\.[A-Za-z0-9_-]{20,100}\s*")


def _signer() -> signing.Signer:
    return signing.Signer(salt=BADGE_SALT, sep=".")


def badge_token(registration: Registration) -> str:
    """The signed code printed as the badge's QR: meeting and registration, URL-safe."""
    return _signer().sign(f"{registration.meeting_id}-{registration.pk}")


def looks_like_badge_token(text: str) -> bool:
    """Whether `text` has the shape of a badge code (signed or not): a scanner typed it."""
    return bool(TOKEN_SHAPE.fullmatch(text or ""))


def read_badge_token(token: str) -> tuple[int, int]:
    """(meeting pk, registration pk) of a badge code; DomainError "invalid_code" if forged."""
    try:
        meeting_pk, registration_pk = _signer().unsign(token.strip()).split("-")
        return int(meeting_pk), int(registration_pk)
    except (signing.BadSignature, ValueError) as error:
        raise DomainError(
            "invalid_code",
            _("Invalid code: this is not a badge of the club, or it was altered."),
            fields=["code"],
        ) from error


def badge_role(registration: Registration, meeting: Meeting) -> BadgeRole:
    if registration.person.is_staff:
        return BadgeRole.VENDOR
    if registration.organisation_id == meeting.host_id:
        return BadgeRole.HOST
    if registration.experience == Experience.NEWCOMER:
        return BadgeRole.NEWCOMER
    return BadgeRole.REGULAR


def onsite_registrations(*, meeting: Meeting, day=None, organisation=None, ids=None):
    """Active registrations with a confirmed on-site place (on `day`, or on any day)."""
    on_site = DayChoice.objects.filter(attendance=Attendance.ON_SITE, status=SeatStatus.CONFIRMED)
    if day is not None:
        on_site = on_site.filter(day=day)
    registrations = Registration.objects.filter(
        meeting=meeting,
        cancelled_at__isnull=True,
        pk__in=on_site.values("registration"),
    )
    if organisation is not None:
        registrations = registrations.filter(organisation=organisation)
    if ids is not None:
        registrations = registrations.filter(pk__in=ids)
    return registrations.select_related("person", "organisation").order_by(
        "badge_organisation", "badge_name", "pk"
    )


def badges_pdf(*, meeting: Meeting, actor, layout: str, registrations) -> bytes:
    """One PDF with the badges of `registrations`, in the order given."""
    require_manager(actor, meeting)
    if layout not in badges.LAYOUTS:
        raise DomainError("unknown_layout", _("Choose a layout."), fields=["layout"])
    items = []
    for registration in registrations:
        role = badge_role(registration, meeting)
        items.append(
            badges.Badge(
                name=registration.badge_name,
                organisation=registration.badge_organisation,
                qr_payload=badge_token(registration),
                label=str(role.label),
                colour=BADGE_COLOURS[role],
            )
        )
    if not items:
        raise DomainError(
            "no_badges", _("Nobody matches these choices: there is no badge to print.")
        )
    return badges.render_badges(items, layout=layout)
