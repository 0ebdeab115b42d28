"""The meeting page announces the call for contributions, and offers staff to open one."""

from datetime import timedelta

from django.utils import timezone

from tests.contributions.factories import open_call
from tests.factories import StaffFactory


def _page(client, meeting):
    return client.get(meeting.get_absolute_url()).content.decode()


def test_an_open_call_is_announced_to_everyone(client, meeting):
    open_call(meeting, deadline=timezone.now() + timedelta(days=30))
    text = _page(client, meeting)
    assert "Appel à contributions : proposez une intervention" in text
    assert f"/rencontres/{meeting.slug}/contributions/" in text


def test_a_closed_call_says_so(client, meeting):
    open_call(meeting, deadline=timezone.now() - timedelta(days=1))
    assert "Appel à contributions (clos)" in _page(client, meeting)


def test_without_a_call_staff_may_open_one(client, meeting):
    client.force_login(StaffFactory())
    assert "Ouvrir un appel à contributions" in _page(client, meeting)


def test_without_a_call_a_visitor_and_a_member_see_nothing(client, meeting, proposer):
    assert "appel à contributions" not in _page(client, meeting).lower()
    client.force_login(proposer)
    assert "appel à contributions" not in _page(client, meeting).lower()
