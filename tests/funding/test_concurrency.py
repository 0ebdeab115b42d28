import datetime
import threading

import pytest
from django.db import connection

from cercle.core.errors import DomainError
from cercle.funding import services
from cercle.funding.enums import PledgeStatus
from cercle.funding.models import CostedItem
from cercle.outbox.models import Message
from tests.funding.factories import costed_item, pledger

PO_DATE = datetime.date(2026, 11, 2)


def _run_at_once(count, action):
    start = threading.Barrier(count)
    results = []

    def run(index):
        # Each thread has its own database connection, hence its own transaction.
        try:
            start.wait()
            results.append(action(index))
        except DomainError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
def test_twenty_commitments_on_the_last_missing_amount_fund_the_item_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    item = costed_item()
    first, first_referent = pledger(item)
    missing = 1_000_00
    opening = services.pledge(
        item=item,
        organisation=first,
        person=first_referent,
        amount_cents=item.cost_cents - missing,
    )
    services.transition_pledge(
        pledge=opening,
        to_status=PledgeStatus.COMMITTED,
        actor=first_referent,
        po_number="BC-0",
        po_date=PO_DATE,
    )
    late = []
    for _ in range(20):
        organisation, referent = pledger(item)
        pledge = services.pledge(
            item=item, organisation=organisation, person=referent, amount_cents=missing
        )
        late.append((pledge, referent))
    Message.objects.all().delete()

    results = _run_at_once(
        20,
        lambda index: (
            services.transition_pledge(
                pledge=late[index][0],
                to_status=PledgeStatus.COMMITTED,
                actor=late[index][1],
                po_number=f"BC-{index + 1}",
                po_date=PO_DATE,
            ).status
        ),
    )

    assert sorted(results) == ["already_funded"] * 19 + [PledgeStatus.COMMITTED]
    item = CostedItem.objects.get(pk=item.pk)
    assert item.committed_cents == item.cost_cents
    assert item.funded_at is not None
    funded_mails = Message.objects.filter(subject__contains="entièrement financée")
    assert funded_mails.count() == len(set(funded_mails.values_list("to", flat=True)))
