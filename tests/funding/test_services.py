import datetime
from decimal import Decimal

import pytest

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.funding import services
from cercle.funding.enums import Label, PledgeStatus, SharingRule
from cercle.funding.models import CostedItem, RoadmapItem
from cercle.outbox.models import Message
from cercle.requests.enums import Status
from tests.factories import (
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    agent_of,
    referent_of,
)
from tests.funding.factories import costed_item, pledger, retained_request
from tests.requests.factories import filed

PO_DATE = datetime.date(2026, 11, 2)


def commit(pledge, actor, number="BC-1"):
    return services.transition_pledge(
        pledge=pledge,
        to_status=PledgeStatus.COMMITTED,
        actor=actor,
        po_number=number,
        po_date=PO_DATE,
    )


def test_amount_is_days_times_rate_rounded_to_the_cent():
    assert services.amount_for(Decimal("2.5"), 33_333) == 83_333


def test_staff_cost_a_retained_request(db):
    item = costed_item(days="12.5", rate=75_000)
    item.request.refresh_from_db()
    assert (item.cost_cents, item.request.status) == (937_500, Status.COSTED)
    assert set(item.participants.all()) == {o.organisation for o in item.request.endorsements.all()}


def test_recosting_keeps_previous_versions(db):
    staff = StaffFactory()
    item = costed_item(staff=staff)
    services.record_estimate(
        improvement=item.request,
        days=Decimal(20),
        daily_rate_cents=50_000,
        assumptions="",
        actor=staff,
    )
    item.refresh_from_db()
    assert list(item.estimates.values_list("version", "amount_cents")) == [
        (2, 1_000_000),
        (1, 500_000),
    ]
    assert item.cost_cents == 1_000_000


def test_only_staff_cost(db):
    improvement = retained_request()
    with pytest.raises(DomainError) as error:
        services.record_estimate(
            improvement=improvement,
            days=Decimal(1),
            daily_rate_cents=1,
            assumptions="",
            actor=improvement.author,
        )
    assert error.value.code == "forbidden"


def test_request_not_retained_cannot_be_costed(db):
    with pytest.raises(DomainError) as error:
        services.record_estimate(
            improvement=filed(),
            days=Decimal(1),
            daily_rate_cents=1,
            assumptions="",
            actor=StaffFactory(),
        )
    assert error.value.code == "not_retained"


def test_suggested_shares_add_up_to_cost(db):
    item = costed_item()
    services.set_sharing(
        item=item,
        rule=SharingRule.EQUAL,
        participants=item.participants.all(),
        actor=StaffFactory(),
    )
    shares = services.suggested_shares(item)
    assert sum(share.cents for share in shares.values()) == item.cost_cents
    assert len(shares) == 3


def test_free_pledges_have_no_suggested_share(db):
    item = costed_item()
    services.set_sharing(
        item=item, rule=SharingRule.FREE, participants=item.participants.all(), actor=StaffFactory()
    )
    assert services.suggested_shares(item) == {}


def test_pro_rata_without_population_refused_clearly(db):
    item = costed_item()
    item.participants.update(population=None)
    with pytest.raises(DomainError) as error:
        services.set_sharing(
            item=item,
            rule=SharingRule.PRO_RATA,
            participants=item.participants.all(),
            actor=StaffFactory(),
        )
    assert error.value.code == "population_missing"


def test_referent_pledges_for_own_organisation(db):
    item = costed_item()
    organisation, referent = pledger(item)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=100_000
    )
    assert (pledge.status, pledge.amount_cents) == (PledgeStatus.INTENDED, 100_000)
    assert organisation in item.participants.all()
    assert AuditEntry.objects.filter(action="funding.pledged").count() == 1


def test_agent_cannot_pledge(db):
    item = costed_item()
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as error:
        services.pledge(
            item=item, organisation=organisation, person=agent_of(organisation), amount_cents=1
        )
    assert error.value.code == "forbidden"


def test_other_organisation_referent_cannot_pledge_for_it(db):
    item = costed_item()
    with pytest.raises(DomainError) as error:
        services.pledge(
            item=item,
            organisation=OrganisationFactory(),
            person=referent_of(OrganisationFactory()),
            amount_cents=1,
        )
    assert error.value.code == "forbidden"


