"""Linking requests to the vendor's Redmine tickets and keeping what they say in sync.

The sync job asks Redmine's REST API (GET {CERCLE_REDMINE_URL}/issues/<id>.json with the
X-Redmine-API-Key header) for each due link; a missing ticket, a refused key or a timeout is
recorded on the link and never stops the job.
"""

import logging
import re
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.requests.models import StatusChange
from cercle.tracker.models import SyncError, TicketLink

logger = logging.getLogger(__name__)

NUMBER = re.compile(r"#?\s*(\d{1,9})")
# A claimed link not recorded within this time (its worker died) is synced again.
LEASE = timedelta(minutes=5)
MAX_RETRY_DELAY = timedelta(hours=6)


def base_url() -> str:
    return settings.REDMINE_URL.rstrip("/")


def _no_tracker() -> DomainError:
    return DomainError(
        "no_tracker",
        _("No tracker address is configured (CERCLE_REDMINE_URL): tickets cannot be linked."),
        fields=["reference"],
    )


def parse_reference(text: str) -> int:
    """A ticket number from "1234", "#1234" or its address under CERCLE_REDMINE_URL."""
    text = (text or "").strip()
    match = NUMBER.fullmatch(text)
    if match:
        return int(match.group(1))
    base = base_url()
    example = f"{base or 'https://…'}/issues/1234"
    if not text.lower().startswith(("http://", "https://")):
        raise DomainError(
            "not_a_ticket",
            _("Enter a ticket number or a ticket address such as %(example)s."),
            fields=["reference"],
            example=example,
        )
    if not base:
        raise _no_tracker()
    if not text.startswith(base + "/"):
        raise DomainError(
            "foreign_url",
            _("This address is not a ticket of the vendor's tracker (%(base)s)."),
            fields=["reference"],
            base=base,
        )
    match = re.fullmatch(r"issues/(\d{1,9})(?:\.json)?/?(?:[?#].*)?", text[len(base) + 1 :])
    if not match:
        raise DomainError(
            "not_a_ticket",
            _("Enter a ticket number or a ticket address such as %(example)s."),
            fields=["reference"],
            example=example,
        )
    return int(match.group(1))


def ticket_url(number: int) -> str:
    return f"{base_url()}/issues/{number}"


@transaction.atomic
def link_ticket(*, improvement, actor, reference: str) -> TicketLink:
    """Staff link a request to a tracker ticket (number or address); synced by the worker.
    Audited."""
    if not is_vendor_staff(actor):
        raise DomainError("forbidden", _("Only vendor staff link tracker tickets."))
    if not base_url():
        raise _no_tracker()
    number = parse_reference(reference)
    if number == 0:
        raise DomainError("not_a_ticket", _("Ticket numbers start at 1."), fields=["reference"])
    if TicketLink.objects.filter(request=improvement, number=number).exists():
        raise DomainError(
            "already_linked",
            _("Ticket #%(number)s is already linked to this request."),
            fields=["reference"],
            number=number,
        )
    link = TicketLink.objects.create(
        request=improvement, number=number, url=ticket_url(number), linked_by=actor
    )
    record(
        actor=actor, action="tracker.ticket_linked", target=improvement, details={"ticket": number}
    )
    return link


@transaction.atomic
def unlink_ticket(*, link, actor) -> None:
    if not is_vendor_staff(actor):
        raise DomainError("forbidden", _("Only vendor staff link tracker tickets."))
    record(
        actor=actor,
        action="tracker.ticket_unlinked",
        target=link.request,
        details={"ticket": link.number},
    )
    link.delete()


def fetch(number: int) -> tuple[dict | None, str]:
    """Ask Redmine for one issue: (issue fields, "") or (None, a SyncError code)."""
    try:
        response = requests.get(
            f"{base_url()}/issues/{number}.json",
            headers={"X-Redmine-API-Key": settings.REDMINE_API_KEY, "Accept": "application/json"},
            timeout=settings.REDMINE_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        logger.warning("Redmine unreachable for ticket #%s: %s", number, exc)
        return None, SyncError.UNREACHABLE
    if response.status_code == 404:
        return None, SyncError.NOT_FOUND
    if response.status_code in (401, 403):
        logger.error("Redmine refused the API key (HTTP %s)", response.status_code)
        return None, SyncError.UNAUTHORISED
    if response.status_code >= 500:
        return None, SyncError.UNREACHABLE
    try:
        issue = response.json()["issue"]
        fields = {
            "status": str((issue.get("status") or {}).get("name") or "")[:100],
            "target_version": str((issue.get("fixed_version") or {}).get("name") or "")[:100],
            "done_ratio": max(0, min(100, int(issue.get("done_ratio") or 0))),
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, SyncError.INVALID
    return fields, ""


def _note(link: TicketLink, fields: dict) -> str:
    """One line for the request's history, naming what changed on the ticket."""
    changes = []
    if fields["status"] != link.status:
        changes.append(
            _("status %(old)s → %(new)s") % {"old": link.status or "—", "new": fields["status"]}
        )
    if fields["target_version"] != link.target_version:
        changes.append(
            _("target version %(old)s → %(new)s")
            % {"old": link.target_version or "—", "new": fields["target_version"] or "—"}
        )
    if fields["done_ratio"] != link.done_ratio:
        old = "—" if link.done_ratio is None else link.done_ratio
        changes.append(_("done %(old)s → %(new)s %%") % {"old": old, "new": fields["done_ratio"]})
    if not changes:
        return ""
    return _("Vendor tracker, ticket #%(number)s: %(changes)s") % {
        "number": link.number,
        "changes": " ; ".join(str(change) for change in changes),
    }


def _retry_delay(failures: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(failures - 1, 0)), MAX_RETRY_DELAY)


def sync_link(link: TicketLink, *, now=None) -> str:
    """Sync one claimed link; returns "" or the SyncError code. Changes go to the request's
    public history (a note entry, the status of the request itself does not move)."""
    fields, error = fetch(link.number)
    now = now or timezone.now()
    with transaction.atomic():
        link = TicketLink.objects.select_for_update().select_related("request").get(pk=link.pk)
        link.last_error = error
        if error == SyncError.UNREACHABLE:
            link.failures += 1
            link.next_sync_at = now + _retry_delay(link.failures)
        else:
            link.failures = 0
            link.next_sync_at = now + timedelta(seconds=settings.REDMINE_SYNC_EVERY)
        if fields is not None:
            note = _note(link, fields)
            if note:
                StatusChange.objects.create(
                    request=link.request,
                    from_status=link.request.status,
                    to_status=link.request.status,
                    reason=str(note),
                )
            link.status = fields["status"]
            link.target_version = fields["target_version"]
            link.done_ratio = fields["done_ratio"]
            link.last_synced_at = now
        link.save()
    return error


def sync_due(*, now=None, limit: int = 50) -> int:
    """Job: sync the links whose time has come. Returns how many synced without error."""
    if not base_url():
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            TicketLink.objects.select_for_update(skip_locked=True)
            .filter(next_sync_at__lte=now)
            .order_by("next_sync_at", "id")[:limit]
        )
        TicketLink.objects.filter(pk__in=[link.pk for link in due]).update(next_sync_at=now + LEASE)
    return sum(1 for link in due if not sync_link(link, now=now))
