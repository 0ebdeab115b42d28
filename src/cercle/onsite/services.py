"""On the day and after: badges, check-in, remote attendance, recordings, documents.

Every function that acts for someone takes the `actor` and checks their permission first
(OnsiteError "forbidden"); check-ins and imports are written to the audit log.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from cercle.audit.services import record
from cercle.core import uploads
from cercle.core.text import normalise
from cercle.meetings import badges, chapters
from cercle.meetings.enums import Attendance, Experience, SeatStatus
from cercle.meetings.models import PARIS, DayChoice, Meeting, MeetingDay, Registration, Session
from cercle.meetings.permissions import can_manage_meeting
from cercle.onsite.enums import BadgeRole, CheckInMethod, Provider, Visibility
from cercle.onsite.models import Chapter, CheckIn, Document, Recording, RemoteAttendance

BADGE_SALT = "cercle.onsite.badge"
BADGE_COLOURS = {
    BadgeRole.VENDOR: "#2E7D32",
    BadgeRole.HOST: "#8E2F6F",
    BadgeRole.NEWCOMER: "#1F5FAD",
    BadgeRole.REGULAR: "#F2C230",
}
SEARCH_LIMIT = 25


class OnsiteError(Exception):
    """A refused action; `code` tells views and tests what happened."""

    def __init__(self, code: str, *, field: str = "", detail: object = None):
        super().__init__(code)
        self.code = code
        self.field = field
        self.detail = detail


def _require_manager(actor, meeting: Meeting) -> None:
    if not can_manage_meeting(actor, meeting):
        raise OnsiteError("forbidden")


# --- Badges ---------------------------------------------------------------------------


def badge_token(registration: Registration) -> str:
    """The signed code printed as the badge's QR: meeting and registration, URL-safe."""
    signer = signing.Signer(salt=BADGE_SALT, sep=".")
    return signer.sign(f"{registration.meeting_id}-{registration.pk}")


def read_badge_token(token: str) -> tuple[int, int]:
    """(meeting pk, registration pk) of a badge code; OnsiteError "invalid_code" if forged."""
    signer = signing.Signer(salt=BADGE_SALT, sep=".")
    try:
        meeting_pk, registration_pk = signer.unsign(token.strip()).split("-")
        return int(meeting_pk), int(registration_pk)
    except (signing.BadSignature, ValueError) as error:
        raise OnsiteError("invalid_code", field="code") from error


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
    _require_manager(actor, meeting)
    if layout not in badges.LAYOUTS:
        raise OnsiteError("unknown_layout", field="layout")
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
        raise OnsiteError("no_badges")
    return badges.render_badges(items, layout=layout)


# --- Check-in -------------------------------------------------------------------------


def check_in(
    *, day: MeetingDay, actor, code: str = "", registration=None, now: datetime | None = None
) -> CheckIn:
    """Record that a registered person arrived on site on `day`, from a badge code or a search.

    Raises OnsiteError: "forbidden", "invalid_code" (forged, altered or unreadable code),
    "other_meeting", "cancelled", or "already_checked_in" with the first check-in as detail.
    """
    meeting = day.meeting
    _require_manager(actor, meeting)
    method = CheckInMethod.SEARCH
    if registration is None:
        method = CheckInMethod.SCAN
        meeting_pk, registration_pk = read_badge_token(code)
        if meeting_pk != meeting.pk:
            raise OnsiteError("other_meeting", field="code")
        registration = Registration.objects.filter(pk=registration_pk).first()
        if registration is None:
            raise OnsiteError("invalid_code", field="code")
    if registration.meeting_id != meeting.pk:
        raise OnsiteError("other_meeting", field="code")
    if not registration.is_active:
        raise OnsiteError("cancelled", detail=registration)
    existing = CheckIn.objects.filter(registration=registration, day=day).first()
    if existing is not None:
        raise OnsiteError("already_checked_in", detail=existing)
    try:
        with transaction.atomic():
            entry = CheckIn.objects.create(
                registration=registration,
                day=day,
                checked_in_at=now or timezone.now(),
                checked_in_by=actor,
                method=method,
            )
    except IntegrityError as error:
        # Two scanners read the same badge at once: the other one won.
        existing = CheckIn.objects.get(registration=registration, day=day)
        raise OnsiteError("already_checked_in", detail=existing) from error
    record(
        actor=actor,
        action="meeting.checked_in",
        target=meeting,
        details={"registration": registration.pk, "day": day.date.isoformat(), "method": method},
    )
    return entry


