from django.urls import reverse

from cercle.outbox.models import Message
from tests.factories import UserFactory


def _ask_reset(client, email, ip="10.0.0.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_ten_requests_send_three_emails(client, db):
    user = UserFactory()
    responses = [_ask_reset(client, user.email) for _ in range(10)]
    assert {response.status_code for response in responses} == {302}
    assert {response["Location"] for response in responses} == {
        reverse("accounts:password_reset_done")
    }
    assert Message.objects.filter(to=user.email).count() == 3


def test_password_reset_limit_per_address_holds_across_client_addresses(client, db):
    user = UserFactory()
    for number in range(6):
        _ask_reset(client, user.email, ip=f"10.0.0.{number}")
    assert Message.objects.filter(to=user.email).count() == 3


def test_password_reset_limit_per_client_address_across_accounts(client, db, settings):
    settings.PASSWORD_RESET_THROTTLE_ADDRESS_ATTEMPTS = 4
    users = UserFactory.create_batch(6)
    for user in users:
        _ask_reset(client, user.email, ip="10.9.9.9")
    assert Message.objects.count() == 4


def test_password_reset_other_person_unaffected_by_someone_elses_requests(client, db):
    victim, other = UserFactory.create_batch(2)
    for _ in range(5):
        _ask_reset(client, victim.email)
    _ask_reset(client, other.email)
    assert Message.objects.filter(to=other.email).count() == 1


def test_password_reset_throttled_answer_is_the_neutral_page(client, db):
    user = UserFactory()
    for _ in range(3):
        _ask_reset(client, user.email)
    response = _ask_reset(client, user.email)
    page = client.get(response["Location"])
    assert "Si un compte existe pour cette adresse" in page.content.decode()


def test_password_reset_email_in_english_for_english_speaking_person(client, db):
    user = UserFactory(language="en")
    _ask_reset(client, user.email)
    message = Message.objects.get(to=user.email)
    assert message.subject == "Cercle: reset your password"
    assert "Choose a new password here:" in message.body_text
