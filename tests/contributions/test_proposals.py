"""Proposing, editing and withdrawing: the deadline (Europe/Paris) and the content rules."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from cercle.contributions import services
from cercle.contributions.enums import Format, ProposalStatus
from cercle.contributions.models import Proposal
from cercle.core.errors import DomainError
from cercle.meetings.models import PARIS
from tests.contributions.factories import DEADLINE, form_data, open_call, propose
from tests.factories import OrganisationFactory, agent_of

pytestmark = pytest.mark.django_db


def test_proposal_one_minute_before_the_deadline_is_taken(call, proposer, organisation):
    proposal = propose(call, proposer, organisation, now=DEADLINE - timedelta(minutes=1))

    assert proposal.status == ProposalStatus.SUBMITTED


def test_proposal_at_the_deadline_is_refused(call, proposer, organisation):
    with pytest.raises(DomainError) as excinfo:
        propose(call, proposer, organisation, now=DEADLINE)

    assert excinfo.value.code == "call_closed"
    assert Proposal.objects.count() == 0


def test_proposal_after_the_deadline_is_refused(call, proposer, organisation):
    with pytest.raises(DomainError) as excinfo:
        propose(call, proposer, organisation, now=DEADLINE + timedelta(seconds=1))

    assert excinfo.value.code == "call_closed"


def test_deadline_typed_by_staff_is_paris_time(client, meeting, staff):
    client.force_login(staff)

    client.post(
        reverse("contributions:call_form", kwargs={"slug": meeting.slug}),
        {"deadline": "2099-05-01T18:00", "formats": [Format.WORKSHOP], "introduction": ""},
    )

    # 18:00 in Paris in May is 16:00 UTC (summer time).
    assert meeting.call.deadline == datetime(2099, 5, 1, 16, 0, tzinfo=UTC)


def test_proposal_after_the_deadline_shows_a_french_error_and_keeps_the_text(
    client, meeting, proposer, organisation
):
    open_call(meeting, deadline=datetime(2020, 1, 1, 12, 0, tzinfo=PARIS))
    client.force_login(proposer)

    response = client.post(
        reverse("contributions:propose", kwargs={"slug": meeting.slug}),
        form_data(organisation, colleagues=[proposer], title="Mon retour"),
    )

    assert response.status_code == 200
    assert "L’appel à contributions a fermé le" in response.content.decode()
    assert 'value="Mon retour"' in response.content.decode()
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Ce champ est obligatoire."),
        ("title", "x" * 201, "au plus 200 caractères"),
        ("abstract", "x" * 3001, "au plus 3000 caractères"),
        ("duration", "0", "supérieure ou égale à 5"),
        ("duration", "999", "inférieure ou égale à 240"),
        ("duration", "beaucoup", "Saisissez un nombre entier."),
    ],
)
def test_bad_input_gets_a_french_error_tied_to_the_field_and_keeps_the_rest(
    client, call, proposer, organisation, field, value, message
):
    client.force_login(proposer)

    response = client.post(
        reverse("contributions:propose", kwargs={"slug": call.meeting.slug}),
        form_data(organisation, colleagues=[proposer], **{field: value}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'href="#id_{field}"' in page
    assert "Comment nous avons ouvert le portail en six mois." in page or field == "abstract"
    assert Proposal.objects.count() == 0


def test_proposal_without_any_speaker_is_refused_with_its_text_kept(
    client, call, proposer, organisation
):
    client.force_login(proposer)

    response = client.post(
        reverse("contributions:propose", kwargs={"slug": call.meeting.slug}),
        form_data(organisation, title="Sans orateur"),
    )

    assert "Indiquez au moins un intervenant." in response.content.decode()
    assert 'value="Sans orateur"' in response.content.decode()


def test_member_proposes_through_the_form_with_a_colleague_and_an_outside_speaker(
    client, call, proposer, organisation
):
    colleague = agent_of(organisation)
    client.force_login(proposer)

    response = client.post(
        reverse("contributions:propose", kwargs={"slug": call.meeting.slug}),
        form_data(
            organisation,
            colleagues=[proposer, colleague],
            other_speakers="Alex Dupont, Intégrateur Sud\n\n",
        ),
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    speakers = [(s.person, s.name, s.organisation_name) for s in proposal.speakers.all()]
    assert sorted(speakers[:2], key=lambda s: s[0].pk) == [
        (proposer, proposer.display_name, organisation.name),
        (colleague, colleague.display_name, organisation.name),
    ]
    assert speakers[2] == (None, "Alex Dupont", "Intégrateur Sud")


def test_speaker_from_another_organisation_cannot_be_picked(call, proposer, organisation):
    stranger = agent_of(OrganisationFactory())
    line = services.SpeakerLine(name="X", organisation_name="Y", person=stranger)

    with pytest.raises(DomainError) as excinfo:
        propose(call, proposer, organisation, speakers=[line])

    assert excinfo.value.code == "not_colleague"


def test_format_the_call_does_not_want_is_refused(meeting, proposer, organisation):
    call = open_call(meeting, formats=[Format.WORKSHOP])

    with pytest.raises(DomainError) as excinfo:
        propose(call, proposer, organisation, format=Format.LIGHTNING_TALK)

    assert excinfo.value.code == "format_not_wanted"


def test_proposing_for_an_organisation_one_does_not_belong_to_is_refused(call, proposer):
    with pytest.raises(DomainError) as excinfo:
        propose(call, proposer, OrganisationFactory())

    assert excinfo.value.code == "not_member"


def test_proposer_edits_before_the_deadline(call, proposer, organisation):
    proposal = propose(call, proposer, organisation)
    proposal.title = "Nouveau titre"

    services.update_proposal(
        proposal=proposal,
        actor=proposer,
        speakers=[services.SpeakerLine(name="A", organisation_name="B")],
        now=DEADLINE - timedelta(seconds=1),
    )

    assert Proposal.objects.get().title == "Nouveau titre"


def test_proposer_cannot_edit_at_the_deadline(call, proposer, organisation):
    proposal = propose(call, proposer, organisation)
    proposal.title = "Trop tard"

    with pytest.raises(DomainError) as excinfo:
        services.update_proposal(
            proposal=proposal,
            actor=proposer,
            speakers=[services.SpeakerLine(name="A")],
            now=DEADLINE,
        )

    assert excinfo.value.code == "call_closed"
    assert Proposal.objects.get().title == "Notre portail citoyen"


def test_proposer_withdraws_before_the_deadline(call, proposer, organisation):
    proposal = propose(call, proposer, organisation)

    services.withdraw_proposal(proposal=proposal, actor=proposer, now=DEADLINE - timedelta(1))

    assert Proposal.objects.get().status == ProposalStatus.WITHDRAWN


def test_proposer_cannot_withdraw_after_the_deadline(call, proposer, organisation):
    proposal = propose(call, proposer, organisation)

    with pytest.raises(DomainError) as excinfo:
        services.withdraw_proposal(proposal=proposal, actor=proposer, now=DEADLINE + timedelta(1))

    assert excinfo.value.code == "call_closed"


def test_another_member_cannot_withdraw_someone_elses_proposal(call, proposer, organisation):
    proposal = propose(call, proposer, organisation)
    colleague = agent_of(organisation)

    with pytest.raises(DomainError) as excinfo:
        services.withdraw_proposal(proposal=proposal, actor=colleague)

    assert excinfo.value.code == "forbidden"
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED


def test_withdraw_page_after_the_deadline_says_why_in_french(
    client, meeting, proposer, organisation
):
    call = open_call(meeting, deadline=datetime(2020, 1, 1, 12, 0, tzinfo=PARIS))
    proposal = propose(call, proposer, organisation, now=datetime(2019, 12, 1, tzinfo=PARIS))
    client.force_login(proposer)

    response = client.post(
        reverse("contributions:withdraw", kwargs={"slug": meeting.slug, "pk": proposal.pk}),
        follow=True,
    )

    assert "L’appel à contributions a fermé le" in response.content.decode()
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED
