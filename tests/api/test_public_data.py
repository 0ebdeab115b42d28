"""Organisations and the roadmap: public lists with filters, stable order, constant queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.funding.enums import Label, RoadmapStatus
from cercle.funding.models import RoadmapItem
from cercle.organisations.enums import OrganisationKind
from tests.api.conftest import assert_error
from tests.factories import OrganisationFactory
from tests.requests.factories import TermFactory, filed


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_organisations_lists_active_members_by_name_with_filters(anonymous):
    OrganisationFactory(name="Brest", slug="brest")
    OrganisationFactory(name="Angers", slug="angers", kind=OrganisationKind.EPCI)
    OrganisationFactory(name="Ancienne", slug="ancienne", is_active=False)

    everyone = anonymous.get("/api/v1/organisations/").json()
    epci = anonymous.get("/api/v1/organisations/?kind=epci").json()
    searched = anonymous.get("/api/v1/organisations/?q=bre").json()

    assert [row["slug"] for row in everyone["results"]] == ["angers", "brest"]
    assert [row["slug"] for row in epci["results"]] == ["angers"]
    assert [row["slug"] for row in searched["results"]] == ["brest"]
    assert_error(anonymous.get("/api/v1/organisations/?kind=royaume"), 400, "invalid")


def test_organisation_detail(anonymous):
    OrganisationFactory(name="Brest", slug="brest", population=139_000)

    body = anonymous.get("/api/v1/organisations/brest/").json()

    assert (body["name"], body["population"], body["kind"]) == ("Brest", 139_000, "commune")


def test_organisations_query_count_stays_the_same_as_data_grows(anonymous):
    OrganisationFactory()
    few = _count(anonymous, "/api/v1/organisations/")
    for _ in range(5):
        OrganisationFactory()

    assert _count(anonymous, "/api/v1/organisations/") == few


def _roadmap_item(title, **fields):
    item = RoadmapItem.objects.create(
        title=title,
        label=fields.pop("label", Label.MUTUALISED),
        year=fields.pop("year", 2027),
        quarter=fields.pop("quarter", 1),
        **fields,
    )
    item.modules.add(TermFactory())
    return item


def test_roadmap_lists_items_by_quarter_with_filters(anonymous, db):
    improvement = filed()
    later = _roadmap_item("Plus tard", quarter=3, label=Label.VENDOR)
    first = _roadmap_item("D'abord", request=improvement, status=RoadmapStatus.IN_PROGRESS)

    everything = anonymous.get("/api/v1/roadmap/").json()
    vendor = anonymous.get("/api/v1/roadmap/?label=vendor").json()
    in_progress = anonymous.get("/api/v1/roadmap/?status=in_progress&year=2027").json()

    assert [row["id"] for row in everything["results"]] == [first.pk, later.pk]
    assert everything["results"][0]["request"] == improvement.reference
    assert everything["results"][1]["request"] is None
    assert [row["id"] for row in vendor["results"]] == [later.pk]
    assert [row["id"] for row in in_progress["results"]] == [first.pk]
    assert_error(anonymous.get("/api/v1/roadmap/?year=deux-mille"), 400, "invalid")


def test_roadmap_query_count_stays_the_same_as_data_grows(anonymous, db):
    _roadmap_item("Un")
    few = _count(anonymous, "/api/v1/roadmap/")
    for number in range(5):
        _roadmap_item(f"Item {number}", request=filed())

    assert _count(anonymous, "/api/v1/roadmap/") == few
