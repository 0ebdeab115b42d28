"""Parallel sign-in attempts against one account: the counter is reserved before the password."""

import threading
import time

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import RequestFactory

from cercle.accounts.forms import LoginForm
from tests.factories import PASSWORD, UserFactory

LIMIT = 5


def _attempt(email, password, ip="10.0.0.1"):
    request = RequestFactory().post("/connexion/", REMOTE_ADDR=ip)
    form = LoginForm(request, data={"username": email, "password": password})
    try:
        return form.is_valid()
    finally:
        connection.close()


def _count_password_checks(monkeypatch):
    """Count the password checks and hold each one a moment, as a slow hasher would."""
    checks = []
    reached_limit = threading.Event()
    original = ModelBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        checks.append(username)
        if len(checks) >= LIMIT:
            reached_limit.set()
        time.sleep(0.2)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    return checks, reached_limit


def _run_together(targets):
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(index, target):
        barrier.wait()
        results[index] = target()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_hundred_parallel_wrong_passwords_check_the_password_at_most_limit_times(
    transactional_db, monkeypatch, settings
):
    settings.LOGIN_THROTTLE_ATTEMPTS = LIMIT
    user = UserFactory()
    checks, _reached = _count_password_checks(monkeypatch)

    results = _run_together([lambda: _attempt(user.email, "wrong")] * 100)

    assert len(checks) <= LIMIT
    assert results == [False] * 100


def test_right_password_after_parallel_guesses_is_refused(transactional_db, monkeypatch, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = LIMIT
    user = UserFactory()
    checks, reached_limit = _count_password_checks(monkeypatch)

    def right_one_last():
        # The last guess of the twenty comes once the first ones are being checked.
        reached_limit.wait(timeout=10)
        return _attempt(user.email, PASSWORD)

    results = _run_together([lambda: _attempt(user.email, "wrong")] * 19 + [right_one_last])

    assert results[-1] is False
    assert len(checks) <= LIMIT
