from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.organisations.enums import OrganisationKind
from cercle.requests.enums import Status
from cercle.requests.models import StatusChange
from cercle.votes import services
from cercle.votes.enums import Phase, VotingMethod
from cercle.votes.models import Ballot, BallotVersion, Campaign, CampaignItem
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.votes.factories import (
    close_now,
    eligible,
    open_campaign,
    open_now,
    upcoming_campaign,
)


@pytest.fixture
def three(db):
    return [eligible(), eligible(), eligible()]


def voter():
    organisation = OrganisationFactory()
    return organisation, referent_of(organisation)


def cast(campaign, lines, organisation=None, person=None):
    if organisation is None:
        organisation, person = voter()
    return services.cast_ballot(
        campaign=campaign, organisation=organisation, person=person, lines=lines
    )


# Setting up a campaign


def test_create_campaign_refused_for_non_staff(db):
    organisation, person = voter()
    with pytest.raises(DomainError) as error:
        upcoming_campaign(staff=person)
    assert error.value.code == "forbidden"


def test_create_campaign_needs_the_method_parameters(db):
    with pytest.raises(DomainError) as error:
        upcoming_campaign(method=VotingMethod.POINTS, total_points=None)
    assert (error.value.code, error.value.fields) == ("params_required", ["total_points"])


def test_placing_a_request_puts_it_on_ballot_with_history(three):
    campaign = upcoming_campaign(requests=three[:1])
    improvement = three[0]
    improvement.refresh_from_db()
    change = StatusChange.objects.filter(request=improvement).last()
    assert improvement.status == Status.ON_BALLOT
    assert (change.from_status, change.to_status, change.actor) == (
        Status.ELIGIBLE,
        Status.ON_BALLOT,
        None,
    )
    assert campaign.title in change.reason


def test_only_eligible_requests_go_on_a_ballot(three):
    upcoming_campaign(requests=three[:1])  # already on this ballot
    other = upcoming_campaign()
    with pytest.raises(DomainError) as error:
        services.add_request(campaign=other, improvement=three[0], actor=StaffFactory())
    assert error.value.code == "not_eligible"


def test_taking_a_request_off_makes_it_eligible_again(three):
    staff = StaffFactory()
    campaign = upcoming_campaign(requests=three[:1], staff=staff)
    services.remove_request(campaign=campaign, improvement=three[0], actor=staff)
    three[0].refresh_from_db()
    assert three[0].status == Status.ELIGIBLE
    assert not CampaignItem.objects.filter(campaign=campaign).exists()


def test_ballot_composition_frozen_once_open(three):
    staff = StaffFactory()
    campaign = open_campaign(requests=three[:1], staff=staff)
    with pytest.raises(DomainError) as error:
        services.add_request(campaign=campaign, improvement=three[1], actor=staff)
    assert error.value.code == "ballot_frozen"


def test_method_changes_before_first_ballot(three):
    staff = StaffFactory()
    campaign = open_campaign(requests=three, staff=staff)
    services.update_campaign(campaign=campaign, actor=staff, data={"method": VotingMethod.SCHULZE})
    campaign.refresh_from_db()
    assert (campaign.method, campaign.max_choices) == (VotingMethod.SCHULZE, None)


def test_method_and_parameters_locked_after_first_ballot(three):
    staff = StaffFactory()
    campaign = open_campaign(requests=three, staff=staff)
    cast(campaign, [three[0].reference])
    with pytest.raises(DomainError) as error:
        services.update_campaign(
            campaign=campaign, actor=staff, data={"max_choices": 3, "title": "Autre titre"}
        )
    campaign.refresh_from_db()
    assert (error.value.code, error.value.fields) == ("locked", ["max_choices"])
    assert (campaign.max_choices, campaign.title) == (2, "Vote de printemps")


def test_seats_locked_once_open(three):
    staff = StaffFactory()
    campaign = open_campaign(requests=three, staff=staff)
    with pytest.raises(DomainError) as error:
        services.update_campaign(campaign=campaign, actor=staff, data={"seats": 5})
    assert error.value.fields == ["seats"]


