"""Closing at once, and the tie at the cutoff settled by a recorded decision."""

import pytest

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.requests.enums import Status
from cercle.votes import services
from cercle.votes.enums import Phase, VotingMethod
from cercle.votes.models import Campaign
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.votes.factories import close_now, eligible, open_campaign, upcoming_campaign


def cast(campaign, lines):
    organisation = OrganisationFactory()
    return services.cast_ballot(
        campaign=campaign, organisation=organisation, person=referent_of(organisation), lines=lines
    )


def schulze_a_b_x(*, seats, **fields):
    """Ballots A>B>X and X>A>B: A beats B, X is beaten by nobody, A and X are unbeaten."""
    a, b, x = eligible(), eligible(), eligible()
    campaign = open_campaign(requests=[a, b, x], method=VotingMethod.SCHULZE, seats=seats, **fields)
    cast(campaign, {a.reference: 1, b.reference: 2, x.reference: 3})
    cast(campaign, {x.reference: 1, a.reference: 2, b.reference: 3})
    return campaign, a, b, x


def status(improvement):
    improvement.refresh_from_db()
    return improvement.status


# Close now


def test_staff_close_now_freezes_results_at_once_and_is_audited(db):
    campaign, a, b, x = schulze_a_b_x(seats=2)
    staff = StaffFactory()

    services.close_now(campaign=campaign, actor=staff)

    campaign.refresh_from_db()
    assert campaign.phase() is Phase.CLOSED
    assert services.results_published(campaign)
    assert set(
        campaign.items.filter(retained=True).values_list("request__reference", flat=True)
    ) == {
        a.reference,
        x.reference,
    }
    entry = AuditEntry.objects.get(action="vote.campaign_closed_now")
    assert entry.actor == staff
    assert AuditEntry.objects.filter(action="vote.campaign_closed", actor=staff).exists()


def test_close_now_refused_to_a_referent(db):
    campaign = open_campaign(requests=[eligible()])
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as excinfo:
        services.close_now(campaign=campaign, actor=referent_of(organisation))
    assert excinfo.value.code == "forbidden"
    campaign.refresh_from_db()
    assert campaign.closed_at is None


def test_close_now_refused_before_opening_and_after_closing(db):
    staff = StaffFactory()
    with pytest.raises(DomainError) as excinfo:
        services.close_now(campaign=upcoming_campaign(), actor=staff)
    assert excinfo.value.code == "not_started"
    closed = close_now(open_campaign())
    with pytest.raises(DomainError) as excinfo:
        services.close_now(campaign=closed, actor=staff)
    assert excinfo.value.code == "already_closed"


# Schulze seats and the tie at the cutoff


def test_schulze_seats_go_to_unbeaten_requests(db):
    campaign, a, b, x = schulze_a_b_x(seats=2)
    close_now(campaign)
    assert (status(a), status(x), status(b)) == (Status.RETAINED, Status.RETAINED, Status.ELIGIBLE)
    assert not campaign.tie_pending


def test_tie_at_the_cutoff_holds_publication_and_the_tied_requests(db):
    campaign, a, b, x = schulze_a_b_x(seats=1)
    close_now(campaign)
    assert campaign.tie_pending and campaign.tied_seats == 1
    assert not services.results_published(campaign)
    assert not services.ballots_published(campaign)
    assert not services.results_visible(campaign)
    assert services.results_visible(campaign, StaffFactory())
    assert (status(a), status(x), status(b)) == (
        Status.ON_BALLOT,
        Status.ON_BALLOT,
        Status.ELIGIBLE,
    )


def test_draw_with_the_published_seed_settles_the_tie_and_publishes(db):
    campaign, a, b, x = schulze_a_b_x(seats=1)
    close_now(campaign)
    staff = StaffFactory()

    winners = services.settle_tie(campaign=campaign, actor=staff, seed="plénière 2026-06-12")

    assert winners == services.draw_tie(
        [a.reference, x.reference], seed="plénière 2026-06-12", seats=1
    )
    campaign.refresh_from_db()
    assert services.results_published(campaign) and campaign.tie_seed == "plénière 2026-06-12"
    (winner,) = winners
    loser = x if winner == a.reference else a
    assert status(loser) == Status.ELIGIBLE
    assert campaign.items.get(request__reference=winner).retained
    entry = AuditEntry.objects.get(action="vote.tie_settled")
    assert (entry.actor, entry.details["seed"], entry.details["retained"]) == (
        staff,
        "plénière 2026-06-12",
        winners,
    )


def test_draw_is_reproducible_from_the_seed():
    tied = ["D-2026-0003", "D-2026-0001", "D-2026-0002"]
    assert services.draw_tie(tied, seed="s", seats=2) == services.draw_tie(
        list(reversed(tied)), seed="s", seats=2
    )


def test_draw_needs_a_seed(db):
    campaign, *_ = schulze_a_b_x(seats=1)
    close_now(campaign)
    with pytest.raises(DomainError) as excinfo:
        services.settle_tie(campaign=campaign, actor=StaffFactory(), seed="  ")
    assert excinfo.value.code == "seed_required"


def test_committee_choice_needs_the_right_count_and_a_reason(db):
    campaign, a, b, x = schulze_a_b_x(seats=1, tie_rule="committee")
    close_now(campaign)
    staff = StaffFactory()
    with pytest.raises(DomainError) as excinfo:
        services.settle_tie(campaign=campaign, actor=staff, chosen=[b.reference], reason="r")
    assert excinfo.value.code == "wrong_choice"
    with pytest.raises(DomainError) as excinfo:
        services.settle_tie(campaign=campaign, actor=staff, chosen=[x.reference], reason=" ")
    assert excinfo.value.code == "reason_required"

    services.settle_tie(
        campaign=campaign, actor=staff, chosen=[x.reference], reason="Déjà cofinancée."
    )

    campaign.refresh_from_db()
    assert (status(x), status(a)) == (Status.RETAINED, Status.ELIGIBLE)
    assert campaign.tie_reason == "Déjà cofinancée."


def test_settling_refused_to_non_staff_and_without_a_tie(db):
    campaign, *_ = schulze_a_b_x(seats=1)
    close_now(campaign)
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as excinfo:
        services.settle_tie(campaign=campaign, actor=referent_of(organisation), seed="s")
    assert excinfo.value.code == "forbidden"
    no_tie, *_ = schulze_a_b_x(seats=2)
    close_now(no_tie)
    with pytest.raises(DomainError) as excinfo:
        services.settle_tie(campaign=no_tie, actor=StaffFactory(), seed="s")
    assert excinfo.value.code == "no_tie"


def test_tie_rule_is_announced_and_locked_at_opening(db):
    campaign = open_campaign(requests=[eligible()])
    with pytest.raises(DomainError) as excinfo:
        services.update_campaign(
            campaign=campaign, actor=StaffFactory(), data={"tie_rule": "committee"}
        )
    assert (excinfo.value.code, excinfo.value.fields) == ("locked", ["tie_rule"])
    assert Campaign.objects.get(pk=campaign.pk).tie_rule == "draw"
