"""Two funded requests linked to the vendor's tracker tickets, as last synced (no network)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest, StatusChange
from cercle.tracker.models import TicketLink

TICKETS = [(4242, "En cours", "2.4", 60), (4243, "Nouveau", "2.5", 0)]


def load(*, stdout):
    base = settings.REDMINE_URL or "https://suivi.editeur.example"
    # Funded requests on the roadmap first, then other retained ones.
    requests = ImprovementRequest.objects.filter(
        status__in=[Status.FUNDED, Status.COSTED, Status.RETAINED, Status.IN_PROGRESS]
    ).order_by(F("roadmap_item").asc(nulls_last=True), "pk")[:2]
    now = timezone.now()
    for improvement, (number, status, version, done) in zip(requests, TICKETS, strict=False):
        link, created = TicketLink.objects.get_or_create(
            request=improvement,
            number=number,
            defaults={
                "url": f"{base}/issues/{number}",
                "status": status,
                "target_version": version,
                "done_ratio": done,
                "last_synced_at": now,
                "next_sync_at": now + timedelta(hours=1),
            },
        )
        if created:
            StatusChange.objects.create(
                request=improvement,
                from_status=improvement.status,
                to_status=improvement.status,
                reason=f"Suivi éditeur, ticket #{number} : statut — → {status} ; "
                f"version cible — → {version} ; avancement — → {done} %",
            )
    stdout.write(f"  tracker tickets: {TicketLink.objects.count()}")
    return [("anais.morel@editeur.demo.test", "links requests to tracker tickets")]
