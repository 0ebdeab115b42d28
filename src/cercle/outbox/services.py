"""The outbox: every email is a row first, then the worker sends it, retrying with back-off."""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from cercle.outbox.models import Message, MessageStatus

logger = logging.getLogger(__name__)

# A message stuck in "sending" this long (its worker died) is taken up again.
SENDING_LEASE = timedelta(minutes=10)


def queue_mail(
    *, to: str, subject: str, body_text: str, body_html: str = "", attachments=()
) -> Message:
    """Store an email in the outbox; the worker sends it (nothing is sent here)."""
    return Message.objects.create(
        to=to,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        attachments=[
            {
                "filename": filename,
                "mimetype": mimetype,
                "content": base64.b64encode(content).decode("ascii"),
            }
            for filename, content, mimetype in attachments
        ],
    )


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping (emails are not HTML)."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


def queue_templated(
    to: str, template: str, context: dict, language: str | None = None, *, attachments=()
) -> Message:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in the recipient's language
    and store the email in the outbox.

    ``template`` is a path without extension, for example ``"meetings/email/confirmation"``.
    Text templates are rendered without HTML escaping: an apostrophe in a title stays an
    apostrophe. The subject is kept on one line.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        body = render_text(f"{template}.txt", context)
    return queue_mail(to=to, subject=subject, body_text=body, attachments=attachments)


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt: 1, 2, 4, ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _claim(limit: int) -> list[Message]:
    now = timezone.now()
    with transaction.atomic():
        due = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")[:limit]
        )
        stale = Message.objects.select_for_update(skip_locked=True).filter(
            status=MessageStatus.SENDING, next_attempt_at__lte=now - SENDING_LEASE
        )
        claimed = list(due) + list(stale[:limit])
        Message.objects.filter(pk__in=[m.pk for m in claimed]).update(
            status=MessageStatus.SENDING, next_attempt_at=now
        )
    return claimed


def _build(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return email


def send_message(message: Message) -> bool:
    """Try to send one claimed message; record the outcome. Returns True when sent."""
    message.attempts += 1
    try:
        _build(message).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport error must leave the message queued
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
        else:
            message.status = MessageStatus.QUEUED
            message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        logger.warning("Outbox message %s not sent: %s", message.pk, message.last_error)
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    message.status = MessageStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return True


def send_due(*, limit: int = 100) -> int:
    """Send the messages whose time has come. Returns how many went out."""
    return sum(send_message(message) for message in _claim(limit))


def requeue(message: Message) -> None:
    """Staff asked to try a failed message again now."""
    message.status = MessageStatus.QUEUED
    message.next_attempt_at = timezone.now()
    message.attempts = 0
    message.save(update_fields=["status", "next_attempt_at", "attempts"])
