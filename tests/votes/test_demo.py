import io

from django.core.management import call_command

from cercle.votes.enums import Phase
from cercle.votes.models import Campaign


def test_demo_has_a_closed_points_campaign_with_results_and_an_open_approval_one(db):
    call_command("demo", stdout=io.StringIO())
    closed, opened = Campaign.objects.order_by("closes_at")
    assert (closed.phase(), closed.method, closed.seats) == (Phase.CLOSED, "points", 10)
    assert closed.items.filter(retained=True).count() == 10
    assert (opened.phase(), opened.method) == (Phase.OPEN, "approval")
    assert opened.ballots.exists()
