"""A campaign's page is one cached fragment, keyed on its phase, with each person's part filled
in: their organisations' ballots and vote buttons, the staff panel."""

from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.votes import services
from cercle.votes.enums import VotingMethod
from cercle.votes.models import Campaign
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.votes.factories import close_now, eligible, open_campaign

User = get_user_model()


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


def count_queries(client, url):
    client.get(url)  # the fragments are cached: count what every later visit costs
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return context


def test_a_served_page_reads_no_campaign_no_ballot_no_membership(page_cache, client):
    """Once cached, the page reads the session, the person and the data's versions only: the
    campaign, the person's organisations and ballots come with the fragments."""
    campaign = campaign_with(eligible())
    client.force_login(referent_of(OrganisationFactory()))
    context = count_queries(client, reverse("votes:detail", args=[campaign.pk]))
    assert len(context) == 3
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "votes_" not in tables and "organisations_" not in tables


def test_the_own_ballot_cast_and_changed_shows_on_the_next_visit(page_cache, client):
    improvement, other = eligible(), eligible()
    campaign = open_campaign(requests=[improvement, other], method=VotingMethod.APPROVAL, seats=1)
    url = reverse("votes:detail", args=[campaign.pk])
    organisation = OrganisationFactory(name="Ville de Gentilly")
    referent = referent_of(organisation)
    assert 'class="receipt"' not in page(client, url, referent)
    first = services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent,
        lines={improvement.reference: 1},
    )
    assert first.receipt in page(client, url, referent)
    second = services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent,
        lines={other.reference: 1},
    )
    seen = page(client, url, referent)
    assert second.receipt in seen and first.receipt not in seen


def test_a_role_or_membership_change_shows_on_the_next_visit(page_cache, client):
    campaign = campaign_with(eligible())
    url = reverse("votes:detail", args=[campaign.pk])
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    ballot = reverse("votes:ballot", args=[campaign.pk, organisation.slug])
    assert ballot in page(client, url, referent)
    Membership.objects.filter(user=referent).update(role=Role.AGENT)
    seen = page(client, url, referent)
    assert ballot not in seen and 'id="h-yours"' not in seen
    other = OrganisationFactory()
    referent_of(other, user=referent)
    assert reverse("votes:ballot", args=[campaign.pk, other.slug]) in page(client, url, referent)
    Membership.objects.filter(user=referent).delete()
    assert 'id="h-yours"' not in page(client, url, referent)


def test_the_staff_flag_shows_or_hides_the_staff_panel_at_once(page_cache, client):
    campaign = campaign_with(eligible())
    url = reverse("votes:detail", args=[campaign.pk])
    person = referent_of(OrganisationFactory())
    assert 'id="h-staff"' not in page(client, url, person)
    User.objects.filter(pk=person.pk).update(is_staff=True)
    assert 'id="h-staff"' in page(client, url, person)
    User.objects.filter(pk=person.pk).update(is_staff=False)
    assert 'id="h-staff"' not in page(client, url, person)


def test_an_edited_or_closed_campaign_shows_on_the_next_visit(page_cache, client):
    campaign = campaign_with(eligible())
    url = reverse("votes:detail", args=[campaign.pk])
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    ballot = reverse("votes:ballot", args=[campaign.pk, organisation.slug])
    assert ballot in page(client, url, referent)
    Campaign.objects.filter(pk=campaign.pk).update(title="Campagne de printemps")
    assert "Campagne de printemps" in page(client, url, referent)
    close_now(campaign)
    assert ballot not in page(client, url, referent)


def test_with_redis_a_served_page_reads_the_session_and_the_person_only(redis_pages, client):
    """The versions in Redis next to the fragments: a référent's page costs the floor's queries,
    and their organisation's ballot shows on their next visit."""
    improvement = eligible()
    campaign = campaign_with(improvement)
    url = reverse("votes:detail", args=[campaign.pk])
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    client.force_login(referent)
    assert len(count_queries(client, url)) == 2
    cast = services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent,
        lines={improvement.reference: 1},
    )
    assert cast.receipt in page(client, url, referent)