def search_registrations(*, day: MeetingDay, actor, query: str) -> list[Registration]:
    """Active registrations matching a name or an organisation, with their state on `day`.

    Each result carries `attendance` (the day's choice) and `checked_in_at` (or None).
    """
    _require_manager(actor, day.meeting)
    words = normalise(query).split()
    if not words:
        return []
    # Matching happens in Python on unaccented names: "Helene" finds "Hélène" on SQLite and
    # PostgreSQL alike. A meeting has a few hundred registrations, read in one query.
    candidates = Registration.objects.filter(
        meeting=day.meeting, cancelled_at__isnull=True
    ).values_list(
        "pk", "badge_name", "badge_organisation", "person__display_name", "organisation__name"
    )
    matching = [
        pk
        for pk, *texts in candidates
        if all(word in normalise(" ".join(t or "" for t in texts)) for word in words)
    ]
    registrations = Registration.objects.filter(pk__in=matching)
    return list(
        registrations.annotate(
            attendance=Subquery(
                DayChoice.objects.filter(registration=OuterRef("pk"), day=day).values("attendance")[
                    :1
                ]
            ),
            checked_in_at=Subquery(
                CheckIn.objects.filter(registration=OuterRef("pk"), day=day).values(
                    "checked_in_at"
                )[:1]
            ),
        ).order_by("badge_name", "pk")[:SEARCH_LIMIT]
    )


def local_time(moment: datetime) -> str:
    return timezone.localtime(moment, PARIS).strftime("%H:%M")


# --- Remote attendance ----------------------------------------------------------------


@dataclass
class ImportReport:
    matched: int
    already: int
    unmatched: list[tuple[int, str]]


# Compared after normalise_title: lower case, no accents, punctuation turned into spaces.
EMAIL_HEADERS = {"email", "e mail", "mail", "courriel", "adresse electronique", "adresse mail"}
NAME_HEADERS = {"name", "nom", "full name", "nom complet", "participant", "user", "utilisateur"}


def _rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


@transaction.atomic
def import_remote_attendance(*, day: MeetingDay, actor, data: bytes, now=None) -> ImportReport:
    """Mark as seen online, on `day`, the registrants listed in the online room's CSV export.

    Lines are matched by email first, then by name (accents and case ignored). Raises
    OnsiteError "no_columns" when the header row has neither an email nor a name column.
    """
    _require_manager(actor, day.meeting)
    rows = _rows(data)
    if not rows:
        raise OnsiteError("no_columns", field="attendance_list")
    header = [chapters.normalise_title(cell) for cell in rows[0]]
    email_column = next((i for i, h in enumerate(header) if h in EMAIL_HEADERS), None)
    name_column = next((i for i, h in enumerate(header) if h in NAME_HEADERS), None)
    if email_column is None and name_column is None:
        raise OnsiteError("no_columns", field="attendance_list")
    registrations = list(
        Registration.objects.filter(meeting=day.meeting, cancelled_at__isnull=True).select_related(
            "person"
        )
    )
    by_email = {r.person.email.casefold(): r for r in registrations}
    by_name = {}
    for registration in registrations:
        for name in (registration.badge_name, registration.person.display_name):
            by_name.setdefault(chapters.normalise_title(name), registration)
    seen = set(RemoteAttendance.objects.filter(day=day).values_list("registration_id", flat=True))
    matched, already, unmatched, new = 0, 0, [], []
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        found = None
        if email_column is not None and email_column < len(row):
            found = by_email.get(row[email_column].strip().casefold())
        if found is None and name_column is not None and name_column < len(row):
            found = by_name.get(chapters.normalise_title(row[name_column]))
        if found is None:
            unmatched.append((line_number, ", ".join(cell.strip() for cell in row)))
        elif found.pk in seen:
            already += 1
        else:
            seen.add(found.pk)
            matched += 1
            new.append(
                RemoteAttendance(
                    registration=found,
                    day=day,
                    imported_at=now or timezone.now(),
                    imported_by=actor,
                )
            )
    RemoteAttendance.objects.bulk_create(new)
    record(
        actor=actor,
        action="meeting.remote_attendance_imported",
        target=day.meeting,
        details={"day": day.date.isoformat(), "matched": matched, "unmatched": len(unmatched)},
    )
    return ImportReport(matched=matched, already=already, unmatched=unmatched)


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


# --- Recordings and chapters ----------------------------------------------------------


@transaction.atomic
def save_recording(
    *, day: MeetingDay, actor, url: str, provider: str, duration: int | None = None
) -> Recording:
    _require_manager(actor, day.meeting)
    if provider not in Provider.values:
        raise OnsiteError("unknown_provider", field="provider")
    recording, created = Recording.objects.update_or_create(
        day=day, defaults={"url": url, "provider": provider, "duration": duration}
    )
    record(
        actor=actor,
        action="meeting.recording_saved",
        target=day.meeting,
        details={"day": day.date.isoformat(), "url": url, "provider": provider},
    )
    return recording


@dataclass
class PreviewLine:
    line_number: int
    title: str
    seconds: int
    session: Session | None

    @property
    def timecode(self) -> str:
        return chapters.format_timecode(self.seconds)


@dataclass
class AgendaPreview:
    chapters: list[PreviewLine]
    unparsed: list[chapters.UnparsedLine]
    duplicates: list[PreviewLine]


