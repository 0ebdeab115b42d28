import io

import pytest
from django.core.management import call_command

from cercle.meetings.enums import MeetingStatus, SeatStatus, SessionKind
from cercle.meetings.models import Meeting, Registration, Session

pytestmark = pytest.mark.django_db


def test_demo_adds_the_held_villejuif_meeting_and_an_open_one_idempotently():
    call_command("demo", stdout=io.StringIO())
    counts = (Meeting.objects.count(), Session.objects.count(), Registration.objects.count())
    call_command("demo", stdout=io.StringIO())

    held = Meeting.objects.get(edition=12)
    upcoming = Meeting.objects.get(status=MeetingStatus.OPEN, remote_only=False)
    assert (Meeting.objects.count(), Session.objects.count(), Registration.objects.count()) == (
        counts
    )
    assert held.status == MeetingStatus.HELD
    assert held.host.slug == "ville-de-villejuif"
    assert [d.date.isoformat() for d in held.days.all()] == ["2023-06-07", "2023-06-08"]
    assert held.sessions.filter(title="Atelier 1 : Socle personnes morales").get().kind == (
        SessionKind.WORKSHOP
    )
    assert held.sessions.filter(kind=SessionKind.VOTE).count() == 1
    assert upcoming.host.slug == "toulouse-metropole"
    assert upcoming.sessions.filter(capacity__isnull=False).count() == 4
    assert list(upcoming.tracks.values_list("name", flat=True)) == [
        "Nouveaux utilisateurs",
        "Experts",
    ]
    assert upcoming.registrations.count() == 4


def test_demo_editions_follow_each_other_and_the_held_workshops_have_seats_taken():
    call_command("demo", stdout=io.StringIO())

    editions = list(
        Meeting.objects.filter(remote_only=False)
        .order_by("edition")
        .values_list("edition", flat=True)
    )
    held = Meeting.objects.get(edition=12)
    taken = {
        session.title: session.seats.filter(status=SeatStatus.CONFIRMED).count()
        for session in held.sessions.filter(kind=SessionKind.WORKSHOP)
    }
    assert editions == list(range(editions[0], editions[0] + len(editions)))
    assert editions[-1] == 13
    assert len(taken) == 2
    assert all(count > 0 for count in taken.values()), taken
