"""Quarterly online sessions: creating them as remote-only meetings, proposing and editing
their agenda of requests. Every function checks that the actor is vendor staff."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff
from cercle.meetings.enums import MeetingStatus, SessionKind
from cercle.meetings.models import Meeting, MeetingDay, Session
from cercle.organisations.enums import OrganisationKind
from cercle.organisations.models import Organisation
from cercle.quarterly.models import AgendaItem, QuarterlySession
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest

FORBIDDEN = _("Only the vendor's staff may prepare quarterly sessions.")
# Quarterly meetings take edition numbers far above the club meetings' (1 to 999), so the
# two never collide: 2027, quarter 1 is 10000 + 20271.
EDITION_BASE = 10_000
# Filed and not yet decided nor scheduled for a vote: what a quarterly session discusses.
OPEN_STATUSES = (Status.SUBMITTED, Status.NEEDS_INFO, Status.ELIGIBLE)
PROPOSAL_LIMIT = 20


def check_staff(actor) -> None:
    if not is_vendor_staff(actor):
        raise DomainError("forbidden", FORBIDDEN)


def quarter_of(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


@transaction.atomic
def create_session(*, actor, starts_at: datetime, ends_at: datetime, online_url: str = ""):
    """Create the quarterly session of the quarter `starts_at` falls in: a remote-only
    meeting hosted by the vendor, open for registration until it starts, with one day and
    one plenary slot. One session per quarter ("quarter_taken"). Audited."""
    check_staff(actor)
    if ends_at <= starts_at:
        raise DomainError(
            "ends_before_start", _("The session must end after it starts."), fields=["ends_at"]
        )
    year, quarter = quarter_of(starts_at)
    host = (
        Organisation.objects.filter(kind=OrganisationKind.VENDOR, is_active=True)
        .order_by("pk")
        .first()
    )
    if host is None:
        raise DomainError("no_vendor", _("The vendor's organisation is missing."))
    title = gettext("Quarterly online session, Q%(quarter)s %(year)s") % {
        "quarter": quarter,
        "year": year,
    }
    if QuarterlySession.objects.filter(year=year, quarter=quarter).exists():
        raise DomainError(
            "quarter_taken",
            _("This quarter already has its online session."),
            fields=["starts_at"],
        )
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                edition=EDITION_BASE + year * 10 + quarter,
                title=title,
                slug=slugify(f"trimestrielle-{year}-t{quarter}"),
                host=host,
                online_url=online_url,
                remote_only=True,
                registration_closes_at=starts_at,
                status=MeetingStatus.OPEN,
            )
            session = QuarterlySession.objects.create(
                meeting=meeting, year=year, quarter=quarter, starts_at=starts_at, ends_at=ends_at
            )
    except IntegrityError:
        raise DomainError(
            "quarter_taken",
            _("This quarter already has its online session."),
            fields=["starts_at"],
        ) from None
    day = MeetingDay.objects.create(meeting=meeting, date=timezone.localdate(starts_at))
    Session.objects.create(
        meeting=meeting,
        day=day,
        title=title,
        kind=SessionKind.PLENARY,
        starts_at=starts_at,
        ends_at=ends_at,
        open_to_remote=True,
    )
    record(
        actor=actor,
        action="quarterly.session_created",
        target=meeting,
        details={"year": year, "quarter": quarter, "starts_at": starts_at.isoformat()},
    )
    return session


def previous_session(session: QuarterlySession) -> QuarterlySession | None:
    return (
        QuarterlySession.objects.filter(starts_at__lt=session.starts_at)
        .order_by("-starts_at")
        .first()
    )


@dataclass(frozen=True)
class Proposal:
    """A request proposed for an agenda, with the support it gathered since the last session."""

    request: ImprovementRequest
    endorsements: int
    supports: int


def propose_agenda(session: QuarterlySession, *, now=None) -> list[Proposal]:
    """The open requests most supported since the previous quarterly session (endorsements
    first, then +1, then the oldest filed), leaving out requests already on the agenda of a
    session not yet over (this one included) and those scheduled for a vote or decided."""
    now = now or timezone.now()
    previous = previous_session(session)
    since = previous.starts_at if previous is not None else None
    recent_endorsements = Q(endorsements__created_at__gte=since) if since else None
    recent_supports = Q(supports__created_at__gte=since) if since else None
    scheduled = AgendaItem.objects.filter(Q(session=session) | Q(session__ends_at__gt=now)).values(
        "request_id"
    )
    candidates = (
        ImprovementRequest.objects.filter(status__in=OPEN_STATUSES)
        .exclude(pk__in=scheduled)
        .annotate(
            recent_endorsements=Count("endorsements", filter=recent_endorsements, distinct=True),
            recent_supports=Count("supports", filter=recent_supports, distinct=True),
        )
        .filter(Q(recent_endorsements__gt=0) | Q(recent_supports__gt=0))
        .select_related("organisation")
        .order_by("-recent_endorsements", "-recent_supports", "submitted_at", "pk")
    )[:PROPOSAL_LIMIT]
    return [
        Proposal(request=r, endorsements=r.recent_endorsements, supports=r.recent_supports)
        for r in candidates
    ]


def _lock(session: QuarterlySession) -> QuarterlySession:
    return QuarterlySession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def add_to_agenda(*, session: QuarterlySession, actor, requests) -> list[AgendaItem]:
    """Append `requests` to the end of the agenda, in the order given; those already on it
    are left where they are. Audited."""
    check_staff(actor)
    session = _lock(session)
    present = set(session.agenda.values_list("request_id", flat=True))
    last = session.agenda.aggregate(last=Max("position"))["last"] or 0
    added = []
    for improvement in requests:
        if improvement.pk in present:
            continue
        last += 1
        present.add(improvement.pk)
        added.append(AgendaItem.objects.create(session=session, request=improvement, position=last))
    if added:
        record(
            actor=actor,
            action="quarterly.agenda_added",
            target=session.meeting,
            details={"requests": [item.request.reference for item in added]},
        )
    return added


def _renumber(session: QuarterlySession, items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def move_item(*, item: AgendaItem, actor, up: bool) -> None:
    """Swap an agenda item with the one before (`up`) or after it; the ends stay put."""
    check_staff(actor)
    session = _lock(item.session)
    items = list(session.agenda.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(session, items)


@transaction.atomic
def update_item(*, item: AgendaItem, actor, title: str, note: str) -> AgendaItem:
    check_staff(actor)
    item.title, item.note = title.strip(), note.strip()
    item.save(update_fields=["title", "note"])
    record(
        actor=actor,
        action="quarterly.agenda_edited",
        target=item.session.meeting,
        details={"request": item.request.reference, "title": item.title},
    )
    return item


@transaction.atomic
def remove_item(*, item: AgendaItem, actor) -> None:
    check_staff(actor)
    session = _lock(item.session)
    reference = item.request.reference
    item.delete()
    _renumber(session, list(session.agenda.all()))
    record(
        actor=actor,
        action="quarterly.agenda_removed",
        target=session.meeting,
        details={"request": reference},
    )
