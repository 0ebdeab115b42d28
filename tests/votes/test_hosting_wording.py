"""A vote on host candidacies speaks of candidacies (tie-break rule, how it is counted, ties
at the cutoff); a vote on requests keeps its own words."""

import pytest
from django.urls import reverse

from cercle.votes import services
from cercle.votes.enums import TieRule, VotingMethod
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.hosting.factories import cast_for, open_club_vote, vote_call
from tests.votes.factories import close_now, eligible, open_now, upcoming_campaign

pytestmark = pytest.mark.django_db

HOSTING_TIES = "à score égal, les candidatures sont classées selon le nombre d’organisations"
HOSTING_SCHULZE = "la candidature choisie est celle qu’aucune autre ne bat"
HOSTING_COUNTED = "Les bulletins sont comptés sur les candidatures qu’au moins une organisation"
HOSTING_COMMITTEE = "le comité choisit parmi les candidatures à égalité"
REQUEST_TIES = "à score égal, les demandes sont classées selon le nombre d’organisations"
REQUEST_COUNTED = "Les bulletins sont comptés sur les demandes qu’au moins une organisation"
REQUEST_COMMITTEE = "le comité choisit parmi les demandes à égalité"
REQUEST_WORDS = (REQUEST_TIES, REQUEST_COUNTED, REQUEST_COMMITTEE, "gagnantes de Schulze")


def page(client, name, campaign):
    response = client.get(reverse(f"votes:{name}", args=[campaign.pk]))
    assert response.status_code == 200
    return response.content.decode()


def hosting_vote(**fields):
    staff = StaffFactory()
    call, candidacies = vote_call("Toulouse", "Nancy")
    campaign = open_club_vote(call, staff, **fields)
    return campaign, candidacies, staff


def reference(candidacy):
    candidacy.refresh_from_db()
    return candidacy.ballot_item.reference


@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_results_of_a_hosting_vote_speak_of_candidacies(client, who):
    campaign, (toulouse, _nancy), staff = hosting_vote(tie_rule=TieRule.COMMITTEE)
    cast_for(campaign, OrganisationFactory(), [reference(toulouse)])
    close_now(campaign)
    if who == "staff":
        client.force_login(staff)

    results = page(client, "results", campaign)
    detail = page(client, "detail", campaign)

    for text in (HOSTING_TIES, HOSTING_SCHULZE, HOSTING_COUNTED, HOSTING_COMMITTEE):
        assert text in results
    assert HOSTING_TIES in detail and HOSTING_SCHULZE in detail
    for text in REQUEST_WORDS:
        assert text not in results and text not in detail


def test_ranked_hosting_vote_caption_speaks_of_candidacies(client):
    campaign, (toulouse, nancy), _staff = hosting_vote(method="schulze", max_choices=None)
    cast_for(campaign, OrganisationFactory(), {reference(toulouse): 1, reference(nancy): 2})
    close_now(campaign)
    results = page(client, "results", campaign)
    assert "nombre d’autres candidatures que celle-ci bat" in results
    assert "nombre d’autres demandes" not in results


def test_a_tie_on_a_hosting_vote_speaks_of_the_first_place(client):
    campaign, (toulouse, nancy), staff = hosting_vote(tie_rule=TieRule.COMMITTEE)
    cast_for(campaign, OrganisationFactory(), [reference(toulouse)])
    cast_for(campaign, OrganisationFactory(), [reference(nancy)])
    campaign = close_now(campaign)
    assert campaign.tie_pending
    client.force_login(staff)
    results = page(client, "results", campaign)
    assert "Des candidatures sont à égalité pour la première place" in results
    assert "Des demandes sont à égalité" not in results
    assert "Ces candidatures sont à égalité pour la première place" in page(client, "tie", campaign)
    projection = page(client, "projection", campaign)
    assert "Des candidatures sont à égalité pour la première place" in projection
    assert "Des demandes sont à égalité" not in projection


def test_a_request_vote_keeps_its_words(client):
    staff = StaffFactory()
    improvements = [eligible(), eligible()]
    campaign = open_now(
        upcoming_campaign(requests=improvements, staff=staff, tie_rule=TieRule.COMMITTEE)
    )
    voter = OrganisationFactory()

    services.cast_ballot(
        campaign=campaign,
        organisation=voter,
        person=referent_of(voter),
        lines=[improvements[0].reference],
    )
    close_now(campaign)

    results = page(client, "results", campaign)
    detail = page(client, "detail", campaign)

    for text in (REQUEST_TIES, REQUEST_COUNTED, REQUEST_COMMITTEE, "gagnantes de Schulze"):
        assert text in results
    assert REQUEST_TIES in detail
    for text in (HOSTING_TIES, HOSTING_SCHULZE, HOSTING_COUNTED, HOSTING_COMMITTEE):
        assert text not in results and text not in detail
    assert f'href="{improvements[0].get_absolute_url()}"' in results


def test_a_ranked_request_vote_keeps_its_caption(client):
    improvements = [eligible(), eligible()]
    campaign = open_now(upcoming_campaign(requests=improvements, method=VotingMethod.SCHULZE))
    voter = OrganisationFactory()

    services.cast_ballot(
        campaign=campaign,
        organisation=voter,
        person=referent_of(voter),
        lines={improvements[0].reference: 1, improvements[1].reference: 2},
    )
    close_now(campaign)
    results = page(client, "results", campaign)
    assert "nombre d’autres demandes que celle-ci bat" in results
    assert "candidatures" not in results


def test_the_votes_list_speaks_of_both_subjects(client):
    listing = client.get(reverse("votes:list")).content.decode()
    assert "sur les demandes éligibles" in listing
    assert "Elles votent aussi sur les candidatures à l’accueil d’une rencontre du club" in listing
