"""Every page, every role: anonymous, proposer, another member, a référent not on the
committee, a committee référent, vendor staff."""

import pytest
from django.urls import reverse

from tests.contributions.factories import propose
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "proposer", "other_member", "outside_referent", "committee", "staff"]

# Expected status of a GET per page and role (302 for anonymous: the sign-in page).
GET_PAGES = {
    "call": [200, 200, 200, 200, 200, 200],
    "call_form": [302, 403, 403, 403, 403, 200],
    "propose": [302, 200, 200, 200, 200, 403],  # staff here belong to no organisation
    "queue": [302, 403, 403, 403, 200, 200],
    "figures": [302, 403, 403, 403, 200, 200],
    "proposal": [302, 200, 403, 403, 200, 200],
    "edit": [302, 200, 403, 403, 403, 403],
    "schedule": [302, 403, 403, 403, 403, 200],
}


@pytest.fixture
def people(call, referee):
    organisation = OrganisationFactory()
    proposer = agent_of(organisation)
    proposal = propose(call, proposer, organisation)
    return proposal, {
        "anonymous": None,
        "proposer": proposer,
        "other_member": agent_of(organisation),
        "outside_referent": referent_of(OrganisationFactory()),
        "committee": referee,
        "staff": StaffFactory(),
    }


def url(name, proposal):
    kwargs = {"slug": proposal.call.meeting.slug}
    if name not in ("call", "call_form", "propose", "queue", "figures"):
        kwargs["pk"] = proposal.pk
    return reverse(f"contributions:{name}", kwargs=kwargs)


@pytest.mark.parametrize("page", GET_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(client, people, page, role):
    proposal, persons = people
    if persons[role] is not None:
        client.force_login(persons[role])

    response = client.get(url(page, proposal))

    assert response.status_code == GET_PAGES[page][ROLES.index(role)]


@pytest.mark.parametrize(
    ("page", "data", "allowed"),
    [
        ("withdraw", {}, {"proposer"}),
        ("review", {"review-score": "3"}, {"committee", "staff"}),
        ("decide", {"decision-decision": "waiting"}, {"committee", "staff"}),
    ],
)
@pytest.mark.parametrize("role", ROLES[1:])
def test_actions_are_refused_outside_their_role(client, people, page, data, allowed, role):
    proposal, persons = people
    client.force_login(persons[role])

    response = client.post(url(page, proposal), data)

    assert response.status_code == (302 if role in allowed else 403)


@pytest.mark.parametrize("page", ["withdraw", "review", "decide", "confirm"])
def test_anonymous_actions_go_to_the_sign_in_page(client, people, page):
    proposal, _persons = people

    response = client.post(url(page, proposal))

    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_speaker_with_an_account_sees_and_confirms_an_accepted_proposal(client, people, staff):
    from cercle.contributions import reviews, services
    from cercle.contributions.models import ProposalSpeaker

    proposal, persons = people
    speaker = persons["other_member"]
    ProposalSpeaker.objects.create(proposal=proposal, person=speaker, name="Sam", position=1)
    reviews.decide(proposal=proposal, actor=staff, decision="accepted")
    client.force_login(speaker)

    assert client.get(url("proposal", proposal)).status_code == 200
    client.post(url("confirm", proposal))

    assert proposal.speakers.get(person=speaker).confirmed_at is not None
    assert services.is_open(proposal.call)


def test_call_of_a_draft_meeting_is_hidden_from_members(client, people):
    proposal, persons = people
    meeting = proposal.call.meeting
    meeting.status = "draft"
    meeting.save()
    client.force_login(persons["proposer"])

    assert client.get(url("call", proposal)).status_code == 404
