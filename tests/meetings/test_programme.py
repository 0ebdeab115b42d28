import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from cercle.meetings.enums import Audience, SessionKind
from cercle.meetings.models import Session, Speaker
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.meetings.factories import register, session, track, two_day_meeting, workshop

pytestmark = pytest.mark.django_db


def test_programme_shows_sessions_in_paris_time_with_objectives(client):
    meeting, days = two_day_meeting()
    talk = session(
        days[0],
        "Retour d'expérience ZFE",
        start=(10, 35),
        end=(11, 20),
        kind=SessionKind.EXPERIENCE_REPORT,
        objectives="Partager la démarche",
        room="Kiosque",
    )
    Speaker.objects.create(session=talk, name="Jean Dupont", organisation_name="Toulouse")

    response = client.get(f"/rencontres/{meeting.slug}/programme/")

    assert response.status_code == 200
    assert "10:35–11:20" in response.text
    assert "Partager la démarche" in response.text
    assert "Jean Dupont (Toulouse)" in response.text
    assert "Retour d’expérience" in response.text


def test_programme_filters_by_track_and_keeps_sessions_for_everyone(client):
    meeting, days = two_day_meeting()
    newcomers, experts = track(meeting, "Nouveaux"), track(meeting, "Experts", 1)
    session(days[0], "Introduction à la suite", track=newcomers)
    session(days[0], "Architecture avancée", track=experts, start=(11, 0), end=(12, 0))
    session(days[0], "Ouverture", start=(8, 0), end=(9, 0))

    response = client.get(f"/rencontres/{meeting.slug}/programme/?track={newcomers.pk}")

    assert "Introduction à la suite" in response.text
    assert "Ouverture" in response.text
    assert "Architecture avancée" not in response.text


def test_programme_filters_by_audience_profile(client):
    meeting, days = two_day_meeting()
    session(days[0], "Atelier API", audience=Audience.TECHNICAL)
    session(days[0], "Atelier démarches", audience=Audience.BUSINESS, start=(11, 0), end=(12, 0))

    response = client.get(f"/rencontres/{meeting.slug}/programme/?audience=business")

    assert "Atelier démarches" in response.text
    assert "Atelier API" not in response.text


def test_session_in_an_occupied_room_is_refused(client):
    meeting, days = two_day_meeting()
    session(days[0], "Plénière d'ouverture", room="Kiosque", start=(9, 0), end=(10, 30))
    client.force_login(StaffFactory())

    response = client.post(
        f"/rencontres/{meeting.slug}/programme/seances/nouvelle/",
        {
            "day": days[0].pk,
            "start": "10:00",
            "end": "11:00",
            "title": "Table ronde",
            "kind": SessionKind.ROUND_TABLE,
            "room": "kiosque",
        },
    )

    assert response.status_code == 200
    assert "Cette salle est déjà occupée à ce moment par « Plénière d&#x27;ouverture »" in (
        response.text
    )
    assert 'value="Table ronde"' in response.text
    assert Session.objects.count() == 1


def test_host_referent_adds_a_workshop_with_speakers(client):
    host = OrganisationFactory()
    meeting, days = two_day_meeting(host=host)
    client.force_login(referent_of(host))

    response = client.post(
        f"/rencontres/{meeting.slug}/programme/seances/nouvelle/",
        {
            "day": days[1].pk,
            "start": "14:00",
            "end": "15:30",
            "title": "Atelier 3 : Mutualiser le service",
            "kind": SessionKind.WORKSHOP,
            "room": "Salle 2",
            "capacity": "20",
            "speakers": "Anaïs Morel, Éditeur\nKarim Benali",
        },
    )

    assert response.status_code == 302
    created = Session.objects.get()
    assert created.capacity == 20
    assert created.starts_at.isoformat() == "2099-06-03T12:00:00+00:00"
    assert [str(s) for s in created.speakers.all()] == ["Anaïs Morel (Éditeur)", "Karim Benali"]


