"""The JSON each event carries: ids, titles, absolute addresses, ISO 8601 times. Stable: a
field is added, never renamed or removed."""

from django.conf import settings
from django.urls import reverse


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _iso(value):
    return value.isoformat() if value is not None else None


def organisation(org) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name, "url": _absolute(org.get_absolute_url())}


def improvement(request) -> dict:
    return {
        "reference": request.reference,
        "title": request.title,
        "status": request.status,
        "organisation": organisation(request.organisation),
        "endorsement_count": request.endorsement_count,
        "submitted_at": _iso(request.submitted_at),
        "url": _absolute(request.get_absolute_url()),
    }


def status_change(request, *, from_status: str, to_status: str, reason: str) -> dict:
    return {
        "request": improvement(request),
        "from_status": from_status,
        "to_status": to_status,
        "reason": reason,
    }


def campaign(vote) -> dict:
    retained = vote.items.filter(retained=True).select_related("request").order_by("position")
    return {
        "id": vote.pk,
        "title": vote.title,
        "seats": vote.seats,
        "closed_at": _iso(vote.closed_at),
        "url": _absolute(vote.get_absolute_url()),
        "retained": [
            {
                "reference": item.request.reference,
                "title": item.request.title,
                "position": item.position,
                "url": _absolute(item.request.get_absolute_url()),
            }
            for item in retained
        ],
    }


def roadmap_item(entry, *, created: bool) -> dict:
    return {
        "id": entry.pk,
        "action": "created" if created else "updated",
        "title": entry.title,
        "label": entry.label,
        "status": entry.status,
        "year": entry.year,
        "quarter": entry.quarter,
        "request": entry.request.reference if entry.request_id else None,
        "url": _absolute(reverse("funding:roadmap")),
    }


def registration(row, *, updated: bool) -> dict:
    meeting = row.meeting
    return {
        "id": row.pk,
        "updated": updated,
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "url": _absolute(meeting.get_absolute_url()),
        },
        "organisation": organisation(row.organisation),
        "badge_name": row.badge_name,
        "registered_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }
