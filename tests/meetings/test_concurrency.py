"""Real concurrency on PostgreSQL: many people register at once for a workshop of N seats."""

import threading

import pytest
from django.db import connection

from cercle.meetings import services
from cercle.meetings.enums import Attendance, SeatMode, SeatStatus
from cercle.meetings.models import Registration, WorkshopSeat
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import choices, two_day_meeting, workshop

pytestmark = pytest.mark.postgres

PEOPLE, SEATS = 24, 5


def test_simultaneous_registrations_never_oversell_a_workshop(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=SEATS)
    organisation = OrganisationFactory()
    people = [agent_of(organisation) for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    errors = []

    def register(person):
        try:
            barrier.wait()
            services.register(
                meeting=meeting,
                person=person,
                choices=choices(organisation, days, workshops=[session]),
            )
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Registration.objects.count() == PEOPLE
    statuses = list(WorkshopSeat.objects.values_list("status", flat=True))
    assert statuses.count(SeatStatus.CONFIRMED) == SEATS
    assert statuses.count(SeatStatus.WAITING) == PEOPLE - SEATS


def test_simultaneous_on_site_and_remote_registrations_keep_each_mode_within_its_seats(
    transactional_db,
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=SEATS, open_to_remote=True, remote_capacity=SEATS)
    organisation = OrganisationFactory()
    people = [agent_of(organisation) for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    errors = []

    def register(index, person):
        mode = Attendance.REMOTE if index % 2 else Attendance.ON_SITE
        try:
            barrier.wait()
            services.register(
                meeting=meeting,
                person=person,
                choices=choices(
                    organisation, days, modes=[mode, Attendance.ON_SITE], workshops=[session]
                ),
            )
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=register, args=(index, person))
        for index, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seats = list(WorkshopSeat.objects.values_list("mode", "status"))
    for mode in SeatMode.values:
        assert seats.count((mode, SeatStatus.CONFIRMED)) == SEATS
        assert seats.count((mode, SeatStatus.WAITING)) == PEOPLE // 2 - SEATS
