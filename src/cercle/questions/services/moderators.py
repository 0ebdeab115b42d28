"""Organisers name the moderators of each session and choose its turn-taking rule.

Vendor staff and whoever may manage the meeting do it; a moderator is someone registered to
the meeting (not cancelled) or one of its organisers. Every change goes to the audit log.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.meetings.models import Registration
from cercle.meetings.permissions import can_manage_meeting
from cercle.questions.enums import Policy
from cercle.questions.services.moderation import lock

MAX_EMAIL = 254


def require_organiser(actor, meeting) -> None:
    if not actor.is_authenticated or not can_manage_meeting(actor, meeting):
        raise DomainError(
            "forbidden", _("Only the organisers of this meeting may name its moderators.")
        )


def _may_moderate(person, meeting) -> bool:
    """Registered to the meeting (not cancelled), or one of its organisers."""
    registered = Registration.objects.filter(
        meeting=meeting, person=person, cancelled_at__isnull=True
    ).exists()
    return registered or can_manage_meeting(person, meeting)


def eligible_person(meeting, email: str):
    """The person with this address, if they may moderate a session of `meeting`."""
    email = (email or "").strip()
    if not email:
        raise DomainError(
            "email_required", _("Type the moderator's email address."), fields=["email"]
        )
    if len(email) > MAX_EMAIL:
        raise DomainError(
            "unknown_person",
            _("Nobody has an account with the address %(email)s."),
            fields=["email"],
            email=email[:60] + "…",
        )
    person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if person is None:
        raise DomainError(
            "unknown_person",
            _("Nobody has an account with the address %(email)s."),
            fields=["email"],
            email=email,
        )
    if not _may_moderate(person, meeting):
        raise DomainError(
            "not_registered",
            _(
                "%(name)s is neither registered to this meeting nor one of its organisers: "
                "they cannot moderate its sessions."
            ),
            fields=["email"],
            name=str(person),
        )
    return person


@transaction.atomic
def name_moderator(*, session, actor, email: str):
    """Add the person with `email` to the moderators of `session`; returns them."""
    require_organiser(actor, session.meeting)
    person = eligible_person(session.meeting, email)
    moderation = lock(session)
    if moderation.moderators.filter(pk=person.pk).exists():
        raise DomainError(
            "already_moderator",
            _("%(name)s already moderates this session."),
            fields=["email"],
            name=str(person),
        )
    moderation.moderators.add(person)
    record(
        actor=actor,
        action="questions.moderator_named",
        target=session,
        details={"person": person.pk, "email": person.email},
    )
    return person


@transaction.atomic
def remove_moderator(*, session, actor, person_pk) -> None:
    """Take a person out of the moderators of `session`: they no longer open its page."""
    require_organiser(actor, session.meeting)
    moderation = lock(session)
    person = moderation.moderators.filter(pk=person_pk).first()
    if person is None:
        raise DomainError("not_moderator", _("This person does not moderate this session."))
    moderation.moderators.remove(person)
    record(
        actor=actor,
        action="questions.moderator_removed",
        target=session,
        details={"person": person.pk, "email": person.email},
    )


@transaction.atomic
def choose_policy(*, session, actor, policy: str) -> None:
    """The organisers' choice of the session's turn-taking rule (moderators may change it)."""
    require_organiser(actor, session.meeting)
    if policy not in Policy.values:
        raise DomainError(
            "bad_policy", _("Choose one of the turn-taking rules offered."), fields=["policy"]
        )
    moderation = lock(session)
    if moderation.policy == policy:
        return
    record(
        actor=actor,
        action="questions.policy",
        target=session,
        details={"from": moderation.policy, "to": policy},
    )
    moderation.policy = policy
    moderation.save(update_fields=["policy"])
