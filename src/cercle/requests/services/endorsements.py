"""Organisations back a request with their own use case, or withdraw their backing."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.requests import permissions
from cercle.requests.models import USE_CASE_MAX_LENGTH, Endorsement, ImprovementRequest
from cercle.requests.services.common import (
    FORBIDDEN,
    check_lengths,
    follow,
    refresh_counts,
    refresh_eligibility,
    touch,
)


@transaction.atomic
def endorse(*, improvement, organisation, person, use_case: str) -> Endorsement:
    """Endorse on behalf of an organisation (its référent only), at most once.

    Only member organisations count towards eligibility (see
    ``permissions.counts_towards_threshold``); the vendor's endorsement is kept and shown apart.
    """
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if not permissions.can_endorse(person, improvement, organisation):
        raise DomainError("forbidden", FORBIDDEN)
    if not use_case.strip():
        raise DomainError(
            "use_case_required",
            _("Describe your organisation's use case."),
            fields=["use_case"],
        )
    check_lengths({"use_case": use_case}, {"use_case": USE_CASE_MAX_LENGTH})
    if Endorsement.objects.filter(request=improvement, organisation=organisation).exists():
        raise DomainError("already_endorsed", _("Your organisation already endorses this request."))
    endorsement = Endorsement.objects.create(
        request=improvement, organisation=organisation, endorsed_by=person, use_case=use_case
    )
    follow(improvement, [person])
    refresh_counts(improvement)
    touch(improvement)
    record(
        actor=person,
        action="request.endorsed",
        target=improvement,
        details={"organisation": organisation.slug},
    )
    refresh_eligibility(improvement, actor=None)
    return endorsement


@transaction.atomic
def withdraw_endorsement(*, improvement, organisation, person) -> None:
    improvement = ImprovementRequest.objects.select_for_update().get(pk=improvement.pk)
    if not permissions.can_withdraw(person, improvement, organisation):
        raise DomainError("forbidden", FORBIDDEN)
    deleted, _count = Endorsement.objects.filter(
        request=improvement, organisation=organisation
    ).delete()
    if not deleted:
        raise DomainError("not_endorsed", _("This organisation does not endorse this request."))
    refresh_counts(improvement)
    record(
        actor=person,
        action="request.endorsement_withdrawn",
        target=improvement,
        details={"organisation": organisation.slug},
    )
    refresh_eligibility(improvement, actor=None)
