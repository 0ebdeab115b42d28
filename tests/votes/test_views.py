import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.votes import services
from cercle.votes.enums import VotingMethod
from cercle.votes.models import Ballot, Campaign
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.votes.factories import (
    close_now,
    eligible,
    open_campaign,
    upcoming_campaign,
)


@pytest.fixture
def three(db):
    return [eligible(), eligible(), eligible()]


def url(name, campaign, *args):
    return reverse(f"votes:{name}", args=[campaign.pk, *args])


def count_queries(client, path):
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    queries = len(context)
    assert response.status_code == 200
    return queries


def cast_by_new_organisation(campaign, lines):
    organisation = OrganisationFactory()
    return services.cast_ballot(
        campaign=campaign, organisation=organisation, person=referent_of(organisation), lines=lines
    )


# Lists and campaign page


def test_list_shows_open_upcoming_and_closed(client, three):
    open_campaign(requests=three[:1], title="Vote ouvert")
    upcoming_campaign(title="Vote à venir")
    close_now(open_campaign(title="Vote clos"))
    html = client.get(reverse("votes:list")).content.decode()
    assert html.index("Vote ouvert") < html.index("Vote à venir") < html.index("Vote clos")


def test_campaign_page_announces_seats_and_offers_referent_to_vote(client, three):
    campaign = open_campaign(requests=three, seats=10)
    organisation = OrganisationFactory(name="Ville de Quimper")
    client.force_login(referent_of(organisation))
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert "10 développements mutualisés seront retenus" in html
    assert url("ballot", campaign, organisation.slug) in html


def test_campaign_page_offers_no_ballot_to_agent(client, three):
    campaign = open_campaign(requests=three)
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))
    assert (
        url("ballot", campaign, organisation.slug)
        not in client.get(campaign.get_absolute_url()).content.decode()
    )


def test_campaign_page_shows_the_receipt_to_the_organisations_members(client, three):
    campaign = open_campaign(requests=three)
    organisation = OrganisationFactory()
    ballot = services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent_of(organisation),
        lines=[three[0].reference],
    )
    client.force_login(agent_of(organisation))
    assert ballot.receipt in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(referent_of(OrganisationFactory()))
    assert ballot.receipt not in client.get(campaign.get_absolute_url()).content.decode()


# Ballot form and its permissions


def test_ballot_page_asks_anonymous_to_sign_in(client, three):
    campaign = open_campaign(requests=three)
    response = client.get(url("ballot", campaign, OrganisationFactory().slug))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["agent", "other_referent", "staff", "no_organisation"])
def test_ballot_page_forbidden_to_others_than_referents(client, three, who):
    campaign = open_campaign(requests=three)
    organisation = OrganisationFactory()
    person = {
        "agent": lambda: agent_of(organisation),
        "other_referent": lambda: referent_of(OrganisationFactory()),
        "staff": StaffFactory,
        "no_organisation": UserFactory,
    }[who]()
    client.force_login(person)
    ballot_url = url("ballot", campaign, organisation.slug)
    assert client.get(ballot_url).status_code == 403
    assert client.post(ballot_url, {"choices": [three[0].reference]}).status_code == 403
    assert not Ballot.objects.exists()


def test_referent_casts_then_changes_approval_ballot(client, three):
    campaign = open_campaign(requests=three)
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    ballot_url = url("ballot", campaign, organisation.slug)
    response = client.post(ballot_url, {"choices": [three[0].reference]}, follow=True)
    first = Ballot.objects.get().receipt
    assert first in response.content.decode()
    response = client.post(ballot_url, {"choices": [three[1].reference, three[2].reference]})
    ballot = Ballot.objects.get()
    assert response["Location"] == ballot_url
    assert (ballot.version_count, ballot.receipt != first) == (2, True)
    html = client.get(ballot_url).content.decode()
    assert f'value="{three[1].reference}" id="id_choices_1" checked' in html