def test_session_ending_before_it_starts_is_refused(client):
    meeting, days = two_day_meeting()
    client.force_login(StaffFactory())

    response = client.post(
        f"/rencontres/{meeting.slug}/programme/seances/nouvelle/",
        {"day": days[0].pk, "start": "15:00", "end": "14:00", "title": "x", "kind": "plenary"},
    )

    assert "La séance doit finir après son début." in response.text
    assert Session.objects.count() == 0


def test_other_referent_cannot_add_sessions(client):
    meeting, days = two_day_meeting()
    client.force_login(referent_of(OrganisationFactory()))

    response = client.post(
        f"/rencontres/{meeting.slug}/programme/seances/nouvelle/",
        {"day": days[0].pk, "start": "9:00", "end": "10:00", "title": "x", "kind": "plenary"},
    )

    assert response.status_code == 403
    assert Session.objects.count() == 0


def _build(meeting, days, n):
    for i in range(n):
        day = days[i % 2]
        workshop(
            day,
            f"Atelier {i}",
            capacity=5,
            start=(8 + i % 10, 0),
            end=(8 + i % 10, 50),
            room=f"Salle {i}",
            track=track(meeting, f"Parcours {i}"),
        )
        Speaker.objects.create(session=Session.objects.last(), name=f"Intervenant {i}")
    organisation = OrganisationFactory()
    for _ in range(n):
        register(meeting, agent_of(organisation), organisation, days)


def _count(client, url):
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    count = len(ctx)
    assert response.status_code == 200
    return count


@pytest.mark.parametrize("page", ["programme/", "inscription/"])
def test_page_query_count_does_not_grow_with_the_programme(client, page):
    small, small_days = two_day_meeting()
    large, large_days = two_day_meeting()
    _build(small, small_days, 2)
    _build(large, large_days, 12)
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))

    assert _count(client, f"/rencontres/{small.slug}/{page}") == _count(
        client, f"/rencontres/{large.slug}/{page}"
    )


def test_register_page_preview_and_form_show_the_same_seats_left(client):
    meeting, days = two_day_meeting()
    chosen = workshop(days[0], "Atelier socle", capacity=10)
    organisation = OrganisationFactory()
    register(meeting, agent_of(organisation), organisation, days, workshops=[chosen])
    client.force_login(agent_of(organisation))

    text = client.get(f"/rencontres/{meeting.slug}/inscription/").text

    preview, form = text.split('class="registration-form"')
    assert "Sur place : 9 places restantes sur 10." in preview
    assert "complet" not in preview
    assert "sur place : 9 places restantes" in form


def test_detail_page_links_the_archive_of_a_held_meeting_only(client):
    from django.urls import reverse

    from cercle.meetings.enums import MeetingStatus

    held, _days = two_day_meeting(status=MeetingStatus.HELD)
    upcoming, _days = two_day_meeting()

    held_page = client.get(f"/rencontres/{held.slug}/").text
    upcoming_page = client.get(f"/rencontres/{upcoming.slug}/").text

    assert reverse("onsite:archive", args=[held.slug]) in held_page
    assert reverse("onsite:archive", args=[upcoming.slug]) not in upcoming_page


def test_room_overlap_refusal_pins_its_code():
    from cercle.core.errors import DomainError
    from cercle.meetings import services
    from tests.meetings.factories import at

    meeting, days = two_day_meeting()
    session(days[0], "Plénière d'ouverture", room="Kiosque", start=(9, 0), end=(10, 30))
    clash = Session(
        meeting=meeting,
        day=days[0],
        title="Table ronde",
        kind=SessionKind.ROUND_TABLE,
        room="kiosque",
        starts_at=at(days[0], 10),
        ends_at=at(days[0], 11),
    )

    with pytest.raises(DomainError) as error:
        services.save_session(session=clash, actor=StaffFactory(), speakers=[])

    assert error.value.code == "room_overlap"
    assert error.value.message == (
        "Cette salle est déjà occupée à ce moment par « Plénière d'ouverture ». "
        "Choisissez une autre salle ou un autre horaire."
    )