LEGAL = [
    ([], PledgeStatus.COMMITTED),
    ([], PledgeStatus.WITHDRAWN),
    ([PledgeStatus.COMMITTED], PledgeStatus.INVOICED),
    ([PledgeStatus.COMMITTED], PledgeStatus.WITHDRAWN),
    ([PledgeStatus.COMMITTED, PledgeStatus.INVOICED], PledgeStatus.PAID),
]
ILLEGAL = [
    ([], PledgeStatus.INVOICED),
    ([], PledgeStatus.PAID),
    ([PledgeStatus.COMMITTED], PledgeStatus.PAID),
    ([PledgeStatus.COMMITTED, PledgeStatus.INVOICED], PledgeStatus.WITHDRAWN),
    ([PledgeStatus.COMMITTED, PledgeStatus.INVOICED, PledgeStatus.PAID], PledgeStatus.WITHDRAWN),
    ([PledgeStatus.WITHDRAWN], PledgeStatus.COMMITTED),
]


def _pledge_at(path):
    staff = StaffFactory()
    item = costed_item(staff=staff)
    organisation, referent = pledger(item)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=1000
    )
    for target in path:
        pledge = services.transition_pledge(
            pledge=pledge, to_status=target, actor=staff, po_number="BC", po_date=PO_DATE
        )
    return pledge, staff


@pytest.mark.parametrize(("path", "target"), LEGAL)
def test_legal_pledge_transitions(db, path, target):
    pledge, staff = _pledge_at(path)
    moved = services.transition_pledge(
        pledge=pledge, to_status=target, actor=staff, po_number="BC-9", po_date=PO_DATE
    )
    assert moved.status == target


@pytest.mark.parametrize(("path", "target"), ILLEGAL)
def test_illegal_pledge_transitions_refused(db, path, target):
    pledge, staff = _pledge_at(path)
    with pytest.raises(DomainError) as error:
        services.transition_pledge(
            pledge=pledge, to_status=target, actor=staff, po_number="BC-9", po_date=PO_DATE
        )
    assert error.value.code == "illegal_transition"


def test_commitment_requires_purchase_order(db):
    pledge, staff = _pledge_at([])
    with pytest.raises(DomainError) as error:
        services.transition_pledge(pledge=pledge, to_status=PledgeStatus.COMMITTED, actor=staff)
    assert error.value.code == "purchase_order_required"


def test_referent_commits_but_cannot_mark_invoiced(db):
    item = costed_item()
    organisation, referent = pledger(item)
    pledge = services.pledge(item=item, organisation=organisation, person=referent, amount_cents=10)
    pledge = commit(pledge, referent)
    with pytest.raises(DomainError) as error:
        services.transition_pledge(pledge=pledge, to_status=PledgeStatus.INVOICED, actor=referent)
    assert error.value.code == "forbidden"


def test_outsider_cannot_move_a_pledge(db):
    pledge, _staff = _pledge_at([])
    with pytest.raises(DomainError) as error:
        commit(pledge, UserFactory())
    assert error.value.code == "forbidden"


def _fund(item):
    staff = StaffFactory()
    half = item.cost_cents // 2
    pledges = []
    for amount in (half, item.cost_cents - half):
        organisation, referent = pledger(item)
        pledge = services.pledge(
            item=item, organisation=organisation, person=referent, amount_cents=amount
        )
        pledges.append(commit(pledge, referent))
    return pledges, staff


def test_item_funded_when_commitments_cover_cost(db):
    item = costed_item()
    _fund(item)
    item.refresh_from_db()
    item.request.refresh_from_db()
    assert item.funded_at is not None
    assert (item.request.status, item.funded_percent) == (Status.FUNDED, 100)
    assert Message.objects.filter(subject__contains="entièrement financée").exists()


def test_intended_pledges_do_not_fund(db):
    item = costed_item()
    organisation, referent = pledger(item)
    services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=item.cost_cents
    )
    item.refresh_from_db()
    assert item.funded_at is None


def test_withdrawn_commitment_unfunds(db):
    item = costed_item()
    pledges, staff = _fund(item)
    services.transition_pledge(pledge=pledges[0], to_status=PledgeStatus.WITHDRAWN, actor=staff)
    item.refresh_from_db()
    item.request.refresh_from_db()
    assert (item.funded_at, item.request.status) == (None, Status.COSTED)


def test_funded_item_joins_the_roadmap_as_mutualised(db):
    item = costed_item()
    _fund(item)
    entry = RoadmapItem.objects.get(request=item.request)
    assert entry.label == Label.MUTUALISED


def test_recosting_above_commitments_unfunds(db):
    item = costed_item()
    _fund(item)
    services.record_estimate(
        improvement=item.request,
        days=Decimal(30),
        daily_rate_cents=50_000,
        assumptions="",
        actor=StaffFactory(),
        confirmed=True,
    )
    item = CostedItem.objects.get(pk=item.pk)
    assert item.funded_at is None
