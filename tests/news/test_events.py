"""Events of other apps draft an announcement once: vote results, a programme published."""

from datetime import date

import pytest

from cercle.meetings import services as meeting_services
from cercle.meetings.enums import MeetingStatus
from cercle.news.enums import AnnouncementStatus, SourceKind
from cercle.news.models import Announcement
from cercle.votes import services as vote_services
from cercle.votes.enums import VotingMethod
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.meetings.factories import MeetingFactory
from tests.votes.factories import close_now, eligible, open_campaign

pytestmark = pytest.mark.django_db


def test_published_vote_results_draft_one_announcement_listing_the_retained(db):
    a, b = eligible(title="Signature électronique"), eligible(title="Relance des usagers")
    campaign = open_campaign(requests=[a, b], method=VotingMethod.APPROVAL, seats=1)
    organisation = OrganisationFactory()
    vote_services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent_of(organisation),
        lines={a.reference: 1},
    )
    close_now(campaign)

    vote_services.close_due_campaigns()
    vote_services.close_due_campaigns()

    draft = Announcement.objects.get()
    assert (draft.status, draft.source_kind) == (
        AnnouncementStatus.DRAFT,
        SourceKind.RESULTS_PUBLISHED,
    )
    assert draft.source_link == campaign.get_absolute_url()
    assert a.reference in draft.body and b.reference not in draft.body


def test_a_meeting_leaving_draft_drafts_one_programme_announcement(db):
    staff = StaffFactory()
    meeting = MeetingFactory(status=MeetingStatus.DRAFT)
    days = [date(2027, 6, 7)]
    meeting_services.save_meeting(meeting=meeting, actor=staff, days=days, tracks=[])
    assert not Announcement.objects.exists()

    meeting.status = MeetingStatus.OPEN
    meeting_services.save_meeting(meeting=meeting, actor=staff, days=days, tracks=[])
    meeting_services.save_meeting(meeting=meeting, actor=staff, days=days, tracks=[])

    draft = Announcement.objects.get()
    assert (draft.source_kind, draft.source_link) == (
        SourceKind.PROGRAMME_PUBLISHED,
        meeting.get_absolute_url(),
    )
    assert draft.status == AnnouncementStatus.DRAFT


def test_choosing_the_host_drafts_one_announcement_linking_the_decision(db):
    from cercle.hosting import services as hosting_services
    from tests.hosting.factories import candidacy, make_call

    call = make_call(phase="closed")
    chosen = candidacy(call)

    hosting_services.decide(call=call, candidacy=chosen, reasons="Salle.", actor=StaffFactory())

    draft = Announcement.objects.get()
    assert draft.source_kind == SourceKind.HOST_CHOSEN
    assert draft.status == AnnouncementStatus.DRAFT
    assert draft.source_link == f"/candidatures/{call.pk}/decision/"
    assert chosen.organisation.name in draft.title
