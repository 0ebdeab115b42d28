"""Every endpoint in its refused cases: every write needs a write token (401 without one, 403
with a read token), every list refuses bad filters and pages, no bad input answers 500."""

import pytest

from cercle.api.models import Scope
from tests.api.conftest import assert_error, client_for
from tests.factories import OrganisationFactory, referent_of
from tests.meetings.factories import two_day_meeting
from tests.requests.factories import draft, filed
from tests.votes.factories import eligible, open_campaign

LISTS = [
    "/api/v1/organisations/",
    "/api/v1/requests/",
    "/api/v1/campaigns/",
    "/api/v1/roadmap/",
    "/api/v1/meetings/",
]


@pytest.fixture
def world(db):
    """One of each thing a write endpoint acts on."""
    city = OrganisationFactory(slug="ville")
    person = referent_of(city)
    campaign = open_campaign(requests=[eligible()])
    meeting, _days = two_day_meeting()
    return {
        "person": person,
        "writes": [
            ("post", "/api/v1/requests/", {"organisation": "ville", "title": "Une demande"}),
            ("post", f"/api/v1/requests/{draft(organisation=city).reference}/submit/", None),
            (
                "post",
                f"/api/v1/requests/{filed().reference}/endorsements/",
                {"organisation": "ville", "use_case": "Chez nous aussi."},
            ),
            ("put", f"/api/v1/campaigns/{campaign.pk}/ballots/ville/", {"lines": []}),
            ("put", f"/api/v1/meetings/{meeting.slug}/registration/", {"organisation": "ville"}),
            ("delete", f"/api/v1/meetings/{meeting.slug}/registration/", None),
        ],
    }


def test_every_write_refuses_anonymous_callers_with_401(world):
    for method, url, body in world["writes"]:
        response = getattr(client_for(None), method)(url, body)

        assert_error(response, 401, "not_authenticated")


def test_every_write_refuses_a_read_token_with_403(world):
    client = client_for(world["person"], Scope.READ)

    for method, url, body in world["writes"]:
        response = getattr(client, method)(url, body)

        error = assert_error(response, 403, "insufficient_scope")
        assert error["message"] == (
            "Ce jeton ne permet que la lecture : créez un jeton avec la portée écriture."
        )


@pytest.mark.parametrize("url", LISTS)
def test_every_list_refuses_unknown_filters_and_bad_pages(anonymous, url):
    for query in ["couleur=bleu", "page=0", "page=abc", "page_size=0", "page_size=1000"]:
        response = anonymous.get(f"{url}?{query}")

        assert_error(response, 400, "invalid")


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_paginated(anonymous, url):
    body = anonymous.get(f"{url}?page_size=1").json()

    assert set(body) == {"count", "next", "previous", "results"}


def test_huge_numbers_answer_404_or_400_never_500(world):
    client = client_for(world["person"])
    meeting_url = world["writes"][4][1]
    huge = 10**30

    assert_error(client.get(f"/api/v1/campaigns/{huge}/"), 404, "not_found")
    assert_error(client.get(f"/api/v1/campaigns/{huge}/results/"), 404, "not_found")
    assert_error(client.get(f"/api/v1/requests/?page={huge}"), 400, "invalid")
    registration = client.put(
        meeting_url,
        {
            "organisation": "ville",
            "days": {},
            "badge_name": "A",
            "badge_organisation": "B",
            "experience": "newcomer",
            "image_consent": True,
            "workshops": [huge],
        },
    )
    assert "workshops.0" in assert_error(registration, 400, "invalid")["fields"]
