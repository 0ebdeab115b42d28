import io

import pytest
from django.core.management import call_command

from cercle.hosting.models import Candidacy, Handover, HostingCall, WorkingDocument

pytestmark = pytest.mark.django_db


def test_demo_chooses_toulouse_for_the_13th_by_a_club_vote_with_a_handover_idempotently():
    call_command("demo", stdout=io.StringIO())
    counts = (
        HostingCall.objects.count(),
        Candidacy.objects.count(),
        Handover.objects.count(),
        WorkingDocument.objects.count(),
    )
    call_command("demo", stdout=io.StringIO())

    assert (
        HostingCall.objects.count(),
        Candidacy.objects.count(),
        Handover.objects.count(),
        WorkingDocument.objects.count(),
    ) == counts
    call = HostingCall.objects.get(edition=13)
    assert not call.is_open and call.is_decided and call.reasons
    assert call.candidacies.count() == 3
    assert call.chosen.organisation.slug == "toulouse-metropole"
    campaign = call.campaign
    assert call.decided_by_vote and campaign.is_hosting and campaign.is_closed
    assert call.chosen.ballot_item.retained and campaign.items.filter(retained=True).count() == 1
    assert campaign.closes_at < call.decided_at
    assert call.meeting.edition == 13 and call.meeting.host.slug == "toulouse-metropole"
    handover = Handover.objects.get(meeting=call.meeting)
    assert handover.previous_meeting.edition == 12 and handover.is_scheduled
    assert WorkingDocument.objects.filter(meeting=handover.previous_meeting).count() == 2
    assert HostingCall.objects.get(edition=14).is_open
