"""Read-only questions: the review queue (new members first) and the call's figures."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from cercle.contributions.enums import Format, ProposalStatus
from cercle.contributions.models import Call, Proposal, Review


def review_queue(call: Call, reviewer) -> list[Proposal]:
    """Proposals not withdrawn, new member organisations first, then in order of arrival.

    Each carries `reviewed` (whether `reviewer` has reviewed it) and `review_count`.
    """
    mine = Review.objects.filter(proposal=OuterRef("pk"), reviewer=reviewer)
    return list(
        call.proposals.exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("organisation")
        .annotate(reviewed=Exists(mine), review_count=Count("reviews"))
        .order_by("-from_newcomer", "created_at", "pk")
    )


@dataclass(frozen=True)
class Figures:
    by_format: list  # (label, count)
    from_newcomers: int
    from_regulars: int
    decided: int
    accepted: int
    total: int

    @property
    def acceptance_rate(self) -> int | None:
        """Accepted among decided proposals, as a whole percentage; None before any decision."""
        return round(100 * self.accepted / self.decided) if self.decided else None


def figures(call: Call) -> Figures:
    """Counts of the proposals not withdrawn, in one query."""
    active = call.proposals.exclude(status=ProposalStatus.WITHDRAWN)
    decided = Q(status__in=[ProposalStatus.ACCEPTED, ProposalStatus.DECLINED])
    totals = active.aggregate(
        total=Count("pk"),
        newcomers=Count("pk", filter=Q(from_newcomer=True)),
        decided=Count("pk", filter=decided),
        accepted=Count("pk", filter=Q(status=ProposalStatus.ACCEPTED)),
        **{value: Count("pk", filter=Q(format=value)) for value in Format.values},
    )
    return Figures(
        by_format=[(label, totals[value]) for value, label in Format.choices],
        from_newcomers=totals["newcomers"],
        from_regulars=totals["total"] - totals["newcomers"],
        decided=totals["decided"],
        accepted=totals["accepted"],
        total=totals["total"],
    )
