from datetime import timedelta
from unittest import mock

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cercle.outbox.models import Message, MessageStatus
from cercle.outbox.services import queue_mail, retry_delay, send_due
from tests.factories import UserFactory


def _queue():
    return queue_mail(
        to="agent@example.test",
        subject="Sujet",
        body_text="Bonjour",
        attachments=[("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )


def test_queue_mail_stores_without_sending(db):
    _queue()
    assert (Message.objects.get().status, mail.outbox) == (MessageStatus.QUEUED, [])


def test_send_due_sends_with_attachment(db):
    message = _queue()
    assert send_due() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert mail.outbox[0].attachments[0][0] == "invite.ics"


def test_failing_server_keeps_message_queued_with_backoff(db):
    message = _queue()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError("SMTP down"),
    ):
        assert send_due() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert "SMTP down" in message.last_error
    assert message.next_attempt_at > timezone.now()


def test_message_retried_once_server_is_back(db):
    message = _queue()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("down"),
    ):
        send_due()
    Message.objects.update(next_attempt_at=timezone.now())
    assert send_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (MessageStatus.SENT, 2, 1)


def test_message_not_retried_before_its_time(db):
    _queue()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError
    ):
        send_due()
    assert send_due() == 0


def test_message_marked_failed_after_max_attempts(db, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = _queue()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError
    ):
        send_due()
        Message.objects.update(next_attempt_at=timezone.now())
        send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_retry_delay_grows_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert retry_delay(30) == timedelta(hours=6)


def test_staff_see_failed_messages_and_requeue(client, staff):
    message = _queue()
    Message.objects.update(status=MessageStatus.FAILED, last_error="SMTP down")
    client.force_login(staff)
    html = client.get(reverse("outbox:list"), {"statut": "failed"}).content.decode()
    client.post(reverse("outbox:retry", args=[message.pk]))
    message.refresh_from_db()
    assert "SMTP down" in html
    assert message.status == MessageStatus.QUEUED


def test_outbox_list_refused_to_non_staff(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("outbox:list")).status_code == 403


def test_outbox_retry_refused_to_non_staff(client, db):
    message = _queue()
    Message.objects.update(status=MessageStatus.FAILED)
    client.force_login(UserFactory())
    assert client.post(reverse("outbox:retry", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_queue_templated_speaks_the_language_and_escapes_nothing(db, tmp_path, settings):
    from cercle.outbox.services import queue_templated

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello_subject.txt").write_text(
        "{% load i18n %}\n{% translate 'Registration confirmed' %} : {{ title }}\n"
    )
    (tmp_path / "t" / "hello.txt").write_text("<{{ title }}> & co\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}
    ]
    message = queue_templated("a@example.test", "t/hello", {"title": "l'atelier"}, "en")
    assert message.subject == "Registration confirmed : l'atelier"
    assert message.body_text == "<l'atelier> & co\n"
    assert message.status == MessageStatus.QUEUED