def preview_agenda(*, recording: Recording, text: str) -> AgendaPreview:
    """Read a pasted agenda into chapters matched to the day's sessions, without saving.

    Two lines starting at the same moment (a heading and its first item) give one chapter:
    the line matched to a session, else the later, more specific one; the other is reported.
    """
    parsed = chapters.parse_agenda(text)
    sessions = {s.pk: s for s in Session.objects.filter(day=recording.day).order_by("starts_at")}
    matches = chapters.match_sessions(
        parsed.lines, sessions=[(pk, s.title) for pk, s in sessions.items()]
    )
    kept: dict[int, PreviewLine] = {}
    duplicates = []
    for match in matches:
        line = PreviewLine(
            line_number=match.line.line_number,
            title=match.line.title,
            seconds=match.line.seconds,
            session=sessions.get(match.session_key),
        )
        previous = kept.get(line.seconds)
        if previous is not None and previous.session is not None and line.session is None:
            duplicates.append(line)
            continue
        if previous is not None:
            duplicates.append(previous)
        kept[line.seconds] = line
    ordered = sorted(kept.values(), key=lambda line: (line.seconds, line.line_number))
    duplicates.sort(key=lambda line: line.line_number)
    return AgendaPreview(chapters=ordered, unparsed=parsed.unparsed, duplicates=duplicates)


@transaction.atomic
def save_chapters(*, recording: Recording, actor, text: str) -> list[Chapter]:
    """Replace the recording's chapters with those read from a pasted agenda."""
    _require_manager(actor, recording.day.meeting)
    preview = preview_agenda(recording=recording, text=text)
    if not preview.chapters:
        raise OnsiteError("no_chapters", field="agenda")
    recording.chapters.all().delete()
    created = Chapter.objects.bulk_create(
        Chapter(recording=recording, seconds=line.seconds, title=line.title, session=line.session)
        for line in preview.chapters
    )
    record(
        actor=actor,
        action="meeting.chapters_saved",
        target=recording.day.meeting,
        details={"day": recording.day.date.isoformat(), "chapters": len(created)},
    )
    return created


def webvtt(recording: Recording) -> str:
    """The day's chapters as a WebVTT file (the duration closes the last one when known)."""
    cues = [(chapter.seconds, chapter.title) for chapter in recording.chapters.all()]
    duration = recording.duration
    if duration is not None and any(start >= duration for start, _title in cues):
        duration = None
    return chapters.to_webvtt(cues, duration=duration)


# --- Documents ------------------------------------------------------------------------


@transaction.atomic
def add_document(
    *, session: Session, actor, title: str, upload=None, url: str = "", visibility: str
) -> Document:
    """Attach slides or a document to a session: an upload (PDF, ODP or PPTX, checked by its
    content and `SLIDES_MAX_SIZE`) or a link. Raises OnsiteError "file_or_link" unless exactly
    one is given; an unacceptable file raises django's ValidationError from core.uploads.
    """
    _require_manager(actor, session.meeting)
    if bool(upload) == bool(url):
        raise OnsiteError("file_or_link", field="file")
    if visibility not in Visibility.values:
        raise OnsiteError("unknown_visibility", field="visibility")
    document = Document(
        session=session, title=title.strip(), url=url, visibility=visibility, added_by=actor
    )
    if upload:
        kind = uploads.validate_upload(
            upload, allowed=uploads.SLIDES, max_size=settings.SLIDES_MAX_SIZE
        )
        stem = (upload.name or "document").rsplit(".", 1)[0][:80] or "document"
        document.original_name = f"{stem}.{kind.extension}"
        document.mimetype = kind.mimetype
        document.size = upload.size
        document.file.save(document.original_name, upload, save=False)
    document.save()
    record(
        actor=actor,
        action="meeting.document_added",
        target=session.meeting,
        details={"session": session.pk, "document": document.pk, "title": document.title},
    )
    return document


@transaction.atomic
def delete_document(*, document: Document, actor) -> None:
    meeting = document.session.meeting
    _require_manager(actor, meeting)
    record(
        actor=actor,
        action="meeting.document_deleted",
        target=meeting,
        details={"document": document.pk, "title": document.title},
    )
    if document.file:
        document.file.delete(save=False)
    document.delete()


# --- Certificates ---------------------------------------------------------------------


def certificate_for(*, registration: Registration, actor) -> bytes:
    """The person's own certificate (or any, for organisers); "nothing_attended" if empty."""
    from cercle.onsite.certificates import attended, certificates_pdf
    from cercle.onsite.permissions import can_get_certificate

    if not can_get_certificate(actor, registration):
        raise OnsiteError("forbidden")
    items = attended([registration])
    if not items[0].days:
        raise OnsiteError("nothing_attended")
    return certificates_pdf(items)


def certificates_for(*, meeting: Meeting, actor, as_zip: bool = False) -> bytes:
    """Every attendee's certificate: one PDF with a page each, or a zip of PDFs."""
    from cercle.onsite.certificates import attended, certificates_pdf, certificates_zip

    _require_manager(actor, meeting)
    registrations = (
        Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True)
        .select_related("meeting__host")
        .order_by("badge_name", "pk")
    )
    items = [item for item in attended(registrations) if item.days]
    if not items:
        raise OnsiteError("nothing_attended")
    return certificates_zip(items) if as_zip else certificates_pdf(items)
