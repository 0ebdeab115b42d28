"""Read-side queries for requests: search, filters, similar requests, triage queues."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from cercle.core.text import keywords, normalise
from cercle.glossary.models import Term
from cercle.requests.enums import STALE_CANDIDATES, Sort, Status
from cercle.requests.models import Endorsement, ImprovementRequest, StatusChange
from cercle.requests.permissions import counts_towards_threshold

SORTS = {
    Sort.ENDORSED: ["-endorsement_count", "-support_count", "-submitted_at"],
    Sort.NEWEST: ["-submitted_at", "-created_at"],
    Sort.ACTIVE: ["-last_activity_at"],
}
SIMILAR_MIN_SCORE = 0.3


def public_requests():
    """Filed requests as everyone sees them (no drafts, no merged duplicates)."""
    return (
        ImprovementRequest.objects.exclude(status__in=[Status.DRAFT, Status.DUPLICATE])
        .select_related("organisation")
        .prefetch_related(Prefetch("modules", queryset=Term.objects.order_by("name")))
    )


def full_text(queryset, query: str):
    """Search title, problem and use case: French stemming on PostgreSQL, stems elsewhere."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        # The indexed columns are already lower-cased and unaccented: accents typed or not,
        # "démarches" and "demarche" meet on the same French stem.
        vector = SearchVector("search_title", weight="A", config="french") + SearchVector(
            "search_text", weight="B", config="french"
        )
        search = SearchQuery(normalise(query), config="french", search_type="websearch")
        # Filter on the match itself: ts_rank is positive even when only some words match.
        return queryset.annotate(document=vector, rank=SearchRank(vector, search)).filter(
            document=search
        )
    words = keywords(query)
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def search_requests(
    *, query="", module=None, status="", organisation=None, eligible=None, sort=Sort.ENDORSED
):
    queryset = public_requests()
    if query:
        queryset = full_text(queryset, query)
    if module is not None:
        queryset = queryset.filter(modules=module)
    if status:
        queryset = queryset.filter(status=status)
    if organisation:
        endorsements = Endorsement.objects.filter(request=OuterRef("pk"))
        if isinstance(organisation, str):
            endorsements = endorsements.filter(
                Q(organisation__slug=organisation) | Q(organisation__name__icontains=organisation)
            )
        else:
            endorsements = endorsements.filter(organisation=organisation)
        queryset = queryset.filter(Exists(endorsements))
    if eligible is True:
        queryset = queryset.filter(endorsement_count__gte=settings.ENDORSEMENTS_REQUIRED)
    elif eligible is False:
        queryset = queryset.filter(endorsement_count__lt=settings.ENDORSEMENTS_REQUIRED)
    order = SORTS.get(sort, SORTS[Sort.ENDORSED])
    if query and connection.vendor == "postgresql" and sort == Sort.ENDORSED:
        order = ["-rank", *order]
    return queryset.order_by(*order, "-pk")


def similar_requests(title: str, *, exclude_pk=None, limit: int = 5):
    """Up to `limit` filed requests whose titles share most keywords with `title`: scored in
    SQL on the stored keywords (Dice coefficient), best first, the most endorsed on a tie."""
    words = keywords(title)
    if not words:
        return []
    # 2 × (keywords in common) / (keywords of the title typed + keywords of the request's).
    common = " + ".join(["CASE WHEN title_keywords LIKE %s THEN 1 ELSE 0 END"] * len(words))
    score = f"2.0 * ({common}) / ({len(words)} + title_keyword_count)"
    patterns = [f"% {word} %" for word in words]  # keywords are [a-z0-9]+: no LIKE wildcard
    order = f"{score} DESC, endorsement_count DESC, reference"
    hidden = [Status.DRAFT, Status.DUPLICATE]
    excluded = "" if exclude_pk is None else "AND id <> %s"
    table = ImprovementRequest._meta.db_table
    # One statement, in plain SQL (the ORM took longer to build it than the database to run
    # it): the best are ranked on the index of keywords alone, then their rows are read.
    sql = (
        f"SELECT id, reference, title, status, endorsement_count FROM {table} "  # noqa: S608 - our own SQL; every value is a parameter
        f"WHERE id IN (SELECT id FROM {table} WHERE status NOT IN (%s, %s) {excluded} "
        f"AND {score} >= %s ORDER BY {order} LIMIT %s) ORDER BY {order}"
    )
    params = [
        *hidden,
        *([] if exclude_pk is None else [exclude_pk]),
        *patterns,
        SIMILAR_MIN_SCORE,
        *patterns,
        limit,
        *patterns,
    ]
    return list(ImprovementRequest.objects.raw(sql, params))


def triage_queue(queue: str):
    """Staff queues: new (never triaged), needs information, stale (no activity for a while)."""
    base = ImprovementRequest.objects.select_related("organisation").order_by("submitted_at")
    if queue == "needs_info":
        return base.filter(status=Status.NEEDS_INFO)
    if queue == "stale":
        limit = timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS)
        return base.filter(status__in=STALE_CANDIDATES, last_activity_at__lt=limit)
    triaged = StatusChange.objects.filter(request=OuterRef("pk"), actor__is_staff=True)
    return base.filter(status__in=[Status.SUBMITTED, Status.ELIGIBLE]).exclude(Exists(triaged))


def organisation_requests(organisation):
    """What an organisation filed and what it endorsed, for its public page."""
    requests = public_requests().order_by("-submitted_at")
    return {
        "filed": requests.filter(organisation=organisation)[:50],
        "endorsed": requests.filter(endorsements__organisation=organisation).exclude(
            organisation=organisation
        )[:50],
    }


@dataclass(frozen=True)
class RequestEndorsements:
    """A request's endorsements: those that count towards the threshold, and the others
    (the vendor's, or an organisation no longer a member), shown apart."""

    all: list
    counted: list
    apart: list


def request_endorsements(improvement) -> RequestEndorsements:
    endorsements = list(
        Endorsement.objects.filter(request=improvement).select_related(
            "organisation", "endorsed_by"
        )
    )
    counted = [e for e in endorsements if counts_towards_threshold(e.organisation)]
    apart = [e for e in endorsements if not counts_towards_threshold(e.organisation)]
    return RequestEndorsements(all=endorsements, counted=counted, apart=apart)
