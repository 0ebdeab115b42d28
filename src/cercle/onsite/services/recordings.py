"""Recordings of the days and their chapters, read from a pasted agenda."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.meetings.models import MeetingDay, Session
from cercle.onsite import chapters
from cercle.onsite.enums import Provider
from cercle.onsite.models import Chapter, Recording
from cercle.onsite.permissions import require_manager


@transaction.atomic
def save_recording(
    *, day: MeetingDay, actor, url: str, provider: str, duration: int | None = None
) -> Recording:
    require_manager(actor, day.meeting)
    if provider not in Provider.values:
        raise DomainError("unknown_provider", _("Choose a provider."), fields=["provider"])
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
    require_manager(actor, recording.day.meeting)
    preview = preview_agenda(recording=recording, text=text)
    if not preview.chapters:
        raise DomainError(
            "no_chapters", _("No line of the agenda ends with a timecode."), fields=["agenda"]
        )
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
