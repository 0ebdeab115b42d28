"""Workshop seats belong to people on site that day; remote participants have their own seats."""

import pytest

from cercle.core.errors import DomainError
from cercle.meetings import services
from cercle.meetings.enums import Attendance, SeatMode, SeatStatus
from cercle.meetings.models import WorkshopSeat
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import form_data, register, two_day_meeting, workshop

pytestmark = pytest.mark.django_db

ON, REMOTE = Attendance.ON_SITE, Attendance.REMOTE


def people(n):
    organisation = OrganisationFactory()
    return [(agent_of(organisation), organisation) for _ in range(n)]


def test_remote_attendee_cannot_take_a_seat_of_an_on_site_only_workshop():
    meeting, days = two_day_meeting()
    session = workshop(days[0], "Atelier en salle", capacity=1)
    (person, org), *_ = people(1)

    with pytest.raises(DomainError) as error:
        register(meeting, person, org, days, modes=[REMOTE, ON], workshops=[session])

    assert error.value.code == "workshop_on_site_only"
    assert WorkshopSeat.objects.count() == 0


def test_remote_attendee_is_told_on_the_form_and_keeps_their_input(client):
    meeting, days = two_day_meeting()
    session = workshop(days[0], "Atelier en salle", capacity=1)
    (person, org), *_ = people(1)
    client.force_login(person)

    response = client.post(
        f"/rencontres/{meeting.slug}/inscription/",
        form_data(org, days, modes=[REMOTE, ON], workshops=[session], badge_name="Tapé"),
    )

    assert response.status_code == 200
    assert "L’atelier « Atelier en salle » a lieu sur place uniquement" in response.text
    assert 'value="Tapé"' in response.text


def test_remote_attendee_takes_a_remote_seat_and_leaves_the_on_site_seat_free():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1, open_to_remote=True, remote_capacity=1)
    (remote, org), (on_site, _), (late_remote, _) = people(3)

    remote_seat = register(meeting, remote, org, days, modes=[REMOTE, ON], workshops=[session])
    on_site_seat = register(meeting, on_site, org, days, workshops=[session])
    waiting = register(meeting, late_remote, org, days, modes=[REMOTE, ON], workshops=[session])

    assert [
        (r.workshops.get().mode, r.workshops.get().status)
        for r in (remote_seat, on_site_seat, waiting)
    ] == [
        (SeatMode.REMOTE, SeatStatus.CONFIRMED),
        (SeatMode.ON_SITE, SeatStatus.CONFIRMED),
        (SeatMode.REMOTE, SeatStatus.WAITING),
    ]
    assert services.waiting_position(waiting.workshops.get()) == 1


def test_remote_seats_without_a_limit_are_always_confirmed():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1, open_to_remote=True)

    registrations = [
        register(meeting, person, org, days, modes=[REMOTE, ON], workshops=[session])
        for person, org in people(3)
    ]

    assert {r.workshops.get().status for r in registrations} == {SeatStatus.CONFIRMED}


def test_waiting_lists_are_per_mode_a_freed_on_site_seat_goes_to_on_site_people():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1, open_to_remote=True, remote_capacity=1)
    (holder, org), (remote, _), (remote_waiting, _), (on_site_waiting, _) = people(4)
    holding = register(meeting, holder, org, days, workshops=[session])
    register(meeting, remote, org, days, modes=[REMOTE, ON], workshops=[session])
    remote_line = register(
        meeting, remote_waiting, org, days, modes=[REMOTE, ON], workshops=[session]
    )
    on_site_line = register(meeting, on_site_waiting, org, days, workshops=[session])

    services.cancel_registration(registration=holding, actor=holder)

    assert on_site_line.workshops.get().status == SeatStatus.CONFIRMED
    assert remote_line.workshops.get().status == SeatStatus.WAITING


def test_switching_a_day_to_remote_gives_up_the_on_site_seat_to_the_next_in_line():
    meeting, days = two_day_meeting()
    session = workshop(days[0], "Atelier socle", capacity=1, open_to_remote=True)
    (holder, org), (waiting, _) = people(2)
    registration = register(meeting, holder, org, days, workshops=[session])
    in_line = register(meeting, waiting, org, days, workshops=[session])
    Message.objects.all().delete()

    register(meeting, holder, org, days, modes=[REMOTE, ON], workshops=[session])
    services.send_due_notices()

    seat = registration.workshops.get()
    assert (seat.mode, seat.status) == (SeatMode.REMOTE, SeatStatus.CONFIRMED)
    assert in_line.workshops.get().status == SeatStatus.CONFIRMED
    assert Message.objects.filter(to=waiting.email, subject__contains="libérée").count() == 1


def test_switching_to_remote_with_an_on_site_only_workshop_is_refused_and_keeps_the_seat():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1)
    (holder, org), *_ = people(1)
    registration = register(meeting, holder, org, days, workshops=[session])

    with pytest.raises(DomainError) as error:
        register(meeting, holder, org, days, modes=[REMOTE, ON], workshops=[session])

    assert error.value.code == "workshop_on_site_only"
    seat = registration.workshops.get()
    assert (seat.mode, seat.status) == (SeatMode.ON_SITE, SeatStatus.CONFIRMED)


def test_coming_on_site_again_joins_the_end_of_the_on_site_line():
    meeting, days = two_day_meeting()
    session = workshop(days[0], capacity=1, open_to_remote=True)
    (person, org), (on_site, _) = people(2)
    registration = register(meeting, person, org, days, modes=[REMOTE, ON], workshops=[session])
    register(meeting, on_site, org, days, workshops=[session])

    register(meeting, person, org, days, workshops=[session])

    seat = registration.workshops.get()
    assert (seat.mode, seat.status) == (SeatMode.ON_SITE, SeatStatus.WAITING)


def test_programme_states_both_capacities(client):
    meeting, days = two_day_meeting()
    hybrid = workshop(days[0], "Atelier hybride", capacity=20, open_to_remote=True)
    hybrid.remote_capacity = 50
    hybrid.save()
    workshop(days[1], "Atelier en salle", capacity=12)
    (person, org), *_ = people(1)
    register(meeting, person, org, days, modes=[REMOTE, ON], workshops=[hybrid])

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    assert "Sur place : 20 places restantes sur 20." in text
    assert "À distance : 49 places restantes sur 50." in text
    assert "Sur place : 12 places restantes sur 12." in text
    assert "Non ouvert aux participants à distance." in text


def test_organiser_opens_a_workshop_to_remote_participants(client):
    meeting, days = two_day_meeting()
    client.force_login(StaffFactory())
    data = {
        "day": days[0].pk,
        "start": "14:00",
        "end": "15:00",
        "title": "Atelier hybride",
        "kind": "workshop",
        "capacity": "20",
        "open_to_remote": "on",
        "remote_capacity": "40",
    }

    created = client.post(f"/rencontres/{meeting.slug}/programme/seances/nouvelle/", data)
    refused = client.post(
        f"/rencontres/{meeting.slug}/programme/seances/nouvelle/",
        {**data, "title": "Sans case", "open_to_remote": "", "start": "16:00", "end": "17:00"},
    )

    assert created.status_code == 302
    session = meeting.sessions.get()
    assert (session.open_to_remote, session.remote_capacity) == (True, 40)
    assert refused.status_code == 200
    assert "Cochez « ouvert aux participants à distance »" in refused.text
