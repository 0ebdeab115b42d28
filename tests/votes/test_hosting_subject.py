"""Campaigns on host candidacies (subject "hosting"): options instead of requests, counted,
shown and exported like any vote, and touching nothing that belongs to requests."""

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.funding.models import RoadmapItem
from cercle.news.enums import SourceKind
from cercle.news.models import Announcement
from cercle.requests.enums import Status
from cercle.requests.models import StatusChange
from cercle.votes import services
from cercle.votes.enums import Subject, VotingMethod
from cercle.votes.models import CampaignItem
from cercle.webhooks.enums import Event
from cercle.webhooks.models import Delivery
from tests.api.conftest import client_for
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.hosting.factories import cast_for, open_club_vote, vote_call
from tests.votes.factories import close_now, eligible, upcoming_campaign
from tests.webhooks.factories import endpoint_for

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'


def url(name, campaign):
    return reverse(f"votes:{name}", args=[campaign.pk])


def hosting_vote(*names, **fields):
    staff = StaffFactory()
    call, candidacies = vote_call(*names)
    return open_club_vote(call, staff, **fields), call, candidacies, staff


# The votes service


def test_options_need_a_hosting_vote_and_fit_the_seats(staff):
    data = {
        "title": "Qui accueille ?",
        "opens_at": upcoming_campaign().opens_at,
        "closes_at": upcoming_campaign().closes_at,
        "seats": 2,
        "method": VotingMethod.APPROVAL,
        "max_choices": 1,
    }
    with pytest.raises(DomainError) as refused:
        services.create_campaign(actor=staff, data=data, subject=Subject.HOSTING)
    assert refused.value.code == "no_options"
    with pytest.raises(DomainError) as refused:
        services.create_campaign(
            actor=staff, data=data, subject=Subject.HOSTING, options=[("C01", "Nancy", "/x")]
        )
    assert refused.value.code == "too_many_seats"
    with pytest.raises(DomainError) as refused:
        services.create_campaign(actor=staff, data=data, options=[("C01", "Nancy", "/x")])
    assert refused.value.code == "requests_only"
    with pytest.raises(DomainError) as refused:
        services.create_campaign(
            actor=referent_of(OrganisationFactory()),
            data=data,
            subject=Subject.HOSTING,
            options=[("C01", "Nancy", "/x")],
        )
    assert refused.value.code == "forbidden"


