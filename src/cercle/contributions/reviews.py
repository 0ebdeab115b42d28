"""The programme committee: reviews (secret until one's own is in) and decisions.

Accepting a proposal makes it a draft session of the programme, once, however many times
the button is pressed; every decision is emailed to the proposer and the speakers with an
account, each in their own language.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.contributions.enums import Decision, Format, ProposalStatus
from cercle.contributions.models import Proposal, Review
from cercle.contributions.permissions import is_committee
from cercle.core.errors import DomainError
from cercle.meetings.enums import SessionKind
from cercle.meetings.models import Session, Speaker
from cercle.outbox.services import queue_templated

FORBIDDEN = _("Only the programme committee of this meeting may do this.")

SESSION_KIND = {
    Format.EXPERIENCE_REPORT: SessionKind.EXPERIENCE_REPORT,
    Format.WORKSHOP: SessionKind.WORKSHOP,
    Format.ROUND_TABLE: SessionKind.ROUND_TABLE,
    Format.LIGHTNING_TALK: SessionKind.LIGHTNING_TALK,
}
# From which statuses each decision may be taken: accepted and declined are final.
DECIDABLE = {ProposalStatus.SUBMITTED, ProposalStatus.WAITING}


def has_reviewed(proposal: Proposal, user) -> bool:
    return Review.objects.filter(proposal=proposal, reviewer=user).exists()


def visible_reviews(proposal: Proposal, user) -> list[Review]:
    """Other members' reviews, only for a committee member who has submitted their own."""
    if not is_committee(user, proposal.call) or not has_reviewed(proposal, user):
        return []
    return list(proposal.reviews.select_related("reviewer"))


@transaction.atomic
def submit_review(*, proposal: Proposal, reviewer, score: int, comment: str) -> Review:
    """A committee member scores and comments a proposal (changing their review is allowed)."""
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if not is_committee(reviewer, proposal.call):
        raise DomainError("forbidden", FORBIDDEN)
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise DomainError("withdrawn", _("This proposal has been withdrawn."))
    review, _created = Review.objects.update_or_create(
        proposal=proposal, reviewer=reviewer, defaults={"score": score, "comment": comment}
    )
    record(actor=reviewer, action="contributions.reviewed", target=proposal)
    return review


def _draft_session(proposal: Proposal) -> Session:
    session = Session.with_drafts.create(
        meeting=proposal.call.meeting,
        title=proposal.title,
        kind=SESSION_KIND[proposal.format],
        audience=proposal.audience,
        objectives=proposal.objectives,
        prerequisites=proposal.prerequisites,
        is_draft=True,
    )
    Speaker.objects.bulk_create(
        Speaker(
            session=session,
            person=line.person,
            name=line.name,
            organisation_name=line.organisation_name,
            position=line.position,
        )
        for line in proposal.speakers.all()
    )
    return session


def recipients(proposal: Proposal) -> list:
    """The proposer and every speaker with an account, each once."""
    people = {proposal.proposer.pk: proposal.proposer}
    for line in proposal.speakers.select_related("person"):
        if line.person is not None and line.person.is_active:
            people.setdefault(line.person.pk, line.person)
    return list(people.values())


def _notify(proposal: Proposal) -> None:
    url = settings.SITE_URL + reverse(
        "contributions:proposal", kwargs={"slug": proposal.call.meeting.slug, "pk": proposal.pk}
    )
    for person in recipients(proposal):
        queue_templated(
            person.email,
            "contributions/email/decision",
            {
                "proposal": proposal,
                "meeting": proposal.call.meeting,
                "person": person,
                "url": url,
                "accepted": proposal.status == ProposalStatus.ACCEPTED,
                "waiting": proposal.status == ProposalStatus.WAITING,
            },
            person.language,
        )


@transaction.atomic
def decide(*, proposal: Proposal, actor, decision: str) -> Proposal:
    """Accept, decline or put on the waiting list; the proposal row is locked meanwhile.

    Accepting creates one draft session (a second click finds it accepted and does nothing);
    each decision that changes the status emails the proposer and the speakers.
    """
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("call__meeting", "proposer")
        .get(pk=proposal.pk)
    )
    if not is_committee(actor, proposal.call):
        raise DomainError("forbidden", FORBIDDEN)
    if proposal.status == decision:
        return proposal
    if proposal.status not in DECIDABLE:
        raise DomainError(
            "already_decided",
            _("This proposal is already decided: “%(status)s”."),
            status=proposal.status_label,
        )
    proposal.status = Decision(decision).value
    proposal.decided_at = timezone.now()
    if decision == Decision.ACCEPT:
        proposal.session = _draft_session(proposal)
    proposal.save(update_fields=["status", "decided_at", "session", "updated_at"])
    record(actor=actor, action=f"contributions.{decision}", target=proposal)
    _notify(proposal)
    return proposal
