"""Re-costing a funded item shows what it changes and waits for staff to confirm."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.funding import services
from cercle.funding.enums import PledgeStatus
from cercle.funding.models import CostedItem
from cercle.outbox.models import Message
from cercle.requests.enums import Status
from cercle.requests.models import Follow
from tests.factories import StaffFactory, UserFactory
from tests.funding.factories import costed_item, pledger

PO_DATE = datetime.date(2026, 11, 2)


def _paid_item(staff):
    """A 5,000 € item fully paid by two organisations, with five followers."""
    item = costed_item(staff=staff)
    for number, amount in (("BC-A", 2_000_00), ("BC-B", 3_000_00)):
        organisation, referent = pledger(item)
        pledge = services.pledge(
            item=item, organisation=organisation, person=referent, amount_cents=amount
        )
        for target in (PledgeStatus.COMMITTED, PledgeStatus.INVOICED, PledgeStatus.PAID):
            pledge = services.transition_pledge(
                pledge=pledge, to_status=target, actor=staff, po_number=number, po_date=PO_DATE
            )
    Follow.objects.filter(request=item.request).delete()
    for _ in range(5):
        Follow.objects.create(request=item.request, user=UserFactory())
    Message.objects.all().delete()
    return CostedItem.objects.get(pk=item.pk)


def _recost(item, staff, *, confirmed=False):
    return services.record_estimate(
        improvement=item.request,
        days=Decimal("16.67"),
        daily_rate_cents=50_000,
        assumptions="",
        actor=staff,
        confirmed=confirmed,
    )


def test_recosting_a_paid_item_without_confirmation_changes_nothing(db):
    staff = StaffFactory()
    item = _paid_item(staff)

    with pytest.raises(DomainError) as excinfo:
        _recost(item, staff)

    assert excinfo.value.code == "recost_unconfirmed"
    item.refresh_from_db()
    item.request.refresh_from_db()
    assert (item.cost_cents, item.funded_percent, item.request.status) == (
        500_000,
        100,
        Status.FUNDED,
    )
    assert item.estimates.count() == 1
    assert Message.objects.count() == 0


def test_recost_consequences_name_status_pledges_and_followers(db):
    staff = StaffFactory()
    item = _paid_item(staff)

    consequences = services.recost_consequences(item=item, amount_cents=833_500)

    assert (consequences.percent_before, consequences.percent_after) == (100, 59)
    assert (str(consequences.status_before), str(consequences.status_after)) == (
        "Financée",
        "Chiffrée",
    )
    assert sorted(p.purchase_order_number for p in consequences.pledges) == ["BC-A", "BC-B"]
    assert consequences.followers == 5


def test_confirmed_recost_keeps_pledges_and_purchase_orders(db):
    staff = StaffFactory()
    item = _paid_item(staff)
    before = list(
        item.pledges.order_by("pk").values_list(
            "status", "amount_cents", "purchase_order_number", "purchase_order_date"
        )
    )

    _recost(item, staff, confirmed=True)

    item.refresh_from_db()
    assert item.funded_at is None and item.cost_cents == 833_500
    assert (
        list(
            item.pledges.order_by("pk").values_list(
                "status", "amount_cents", "purchase_order_number", "purchase_order_date"
            )
        )
        == before
    )
    assert list(item.estimates.values_list("version", flat=True)) == [2, 1]
    assert Message.objects.count() == 5


def test_recost_page_shows_consequences_before_anything_changes(client, db):
    staff = StaffFactory()
    item = _paid_item(staff)
    client.force_login(staff)
    url = reverse("funding:estimate", args=[item.request.reference])
    data = {"days": "16.67", "daily_rate": "500", "assumptions": "Reprise des données"}

    response = client.post(url, data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Vérifiez ce que change cette nouvelle estimation" in html
    assert "100 % → 59 %" in html
    assert "Financée → Chiffrée" in html
    assert "BC-A" in html and "BC-B" in html
    assert "5 abonné·es à la demande recevront un courriel" in html
    assert 'name="confirm" value="on"' in html
    assert 'value="Reprise des données"' in html or "Reprise des données</textarea>" in html
    assert item.estimates.count() == 1 and Message.objects.count() == 0

    confirmed = client.post(url, {**data, "confirm": "on"})

    assert confirmed.status_code == 302
    item.refresh_from_db()
    assert (item.cost_cents, item.funded_percent) == (833_500, 59)


def test_recosting_without_pledges_needs_no_confirmation(db):
    staff = StaffFactory()
    item = costed_item(staff=staff)

    _recost(item, staff)

    item.refresh_from_db()
    assert item.cost_cents == 833_500
