"""Requests through the API: read with endorsement counts, file, submit and endorse through the
same services (and rules) as the pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.api.models import Scope
from cercle.organisations.enums import OrganisationKind
from cercle.requests.enums import Status
from cercle.requests.models import Endorsement, ImprovementRequest
from tests.api.conftest import assert_error, client_for
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.requests.factories import COMPLETE, TermFactory, draft, filed

# Reading ----------------------------------------------------------------------------------


def test_list_shows_filed_requests_with_their_endorsement_counts(anonymous):
    improvement = filed(title="Paiement en ligne des cantines")
    draft(title="Brouillon caché")

    response = anonymous.get("/api/v1/requests/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["reference"], row["endorsement_count"]) == (improvement.reference, 1)
    assert row["organisation"]["slug"] == improvement.organisation.slug


def test_list_filters_by_status_organisation_module_and_words(anonymous):
    module = TermFactory(slug="portail")
    city = OrganisationFactory(slug="ville")
    wanted = filed(organisation=city, title="Paiement des cantines")
    wanted.modules.add(module)
    filed(title="Agenda partagé")

    def refs(query):
        response = anonymous.get(f"/api/v1/requests/?{query}")
        assert response.status_code == 200, response.content
        return [row["reference"] for row in response.json()["results"]]

    assert refs("organisation=ville") == [wanted.reference]
    assert refs("module=portail") == [wanted.reference]
    assert refs("q=cantines") == [wanted.reference]
    assert refs("status=submitted&organisation=ville") == [wanted.reference]
    assert refs("status=eligible") == []
    assert refs("organisation=inconnue") == []
    assert refs("module=inconnu") == []


def test_list_order_is_stable_across_pages(anonymous):
    made = [filed(title=f"Demande {n}").reference for n in range(5)]

    first = anonymous.get("/api/v1/requests/?page_size=2").json()
    second = anonymous.get(first["next"]).json()
    third = anonymous.get(second["next"]).json()

    seen = [row["reference"] for page in (first, second, third) for row in page["results"]]
    assert seen == list(reversed(made))
    assert third["next"] is None


def test_list_query_count_stays_the_same_as_data_grows(anonymous):
    filed().modules.add(TermFactory())

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.get("/api/v1/requests/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(6):
        filed().modules.add(TermFactory(), TermFactory())
    assert count() == few


def test_detail_shows_texts_and_endorsements_apart_from_the_vendor(anonymous):
    improvement = filed()
    vendor = OrganisationFactory(kind=OrganisationKind.VENDOR)
    Endorsement.objects.create(
        request=improvement, organisation=vendor, use_case="Nous aussi.", endorsed_by=None
    )

    body = anonymous.get(f"/api/v1/requests/{improvement.reference}/").json()

    assert body["problem"] == COMPLETE["problem"]
    counted = {row["organisation"]["slug"]: row["counted"] for row in body["endorsements"]}
    assert counted == {improvement.organisation.slug: True, vendor.slug: False}


def test_draft_is_hidden_from_others_and_shown_to_its_organisation(db):
    improvement = draft()
    url = f"/api/v1/requests/{improvement.reference}/"

    assert_error(client_for(None).get(url), 404, "not_found")
    assert_error(client_for(UserFactory()).get(url), 404, "not_found")
    assert client_for(agent_of(improvement.organisation), Scope.READ).get(url).status_code == 200
    assert client_for(StaffFactory(), Scope.READ).get(url).status_code == 200


# Filing -----------------------------------------------------------------------------------


def test_member_files_and_submits_a_request(agent, organisation):
    TermFactory(slug="portail")
    payload = {**COMPLETE, "organisation": organisation.slug, "modules": ["portail"]}

    response = client_for(agent).post("/api/v1/requests/", {**payload, "submit": True})

    assert response.status_code == 201, response.content
    improvement = ImprovementRequest.objects.get()
    assert response.json()["reference"] == improvement.reference
    assert (improvement.status, improvement.author, improvement.endorsement_count) == (
        Status.SUBMITTED,
        agent,
        1,
    )
    assert [m.slug for m in improvement.modules.all()] == ["portail"]


def test_member_keeps_a_draft_when_not_submitting(agent, organisation):
    response = client_for(agent).post(
        "/api/v1/requests/", {"organisation": organisation.slug, "title": "À compléter"}
    )

    assert response.status_code == 201
    assert ImprovementRequest.objects.get().status == Status.DRAFT


def test_incomplete_submission_is_refused_and_leaves_nothing_behind(agent, organisation):
    response = client_for(agent).post(
        "/api/v1/requests/",
        {"organisation": organisation.slug, "title": "À compléter", "submit": True},
    )

    error = assert_error(response, 400, "incomplete")
    assert set(error["fields"]) == {
        "problem",
        "affected",
        "frequency",
        "current_cost",
        "expected_benefit",
    }
    assert ImprovementRequest.objects.count() == 0


def test_filing_for_another_organisation_is_refused_with_403(agent):
    other = OrganisationFactory()

    response = client_for(agent).post("/api/v1/requests/", {**COMPLETE, "organisation": other.slug})

    assert_error(response, 403, "not_member")
    assert ImprovementRequest.objects.count() == 0


def test_filing_with_unknown_organisation_or_module_is_refused_with_400(agent, organisation):
    client = client_for(agent)

    unknown_org = client.post("/api/v1/requests/", {**COMPLETE, "organisation": "nulle-part"})
    unknown_module = client.post(
        "/api/v1/requests/",
        {**COMPLETE, "organisation": organisation.slug, "modules": ["inexistant"]},
    )

    assert assert_error(unknown_org, 400, "invalid")["fields"] == {
        "organisation": ["Organisation inconnue."]
    }
    assert "modules" in assert_error(unknown_module, 400, "invalid")["fields"]


def test_submit_endpoint_submits_ones_draft_and_refuses_others(agent, organisation):
    improvement = draft(organisation=organisation, author=agent)
    url = f"/api/v1/requests/{improvement.reference}/submit/"

    stranger = client_for(UserFactory()).post(url)
    read_only = client_for(agent, Scope.READ).post(url)
    done = client_for(agent).post(url)
    again = client_for(agent).post(url)

    assert_error(stranger, 404, "not_found")
    assert_error(read_only, 403, "insufficient_scope")
    assert done.status_code == 200
    assert done.json()["status"] == Status.SUBMITTED
    # Once filed, its author may no longer edit it: the page refuses the same way.
    assert_error(again, 403, "forbidden")


# Endorsing --------------------------------------------------------------------------------


def test_referent_endorses_for_their_organisation(db):
    improvement = filed()
    city = OrganisationFactory()
    referent = referent_of(city)

    response = client_for(referent).post(
        f"/api/v1/requests/{improvement.reference}/endorsements/",
        {"organisation": city.slug, "use_case": "Chez nous aussi, chaque semaine."},
    )

    assert response.status_code == 201, response.content
    assert response.json()["organisation"]["slug"] == city.slug
    improvement.refresh_from_db()
    assert improvement.endorsement_count == 2


def test_endorsing_is_refused_to_an_agent_a_twice_and_without_use_case(db):
    improvement = filed()
    city = OrganisationFactory()
    url = f"/api/v1/requests/{improvement.reference}/endorsements/"
    body = {"organisation": city.slug, "use_case": "Chez nous aussi."}

    agent = client_for(agent_of(city)).post(url, body)
    other_referent = client_for(referent_of(OrganisationFactory())).post(url, body)
    referent = client_for(referent_of(city))
    empty = referent.post(url, {**body, "use_case": "  "})
    first = referent.post(url, body)
    twice = referent.post(url, body)
    anonymous = client_for(None).post(url, body)

    assert_error(agent, 403, "forbidden")
    assert_error(other_referent, 403, "forbidden")
    assert assert_error(empty, 400, "use_case_required")["fields"] == {
        "use_case": ["Décrivez le cas d’usage de votre organisation."]
    }
    assert first.status_code == 201
    assert_error(twice, 409, "already_endorsed")
    assert_error(anonymous, 401, "not_authenticated")
    assert Endorsement.objects.filter(request=improvement).count() == 2
