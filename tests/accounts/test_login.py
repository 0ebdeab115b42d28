import re

from django.core import mail
from django.urls import reverse

from cercle.outbox.models import Message
from cercle.outbox.services import send_due
from tests.factories import PASSWORD, UserFactory


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_login_with_right_password_signs_in(client, db):
    user = UserFactory()
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_email_is_case_insensitive(client, db):
    user = UserFactory(email="marie@example.test")
    assert _login(client, "Marie@Example.test", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_wrong_password_shows_error_and_keeps_email(client, db):
    user = UserFactory()
    response = _login(client, user.email, "wrong")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ne correspondent à aucun compte actif" in html
    assert f'value="{user.email}"' in html


def test_login_throttled_after_repeated_failures_even_with_right_password(client, db, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    user = UserFactory()
    for _ in range(3):
        _login(client, user.email, "wrong")
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()


def test_login_throttled_by_default_after_five_failures_even_with_right_password(client, db):
    user = UserFactory()
    for _ in range(5):
        _login(client, user.email, "wrong")
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_colleague_behind_same_address_signs_in_after_five_failures(client, db):
    careless, colleague = UserFactory.create_batch(2)
    for _ in range(5):
        _login(client, careless.email, "wrong", ip="10.9.9.9")
    assert _login(client, colleague.email, PASSWORD, ip="10.9.9.9").status_code == 302


def test_login_throttle_counts_per_address_across_accounts(client, db, settings):
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 3
    users = UserFactory.create_batch(4)
    for user in users[:3]:
        _login(client, user.email, "wrong", ip="10.9.9.9")
    response = _login(client, users[3].email, PASSWORD, ip="10.9.9.9")
    assert "Trop de tentatives" in response.content.decode()


def test_login_successes_do_not_use_up_the_address_budget(client, db, settings):
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 3
    for user in UserFactory.create_batch(5):
        assert _login(client, user.email, PASSWORD, ip="10.9.9.9").status_code == 302
        client.logout()


def test_login_from_another_address_not_throttled_by_other_accounts(client, db, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    victim, other = UserFactory.create_batch(2)
    for _ in range(3):
        _login(client, other.email, "wrong", ip="10.9.9.9")
    assert _login(client, victim.email, PASSWORD, ip="10.1.1.1").status_code == 302


def test_logout_requires_post(client, db):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_password_reset_goes_through_outbox_and_link_works(client, db):
    user = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    message = Message.objects.get(to=user.email)
    assert mail.outbox == []

    send_due()
    link = re.search(r"http://testserver(/mot-de-passe/nouveau/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Un nouveau mot de passe 2026",
            "new_password2": "Un nouveau mot de passe 2026",
        },
    )

    assert message.subject == "Cercle : réinitialisez votre mot de passe"
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Un nouveau mot de passe 2026")


def test_password_reset_unknown_address_sends_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert Message.objects.count() == 0
