"""Membership rules: invitations, role changes, removals. Each writes the audit log."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation, Membership, Organisation
from cercle.organisations.permissions import can_manage_members
from cercle.outbox.services import queue_templated


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("organisations:invitation", kwargs={"token": token})


def _forbidden() -> DomainError:
    return DomainError("forbidden", _("You may only manage the members of your own organisation."))


def invite_member(*, organisation: Organisation, email: str, role: str, invited_by) -> str:
    """Create an invitation and queue its email. Returns the secret token (shown nowhere else).

    Raises DomainError "forbidden" unless the inviter manages the organisation, and
    "already_member" when the address already belongs to a member. Writes the audit log.
    """
    if not can_manage_members(invited_by, organisation):
        raise _forbidden()
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise DomainError(
            "already_member", _("This person is already a member of the organisation.")
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS),
    )
    # The invitee may have no account, so no language of their own: an existing account's
    # choice wins, otherwise the site default (French, the club's language) rather than the
    # inviter's interface language, which says nothing about the colleague invited.
    existing = get_user_model().objects.filter(email__iexact=email).first()
    queue_templated(
        email,
        "organisations/email/invitation",
        {
            "invitation": invitation,
            "url": invitation_url(token),
            "inviter": invited_by,
            "days": settings.INVITATION_VALIDITY_DAYS,
        },
        existing.language if existing else settings.LANGUAGE_CODE,
    )
    record(
        actor=invited_by,
        action="membership.invited",
        target=organisation,
        details={"email": email, "role": role},
    )
    return token


def _check_usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise DomainError(
            "invalid",
            _("This invitation link is not valid. Check that you copied it completely."),
        )
    if invitation.accepted_at is not None:
        raise DomainError(
            "used",
            _(
                "This invitation has already been used. If it was meant for you, ask your "
                "organisation's référent for a new one."
            ),
        )
    if invitation.is_expired:
        raise DomainError(
            "expired",
            _("This invitation has expired. Ask your organisation's référent for a new one."),
        )
    return invitation


def find_invitation(token: str) -> Invitation:
    """The usable invitation for a token, or DomainError "invalid" / "used" / "expired"."""
    return _check_usable(
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


def _lock_invitation(token: str) -> Invitation:
    # The row lock makes simultaneous uses of one link wait for each other: the first one
    # wins, the others then read accepted_at and get "used" instead of a crash.
    return _check_usable(
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


def ensure_addressee(invitation: Invitation, user) -> None:
    """Refuse ("other_address") anyone but the account of the invited address."""
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise DomainError(
            "other_address",
            _(
                "This invitation was sent to another email address than the one of your "
                "account (%(email)s). Sign in with the account of the invited address, or "
                "ask a référent of %(organisation)s to address the invitation to you."
            ),
            email=user.email,
            organisation=invitation.organisation,
        )


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """Make `user` a member with the invitation's role, once, under a row lock.

    Only the person the invitation is addressed to may accept it (DomainError
    "other_address"); "invalid", "used" and "expired" as for find_invitation.
    Writes the audit log.
    """
    invitation = _lock_invitation(token)
    ensure_addressee(invitation, user)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        action="membership.joined" if created else "membership.invitation_reused",
        target=invitation.organisation,
        details={"email": invitation.email, "role": membership.role},
    )
    return membership


@transaction.atomic
def create_account_and_accept(*, token: str, display_name: str, password: str):
    """Create the invited person's account, then accept the invitation with it.

    DomainError "account_exists" when the invited address already has an account.
    """
    invitation = _lock_invitation(token)
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError(
            "account_exists",
            _("An account already exists for this address: sign in to accept."),
        )
    user = user_model.objects.create_user(
        email=invitation.email,
        password=password,
        display_name=display_name,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    accept_invitation(token=token, user=user)
    return user


@transaction.atomic
def readdress_invitation(*, invitation: Invitation, email: str, actor) -> Invitation:
    """Address a pending invitation to another email (the référent's decision, logged).

    The link already sent keeps working, now only for the account of the new address.
    DomainError "forbidden", "used", "expired" or "already_member".
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not can_manage_members(actor, invitation.organisation):
        raise _forbidden()
    _check_usable(invitation)
    email = email.strip().lower()
    organisation = invitation.organisation
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise DomainError(
            "already_member", _("This person is already a member of the organisation.")
        )
    previous = invitation.email
    invitation.email = email
    invitation.save(update_fields=["email"])
    record(
        actor=actor,
        action="membership.invitation_readdressed",
        target=organisation,
        details={"from": previous, "to": email, "role": invitation.role},
    )
    return invitation


def _ensure_other_referent(membership: Membership) -> None:
    # Lock the organisation so two simultaneous changes cannot both remove "the other" référent.
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    others = (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.REFERENT)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise DomainError(
            "last_referent",
            _("An organisation must keep at least one référent: appoint another one first."),
        )


@transaction.atomic
def change_role(*, membership: Membership, role: str, actor) -> Membership:
    """Change a member's role. The organisation always keeps at least one référent."""
    if not can_manage_members(actor, membership.organisation):
        raise _forbidden()
    if role not in Role.values:
        raise DomainError("invalid_role", _("This role does not exist."))
    if membership.role == role:
        return membership
    if membership.role == Role.REFERENT:
        _ensure_other_referent(membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        actor=actor,
        action="membership.role_changed",
        target=membership.organisation,
        details={"member": membership.user.email, "from": previous, "to": role},
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, actor) -> None:
    """Remove a member from an organisation; the last référent cannot be removed."""
    if not can_manage_members(actor, membership.organisation):
        raise _forbidden()
    if membership.role == Role.REFERENT:
        _ensure_other_referent(membership)
    record(
        actor=actor,
        action="membership.removed",
        target=membership.organisation,
        details={"member": membership.user.email, "role": membership.role},
    )
    membership.delete()