def test_too_many_choices_refused_with_the_rule_and_choices_kept(client, three):
    campaign = open_campaign(requests=three)
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    response = client.post(
        url("ballot", campaign, organisation.slug), {"choices": [r.reference for r in three]}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vous avez choisi 3 demandes ; 2 au plus sont autorisées." in html
    assert 'id="id_choices_error"' in html
    assert html.count("checked") == 3
    assert not Ballot.objects.exists()


def test_points_rule_error_is_shown_next_to_the_request(client, three):
    campaign = open_campaign(requests=three, method=VotingMethod.POINTS)
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    ref = three[1].reference
    response = client.post(url("ballot", campaign, organisation.slug), {f"r_{ref}": "7"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_r_{ref}_error"' in html
    assert "au plus 6 peuvent aller à une même demande" in html
    assert 'value="7"' in html


def test_schulze_ballot_ranks_and_leaves_blanks_unranked(client, three):
    campaign = open_campaign(requests=three, method=VotingMethod.SCHULZE)
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    a, b, c = (r.reference for r in three)
    client.post(url("ballot", campaign, organisation.slug), {f"r_{a}": "2", f"r_{c}": "5"})
    assert Ballot.objects.get().versions.get().lines == {a: 1, c: 2}


# Results


def test_results_hidden_until_close_but_participation_live(client, three):
    campaign = open_campaign(requests=three)
    cast_by_new_organisation(campaign, [three[0].reference])
    html = client.get(url("results", campaign)).content.decode()
    assert "Organisations ayant voté : 1 sur" in html
    assert f'<span class="reference">{three[0].reference}</span>' not in html
    assert client.get(url("ballots_csv", campaign)).status_code == 404


def test_live_results_visible_while_open(client, three):
    campaign = open_campaign(requests=three, results_visibility="live")
    cast_by_new_organisation(campaign, [three[2].reference])
    html = client.get(url("results", campaign)).content.decode()
    assert f'<span class="reference">{three[2].reference}</span>' in html
    assert "<svg" in html


def test_results_after_closing_mark_retained_with_chart_and_tie_rule(client, three):
    campaign = open_campaign(requests=three, seats=1)
    cast_by_new_organisation(campaign, [three[1].reference, three[0].reference])
    cast_by_new_organisation(campaign, [three[1].reference])
    close_now(campaign)
    html = client.get(url("results", campaign)).content.decode()
    retained = html[html.index('id="h-retained"') : html.index('id="h-ranking"')]
    assert three[1].reference in retained and three[0].reference not in retained
    assert 'role="img"' in html and "<desc" in html
    assert "nombre d’organisations" in html or "nombre d'organisations" in html


@pytest.mark.parametrize("method", list(VotingMethod))
def test_published_results_equal_recount_of_own_export(client, three, method, tmp_path):
    campaign = open_campaign(requests=[*three, eligible()], method=method, seats=2)
    a, b, c = (r.reference for r in three)
    lines = {
        VotingMethod.APPROVAL: [[a, b], [b], [c, b]],
        VotingMethod.POINTS: [{a: 6, b: 4}, {c: 5}, {b: 2, c: 1}],
        VotingMethod.SCHULZE: [{a: 1, b: 2}, {c: 1, a: 2}, {b: 1}],
    }[method]
    for ballot in lines:
        cast_by_new_organisation(campaign, ballot)
    close_now(campaign)
    if campaign.tie_pending:
        services.settle_tie(campaign=campaign, actor=StaffFactory(), seed="plenary-2026")
    export = tmp_path / "ballots.csv"
    export.write_bytes(client.get(url("ballots_csv", campaign)).content)
    out = io.StringIO()
    call_command(
        "recount",
        str(export),
        "--method",
        method,
        "--seats",
        str(campaign.seats),
        "--json",
        stdout=out,
    )
    recount = json.loads(out.getvalue())
    published = list(
        csv.reader(
            io.StringIO(client.get(url("results_csv", campaign)).content.decode("utf-8-sig"))
        )
    )
    supported = [row for row in published[1:] if row[4] != "0"]
    assert recount["ranking"] == [{"request": row[1], "score": int(row[3])} for row in supported]
    retained = [row[1] for row in published[1:] if row[5] == "retenue"]
    tie = recount["tie_at_cutoff"] or {"requests": [], "seats": 0}
    # The recount says which requests are sure and which tie; the decision picks among these.
    assert set(recount["retained"]) <= set(retained)
    assert set(retained) - set(recount["retained"]) <= set(tie["requests"])
    assert len(retained) == len(recount["retained"]) + tie["seats"]
    assert len(published) == 5  # the never-supported request is listed last, score 0


def test_ballots_export_names_organisations_only_when_public(client, three):
    secret = open_campaign(requests=three[:1])
    public = open_campaign(requests=three[1:2], ballot_privacy="public")
    cast_by_new_organisation(secret, [three[0].reference])
    organisation = OrganisationFactory(name="Ville d'Arles")
    services.cast_ballot(
        campaign=public,
        organisation=organisation,
        person=referent_of(organisation),
        lines=[three[1].reference],
    )
    close_now(secret)
    close_now(public)
    secret_csv = client.get(url("ballots_csv", secret)).content.decode("utf-8-sig").splitlines()
    public_csv = client.get(url("ballots_csv", public)).content.decode("utf-8-sig").splitlines()
    assert secret_csv[0] == "ballot,request,value"
    assert public_csv[0] == "ballot,request,value,organisation"
    assert public_csv[1].endswith(f"{three[1].reference},1,Ville d'Arles")


def test_results_ods_export(client, three):
    campaign = close_now(open_campaign(requests=three))
    response = client.get(url("results_ods", campaign))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response.content[:2] == b"PK"


def test_results_and_campaign_pages_queries_do_not_grow_with_ballots(client, three):
    live = open_campaign(requests=three, results_visibility="live")
    closed = open_campaign(requests=[eligible(), eligible()])
    client.force_login(referent_of(OrganisationFactory()))
    cast_by_new_organisation(live, [three[0].reference])
    cast_by_new_organisation(closed, [closed.items.first().request.reference])
    pages = [url("results", live), live.get_absolute_url(), url("projection", live)]
    few = [count_queries(client, page) for page in pages]
    for _ in range(4):
        cast_by_new_organisation(live, [three[1].reference, three[2].reference])
        cast_by_new_organisation(closed, [closed.items.last().request.reference])
    close_now(closed)
    many = [count_queries(client, page) for page in pages]
    closed_few = count_queries(client, url("results", closed))
    assert few == many
    assert closed_few <= few[0]


def test_projection_polls_participation_while_open(client, three):
    campaign = open_campaign(requests=three)
    html = client.get(url("projection", campaign)).content.decode()
    fragment = client.get(url("participation", campaign))
    assert 'hx-trigger="every 5s"' in html
    assert "Organisations ayant voté : 0 sur" in fragment.content.decode()
    close_now(campaign)
    assert client.get(url("participation", campaign))["HX-Refresh"] == "true"
    assert "Demandes retenues" in client.get(url("projection", campaign)).content.decode()


# Staff pages


def test_staff_create_campaign_then_place_requests(client, three):
    client.force_login(StaffFactory())
    response = client.post(
        reverse("votes:new"),
        {
            "title": "Vote 2026",
            "description": "",
            "opens_at": "2099-05-01T09:00",
            "closes_at": "2099-06-12T17:00",
            "seats": "10",
            "method": "points",
            "total_points": "10",
            "max_per_request": "4",
            "results_visibility": "after_close",
            "ballot_privacy": "secret",
        },
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == url("requests", campaign)
    assert (campaign.opens_at.hour, campaign.max_per_request) == (7, 4)  # 9:00 Paris in UTC
    client.post(url("requests", campaign), {"reference": three[0].reference})
    assert [i.request for i in campaign.items.all()] == [three[0]]
    client.post(url("requests", campaign), {"reference": three[0].reference, "remove": "1"})
    assert not campaign.items.exists()


def test_campaign_form_refuses_missing_parameters_and_keeps_input(client, db):
    client.force_login(StaffFactory())
    response = client.post(
        reverse("votes:new"),
        {
            "title": "Vote 2026",
            "opens_at": "2099-05-01T09:00",
            "closes_at": "2099-04-01T09:00",
            "seats": "3",
            "method": "approval",
            "results_visibility": "after_close",
            "ballot_privacy": "secret",
        },
    )
    html = response.content.decode()
    assert 'id="id_max_choices_error"' in html and 'id="id_closes_at_error"' in html
    assert 'value="Vote 2026"' in html
    assert not Campaign.objects.exists()


def test_edit_form_disables_method_after_first_ballot(client, three):
    staff = StaffFactory()
    campaign = open_campaign(requests=three, staff=staff)
    cast_by_new_organisation(campaign, [three[0].reference])
    client.force_login(staff)
    html = client.get(url("edit", campaign)).content.decode()
    assert re.search(r'<input type="number" name="max_choices"[^>]* disabled', html)
    assert not re.search(r'<input type="text" name="title"[^>]* disabled', html)
    data = {
        "title": "Nouveau titre",
        "description": "",
        "opens_at": campaign.opens_at.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": "2099-01-01T10:00",
        "seats": "2",
        "method": "schulze",
        "max_choices": "9",
        "results_visibility": "after_close",
        "ballot_privacy": "public",
    }
    response = client.post(url("edit", campaign), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title, campaign.method, campaign.max_choices) == (
        "Nouveau titre",
        "approval",
        2,
    )
    assert campaign.ballot_privacy == "secret"


@pytest.mark.parametrize("who", ["anonymous", "referent", "agent"])
def test_staff_pages_closed_to_others(client, three, who):
    campaign = upcoming_campaign(requests=three[:1])
    organisation = OrganisationFactory()
    if who != "anonymous":
        client.force_login(
            referent_of(organisation) if who == "referent" else agent_of(organisation)
        )
    expected = 302 if who == "anonymous" else 403
    assert client.get(reverse("votes:new")).status_code == expected
    assert client.get(url("edit", campaign)).status_code == expected
    response = client.post(url("requests", campaign), {"reference": three[1].reference})
    assert response.status_code == expected
    assert campaign.items.count() == 1
