"""Last quarter's online session (held, with its agenda) and next quarter's, whose agenda
staff built from the proposed requests and edited."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model

from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import PARIS, Meeting
from cercle.quarterly import services
from cercle.quarterly.models import QuarterlySession
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest

ONLINE_ROOM = "https://visio.example.test/club-trimestriel"


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def _shift(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def _session(staff, year: int, quarter: int) -> QuarterlySession:
    existing = QuarterlySession.objects.filter(year=year, quarter=quarter).first()
    if existing is not None:
        return existing
    day = _quarter_start(year, quarter).replace(day=15)
    return services.create_session(
        actor=staff,
        starts_at=datetime.combine(day, time(14, 0), tzinfo=PARIS),
        ends_at=datetime.combine(day, time(16, 0), tzinfo=PARIS),
        online_url=ONLINE_ROOM,
    )


def load(stdout) -> list[tuple[str, str]]:
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    if staff is None:
        return []
    year, quarter = services.quarter_of(datetime.now(tz=PARIS))
    past = _session(staff, *_shift(year, quarter, -1))
    Meeting.objects.filter(pk=past.meeting_id).update(status=MeetingStatus.HELD)
    upcoming = _session(staff, *_shift(year, quarter, 1))
    if not past.agenda.exists():
        discussed = ImprovementRequest.objects.filter(
            status__in=[Status.RETAINED, Status.DECLINED, Status.ELIGIBLE]
        ).order_by("pk")[:2]
        services.add_to_agenda(session=past, actor=staff, requests=list(discussed))
    if not upcoming.agenda.exists():
        proposals = services.propose_agenda(upcoming)[:4]
        if not proposals:
            open_requests = ImprovementRequest.objects.filter(
                status__in=services.OPEN_STATUSES
            ).order_by("-endorsement_count", "pk")[:4]
            chosen = list(open_requests)
        else:
            chosen = [proposal.request for proposal in proposals]
        items = services.add_to_agenda(session=upcoming, actor=staff, requests=chosen)
        if len(items) > 1:
            services.move_item(item=items[-1], actor=staff, up=True)
            services.update_item(
                item=items[0],
                actor=staff,
                title="",
                note="L'éditeur présente une maquette ; les communes disent ce qui manque.",
            )
    stdout.write(f"  quarterly: {QuarterlySession.objects.count()} online sessions\n")
    return []
