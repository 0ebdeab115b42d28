import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.hosting.factories import candidacy, make_call

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_call_list_queries_do_not_grow(client, staff):
    client.force_login(staff)
    candidacy(make_call(edition=13))
    url = reverse("hosting:calls")
    few = count(client, url)

    for edition in range(14, 19):
        call = make_call(edition=edition)
        candidacy(call)
        candidacy(call)

    assert count(client, url) == few


def test_staff_candidacy_table_queries_do_not_grow(client, staff):
    client.force_login(staff)
    call = make_call()
    candidacy(call)
    few = count(client, call.get_absolute_url())

    for _ in range(6):
        candidacy(call)

    assert count(client, call.get_absolute_url()) == few


def test_decision_form_queries_do_not_grow(client, staff):
    client.force_login(staff)
    call = make_call(phase="closed")
    candidacy(call)
    url = reverse("hosting:decide", kwargs={"pk": call.pk})
    few = count(client, url)

    for _ in range(6):
        candidacy(call)

    assert count(client, url) == few


def test_call_page_with_a_club_vote_queries_do_not_grow(client, staff):
    from tests.hosting.factories import open_club_vote, vote_call
    from tests.votes.factories import close_now

    def call_with_a_closed_vote(names, edition):
        call, candidacies = vote_call(*names, edition=edition)
        campaign = open_club_vote(call, staff)
        close_now(campaign)
        return call

    small = call_with_a_closed_vote(["Nancy"], 13)
    large = call_with_a_closed_vote([f"Commune {n}" for n in range(7)], 14)
    assert count(client, small.get_absolute_url()) == count(client, large.get_absolute_url())
    client.force_login(staff)
    assert count(client, small.get_absolute_url()) == count(client, large.get_absolute_url())
    decide = [reverse("hosting:decide", kwargs={"pk": call.pk}) for call in (small, large)]
    assert count(client, decide[0]) == count(client, decide[1])
