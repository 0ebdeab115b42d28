from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.meetings import services
from cercle.meetings.enums import Attendance, SeatStatus
from cercle.meetings.models import DayChoice, WorkshopSeat
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import choices, register, two_day_meeting, workshop

pytestmark = pytest.mark.django_db

ON, REMOTE = Attendance.ON_SITE, Attendance.REMOTE


def people(n):
    organisation = OrganisationFactory()
    return [(agent_of(organisation), organisation) for _ in range(n)]


def test_full_workshop_puts_the_next_person_on_the_waiting_list():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=2)

    registrations = [
        register(meeting, person, org, days, workshops=[session]) for person, org in people(3)
    ]

    statuses = [r.workshops.get().status for r in registrations]
    assert statuses == [SeatStatus.CONFIRMED, SeatStatus.CONFIRMED, SeatStatus.WAITING]


def test_waiting_positions_follow_the_order_of_arrival():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1)
    start = timezone.now()
    registrations = [
        services.register(
            meeting=meeting,
            person=person,
            choices=services.Choices(
                organisation=org,
                days={d.pk: ON for d in days},
                workshops=[session],
                badge_name="x",
                badge_organisation="y",
                experience="newcomer",
                image_consent=True,
            ),
            now=start + timedelta(seconds=i),
        )
        for i, (person, org) in enumerate(people(4))
    ]

    positions = [services.waiting_position(r.workshops.get()) for r in registrations[1:]]

    assert positions == [1, 2, 3]


def test_freed_seat_goes_to_the_first_in_line_who_is_emailed():
    meeting, days = two_day_meeting()
    session = workshop(days[0], "Atelier socle", capacity=1)
    (holder, org), (first, _), (second, _) = people(3)
    holding = register(meeting, holder, org, days, workshops=[session])
    first_in_line = register(meeting, first, org, days, workshops=[session])
    second_in_line = register(meeting, second, org, days, workshops=[session])
    services.send_due_notices()
    Message.objects.all().delete()

    services.cancel_registration(registration=holding, actor=holder)
    services.send_due_notices()

    assert first_in_line.workshops.get().status == SeatStatus.CONFIRMED
    assert second_in_line.workshops.get().status == SeatStatus.WAITING
    assert services.waiting_position(second_in_line.workshops.get()) == 1
    message = Message.objects.get()
    assert message.to == first.email
    assert "Atelier socle" in message.body_text
    assert message.subject.startswith("Une place s’est libérée pour vous")


def test_dropping_a_workshop_on_edit_promotes_the_next_person():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1)
    (holder, org), (waiting, _) = people(2)
    register(meeting, holder, org, days, workshops=[session])
    waiting_registration = register(meeting, waiting, org, days, workshops=[session])

    register(meeting, holder, org, days, workshops=[])

    assert waiting_registration.workshops.get().status == SeatStatus.CONFIRMED


def test_raising_capacity_promotes_people_waiting():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1)
    (staff_like, org), *others = people(3)
    for person, organisation in others:
        register(meeting, person, organisation, days, workshops=[session])
    staff_like.is_staff = True
    staff_like.save()

    session.capacity = 2
    services.save_session(session=session, actor=staff_like, speakers=[])

    assert list(WorkshopSeat.objects.values_list("status", flat=True).order_by("pk")) == [
        SeatStatus.CONFIRMED,
        SeatStatus.CONFIRMED,
    ]


def test_on_site_capacity_waiting_list_and_promotion_when_someone_goes_remote():
    meeting, days = two_day_meeting(onsite_capacity=1)
    (first, org), (second, _) = people(2)
    register(meeting, first, org, days)
    second_registration = register(meeting, second, org, days)
    assert set(second_registration.days.values_list("status", flat=True)) == {SeatStatus.WAITING}

    register(meeting, first, org, days, modes=[REMOTE, ON])

    by_day = {c.day_id: c.status for c in second_registration.days.all()}
    assert by_day == {days[0].pk: SeatStatus.CONFIRMED, days[1].pk: SeatStatus.WAITING}
    assert DayChoice.objects.filter(day=days[0], status=SeatStatus.CONFIRMED).count() == 2


def test_my_registration_page_shows_waiting_position(client):
    meeting, days = two_day_meeting()
    session = workshop(days[0], "Atelier complet", capacity=1)
    (holder, org), (waiting, _) = people(2)
    register(meeting, holder, org, days, workshops=[session])
    register(meeting, waiting, org, days, workshops=[session])
    client.force_login(waiting)

    response = client.get(f"/rencontres/{meeting.slug}/mon-inscription/")

    assert "liste d’attente, position 1" in response.text


def test_people_queued_at_the_same_time_are_in_line_by_arrival_in_one_query(
    django_assert_num_queries,
):
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1)
    same_time = timezone.now()
    registrations = [
        services.register(
            meeting=meeting,
            person=person,
            choices=choices(org, days, workshops=[session]),
            now=same_time,
        )
        for person, org in people(4)
    ]
    seats = [r.workshops.get() for r in registrations[1:]]

    positions = []
    for seat in seats:
        with django_assert_num_queries(1):
            positions.append(services.waiting_position(seat))

    assert positions == [1, 2, 3]
