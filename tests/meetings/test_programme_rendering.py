"""The programme's session list (rendered with Jinja2): escaping, translations, Paris time."""

import pytest

from cercle.meetings.models import Speaker
from tests.factories import agent_of
from tests.meetings.factories import session, track, two_day_meeting, workshop

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & =HYPERLINK("http://evil")'


def _hostile_programme():
    meeting, days = two_day_meeting()
    talk = session(
        days[0],
        HOSTILE,
        room=f"Salle {HOSTILE}",
        objectives=f"Ligne 1\n{HOSTILE}",
        prerequisites=f"<b>{HOSTILE}</b>",
        track=track(meeting, f"Piste {HOSTILE}"),
    )
    Speaker.objects.create(session=talk, name=f"Jean {HOSTILE}", organisation_name="<i>Ville</i>")
    workshop(days[1], f"Atelier {HOSTILE}", capacity=1, open_to_remote=True)
    return meeting


def test_hostile_text_is_escaped_on_the_programme_and_the_registration_preview(client):
    meeting = _hostile_programme()
    client.force_login(agent_of(meeting.host))

    for url in (
        f"/rencontres/{meeting.slug}/programme/",
        f"/rencontres/{meeting.slug}/inscription/",
    ):
        response = client.get(url)

        assert response.status_code == 200
        assert "<script>" not in response.text
        assert "<b>&lt;script" not in response.text and "<i>Ville</i>" not in response.text
        assert "&lt;script&gt;alert(" in response.text
        # Line breaks of the objectives become <br>, the text around them stays escaped.
        assert "Ligne 1<br>&lt;script&gt;" in response.text


def test_programme_speaks_french_and_english(client):
    meeting, days = two_day_meeting()
    session(days[0], "Plénière", room="Kiosque", track=track(meeting, "Experts"))
    workshop(days[0], "Atelier", capacity=2, start=(11, 0), end=(12, 0))

    french = client.get(f"/rencontres/{meeting.slug}/programme/").text
    english = client.get(f"/rencontres/{meeting.slug}/programme/", HTTP_ACCEPT_LANGUAGE="en").text

    assert "Salle :" in french and "Parcours : Experts" in french
    assert "Sur place : 2 places restantes sur 2." in french
    assert "Filtrer le programme" in french
    assert "Room:" in english and "Track: Experts" in english
    assert "On site: 2 seats left of 2." in english


def test_one_seat_left_is_singular(client):
    meeting, days = two_day_meeting()
    workshop(days[0], "Atelier", capacity=1)

    text = client.get(f"/rencontres/{meeting.slug}/programme/").text

    assert "Sur place : 1 place restante sur 1." in text
