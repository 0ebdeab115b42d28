"""Where people find the evaluation: their registration and certificate pages, room screens."""

from cercle.evaluation import services
from tests.evaluation.conftest import registrant, url
from tests.meetings.factories import at

LINK = "Donnez votre avis : répondez à l'évaluation de la rencontre"


def my_registration(client, club):
    return client.get(f"/rencontres/{club.meeting.slug}/mon-inscription/").content.decode()


def test_registration_page_links_to_the_open_evaluation(client, club, opened):
    client.force_login(club.person)

    page = my_registration(client, club)

    assert LINK in page
    assert f'href="{url(club)}"' in page
    assert "(anonyme, jusqu'au 19 juin 2099)" in page


def test_no_link_before_opening_or_after_closing(client, club):
    client.force_login(club.person)
    assert LINK not in my_registration(client, club)
    services.open_evaluation(meeting=club.meeting, actor=club.staff, closes_at=at(club.days[1], 23))
    services.close_evaluation(meeting=club.meeting, actor=club.staff)

    assert LINK not in my_registration(client, club)


def test_certificate_page_links_to_the_evaluation(client, club, opened):
    person = registrant(club, 1)
    club.meeting.registrations.get(person=person).check_ins.all().delete()
    client.force_login(person)

    page = client.get(f"/rencontres/{club.meeting.slug}/mon-attestation.pdf").content.decode()

    assert 'id="certificate-reason"' in page
    assert LINK in page


def screen(client, club, room="kiosque"):
    return client.get(f"/rencontres/{club.meeting.slug}/salles/{room}/ecran/").content.decode()


def test_room_screen_of_the_last_session_shows_the_evaluation_address(client, club, clock):
    clock.set(at(club.days[1], 15, 0))
    services.open_evaluation(meeting=club.meeting, actor=club.staff, closes_at=at(club.days[1], 23))
    clock.set(at(club.days[1], 15, 30))

    page = screen(client, club)

    assert "Clôture" in page
    assert "Donnez votre avis sur la rencontre :" in page
    assert f"http://testserver{url(club)}" in page


def test_room_screen_before_the_last_session_or_without_evaluation_shows_nothing(
    client, club, clock
):
    clock.set(at(club.days[1], 14, 0))
    assert "Donnez votre avis" not in screen(client, club)  # not open
    services.open_evaluation(meeting=club.meeting, actor=club.staff, closes_at=at(club.days[1], 23))

    page = screen(client, club)

    assert "Clôture" in page  # still to come in this room
    assert "Donnez votre avis" not in page


def test_organisers_find_the_evaluation_on_the_meeting_page(client, club):
    client.force_login(club.host_referent)
    page = client.get(club.meeting.get_absolute_url()).content.decode()
    assert f'href="{url(club, "results")}">Évaluation et résultats</a>' in page

    client.force_login(club.person)
    page = client.get(club.meeting.get_absolute_url()).content.decode()
    assert url(club, "results") not in page
