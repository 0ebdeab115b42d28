"""Remote attendance: the online room's attendance list, imported for one day.

The file comes from outside: every way it can be wrong (not text, not CSV, a huge field, no
name or email column) is refused with a sentence naming the reason or the line.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.core.text import normalise
from cercle.meetings.models import MeetingDay, Registration
from cercle.onsite import clock
from cercle.onsite.models import RemoteAttendance
from cercle.onsite.permissions import require_manager

MAX_BYTES = 2 * 1024 * 1024
MAX_FIELD = 1000
MAX_LINES = 5000
# Compared after normalise: lower case, no accents, punctuation turned into spaces.
EMAIL_HEADERS = {"email", "e mail", "mail", "courriel", "adresse electronique", "adresse mail"}
NAME_HEADERS = {"name", "nom", "full name", "nom complet", "participant", "user", "utilisateur"}


@dataclass
class ImportReport:
    matched: int = 0
    already: int = 0
    duplicates: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)


def _refuse(code, message, **params):
    return DomainError(code, message, fields=["attendance_list"], **params)


def _text(data: bytes) -> str:
    """The file as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if not data.strip():
        raise _refuse("empty_file", _("The file is empty."))
    if len(data) > MAX_BYTES:
        raise _refuse("file_too_large", _("The file is larger than 2 MB: this is not a list."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _refuse("not_text", _("The file is not a text (CSV) file.")) from error
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:10000] if ord(c) < 32 and c not in "\t\r\n")
    if "\x00" in text or controls > 2 or "\ufffd" * 3 in text:
        raise _refuse(
            "not_text",
            _("The file is not a text (CSV) file: save the list as CSV and import it again."),
        )
    return text


def _rows(text: str) -> list[list[str]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for row in reader:
            if any(len(cell) > MAX_FIELD for cell in row):
                raise _refuse(
                    "field_too_long",
                    _("Line %(line)s: a field is longer than %(max)s characters."),
                    line=reader.line_num,
                    max=MAX_FIELD,
                )
            rows.append(row)
            if len(rows) > MAX_LINES:
                raise _refuse(
                    "too_many_lines", _("The file has more than %(max)s lines."), max=MAX_LINES
                )
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _refuse(
                "field_too_long",
                _("Line %(line)s: a field is longer than %(max)s characters."),
                line=reader.line_num,
                max=MAX_FIELD,
            ) from error
        raise _refuse(
            "unreadable_line", _("Line %(line)s cannot be read as CSV."), line=reader.line_num
        ) from error
    return rows


def _columns(header: list[str]) -> tuple[int | None, int | None]:
    names = [normalise(cell) for cell in header]
    email = next((i for i, h in enumerate(names) if h in EMAIL_HEADERS), None)
    name = next((i for i, h in enumerate(names) if h in NAME_HEADERS), None)
    if email is None and name is None:
        raise _refuse(
            "no_columns",
            _("The file's first line must name its columns, with at least “name” or “email”."),
        )
    return email, name


class _Matcher:
    def __init__(self, day: MeetingDay):
        registrations = Registration.objects.filter(
            meeting=day.meeting, cancelled_at__isnull=True
        ).select_related("person")
        self.by_email, self.by_name = {}, {}
        for registration in registrations:
            self.by_email[registration.person.email.casefold()] = registration
            for name in (registration.badge_name, registration.person.display_name):
                self.by_name.setdefault(normalise(name), registration)

    def find(self, row, email_column, name_column):
        found = None
        if email_column is not None and email_column < len(row):
            found = self.by_email.get(row[email_column].strip().casefold())
        if found is None and name_column is not None and name_column < len(row):
            words = normalise(row[name_column])
            found = self.by_name.get(words) if words else None
        return found


@transaction.atomic
def import_remote_attendance(
    *, day: MeetingDay, actor, data: bytes, now: datetime | None = None
) -> ImportReport:
    """Mark as seen online, on `day`, the registrants listed in the online room's CSV export.

    Lines are matched by email first, then by name (accents and case ignored). Refused before
    the day has begun: nobody can have been seen online yet.
    """
    now = now or clock.now()
    require_manager(actor, day.meeting)
    if now < day.at(datetime.min.time()):
        raise _refuse(
            "day_not_started",
            _("This day has not begun: nobody can have followed it online yet."),
        )
    rows = _rows(_text(data))
    if not rows:
        raise _refuse("empty_file", _("The file is empty."))
    email_column, name_column = _columns(rows[0])
    matcher = _Matcher(day)
    seen = set(RemoteAttendance.objects.filter(day=day).values_list("registration_id", flat=True))
    report, new, fresh = ImportReport(), [], set()
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        found = matcher.find(row, email_column, name_column)
        if found is None:
            report.unmatched.append((line_number, ", ".join(cell.strip() for cell in row)))
        elif found.pk in seen:
            report.duplicates += found.pk in fresh
            report.already += found.pk not in fresh
        else:
            seen.add(found.pk)
            fresh.add(found.pk)
            new.append(
                RemoteAttendance(registration=found, day=day, imported_at=now, imported_by=actor)
            )
    RemoteAttendance.objects.bulk_create(new)
    report.matched = len(new)
    record(
        actor=actor,
        action="meeting.remote_attendance_imported",
        target=day.meeting,
        details={
            "day": day.date.isoformat(),
            "matched": report.matched,
            "unmatched": len(report.unmatched),
        },
    )
    return report
