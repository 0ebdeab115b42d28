"""Membership rules: invitations, role changes, removals. Each writes the audit log."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cercle.audit.services import record
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation, Membership, Organisation
from cercle.organisations.permissions import can_manage_members
from cercle.outbox.services import queue_mail


class MembershipError(Exception):
    """A refused membership action; `code` tells views and tests what happened."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("organisations:invitation", kwargs={"token": token})


def invite_member(*, organisation: Organisation, email: str, role: str, invited_by) -> str:
    """Create an invitation and queue its email. Returns the secret token (shown nowhere else).

    Raises MembershipError("forbidden") unless the inviter manages the organisation, and
    MembershipError("already_member") when the address already belongs to a member.
    """
    if not can_manage_members(invited_by, organisation):
        raise MembershipError("forbidden")
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise MembershipError("already_member")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS),
    )
    existing = get_user_model().objects.filter(email__iexact=email).first()
    language = existing.language if existing else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": invitation_url(token),
            "inviter": invited_by,
            "days": settings.INVITATION_VALIDITY_DAYS,
        }
        queue_mail(
            to=email,
            subject=render_to_string("organisations/email/invitation_subject.txt", context).strip(),
            body_text=render_to_string("organisations/email/invitation.txt", context),
        )
    record(
        actor=invited_by,
        action="membership.invited",
        target=organisation,
        details={"email": email, "role": role},
    )
    return token


def find_invitation(token: str) -> Invitation:
    """The usable invitation for a token, or MembershipError invalid / used / expired."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise MembershipError("invalid")
    if invitation.accepted_at is not None:
        raise MembershipError("used")
    if invitation.is_expired:
        raise MembershipError("expired")
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """Attach `user` to the invitation's organisation, once. Re-checks under a row lock."""
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise MembershipError("used")
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
    """Create the invited person's account, then accept the invitation with it."""
    invitation = find_invitation(token)
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=invitation.email).exists():
        raise MembershipError("account_exists")
    user = user_model.objects.create_user(
        email=invitation.email,
        password=password,
        display_name=display_name,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    accept_invitation(token=token, user=user)
    return user


def _ensure_other_referent(membership: Membership) -> None:
    # Lock the organisation so two simultaneous changes cannot both remove "the other" référent.
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    others = (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.REFERENT)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise MembershipError("last_referent")


@transaction.atomic
def change_role(*, membership: Membership, role: str, actor) -> Membership:
    """Change a member's role. The organisation always keeps at least one référent."""
    if not can_manage_members(actor, membership.organisation):
        raise MembershipError("forbidden")
    if role not in Role.values:
        raise MembershipError("invalid_role")
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
        raise MembershipError("forbidden")
    if membership.role == Role.REFERENT:
        _ensure_other_referent(membership)
    record(
        actor=actor,
        action="membership.removed",
        target=membership.organisation,
        details={"member": membership.user.email, "role": membership.role},
    )
    membership.delete()
