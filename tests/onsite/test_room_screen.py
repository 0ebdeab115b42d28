"""The projector screen of a room: what it shows before, during, between and after sessions."""

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from cercle.glossary.models import Term
from cercle.meetings.enums import Audience, MeetingStatus
from cercle.meetings.models import Speaker
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.meetings.factories import at, session, track, two_day_meeting, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(db):
    """Salle Lumière on day one: a plenary 9:30–10:30, a workshop 11:00–12:30."""
    meeting, days = two_day_meeting()
    opening = session(days[0], "Plénière d'ouverture", room="Salle Lumière")
    lab = workshop(
        days[0],
        "Atelier Combo avancé",
        start=(11, 0),
        end=(12, 30),
        room="Salle Lumière",
        objectives="Configurer les démarches de Passerelle",
        prerequisites="Avoir un compte d'administration",
        audience=Audience.TECHNICAL,
        track=track(meeting, "Experts"),
    )
    Speaker.objects.create(session=lab, name="Anaïs Morel", organisation_name="Éditeur")
    session(days[0], "Dans une autre salle", room="Kiosque", start=(10, 35), end=(10, 50))
    return meeting, days, opening, lab


def screen(client, meeting, key="salle-lumiere", query=""):
    return client.get(f"/rencontres/{meeting.slug}/salles/{key}/ecran/{query}")


def state(client, meeting, key="salle-lumiere", query=""):
    return client.get(f"/rencontres/{meeting.slug}/salles/{key}/ecran/etat/{query}")


def test_before_the_first_session_the_screen_shows_what_comes_next(client, clock, room):
    meeting, days, opening, _lab = room
    clock.set(at(days[0], 8, 0))

    response = screen(client, meeting)

    assert response.status_code == 200
    assert "Salle Lumière" in response.text
    assert "Prochaine séance" in response.text
    assert "Plénière d&#x27;ouverture" in response.text
    assert "09:30–10:30" in response.text
    assert "En cours" not in response.text
    assert "Dans une autre salle" not in response.text


def test_during_a_session_the_screen_shows_it_and_the_next_one(client, clock, room):
    meeting, days, opening, _lab = room
    clock.set(at(days[0], 10, 0))

    text = state(client, meeting).text

    assert "En cours" in text
    assert 'id="screen-featured-title" class="screen-title">Plénière d&#x27;ouverture<' in text
    assert "Ensuite" in text
    assert "Atelier Combo avancé" in text
    assert f"/rencontres/{meeting.slug}/seances/{opening.pk}/questions/" in text
    assert 'src="data:image/png;base64,' in text


def test_between_sessions_the_next_one_is_shown_without_its_details(client, clock, room):
    meeting, days, _opening, _lab = room
    clock.set(at(days[0], 10, 40))

    text = state(client, meeting).text

    assert "Prochaine séance" in text
    assert "Atelier Combo avancé" in text
    assert "Configurer les démarches" not in text
    assert "En cours" not in text
    assert "data:image/png" not in text


def test_within_the_lead_time_the_next_workshop_is_presented_in_full(client, clock, room):
    meeting, days, _opening, lab = room
    Term.objects.create(name="Combo", slug="combo", synonym="portail citoyen")
    Term.objects.create(name="Passerelle", slug="passerelle", synonym="connecteurs")
    Term.objects.create(name="Chrono", slug="chrono", synonym="agenda")
    clock.set(at(days[0], 10, 50))

    text = state(client, meeting).text

    assert "Commence dans 10 minutes" in text
    assert "Configurer les démarches de Passerelle" in text
    assert "Avoir un compte d&#x27;administration" in text
    assert "Parcours : Experts" in text
    assert "Profil : Technique" in text
    assert "Anaïs Morel (Éditeur)" in text
    assert '<span lang="fr">Combo</span> = portail citoyen' in text
    assert '<span lang="fr">Passerelle</span> = connecteurs' in text
    assert "Chrono" not in text
    assert f"/seances/{lab.pk}/questions/" in text


def test_the_lead_time_is_configurable(client, clock, room, settings):
    meeting, days, _opening, _lab = room
    clock.set(at(days[0], 10, 30))

    assert "Objectifs" not in state(client, meeting).text
    assert "Objectifs" in state(client, meeting, query="?avance=30").text
    settings.ROOM_SCREEN_LEAD_MINUTES = 45
    assert "Objectifs" in state(client, meeting).text
    assert "Objectifs" in state(client, meeting, query="?avance=abc").text
    assert "Objectifs" not in state(client, meeting, query="?avance=5").text


def test_the_page_polls_its_state_with_the_chosen_lead_time(client, clock, room):
    meeting, days, _opening, _lab = room
    clock.set(at(days[0], 8, 0))

    text = screen(client, meeting, query="?avance=20").text

    fragment = f"/rencontres/{meeting.slug}/salles/salle-lumiere/ecran/etat/?avance=20"
    assert f'hx-get="{fragment}"' in text
    assert 'hx-trigger="every 10s"' in text
    assert "onsite/screen.js" in text