# Casting


def test_cast_ballot_records_lines_version_receipt_and_audit(three):
    campaign = open_campaign(requests=three)
    organisation, person = voter()
    ballot = cast(campaign, [three[0].reference, three[1].reference], organisation, person)
    version = BallotVersion.objects.get(ballot=ballot)
    assert sorted(ballot.lines.values_list("item__request__reference", "value")) == [
        (three[0].reference, 1),
        (three[1].reference, 1),
    ]
    assert (version.number, version.cast_by, version.receipt) == (1, person, ballot.receipt)
    entry = AuditEntry.objects.get(action="vote.ballot_cast")
    assert (entry.actor, entry.details) == (
        person,
        {"organisation": organisation.slug, "version": 1},
    )


def test_changing_the_ballot_keeps_every_version(three):
    campaign = open_campaign(requests=three)
    organisation, first = voter()
    second = referent_of(organisation)
    old = cast(campaign, [three[0].reference], organisation, first).receipt
    ballot = cast(campaign, [three[2].reference], organisation, second)
    versions = list(BallotVersion.objects.filter(ballot=ballot).order_by("number"))
    assert Ballot.objects.filter(campaign=campaign).count() == 1
    assert [(v.number, v.cast_by, v.lines) for v in versions] == [
        (1, first, {three[0].reference: 1}),
        (2, second, {three[2].reference: 1}),
    ]
    assert ballot.receipt == versions[1].receipt != old
    assert list(ballot.lines.values_list("item__request__reference", flat=True)) == [
        three[2].reference
    ]


def test_receipt_codes_are_random_and_grouped():
    codes = {services.new_receipt() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 23 and code.count("-") == 3 for code in codes)


@pytest.mark.parametrize(
    ("method", "lines", "code"),
    [
        (VotingMethod.APPROVAL, ["D-1999-0001"], "unknown_request"),
        (VotingMethod.APPROVAL, [], "empty_ballot"),
        (VotingMethod.APPROVAL, [0, 1, 2], "too_many_choices"),
        (VotingMethod.APPROVAL, [0, 0], "duplicate_request"),
        (VotingMethod.POINTS, {0: -1}, "invalid_points"),
        (VotingMethod.POINTS, {0: 7}, "too_many_points_on_one"),
        (VotingMethod.POINTS, {0: 6, 1: 5}, "too_many_points"),
        (VotingMethod.POINTS, {0: 0}, "empty_ballot"),
        (VotingMethod.SCHULZE, {0: 0}, "invalid_rank"),
        (VotingMethod.SCHULZE, {}, "empty_ballot"),
    ],
)
def test_ballot_breaking_a_rule_is_refused_with_its_message(three, method, lines, code):
    campaign = open_campaign(requests=three, method=method)

    def ref(key):
        return key if isinstance(key, str) else three[key].reference

    if isinstance(lines, dict):
        lines = {ref(key): value for key, value in lines.items()}
    else:
        lines = [ref(key) for key in lines]
    with pytest.raises(DomainError) as error:
        cast(campaign, lines)
    assert error.value.code == code
    assert error.value.message
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("who", ["agent", "other_referent", "staff", "vendor_referent"])
def test_only_referents_of_the_organisation_cast_its_ballot(three, who):
    campaign = open_campaign(requests=three)
    organisation = OrganisationFactory()
    vendor = OrganisationFactory(kind=OrganisationKind.VENDOR)
    person = {
        "agent": lambda: agent_of(organisation),
        "other_referent": lambda: referent_of(OrganisationFactory()),
        "staff": StaffFactory,
        "vendor_referent": lambda: referent_of(vendor),
    }[who]()
    target = vendor if who == "vendor_referent" else organisation
    with pytest.raises(DomainError) as error:
        cast(campaign, [three[0].reference], target, person)
    assert error.value.code == "not_referent"


