"""The committee: new members first, review secrecy, decisions, the draft session and emails."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cercle.contributions import reviews
from cercle.contributions.enums import Decision, ProposalStatus
from cercle.contributions.newcomers import is_new_member
from cercle.contributions.selectors import figures, review_queue
from cercle.contributions.services import SpeakerLine
from cercle.core.errors import DomainError
from cercle.meetings.enums import Experience, MeetingStatus, SessionKind
from cercle.meetings.models import Registration, Session
from cercle.outbox.models import Message
from tests.contributions.factories import propose
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = date(2099, 4, 1)


def attended(organisation, count):
    """`count` earlier meetings, held, each with a registration of the organisation."""
    person = agent_of(organisation)
    for n in range(count):
        past = MeetingFactory(edition=n + 1, status=MeetingStatus.HELD)
        Registration.objects.create(
            meeting=past,
            person=person,
            organisation=organisation,
            badge_name="Camille",
            badge_organisation=organisation.name,
            experience=Experience.REGULAR,
            image_consent=False,
            image_consent_version="1",
            image_consent_at=timezone.now(),
        )


def test_organisation_that_joined_within_a_year_is_new(meeting):
    organisation = OrganisationFactory(member_since=date(2098, 6, 1))
    attended(organisation, 3)

    assert is_new_member(organisation, meeting, today=TODAY) is True


def test_organisation_with_one_meeting_attended_is_new(meeting):
    organisation = OrganisationFactory(member_since=date(2000, 1, 1))
    attended(organisation, 1)

    assert is_new_member(organisation, meeting, today=TODAY) is True


def test_organisation_with_two_meetings_attended_and_old_membership_is_not_new(meeting):
    organisation = OrganisationFactory(member_since=date(2000, 1, 1))
    attended(organisation, 2)

    assert is_new_member(organisation, meeting, today=TODAY) is False


@override_settings(CONTRIBUTIONS_NEW_MEMBER_MEETINGS=2)
def test_the_number_of_meetings_is_a_setting(meeting):
    organisation = OrganisationFactory(member_since=date(2000, 1, 1))
    attended(organisation, 2)

    assert is_new_member(organisation, meeting, today=TODAY) is True


def test_new_members_proposals_come_first_in_review_and_are_marked(client, call, staff):
    regular = OrganisationFactory(member_since=date(2000, 1, 1))
    attended(regular, 2)
    newcomer = OrganisationFactory(member_since=None)
    first = propose(call, agent_of(regular), regular, title="Arrivée en premier")
    second = propose(call, agent_of(newcomer), newcomer, title="Nouvelle venue")
    client.force_login(staff)

    response = client.get(reverse("contributions:queue", kwargs={"slug": call.meeting.slug}))

    assert (first.from_newcomer, second.from_newcomer) == (False, True)
    assert [p.pk for p in review_queue(call, staff)] == [second.pk, first.pk]
    page = response.content.decode()
    assert page.index("Nouvelle venue") < page.index("Arrivée en premier")
    assert "Organisation nouvellement membre" in page


def test_reviews_of_others_are_hidden_until_one_submits_ones_own(client, call, referee, staff):
    organisation = OrganisationFactory()
    proposal = propose(call, agent_of(organisation), organisation)
    reviews.submit_review(proposal=proposal, reviewer=staff, score=2, comment="Trop technique")
    url = reverse("contributions:proposal", kwargs={"slug": call.meeting.slug, "pk": proposal.pk})
    client.force_login(referee)

    before = client.get(url).content.decode()
    client.post(
        reverse("contributions:review", kwargs={"slug": call.meeting.slug, "pk": proposal.pk}),
        {"review-score": "4", "review-comment": "Très utile"},
    )
    after = client.get(url).content.decode()

    assert "Trop technique" not in before
    assert reviews.visible_reviews(proposal, StaffFactory()) == []
    assert "Trop technique" in after
    assert "Très utile" in after


def test_referent_not_named_on_the_committee_cannot_review(call):
    organisation = OrganisationFactory()
    proposal = propose(call, agent_of(organisation), organisation)

    with pytest.raises(DomainError) as excinfo:
        reviews.submit_review(
            proposal=proposal, reviewer=referent_of(OrganisationFactory()), score=3, comment=""
        )

    assert excinfo.value.code == "forbidden"


def test_accepting_creates_a_draft_session_with_objectives_prerequisites_and_speakers(
    call, referee
):
    organisation = OrganisationFactory()
    proposal = propose(
        call,
        agent_of(organisation),
        organisation,
        objectives="Savoir publier",
        prerequisites="Un compte",
    )

    reviews.decide(proposal=proposal, actor=referee, decision=Decision.ACCEPT)

    session = Session.with_drafts.get()
    assert session.is_draft is True
    assert (session.title, session.kind) == ("Notre portail citoyen", SessionKind.EXPERIENCE_REPORT)
    assert (session.objectives, session.prerequisites) == ("Savoir publier", "Un compte")
    assert [s.person for s in session.speakers.all()] == [proposal.proposer]
    assert session.day is None


def test_accepting_twice_keeps_one_session_and_sends_one_email_each(call, staff):
    organisation = OrganisationFactory()
    proposal = propose(call, agent_of(organisation), organisation)

    reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)
    reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)

    assert Session.with_drafts.count() == 1
    assert Message.objects.count() == 1


def test_decision_emails_every_speaker_in_their_own_language(call, staff):
    organisation = OrganisationFactory()
    proposer = agent_of(organisation, user__language="fr")
    english = agent_of(organisation, user__language="en")
    speakers = [
        SpeakerLine(name="Moi", person=proposer),
        SpeakerLine(name="Sam", person=english),
        SpeakerLine(name="Sans compte", organisation_name="Ailleurs"),
    ]
    proposal = propose(call, proposer, organisation, title="L'atelier", speakers=speakers)

    reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)

    subjects = dict(Message.objects.values_list("to", "subject"))
    assert subjects == {
        proposer.email: "Votre proposition est acceptée : L'atelier",
        english.email: "Your proposal is accepted: L'atelier",
    }


def test_declined_proposal_cannot_then_be_accepted(call, staff):
    organisation = OrganisationFactory()
    proposal = propose(call, agent_of(organisation), organisation)
    reviews.decide(proposal=proposal, actor=staff, decision=Decision.DECLINE)

    with pytest.raises(DomainError) as excinfo:
        reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)

    assert excinfo.value.code == "already_decided"
    assert Session.with_drafts.count() == 0


def test_waiting_proposal_can_later_be_accepted(call, staff):
    organisation = OrganisationFactory()
    proposal = propose(call, agent_of(organisation), organisation)
    reviews.decide(proposal=proposal, actor=staff, decision=Decision.WAITING)

    accepted = reviews.decide(proposal=proposal, actor=staff, decision=Decision.ACCEPT)

    assert accepted.status == ProposalStatus.ACCEPTED
    assert Message.objects.count() == 2


def test_member_outside_the_committee_cannot_decide(call):
    organisation = OrganisationFactory()
    proposer = agent_of(organisation)
    proposal = propose(call, proposer, organisation)

    with pytest.raises(DomainError) as excinfo:
        reviews.decide(proposal=proposal, actor=proposer, decision=Decision.ACCEPT)

    assert excinfo.value.code == "forbidden"


def test_figures_count_by_format_newcomer_status_and_acceptance_rate(call, staff):
    regular = OrganisationFactory(member_since=date(2000, 1, 1))
    attended(regular, 2)
    newcomer = OrganisationFactory()
    a = propose(call, agent_of(regular), regular, format="workshop")
    b = propose(call, agent_of(newcomer), newcomer)
    propose(call, agent_of(newcomer), newcomer)
    reviews.decide(proposal=a, actor=staff, decision=Decision.ACCEPT)
    reviews.decide(proposal=b, actor=staff, decision=Decision.DECLINE)

    result = figures(call)

    assert dict(result.by_format)["Atelier"] == 1
    assert dict(result.by_format)["Retour d’expérience"] == 2
    assert (result.from_newcomers, result.from_regulars) == (2, 1)
    assert result.acceptance_rate == 50
