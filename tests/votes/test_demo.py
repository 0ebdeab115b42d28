import io
from datetime import UTC, datetime

from django.core.management import call_command
from django.utils import timezone

from cercle.funding.models import Milestone
from cercle.votes.demo import spring_dates
from cercle.votes.enums import Phase
from cercle.votes.models import Campaign


def test_demo_has_a_closed_points_campaign_with_results_and_an_open_approval_one(db):
    call_command("demo", stdout=io.StringIO())
    # The hosting demo adds the club vote on the 13th meeting's host (tests/hosting).
    closed, opened = Campaign.objects.filter(subject="requests").order_by("closes_at")
    assert (closed.phase(), closed.method, closed.seats) == (Phase.CLOSED, "points", 10)
    assert closed.items.filter(retained=True).count() == 10
    assert (opened.phase(), opened.method) == (Phase.OPEN, "approval")
    assert opened.ballots.exists()


def test_demo_spring_vote_runs_on_the_calendar_dates(db):
    call_command("demo", stdout=io.StringIO())
    closed = Campaign.objects.get(title="Vote du club — printemps")
    opens, closes = (timezone.localtime(closed.opens_at), timezone.localtime(closed.closes_at))
    assert ((opens.month, opens.day), (closes.month, closes.day)) == ((5, 4), (6, 9))
    assert opens.year == closes.year and closed.closed_at == closed.closes_at
    assert closes < timezone.now()
    assert all(opens <= b.cast_at <= closes for b in closed.ballots.all())
    milestone = Milestone.objects.filter(
        title__startswith="Campagne de vote", starts_on__year=opens.year
    ).first()
    if milestone is not None:  # the calendar covers this year: it agrees
        assert (milestone.starts_on, milestone.ends_on) == (opens.date(), closes.date())


def test_spring_dates_pick_the_last_closed_spring():
    before = datetime(2026, 3, 1, tzinfo=UTC)
    after = datetime(2026, 11, 30, tzinfo=UTC)
    assert spring_dates(before)[0].year == 2025
    assert spring_dates(after)[1].year == 2026
