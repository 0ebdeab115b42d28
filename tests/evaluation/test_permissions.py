"""Who may see and do what, both ways, for every evaluation page."""

import pytest

from cercle.core.errors import DomainError
from cercle.evaluation import services
from cercle.meetings.enums import MeetingStatus
from tests.evaluation.conftest import CLOSES, answer, registrant, url


def login(client, club, who):
    user = {
        "registrant": club.person,
        "outsider": club.outsider,
        "staff": club.staff,
        "host_referent": club.host_referent,
        "other_referent": club.other_referent,
    }[who]
    client.force_login(user)


def test_anonymous_visitors_are_sent_to_sign_in_on_every_page(client, club, opened):
    for address in [url(club), url(club, "results"), url(club, "export", "csv")]:
        response = client.get(address)
        assert response.status_code == 302
        assert "/connexion/" in response["Location"] or "login" in response["Location"]
    assert client.post(url(club, "manage"), {"action": "close"}).status_code == 302


@pytest.mark.parametrize("who", ["outsider", "staff", "host_referent", "other_referent"])
def test_only_registrants_answer(client, club, opened, who):
    login(client, club, who)

    response = client.get(url(club))

    assert response.status_code == 403
    assert "Seules les personnes inscrites" in response.content.decode()
    assert client.post(url(club), {"overall": "4"}).status_code == 403


def test_a_registrant_may_answer(client, club, opened):
    login(client, club, "registrant")

    response = client.get(url(club))

    assert response.status_code == 200
    assert "Envoyer ma réponse" in response.content.decode()


def test_a_cancelled_registration_may_not_answer(client, club, opened):
    club.registration.cancelled_at = club.registration.created_at
    club.registration.save()
    login(client, club, "registrant")

    assert client.get(url(club)).status_code == 403
    with pytest.raises(DomainError) as error:
        answer(club, club.person)
    assert error.value.code == "not_registered"


def test_a_draft_meeting_is_not_found_by_its_registrants(client, club, opened):
    club.meeting.status = MeetingStatus.DRAFT
    club.meeting.save()
    login(client, club, "registrant")

    assert client.get(url(club)).status_code == 404


@pytest.mark.parametrize("who", ["staff", "host_referent"])
def test_organisers_read_results_export_and_run_it(client, club, opened, who):
    for n in range(5):
        answer(club, registrant(club, n))
    login(client, club, who)

    assert client.get(url(club, "results")).status_code == 200
    assert client.get(url(club, "export", "csv")).status_code == 200
    assert client.get(url(club, "export", "ods")).status_code == 200
    response = client.post(url(club, "manage"), {"action": "close"})
    assert response.status_code == 302
    assert services.evaluation_of(club.meeting).closed_at is not None


@pytest.mark.parametrize("who", ["registrant", "outsider", "other_referent"])
def test_others_neither_read_results_nor_export_nor_run_it(client, club, opened, who):
    login(client, club, who)

    assert client.get(url(club, "results")).status_code == 403
    assert client.get(url(club, "export", "csv")).status_code == 403
    assert client.post(url(club, "manage"), {"action": "close"}).status_code == 403
    assert (
        client.post(url(club, "manage"), {"action": "open", "closes_on": "2099-07-01"}).status_code
        == 403
    )
    assert services.evaluation_of(club.meeting).closed_at is None


@pytest.mark.parametrize("who", ["person", "outsider", "other_referent"])
def test_services_refuse_non_organisers(club, who):
    actor = getattr(club, who)
    with pytest.raises(DomainError) as error:
        services.open_evaluation(meeting=club.meeting, actor=actor, closes_at=CLOSES)
    assert error.value.code == "forbidden"
    services.open_evaluation(meeting=club.meeting, actor=club.host_referent, closes_at=CLOSES)
    with pytest.raises(DomainError) as error:
        services.close_evaluation(meeting=club.meeting, actor=actor)
    assert error.value.code == "forbidden"


def test_bad_addresses_are_not_found(client, club, opened):
    login(client, club, "staff")

    assert client.get(url(club, "export", "xlsx")).status_code == 404
    assert client.get("/rencontres/inconnue/evaluation/resultats/").status_code == 404
    assert client.post(url(club, "manage"), {"action": "nonsense"}).status_code == 400
