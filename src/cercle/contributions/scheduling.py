"""Accepted proposals on the programme: staff give them a day, a time and a room; speakers
confirm they will speak."""

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.contributions.models import Proposal
from cercle.contributions.permissions import can_schedule
from cercle.core.errors import DomainError
from cercle.meetings.models import PARIS, Meeting, MeetingDay, Session, Track
from cercle.meetings.services.programme import check_slot


@transaction.atomic
def schedule(
    *,
    proposal: Proposal,
    actor,
    day: MeetingDay,
    start: time,
    end: time,
    room: str,
    track: Track | None = None,
) -> Session:
    """Publish the draft session of an accepted proposal at a day, time and room (staff only).

    Refuses a day of another meeting, an end before the start, no room, or a room already
    taken at that time.
    """
    if not can_schedule(actor):
        raise DomainError("forbidden", _("Only vendor staff build the programme."))
    proposal = Proposal.objects.select_related("call").get(pk=proposal.pk)
    Meeting.objects.select_for_update().get(pk=proposal.call.meeting_id)
    if proposal.session_id is None or not proposal.is_accepted:
        raise DomainError("not_accepted", _("Only an accepted proposal can be scheduled."))
    if day.meeting_id != proposal.call.meeting_id or (
        track is not None and track.meeting_id != day.meeting_id
    ):
        raise DomainError("unknown_day", _("This day is not a day of the meeting."), fields=["day"])
    session = Session.with_drafts.select_for_update().get(pk=proposal.session_id)
    session.day = day
    session.starts_at = datetime.combine(day.date, start, tzinfo=PARIS)
    session.ends_at = datetime.combine(day.date, end, tzinfo=PARIS)
    session.room = room.strip()
    session.track = track
    check_slot(session, room_required=True, end_field="end")
    session.is_draft = False
    session.save()
    record(
        actor=actor,
        action="contributions.scheduled",
        target=proposal,
        details={"session": session.pk, "starts_at": session.starts_at.isoformat()},
    )
    return session


@transaction.atomic
def confirm_speaker(*, proposal: Proposal, person) -> None:
    """A speaker of an accepted proposal confirms they will speak."""
    if not proposal.is_accepted:
        raise DomainError("not_accepted", _("Only an accepted proposal can be confirmed."))
    updated = proposal.speakers.filter(person=person, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if not updated and not proposal.speakers.filter(person=person).exists():
        raise DomainError("not_speaker", _("You are not a speaker of this proposal."))
