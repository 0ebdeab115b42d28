"""Real concurrency on PostgreSQL: twenty desks scan the same badge at the same moment."""

import threading

import pytest
from django.db import connection

from cercle.core.errors import DomainError
from cercle.onsite import services
from cercle.onsite.models import CheckIn
from tests.meetings.factories import at

pytestmark = pytest.mark.postgres

DESKS = 20


def test_twenty_desks_scanning_one_badge_check_in_once(transactional_db, people, clock):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    clock.set(at(people.days[0], 9))
    barrier = threading.Barrier(DESKS)
    codes, unexpected = [], []

    def scan():
        try:
            barrier.wait()
            services.check_in(
                day=people.days[0], actor=people.staff, registration=people.registration
            )
            codes.append("ok")
        except DomainError as error:
            codes.append(error.code)
        except Exception as exc:  # noqa: BLE001 - any other failure is what this test looks for
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(DESKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert unexpected == []
    assert sorted(codes) == ["already_checked_in"] * (DESKS - 1) + ["ok"]
    assert CheckIn.objects.filter(registration=people.registration).count() == 1