def test_an_item_is_a_request_or_an_option_never_both(staff):
    from django.db import IntegrityError, transaction

    campaign, *_ = hosting_vote("Nancy")
    improvement = eligible()
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignItem.objects.create(
            campaign=campaign, request=improvement, reference="C09", label="Nancy"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignItem.objects.create(campaign=campaign, reference="C08")


def test_requests_cannot_be_placed_on_a_hosting_vote(client, staff):
    campaign, *_ = hosting_vote("Nancy")
    improvement = eligible()
    for action in (services.add_request, services.remove_request):
        with pytest.raises(DomainError) as refused:
            action(campaign=campaign, improvement=improvement, actor=staff)
        assert refused.value.code == "not_a_requests_vote"
    client.force_login(staff)
    page = client.get(url("requests", campaign)).content.decode()
    assert improvement.reference not in page and "Nancy" in page


@pytest.mark.parametrize(
    ("method", "fields", "lines"),
    [
        (VotingMethod.APPROVAL, {}, lambda a, b: [a]),
        (
            VotingMethod.POINTS,
            {"total_points": 10, "max_per_request": 7},
            lambda a, b: {a: 7, b: 3},
        ),
        (VotingMethod.SCHULZE, {}, lambda a, b: {a: 1, b: 2}),
    ],
)
def test_every_method_counts_a_hosting_vote(method, fields, lines):
    campaign, call, (nancy, toulouse), staff = hosting_vote(
        "Nancy", "Toulouse", method=method, **fields
    )
    nancy.refresh_from_db()
    toulouse.refresh_from_db()
    a, b = toulouse.ballot_item.reference, nancy.ballot_item.reference
    for _ in range(2):
        cast_for(campaign, OrganisationFactory(), lines(a, b))
    close_now(campaign)
    assert list(campaign.items.filter(retained=True).values_list("label", flat=True)) == [
        "Toulouse"
    ]


# Nothing of requests moves


def test_a_hosting_vote_touches_no_request_news_webhook_or_api(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    endpoint_for(StaffFactory(), "https://93.184.216.34/hook")
    improvement = eligible()
    changes = StatusChange.objects.filter(request=improvement).count()
    campaign, call, (nancy,), staff = hosting_vote("Nancy")
    cast_for(campaign, OrganisationFactory(), [campaign.items.get().reference])
    close_now(campaign)

    improvement.refresh_from_db()
    assert improvement.status == Status.ELIGIBLE
    assert StatusChange.objects.filter(request=improvement).count() == changes
    assert not improvement.campaign_items.exists()
    assert not RoadmapItem.objects.exists()
    assert not Announcement.objects.filter(source_kind=SourceKind.RESULTS_PUBLISHED).exists()
    assert not Delivery.objects.filter(event=Event.RESULTS_PUBLISHED).exists()
    anonymous = client_for(None)
    assert anonymous.get("/api/v1/campaigns/").json()["results"] == []
    for path in ("", "results/"):
        assert anonymous.get(f"/api/v1/campaigns/{campaign.pk}/{path}").status_code == 404
    organisation = OrganisationFactory()
    referent = client_for(referent_of(organisation))
    response = referent.put(
        f"/api/v1/campaigns/{campaign.pk}/ballots/{organisation.slug}/",
        {"lines": ["C01"]},
        format="json",
    )
    assert response.status_code in (403, 404)


# Exports make hostile names inert


def closed_with_hostile_names():
    campaign, call, (hostile, script), staff = hosting_vote(
        HOSTILE, "<script>alert(1)</script>", ballot_privacy="public"
    )
    hostile.refresh_from_db()
    cast_for(campaign, OrganisationFactory(name=HOSTILE), [hostile.ballot_item.reference])
    return close_now(campaign), hostile


def test_results_exports_of_a_hosting_vote_are_inert(client):
    campaign, hostile = closed_with_hostile_names()
    content = client.get(url("results_csv", campaign)).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Rang", "Référence", "Candidature"]
    assert rows[1][1:3] == [hostile.ballot_item.reference, "'" + HOSTILE]
    assert "<script>alert(1)</script>" in content  # plain text in a CSV cell, no formula

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url("results_xlsx", campaign)).content))
    cell = sheet.active.cell(row=2, column=3)
    assert cell.value == "'" + HOSTILE and cell.data_type == "s"

    ods = client.get(url("results_ods", campaign)).content
    body = zipfile.ZipFile(io.BytesIO(ods)).read("content.xml").decode()
    assert "table:formula" not in body and "&lt;script&gt;" in body


def test_ballots_export_of_a_hosting_vote_is_inert_and_recounts(client, tmp_path):
    campaign, hostile = closed_with_hostile_names()
    content = client.get(url("ballots_csv", campaign)).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["ballot", "request", "value", "organisation"]
    assert rows[1][1:] == [hostile.ballot_item.reference, "1", "'" + HOSTILE]
    path = tmp_path / "bulletins.csv"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("recount", str(path), "--method", "approval", "--seats", "1", stdout=out)
    assert re.search(rf"{hostile.ballot_item.reference} +1  retained", out.getvalue())


# Query counts


def count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_hosting_vote_pages_queries_do_not_grow():
    from django.test import Client

    campaign, call, candidacies, staff = hosting_vote(
        "Nancy", "Toulouse", results_visibility="live"
    )
    staff_client, visitor = Client(), Client()
    staff_client.force_login(staff)
    pages = [
        (visitor, url("detail", campaign)),
        (visitor, url("results", campaign)),
        (visitor, call.get_absolute_url()),
        (staff_client, call.get_absolute_url()),
    ]
    few = [count(client, path) for client, path in pages]
    for item in campaign.items.all():
        for _ in range(3):
            cast_for(campaign, OrganisationFactory(), [item.reference])
    assert [count(client, path) for client, path in pages] == few
