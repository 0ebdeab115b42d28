"""Throttling behind the documented reverse proxy (CERCLE_TRUSTED_PROXIES)."""

from django.urls import reverse

from cercle.outbox.models import Message
from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request: the reverse proxy


def _login(client, email, password, forwarded):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _throttled(response):
    return "Trop de tentatives" in response.content.decode()


def test_burst_from_one_address_does_not_lock_out_a_colleague_elsewhere(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    attacker, colleague = UserFactory.create_batch(2)
    budget = settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS
    # A burst of wrong passwords over many accounts (so no single account's budget stops it),
    # the attacker forging the left part of the header each time.
    for number in range(budget + 10):
        _login(
            client,
            f"guess{number}@example.test",
            "wrong",
            f"198.51.100.{number % 250}, 203.0.113.66",
        )
    # The attacker's address is out of budget, even with a right password...
    assert _throttled(_login(client, attacker.email, PASSWORD, "203.0.113.66"))
    # ...but a colleague coming through the same proxy from another address signs in.
    response = _login(client, colleague.email, PASSWORD, "192.0.2.44")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_without_trusted_proxy_a_forged_header_does_not_escape_the_address_budget(
    client, db, settings
):
    settings.TRUSTED_PROXIES = 0
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 3
    user = UserFactory()
    for number in range(3):
        _login(client, f"guess{number}@example.test", "wrong", f"198.51.100.{number}")
    assert _throttled(_login(client, user.email, PASSWORD, "198.51.100.99"))


def test_account_budget_still_holds_across_addresses_behind_the_proxy(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    user = UserFactory()
    for number in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        _login(client, user.email, "wrong", f"198.51.100.{number}")
    assert _throttled(_login(client, user.email, PASSWORD, "192.0.2.1"))


def test_password_reset_burst_from_one_address_spares_another_address(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    settings.PASSWORD_RESET_THROTTLE_ADDRESS_ATTEMPTS = 3
    *targets, colleague = UserFactory.create_batch(5)
    for user in targets:
        client.post(
            reverse("accounts:password_reset"),
            {"email": user.email},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    assert Message.objects.count() == 3
    client.post(
        reverse("accounts:password_reset"),
        {"email": colleague.email},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert Message.objects.filter(to=colleague.email).count() == 1
