"""Votes through the API: campaigns and published results for all; a référent casts or changes
the organisation's ballot through the same service (and rules) as the ballot page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.api.models import Scope
from cercle.votes import services
from cercle.votes.enums import VotingMethod
from cercle.votes.models import Ballot, BallotVersion
from tests.api.conftest import assert_error, client_for
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.votes.factories import close_now, eligible, open_campaign, upcoming_campaign


@pytest.fixture
def three(db):
    return [eligible(), eligible(), eligible()]


def ballot_url(campaign, organisation):
    return f"/api/v1/campaigns/{campaign.pk}/ballots/{organisation.slug}/"


def test_campaign_list_and_detail_show_the_ballot_and_participation(anonymous, three):
    campaign = open_campaign(requests=three)

    listed = anonymous.get("/api/v1/campaigns/").json()
    detail = anonymous.get(f"/api/v1/campaigns/{campaign.pk}/").json()

    assert [row["id"] for row in listed["results"]] == [campaign.pk]
    assert listed["results"][0]["phase"] == "open"
    assert sorted(item["reference"] for item in detail["items"]) == sorted(
        r.reference for r in three
    )
    assert detail["participation"]["voted"] == 0


def test_campaign_list_query_count_stays_the_same_as_data_grows(anonymous, three):
    open_campaign(requests=three[:1])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.get("/api/v1/campaigns/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(4):
        upcoming_campaign(requests=[eligible(), eligible()])
    assert count() == few


def test_results_are_refused_while_hidden_and_shown_once_published(anonymous, three):
    campaign = open_campaign(requests=three)
    organisation = OrganisationFactory()
    services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent_of(organisation),
        lines=[three[0].reference],
    )
    url = f"/api/v1/campaigns/{campaign.pk}/results/"

    hidden = anonymous.get(url)
    close_now(campaign)
    published = anonymous.get(url)

    assert_error(hidden, 403, "forbidden")
    assert published.status_code == 200
    body = published.json()
    assert body["published"] is True
    assert body["rows"][0] == {
        "reference": three[0].reference,
        "title": three[0].title,
        "position": 1,
        "score": 1,
        "supporters": 1,
        "retained": True,
        "tied": False,
    }


def test_live_results_are_shown_while_open_when_the_campaign_says_so(anonymous, three):
    campaign = open_campaign(requests=three, results_visibility="live")

    response = anonymous.get(f"/api/v1/campaigns/{campaign.pk}/results/")

    assert response.status_code == 200
    assert response.json()["published"] is False


def test_referent_casts_then_changes_the_ballot(three):
    campaign = open_campaign(requests=three)
    city = OrganisationFactory()
    client = client_for(referent_of(city))

    first = client.put(ballot_url(campaign, city), {"lines": [three[0].reference]})
    second = client.put(
        ballot_url(campaign, city), {"lines": [three[1].reference, three[2].reference]}
    )
    read = client.get(ballot_url(campaign, city))

    assert first.status_code == 200, first.content
    assert second.status_code == 200
    assert second.json()["version_count"] == 2
    assert second.json()["receipt"] != first.json()["receipt"]
    assert read.json()["lines"] == {three[1].reference: 1, three[2].reference: 1}
    assert BallotVersion.objects.filter(ballot__organisation=city).count() == 2


def test_points_ballot_takes_reference_to_points(three):
    campaign = open_campaign(requests=three, method=VotingMethod.POINTS)
    city = OrganisationFactory()

    response = client_for(referent_of(city)).put(
        ballot_url(campaign, city), {"lines": {three[0].reference: 6, three[1].reference: 4}}
    )

    assert response.status_code == 200, response.content
    assert response.json()["lines"] == {three[0].reference: 6, three[1].reference: 4}


def test_ballot_is_refused_to_agents_other_referents_staff_and_read_tokens(three):
    campaign = open_campaign(requests=three)
    city = OrganisationFactory()
    url = ballot_url(campaign, city)
    body = {"lines": [three[0].reference]}

    agent = client_for(agent_of(city)).put(url, body)
    other = client_for(referent_of(OrganisationFactory())).put(url, body)
    staff = client_for(StaffFactory()).put(url, body)
    read_only = client_for(referent_of(city), Scope.READ).put(url, body)
    anonymous = client_for(None).put(url, body)
    agent_reads = client_for(agent_of(city)).get(url)

    for response in (agent, other, staff):
        assert_error(response, 403, "not_referent")
    assert_error(read_only, 403, "insufficient_scope")
    assert_error(anonymous, 401, "not_authenticated")
    assert_error(agent_reads, 403, "not_referent")
    assert Ballot.objects.count() == 0


def test_ballot_is_refused_before_opening_and_after_closing_with_409(three):
    city = OrganisationFactory()
    referent = client_for(referent_of(city))
    upcoming = upcoming_campaign(requests=three[:1])
    closed = close_now(open_campaign(requests=three[1:]))

    before = referent.put(ballot_url(upcoming, city), {"lines": [three[0].reference]})
    after = referent.put(ballot_url(closed, city), {"lines": [three[1].reference]})

    assert_error(before, 409, "not_open")
    assert_error(after, 409, "not_open")


def test_ballot_breaking_the_method_rules_is_refused_with_400(three):
    campaign = open_campaign(requests=three)  # approval, at most 2
    city = OrganisationFactory()
    referent = client_for(referent_of(city))
    url = ballot_url(campaign, city)

    too_many = referent.put(url, {"lines": [r.reference for r in three]})
    empty = referent.put(url, {"lines": []})
    unknown = referent.put(url, {"lines": ["D-1999-0001"]})
    wrong_shape = referent.put(url, {"lines": {three[0].reference: 1}})
    nested = referent.put(url, {"lines": [[three[0].reference]]})
    missing = referent.put(url, {})

    assert_error(too_many, 400, "too_many_choices")
    assert_error(empty, 400, "empty_ballot")
    assert unknown.status_code == 400
    assert "lines" in assert_error(wrong_shape, 400, "invalid")["fields"]
    assert "lines" in assert_error(nested, 400, "invalid")["fields"]
    assert "lines" in assert_error(missing, 400, "invalid")["fields"]
    assert Ballot.objects.count() == 0


def test_points_ballot_with_wrong_values_is_refused_with_400(three):
    campaign = open_campaign(requests=three, method=VotingMethod.POINTS)
    city = OrganisationFactory()
    referent = client_for(referent_of(city))
    url = ballot_url(campaign, city)

    for lines in (
        {three[0].reference: "6"},
        {three[0].reference: True},
        {three[0].reference: -1},
        {three[0].reference: 99},
        [three[0].reference],
    ):
        assert referent.put(url, {"lines": lines}).status_code == 400, lines
    assert Ballot.objects.count() == 0


def test_ballot_of_unknown_campaign_or_organisation_answers_404(three):
    campaign = open_campaign(requests=three)
    city = OrganisationFactory()
    referent = client_for(referent_of(city))

    assert_error(
        referent.put(f"/api/v1/campaigns/999999/ballots/{city.slug}/", {"lines": []}),
        404,
        "not_found",
    )
    assert_error(
        referent.put(f"/api/v1/campaigns/{campaign.pk}/ballots/nulle-part/", {"lines": []}),
        404,
        "not_found",
    )
    assert_error(referent.get(ballot_url(campaign, city)), 404, "not_found")
