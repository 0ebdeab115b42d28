"""A campaign's page is one cached fragment, keyed on its phase, with each person's part filled
in: their organisations' ballots and vote buttons, the staff panel."""

from datetime import timedelta
from unittest import mock

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cercle.votes import services
from cercle.votes.enums import VotingMethod
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.votes.factories import eligible, open_campaign


def page(client, url, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("<main")[1]


def campaign_with(improvement, **fields):
    return open_campaign(requests=[improvement], method=VotingMethod.APPROVAL, seats=1, **fields)


def test_each_person_sees_their_own_organisations_and_ballots(page_cache, client):
    improvement = eligible(title="Signature électronique")
    campaign = campaign_with(improvement)
    url = reverse("votes:detail", args=[campaign.pk])
    first = OrganisationFactory(name="Ville de Gentilly")
    second = OrganisationFactory(name="Ville d'Arcueil")
    first_referent = referent_of(first)
    cast = services.cast_ballot(
        campaign=campaign,
        organisation=first,
        person=first_referent,
        lines={improvement.reference: 1},
    )

    seen_first = page(client, url, first_referent)
    seen_second = page(client, url, referent_of(second))
    seen_agent = page(client, url, agent_of(first))
    seen_staff = page(client, url, StaffFactory())
    seen_visitor = page(client, url)

    first_ballot = reverse("votes:ballot", args=[campaign.pk, first.slug])
    second_ballot = reverse("votes:ballot", args=[campaign.pk, second.slug])
    assert first_ballot in seen_first and cast.receipt in seen_first
    assert second_ballot not in seen_first
    assert second_ballot in seen_second
    assert first_ballot not in seen_second and cast.receipt not in seen_second
    # An agent sees their organisation's receipt, and casts no ballot.
    assert cast.receipt in seen_agent and first_ballot not in seen_agent
    assert 'id="h-staff"' in seen_staff and 'id="h-staff"' not in seen_first
    assert 'id="h-yours"' not in seen_visitor and 'id="h-staff"' not in seen_visitor
    assert cast.receipt not in seen_visitor
    for seen in (seen_first, seen_second, seen_agent, seen_staff, seen_visitor):
        assert "<!--slot:" not in seen
        assert "Signature électronique" in seen


def test_a_ballot_and_the_closing_time_show_on_the_next_visit(page_cache, client):
    improvement = eligible()
    campaign = campaign_with(improvement)
    url = reverse("votes:detail", args=[campaign.pk])
    referent = referent_of(OrganisationFactory())
    before = page(client, url, referent)
    organisation = OrganisationFactory()
    services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent_of(organisation),
        lines={improvement.reference: 1},
    )
    after = page(client, url, referent)
    assert "participation-figure" in after
    figure = after.split('participation-figure">')[1].split("</strong>")[0]
    assert figure != before.split('participation-figure">')[1].split("</strong>")[0]
    ballot = reverse(
        "votes:ballot", args=[campaign.pk, referent.memberships.get().organisation.slug]
    )
    assert ballot in after

    # The vote closes at its time, with no write: the page no longer offers to vote.
    later = timezone.now() + timedelta(days=30)
    with mock.patch("django.utils.timezone.now", return_value=later):
        closed = page(client, url, referent)
    assert ballot not in closed


def test_the_results_link_only_where_results_show(page_cache, client):
    improvement = eligible()
    hidden = campaign_with(improvement, results_visibility="after_close")
    live = campaign_with(eligible(), results_visibility="live")
    for campaign, shown in ((hidden, False), (live, True)):
        url = reverse("votes:detail", args=[campaign.pk])
        results = reverse("votes:results", args=[campaign.pk])
        for user in (referent_of(OrganisationFactory()), None, StaffFactory()):
            assert (results in page(client, url, user)) is shown


def test_the_page_costs_the_same_queries_however_many_ballots(page_cache, client):
    improvement = eligible()
    campaign = campaign_with(improvement)
    url = reverse("votes:detail", args=[campaign.pk])
    referent = referent_of(OrganisationFactory())
    client.force_login(referent)

    def count():
        client.get(url)
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    small = count()
    for _ in range(4):
        organisation = OrganisationFactory()
        referent_of(organisation, user=referent)
        services.cast_ballot(
            campaign=campaign,
            organisation=organisation,
            person=referent,
            lines={improvement.reference: 1},
        )
    assert count() == small
