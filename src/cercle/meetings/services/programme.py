"""Meetings and their programme: days, tracks, sessions and speakers."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting, MeetingDay, Session, Speaker, Track
from cercle.meetings.permissions import can_create_meeting, can_manage_meeting
from cercle.meetings.services.seats import promote_day, promote_session
from cercle.meetings.signals import programme_published

FORBIDDEN = _("You may not do this for this meeting.")


@transaction.atomic
def save_meeting(*, meeting: Meeting, actor, days: list[date], tracks: list[str]) -> Meeting:
    """Create or update a meeting with its days and tracks.

    Staff create meetings; staff and host référents edit them. A day that still has sessions
    cannot be removed ("day_has_sessions"). A larger on-site capacity promotes people waiting.
    """
    creating = meeting.pk is None
    was_draft = True
    if creating and not can_create_meeting(actor):
        raise DomainError("forbidden", FORBIDDEN)
    if not creating:
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not can_manage_meeting(actor, current):
            raise DomainError("forbidden", FORBIDDEN)
        was_draft = current.status == MeetingStatus.DRAFT
    meeting.save()
    wanted = set(days)
    removed = meeting.days.exclude(date__in=wanted)
    if Session.objects.filter(day__in=removed).exists():
        raise DomainError(
            "day_has_sessions",
            _("A day you removed still has sessions: move or delete them first."),
            fields=["days"],
        )
    removed.delete()
    existing = set(meeting.days.values_list("date", flat=True))
    MeetingDay.objects.bulk_create(MeetingDay(meeting=meeting, date=d) for d in wanted - existing)
    meeting.tracks.exclude(name__in=tracks).delete()
    for position, name in enumerate(tracks):
        Track.objects.update_or_create(meeting=meeting, name=name, defaults={"position": position})
    for day in meeting.days.all():
        promote_day(meeting, day)
    record(
        actor=actor,
        action="meeting.created" if creating else "meeting.updated",
        target=meeting,
        details={"days": sorted(d.isoformat() for d in wanted), "tracks": tracks},
    )
    if was_draft and meeting.status != MeetingStatus.DRAFT:
        programme_published.send(sender=Meeting, meeting=meeting)
    return meeting


def _check_session(meeting: Meeting, session: Session) -> None:
    if session.day.meeting_id != meeting.pk:
        raise DomainError("unknown_day", _("This day is not a day of the meeting."), fields=["day"])
    check_slot(session)


def check_slot(session: Session, *, room_required: bool = False, end_field: str = "ends_at"):
    """The session ends after it starts, has a room when one is required, and no other session
    of its meeting uses that room at that time (the meeting row is locked by the caller)."""
    if session.ends_at <= session.starts_at:
        raise DomainError(
            "ends_before_start", _("The session must end after it starts."), fields=[end_field]
        )
    if not session.room.strip():
        if room_required:
            raise DomainError("no_room", _("Give the session a room."), fields=["room"])
        return
    clash = (
        Session.objects.filter(
            meeting_id=session.meeting_id,
            room__iexact=session.room.strip(),
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .first()
    )
    if clash is not None:
        raise DomainError(
            "room_overlap",
            _(
                "This room is already used at that time by “%(title)s”. "
                "Choose another room or time."
            ),
            fields=["room"],
            title=clash.title,
        )


@transaction.atomic
def save_session(*, session: Session, actor, speakers: list[tuple[str, str]]) -> Session:
    """Create or update a programme session and its speakers (name, organisation).

    Refuses an end before the start ("ends_before_start") and a session overlapping another
    one in the same room ("room_overlap"). More seats promote people waiting.
    """
    meeting = Meeting.objects.select_for_update().get(pk=session.meeting_id)
    if not can_manage_meeting(actor, meeting):
        raise DomainError("forbidden", FORBIDDEN)
    _check_session(meeting, session)
    creating = session.pk is None
    session.save()
    session.speakers.all().delete()
    Speaker.objects.bulk_create(
        Speaker(session=session, name=name, organisation_name=organisation, position=position)
        for position, (name, organisation) in enumerate(speakers)
    )
    promote_session(session)
    record(
        actor=actor,
        action="meeting.session_created" if creating else "meeting.session_updated",
        target=meeting,
        details={"session": session.pk, "title": session.title},
    )
    return session


@transaction.atomic
def delete_session(*, session: Session, actor) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=session.meeting_id)
    if not can_manage_meeting(actor, meeting):
        raise DomainError("forbidden", FORBIDDEN)
    record(
        actor=actor,
        action="meeting.session_deleted",
        target=meeting,
        details={"session": session.pk, "title": session.title},
    )
    session.delete()
