"""The call for contributions: opening it, and proposals submitted, edited or withdrawn.

Reviews and decisions are in `reviews.py`; scheduling accepted proposals in `scheduling.py`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.contributions.enums import ProposalStatus
from cercle.contributions.models import Call, Proposal, ProposalSpeaker
from cercle.contributions.newcomers import is_new_member
from cercle.contributions.permissions import can_open_call, can_propose
from cercle.core.errors import DomainError
from cercle.organisations.models import Membership

FORBIDDEN = _("You may not do this.")
EDITABLE = [
    "title",
    "abstract",
    "format",
    "level",
    "audience",
    "objectives",
    "prerequisites",
    "duration",
]


@dataclass(frozen=True)
class SpeakerLine:
    """A speaker as proposed: a person with an account, or a name and an organisation."""

    name: str
    organisation_name: str = ""
    person: object = None


def is_open(call: Call, now=None) -> bool:
    """The call takes proposals strictly before its deadline."""
    return (now or timezone.now()) < call.deadline


@transaction.atomic
def save_call(*, call: Call, actor, referees) -> Call:
    """Open a call for a meeting, or change its deadline, formats and committee (staff only)."""
    if not can_open_call(actor):
        raise DomainError("forbidden", FORBIDDEN)
    if not call.formats:
        raise DomainError(
            "no_format", _("Choose at least one format for the call."), fields=["formats"]
        )
    creating = call.pk is None
    call.save()
    call.referees.set(referees)
    record(
        actor=actor,
        action="contributions.call_opened" if creating else "contributions.call_updated",
        target=call.meeting,
        details={"deadline": call.deadline.isoformat(), "formats": call.formats},
    )
    return call


def _check_open(call: Call, now) -> None:
    if not is_open(call, now):
        raise DomainError(
            "call_closed",
            _("The call for contributions closed on %(deadline)s: proposals can no longer change."),
            deadline=date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT"),
        )


def _check_content(proposal: Proposal, speakers: list[SpeakerLine]) -> None:
    if proposal.format not in proposal.call.formats:
        raise DomainError(
            "format_not_wanted", _("This call does not ask for this format."), fields=["format"]
        )
    if not Membership.objects.filter(
        user=proposal.proposer, organisation=proposal.organisation
    ).exists():
        raise DomainError(
            "not_member",
            _("You can only propose on behalf of your own organisation."),
            fields=["organisation"],
        )
    if not speakers:
        raise DomainError(
            "no_speaker", _("Name at least one speaker."), fields=["colleagues", "other_speakers"]
        )
    colleagues = set(
        Membership.objects.filter(organisation=proposal.organisation).values_list(
            "user_id", flat=True
        )
    )
    if any(line.person is not None and line.person.pk not in colleagues for line in speakers):
        raise DomainError(
            "not_colleague",
            _("A speaker chosen from the list must belong to the proposing organisation."),
            fields=["colleagues"],
        )


def _save_speakers(proposal: Proposal, speakers: list[SpeakerLine]) -> None:
    proposal.speakers.all().delete()
    ProposalSpeaker.objects.bulk_create(
        ProposalSpeaker(
            proposal=proposal,
            person=line.person,
            name=line.name,
            organisation_name=line.organisation_name,
            position=position,
        )
        for position, line in enumerate(speakers)
    )


@transaction.atomic
def submit_proposal(*, proposal: Proposal, speakers: list[SpeakerLine], now=None) -> Proposal:
    """Save a new proposal with its speakers, marking it when the organisation is a new member.

    Refused after the deadline ("call_closed"), for a format the call does not want, for an
    organisation the proposer does not belong to, or without any speaker.
    """
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    if not can_propose(proposal.proposer):
        raise DomainError("forbidden", FORBIDDEN)
    _check_open(call, now)
    _check_content(proposal, speakers)
    proposal.from_newcomer = is_new_member(proposal.organisation, call.meeting)
    proposal.save()
    _save_speakers(proposal, speakers)
    record(
        actor=proposal.proposer,
        action="contributions.proposed",
        target=proposal,
        details={"meeting": call.meeting_id, "newcomer": proposal.from_newcomer},
    )
    return proposal


def _locked_own(proposal: Proposal, actor, now) -> Proposal:
    current = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if current.proposer_id != actor.pk:
        raise DomainError("forbidden", FORBIDDEN)
    if current.status != ProposalStatus.SUBMITTED:
        raise DomainError(
            "already_decided",
            _("This proposal can no longer change: its status is “%(status)s”."),
            status=current.status_label,
        )
    _check_open(current.call, now)
    return current


@transaction.atomic
def update_proposal(
    *, proposal: Proposal, actor, speakers: list[SpeakerLine], now=None
) -> Proposal:
    """The proposer edits the proposal until the deadline, while the committee has not decided."""
    current = _locked_own(proposal, actor, now)
    proposal.status = current.status
    _check_content(proposal, speakers)
    proposal.from_newcomer = is_new_member(proposal.organisation, current.call.meeting)
    proposal.save()
    _save_speakers(proposal, speakers)
    record(actor=actor, action="contributions.proposal_updated", target=proposal)
    return proposal


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, actor, now=None) -> Proposal:
    """The proposer withdraws the proposal until the deadline (kept, marked withdrawn)."""
    current = _locked_own(proposal, actor, now)
    current.status = ProposalStatus.WITHDRAWN
    current.save(update_fields=["status", "updated_at"])
    record(actor=actor, action="contributions.proposal_withdrawn", target=current)
    return current