def test_inactive_organisation_does_not_vote(three):
    campaign = open_campaign(requests=three)
    organisation, person = voter()
    organisation.is_active = False
    organisation.save()
    with pytest.raises(DomainError):
        cast(campaign, [three[0].reference], organisation, person)


def test_no_ballot_before_opening_or_after_closing_time(three):
    campaign = upcoming_campaign(requests=three)
    with pytest.raises(DomainError) as before:
        cast(campaign, [three[0].reference])
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(DomainError) as after:
        cast(campaign, [three[0].reference])
    assert (before.value.code, after.value.code) == ("not_open", "not_open")


# Closing and counting


def test_campaign_does_not_close_before_its_time(three):
    campaign = open_campaign(requests=three)
    assert services.close_due_campaigns() == 0
    campaign.refresh_from_db()
    assert campaign.phase() is Phase.OPEN


def test_campaign_closes_on_time_and_freezes_results(three):
    campaign = open_campaign(requests=three, seats=1)
    a, b, c = (r.reference for r in three)
    cast(campaign, [a, b])
    cast(campaign, [a])
    cast(campaign, [b, a])
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now())
    closed = services.close_due_campaigns()
    again = services.close_due_campaigns()
    campaign.refresh_from_db()
    items = campaign.items.order_by("position")
    assert (closed, again) == (1, 0)
    assert campaign.phase() is Phase.CLOSED
    assert [
        (i.request.reference, i.position, i.score, i.supporters, i.retained) for i in items
    ] == [(a, 1, 3, 3, True), (b, 2, 2, 2, False), (c, 3, 0, 0, False)]
    assert campaign.voted_count == 3


def test_closing_moves_retained_to_retained_and_others_back_to_eligible(three):
    campaign = open_campaign(requests=three, seats=1)
    cast(campaign, [three[1].reference])
    close_now(campaign)
    for improvement in three:
        improvement.refresh_from_db()
    assert [r.status for r in three] == [Status.ELIGIBLE, Status.RETAINED, Status.ELIGIBLE]
    assert AuditEntry.objects.get(action="vote.campaign_closed").details["retained"] == [
        three[1].reference
    ]


def test_closed_campaign_refuses_ballots_and_keeps_frozen_participation(three):
    campaign = open_campaign(requests=three)
    cast(campaign, [three[0].reference])
    close_now(campaign)
    OrganisationFactory.create_batch(3)
    with pytest.raises(DomainError):
        cast(campaign, [three[1].reference])
    assert services.participation(campaign) == (1, campaign.electorate_count)


def test_participation_counts_active_members_not_the_vendor(three):
    campaign = open_campaign(requests=three)
    before = services.participation(campaign)
    OrganisationFactory(kind=OrganisationKind.VENDOR)
    OrganisationFactory(is_active=False)
    cast(campaign, [three[0].reference])
    assert services.participation(campaign) == (1, before[1] + 1)


def test_weights_multiply_an_organisations_ballot(three):
    staff = StaffFactory()
    campaign = upcoming_campaign(requests=three, staff=staff, seats=1)
    heavy, heavy_referent = voter()
    services.set_weight(campaign=campaign, organisation=heavy, weight=3, actor=staff)
    open_now(campaign)
    cast(campaign, [three[0].reference], heavy, heavy_referent)
    cast(campaign, [three[1].reference])
    cast(campaign, [three[1].reference])
    result, _support = services.count_campaign(campaign)
    assert [(i.request, i.score) for i in result.ranking[:2]] == [
        (three[0].reference, 3),
        (three[1].reference, 2),
    ]


def test_weights_locked_after_first_ballot(three):
    staff = StaffFactory()
    campaign = open_campaign(requests=three, staff=staff)
    cast(campaign, [three[0].reference])
    organisation, _person = voter()
    with pytest.raises(DomainError) as error:
        services.set_weight(campaign=campaign, organisation=organisation, weight=2, actor=staff)
    assert error.value.code == "weights_locked"