def test_after_the_last_session_the_screen_says_so(client, clock, room):
    meeting, days, _opening, _lab = room
    clock.set(at(days[1], 18, 0))

    text = state(client, meeting).text

    assert "Plus de séance dans cette salle" in text
    assert "Atelier Combo avancé" not in text


def test_the_next_session_on_another_day_shows_its_day(client, clock, room):
    meeting, days, _opening, _lab = room
    session(days[1], "Plénière du mercredi", room="salle lumiere")
    clock.set(at(days[0], 18, 0))

    text = state(client, meeting).text

    assert "Plénière du mercredi" in text
    assert "mercredi 3 juin" in text


def test_hostile_titles_are_escaped_and_clamped(client, clock, room):
    meeting, days, opening, _lab = room
    opening.title = (
        "<script>alert(1)</script>" + "Très long titre " * 13
    )  # within the 250 characters of a title
    opening.objectives = "<img src=x onerror=alert(1)>\n" * 50
    opening.save()
    clock.set(at(days[0], 10, 0))

    text = state(client, meeting).text

    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Très long titre" in text
    assert "<img src=x" not in text
    assert 'class="screen-clamp"' in text


def test_an_unknown_room_answers_404_in_french(client, clock, room):
    meeting, days, _opening, _lab = room
    clock.set(at(days[0], 10, 0))

    for key in ("salle-inconnue", "-", "%3Cscript%3E"):
        response = screen(client, meeting, key=key)
        assert response.status_code == 404
        assert "Page introuvable" in response.text
    assert state(client, meeting, key="salle-inconnue").status_code == 404


def test_room_spellings_share_one_screen(client, clock, room):
    meeting, days, _opening, _lab = room
    session(days[0], "Atelier en minuscules", room="salle lumiere", start=(14, 0), end=(15, 0))
    clock.set(at(days[0], 14, 30))

    assert "Atelier en minuscules" in state(client, meeting).text


def test_anyone_sees_the_screen_of_a_published_meeting(client, clock, room):
    meeting, days, _opening, _lab = room
    clock.set(at(days[0], 10, 0))

    assert screen(client, meeting).status_code == 200
    client.force_login(agent_of(OrganisationFactory()))
    assert state(client, meeting).status_code == 200


def test_a_draft_meeting_screen_is_for_its_organisers_only(client, clock, room):
    meeting, days, _opening, _lab = room
    meeting.status = MeetingStatus.DRAFT
    meeting.save()
    clock.set(at(days[0], 10, 0))

    assert screen(client, meeting).status_code == 404
    client.force_login(agent_of(OrganisationFactory()))
    assert state(client, meeting).status_code == 404
    client.force_login(referent_of(meeting.host))
    assert screen(client, meeting).status_code == 200
    client.force_login(StaffFactory())
    assert state(client, meeting).status_code == 200


def test_the_rooms_page_links_each_room_screen(client, room):
    meeting, _days, _opening, _lab = room

    text = client.get(f"/rencontres/{meeting.slug}/salles/").text

    assert f'href="/rencontres/{meeting.slug}/salles/kiosque/ecran/"' in text
    assert f'href="/rencontres/{meeting.slug}/salles/salle-lumiere/ecran/"' in text


def test_organisers_find_the_room_screens_in_their_tools(client, room):
    meeting, *_ = room
    client.force_login(StaffFactory())

    text = client.get(f"/rencontres/{meeting.slug}/badges/").text

    assert f'<a href="/rencontres/{meeting.slug}/salles/">Écrans des salles</a>' in text


def _count(client, url):
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_the_polled_state_costs_the_same_queries_whatever_the_programme(client, clock):
    small, small_days = two_day_meeting()
    large, large_days = two_day_meeting()
    for meeting, days, count in ((small, small_days, 2), (large, large_days, 20)):
        for i in range(count):
            talk = workshop(
                days[i % 2],
                f"Atelier {i}",
                start=(8 + i // 2 % 10, 0),
                end=(8 + i // 2 % 10, 50),
                room="Salle A" if i % 2 == 0 else f"Salle {i}",
                track=track(meeting, f"Parcours {i}"),
            )
            Speaker.objects.create(session=talk, name=f"Intervenant {i}")
    clock.set(at(small_days[0], 8, 10))

    small_count = _count(client, f"/rencontres/{small.slug}/salles/salle-a/ecran/etat/")
    clock.set(at(large_days[0], 8, 10))
    large_count = _count(client, f"/rencontres/{large.slug}/salles/salle-a/ecran/etat/")

    assert small_count == large_count


def test_the_polled_screen_follows_the_clock_and_any_change_at_once(page_cache, client, clock):
    """Cached once a minute per room: a new minute or an edited session shows at the next poll."""
    from cercle.meetings.models import Session

    meeting, days = two_day_meeting()
    opening = session(days[0], "Plénière d'ouverture", room="Salle Lumière")
    clock.set(at(days[0], 9, 40))
    first = state(client, meeting).text
    assert "09:40" in first and "ouverture" in first

    clock.set(at(days[0], 9, 41))
    assert "09:41" in state(client, meeting).text

    Session.objects.filter(pk=opening.pk).update(title="Plénière de bienvenue")
    assert "Plénière de bienvenue" in state(client, meeting).text
