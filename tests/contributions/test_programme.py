"""Accepted proposals: a draft session stays off every public view until staff schedule it."""

from datetime import time

import pytest
from django.urls import reverse

from cercle.contributions import reviews, scheduling
from cercle.contributions.enums import Decision, Format
from cercle.core.errors import DomainError
from cercle.meetings.models import Session
from tests.contributions.factories import propose
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import session as plain_session

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil") <script>alert(1)</script>\r\nX-INJECTED: oui'


@pytest.fixture
def accepted(call, staff):
    organisation = OrganisationFactory()
    proposal = propose(call, agent_of(organisation), organisation, title="Atelier brouillon")
    return reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)


def test_draft_session_is_not_in_the_programme_page(client, accepted):
    response = client.get(
        reverse("meetings:programme", kwargs={"slug": accepted.call.meeting.slug})
    )

    assert "Atelier brouillon" not in response.content.decode()


def test_draft_session_is_not_in_the_programme_calendar(client, accepted):
    response = client.get(
        reverse("meetings:programme_ics", kwargs={"slug": accepted.call.meeting.slug})
    )

    assert b"Atelier brouillon" not in response.content


def test_draft_workshop_is_not_offered_on_the_registration_form(client, call, staff):
    organisation = OrganisationFactory()
    proposal = propose(
        call, agent_of(organisation), organisation, title="Atelier caché", format=Format.WORKSHOP
    )
    reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)
    Session.with_drafts.filter(pk=proposal.session_id).update(capacity=10)
    client.force_login(agent_of(OrganisationFactory()))

    response = client.get(reverse("meetings:register", kwargs={"slug": call.meeting.slug}))

    assert response.status_code == 200
    assert "Atelier caché" not in response.content.decode()


def test_staff_schedule_an_accepted_proposal_and_it_appears_in_the_programme(
    client, accepted, staff, meeting_days
):
    meeting, days = meeting_days
    client.force_login(staff)

    response = client.post(
        reverse("contributions:schedule", kwargs={"slug": meeting.slug, "pk": accepted.pk}),
        {"day": str(days[1].pk), "start": "11:00", "end": "11:30", "room": "Salle B", "track": ""},
        follow=True,
    )

    session = Session.objects.get()
    assert (session.day, session.room, session.is_draft) == (days[1], "Salle B", False)
    assert "Atelier brouillon" in response.content.decode()


def test_scheduling_in_a_room_already_taken_says_so_and_stays_a_draft(
    client, accepted, staff, meeting_days
):
    meeting, days = meeting_days
    plain_session(days[0], "Plénière d'ouverture", start=(9, 0), end=(10, 0), room="Salle A")
    client.force_login(staff)

    response = client.post(
        reverse("contributions:schedule", kwargs={"slug": meeting.slug, "pk": accepted.pk}),
        {"day": str(days[0].pk), "start": "09:30", "end": "10:30", "room": "salle a"},
    )

    assert "Cette salle est déjà occupée" in response.content.decode()
    assert 'value="salle a"' in response.content.decode()
    assert Session.with_drafts.get(pk=accepted.session_id).is_draft is True


def test_scheduling_without_a_room_is_refused(accepted, staff, meeting_days):
    _meeting, days = meeting_days

    with pytest.raises(DomainError) as excinfo:
        scheduling.schedule(
            proposal=accepted, actor=staff, day=days[0], start=time(9), end=time(10), room=" "
        )

    assert excinfo.value.code == "no_room"


def test_referee_cannot_schedule(accepted, referee, meeting_days):
    _meeting, days = meeting_days

    with pytest.raises(DomainError) as excinfo:
        scheduling.schedule(
            proposal=accepted, actor=referee, day=days[0], start=time(9), end=time(10), room="A"
        )

    assert excinfo.value.code == "forbidden"


def test_hostile_title_stays_inert_in_the_programme_and_calendar(client, call, staff, meeting_days):
    meeting, days = meeting_days
    organisation = OrganisationFactory()
    proposer = agent_of(organisation)
    client.force_login(proposer)
    client.post(
        reverse("contributions:propose", kwargs={"slug": meeting.slug}),
        {
            "organisation": str(organisation.pk),
            "title": HOSTILE,
            "abstract": "a",
            "format": Format.LIGHTNING_TALK,
            "level": "experts",
            "audience": "technical",
            "objectives": "o",
            "duration": "10",
            "colleagues": [str(proposer.pk)],
        },
    )
    proposal = call.proposals.get()
    reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)
    scheduling.schedule(
        proposal=proposal, actor=staff, day=days[0], start=time(15), end=time(15, 10), room="A"
    )

    page = client.get(reverse("meetings:programme", kwargs={"slug": meeting.slug})).content
    ics = client.get(reverse("meetings:programme_ics", kwargs={"slug": meeting.slug})).content

    assert "\n" not in proposal.title
    assert b"<script>alert(1)</script>" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not any(line.startswith(b"X-INJECTED") for line in ics.splitlines())
    assert b"SUMMARY:=HYPERLINK" in ics.replace(b"\r\n ", b"")
