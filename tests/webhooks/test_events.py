"""Each domain event becomes a delivery with a stable payload, in the event's transaction."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.core import jobs
from cercle.funding.enums import Label
from cercle.funding.models import RoadmapItem
from cercle.requests import services as request_services
from cercle.requests.enums import Status
from cercle.votes import services as vote_services
from cercle.webhooks.enums import Event
from cercle.webhooks.models import Delivery
from cercle.webhooks.services import emit
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.meetings.factories import register, two_day_meeting
from tests.requests.factories import endorse_by_new_organisations, filed
from tests.votes.factories import close_now, eligible, open_campaign
from tests.webhooks.factories import endpoint_for

URL = "https://93.184.216.34/hook"


def sent(event):
    return [json.loads(d.body) for d in Delivery.objects.filter(event=event).order_by("id")]


@pytest.fixture
def staff_endpoint(db):
    return endpoint_for(StaffFactory(), URL)


def test_filing_a_request(staff_endpoint):
    improvement = filed()
    [payload] = sent(Event.REQUEST_FILED)
    assert payload["event"] == "request.filed"
    request = payload["data"]["request"]
    assert request["reference"] == improvement.reference
    assert request["title"] == improvement.title
    assert request["status"] == Status.SUBMITTED
    assert request["organisation"]["name"] == improvement.organisation.name
    assert request["submitted_at"] == improvement.submitted_at.isoformat()
    assert payload["created_at"].endswith("+00:00")


def test_status_change_by_staff(staff_endpoint):
    improvement = filed()
    request_services.change_status(
        improvement=improvement,
        actor=StaffFactory(),
        status=Status.DECLINED,
        reason="Hors périmètre <script>alert(1)</script>",
    )
    [payload] = sent(Event.REQUEST_STATUS_CHANGED)
    assert payload["data"]["from_status"] == Status.SUBMITTED
    assert payload["data"]["to_status"] == Status.DECLINED
    assert payload["data"]["reason"] == "Hors périmètre <script>alert(1)</script>"
    assert payload["data"]["request"]["status"] == Status.DECLINED


def test_filing_is_not_also_sent_as_a_status_change(staff_endpoint):
    filed()
    assert sent(Event.REQUEST_STATUS_CHANGED) == []


def test_endorsement_threshold_reached(staff_endpoint, settings):
    settings.ENDORSEMENTS_REQUIRED = 3
    improvement = filed()
    endorse_by_new_organisations(improvement, 1)
    assert sent(Event.ENDORSEMENT_THRESHOLD_REACHED) == []

    endorse_by_new_organisations(improvement, 1)

    [payload] = sent(Event.ENDORSEMENT_THRESHOLD_REACHED)
    assert payload["data"]["request"]["reference"] == improvement.reference
    assert payload["data"]["request"]["endorsement_count"] == 3
    assert payload["data"]["request"]["status"] == Status.ELIGIBLE


def test_results_published(staff_endpoint):
    requests = [eligible(title=f"Demande {n}") for n in range(2)]
    campaign = open_campaign(requests=requests, seats=1)
    close_now(campaign)

    [payload] = sent(Event.RESULTS_PUBLISHED)
    data = payload["data"]["campaign"]
    assert data["id"] == campaign.pk
    assert data["title"] == campaign.title
    assert data["url"] == f"https://cercle.example.test/votes/{campaign.pk}/"
    assert data["closed_at"] == campaign.closed_at.isoformat()


def test_roadmap_item_created_and_changed(staff_endpoint):
    entry = RoadmapItem.objects.create(title="Export", label=Label.VENDOR, year=2027, quarter=2)
    entry.status = "in_progress"
    entry.save()

    created, updated = sent(Event.ROADMAP_ITEM_CHANGED)
    assert created["data"]["item"]["action"] == "created"
    assert updated["data"]["item"]["action"] == "updated"
    assert updated["data"]["item"]["title"] == "Export"
    assert updated["data"]["item"]["url"] == "https://cercle.example.test/feuille-de-route/"


def test_registration_confirmed_reaches_the_organisation(db):
    organisation = OrganisationFactory()
    endpoint = endpoint_for(referent_of(organisation), URL, organisation=organisation)
    other = OrganisationFactory()
    endpoint_for(referent_of(other), URL, organisation=other)
    meeting, days = two_day_meeting()

    registration = register(meeting, agent_of(organisation), organisation, days)

    [delivery] = Delivery.objects.filter(event=Event.REGISTRATION_CONFIRMED)
    assert delivery.endpoint == endpoint
    data = json.loads(delivery.body)["data"]["registration"]
    assert data["id"] == registration.pk
    assert data["updated"] is False
    assert data["meeting"]["title"] == meeting.title
    assert data["organisation"]["id"] == organisation.pk


def test_no_endpoint_costs_one_query_per_event(db):
    improvement = filed()
    with CaptureQueriesContext(connection) as queries:
        emit(Event.REQUEST_FILED, {"request": {"reference": improvement.reference}})
    assert len(queries) == 1


def test_results_wait_for_a_tie_to_be_settled(staff_endpoint):
    from tests.votes.test_closing import schulze_a_b_x

    campaign, *_ = schulze_a_b_x(seats=1)
    close_now(campaign)
    assert sent(Event.RESULTS_PUBLISHED) == []

    winners = vote_services.settle_tie(campaign=campaign, actor=StaffFactory(), seed="graine")

    [payload] = sent(Event.RESULTS_PUBLISHED)
    assert [item["reference"] for item in payload["data"]["campaign"]["retained"]] == winners


def test_updated_registration_says_so(db):
    organisation = OrganisationFactory()
    endpoint_for(referent_of(organisation), URL, organisation=organisation)
    meeting, days = two_day_meeting()
    person = agent_of(organisation)
    register(meeting, person, organisation, days)
    register(meeting, person, organisation, days, badge_name="Camille M.")

    first, second = sent(Event.REGISTRATION_CONFIRMED)
    assert first["data"]["registration"]["updated"] is False
    assert second["data"]["registration"]["updated"] is True
    assert second["data"]["registration"]["badge_name"] == "Camille M."


def test_workers_and_jobs_are_registered():
    names = {job.name for job in jobs.registered()}
    assert {"webhooks.deliver_due", "tracker.sync_due"} <= names
