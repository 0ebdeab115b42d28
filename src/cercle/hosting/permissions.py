"""Who may apply to host, see candidacies, decide, and handle a meeting's handover."""

from cercle.core.permissions import is_vendor_staff
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Organisation
from cercle.organisations.permissions import is_referent, organisation_ids
from cercle.votes import permissions as vote_permissions


def candidate_organisations(user):
    """The organisations this person may apply for: active members, not the vendor, where
    they are référent."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            is_active=True, memberships__user=user, memberships__role=Role.REFERENT
        )
        .exclude(kind=OrganisationKind.VENDOR)
        .order_by("name")
    )


def can_apply_for(user, organisation) -> bool:
    return candidate_organisations(user).filter(pk=organisation.pk).exists()


def can_manage_calls(user) -> bool:
    return is_vendor_staff(user)


def can_read_ballot(user, call) -> bool:
    """Once the club vote on the call is opened (and afterwards), the people who may vote in
    it read the candidacies on its ballot (answers and files), so as to vote on them; staff
    too. The votes app's rule decides who that is. Before the vote is opened, or for a call
    staff decide directly: nobody but staff and each candidate's own référents."""
    if call.campaign_id is None:
        return False
    return vote_permissions.can_read_options(user, call.campaign)


def can_see_candidacy(user, candidacy) -> bool:
    """Staff see every candidacy; an organisation's référents see their own; once the club
    vote on the call is opened, its voters see every candidacy on the ballot."""
    if is_vendor_staff(user):
        return True
    if not user.is_authenticated:
        return False
    if is_referent(user, candidacy.organisation_id):
        return True
    return candidacy.ballot_item_id is not None and can_read_ballot(user, candidacy.call)


def can_edit_candidacy(user, candidacy) -> bool:
    """Only the candidate organisation's référents, while it is still an active member."""
    return can_apply_for(user, candidacy.organisation)


def host_referent_ids(user) -> set[int]:
    return organisation_ids(user, role=Role.REFERENT)


def can_handle_handover(user, handover) -> bool:
    """Staff and the référents of either host (the previous one and the new one)."""
    if is_vendor_staff(user):
        return True
    ids = host_referent_ids(user)
    return handover.meeting.host_id in ids or handover.previous_meeting.host_id in ids


def can_add_documents(user, meeting) -> bool:
    return is_vendor_staff(user) or is_referent(user, meeting.host_id)


def document_readers(meeting) -> set[int]:
    """Organisations whose référents read the hosts-only documents of a meeting: its host,
    and the hosts it handed over to (the next host, once chosen)."""
    readers = {meeting.host_id}
    readers.update(meeting.handed_over_to.values_list("meeting__host_id", flat=True))
    return readers


def can_see_document(user, document, *, readers=None, own_ids=None) -> bool:
    """Public documents: everyone; hosts-only ones: staff and the référents of the readers.

    A list page passes ``readers`` and the person's ``own_ids`` once for every document."""
    if document.is_public or is_vendor_staff(user):
        return True
    if not user.is_authenticated:
        return False
    if readers is None:
        readers = document_readers(document.meeting)
    if own_ids is None:
        own_ids = host_referent_ids(user)
    return bool(own_ids & readers)
