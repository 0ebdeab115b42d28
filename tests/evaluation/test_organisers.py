"""Staff open the evaluation (invitations once), extend, close and reopen it."""

import pytest

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.evaluation import services
from cercle.evaluation.models import Evaluation
from cercle.meetings.models import Registration
from cercle.outbox.models import Message
from tests.evaluation.conftest import AFTER, CLOSES, open_evaluation, registrant, url
from tests.meetings.factories import at


def test_opening_invites_each_active_registrant_once(client, club):
    registrant(club, 1)
    cancelled = Registration.objects.get(person=registrant(club, 2))
    cancelled.cancelled_at = cancelled.created_at
    cancelled.save()
    Message.objects.all().delete()  # registration confirmations
    client.force_login(club.staff)

    response = client.post(url(club, "manage"), {"action": "open", "closes_on": "2099-06-19"})

    assert response.status_code == 302
    messages = list(Message.objects.order_by("to"))
    assert [m.to for m in messages] == ["helene.leveille@example.test", "personne1@example.test"]
    assert "Votre avis sur la Rencontre" in messages[0].subject
    assert f"/rencontres/{club.meeting.slug}/evaluation/" in messages[0].body_text
    assert "19 juin 2099" in messages[0].body_text
    evaluation = Evaluation.objects.get()
    assert evaluation.closes_at == CLOSES
    assert evaluation.is_open(AFTER)
    assert AuditEntry.objects.filter(action="evaluation.open").count() == 1

    client.post(url(club, "manage"), {"action": "open", "closes_on": "2099-06-25"})

    assert Message.objects.count() == 2
    evaluation.refresh_from_db()
    assert evaluation.last_day.isoformat() == "2099-06-25"


def test_opening_before_the_last_day_is_refused_in_french(client, club, clock):
    clock.set(at(club.days[0], 18))
    client.force_login(club.staff)

    response = client.post(url(club, "manage"), {"action": "open", "closes_on": "2099-06-19"})

    assert response.status_code == 400
    assert "à partir du dernier jour de la rencontre (3 juin 2099)" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_last_day_itself_may_open_it(club, clock):
    clock.set(at(club.days[1], 8))

    assert open_evaluation(club).is_open(at(club.days[1], 8))


def test_a_closing_date_in_the_past_or_no_date_is_a_form_error(client, club):
    client.force_login(club.staff)

    response = client.post(url(club, "manage"), {"action": "open", "closes_on": "2099-06-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "La date de clôture doit être dans le futur." in page
    assert 'value="2099-06-01"' in page
    response = client.post(url(club, "manage"), {"action": "open", "closes_on": "demain"})
    assert response.status_code == 400
    assert "Saisissez une date" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_close_then_reopen_without_inviting_again(client, club, opened):
    sent = Message.objects.count()
    client.force_login(club.staff)

    client.post(url(club, "manage"), {"action": "close"})
    assert "Close : les réponses" in client.get(url(club, "results")).content.decode()
    response = client.post(url(club, "manage"), {"action": "close"}, follow=True)
    assert "L&#x27;évaluation n&#x27;est pas ouverte." in response.content.decode()

    client.post(url(club, "manage"), {"action": "open", "closes_on": "2099-06-30"})

    assert Evaluation.objects.get().is_open(AFTER)
    assert Message.objects.count() == sent
    assert AuditEntry.objects.filter(action="evaluation.close").count() == 1


def test_close_service_refuses_an_evaluation_never_opened(club):
    with pytest.raises(DomainError) as error:
        services.close_evaluation(meeting=club.meeting, actor=club.staff)
    assert error.value.code == "not_open"
