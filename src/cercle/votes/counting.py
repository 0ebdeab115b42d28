"""Ballot validation and vote counting (approval, points, Schulze).

Pure Python, no Django models: the same code counts the official result and the
independent recount from the ballots export (see ``cercle.votes.recount``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError


class Method(StrEnum):
    APPROVAL = "approval"
    POINTS = "points"
    SCHULZE = "schulze"


@dataclass(frozen=True)
class ApprovalParams:
    """Choose between one and ``max_choices`` requests."""

    max_choices: int

    def __post_init__(self) -> None:
        _require_positive_int(max_choices=self.max_choices)


@dataclass(frozen=True)
class PointsParams:
    """Distribute up to ``total_points``, at most ``max_per_request`` on one request."""

    total_points: int
    max_per_request: int

    def __post_init__(self) -> None:
        _require_positive_int(total_points=self.total_points, max_per_request=self.max_per_request)


@dataclass(frozen=True)
class SchulzeParams:
    """Rank any number of requests; the method has no parameter."""


MethodParams = ApprovalParams | PointsParams | SchulzeParams

_PARAMS_TYPE = {
    Method.APPROVAL: ApprovalParams,
    Method.POINTS: PointsParams,
    Method.SCHULZE: SchulzeParams,
}

TIE_BREAK_RULE = _(
    "Approval and points: requests with the same score are ordered by the number of "
    "organisations that supported them (approved them or gave them at least one point), "
    "most first. Ranked vote: seats are filled by successive sets of unbeaten requests (the "
    "Schulze winners of the requests that remain). Requests still tied are tied: when such a "
    "set straddles the last seat, the result says so (tie at the cutoff) and the seats left "
    "are given by the rule announced with the campaign before the results are published."
)

# The same rule, as it applies to a vote on host candidacies (one seat: the host).
TIE_BREAK_RULE_HOSTING = _(
    "Approval and points: candidacies with the same score are ordered by the number of "
    "organisations that supported them (approved them or gave them at least one point), "
    "most first. Ranked vote: the candidacy chosen is the one no other beats (the Schulze "
    "winner). Candidacies still tied are tied: when several share the first place, the "
    "result says so (tie at the cutoff) and the host is chosen among them by the rule "
    "announced with the vote before the results are published."
)


@dataclass(frozen=True)
class CastBallot:
    """A counted ballot: approved refs, or ref -> points, or ref -> rank (1 = preferred)."""

    weight: int
    choices: Collection[str] | Mapping[str, int]

    def __post_init__(self) -> None:
        _require_positive_int(weight=self.weight)


@dataclass(frozen=True)
class RankedItem:
    request: str
    score: int
    position: int


@dataclass(frozen=True)
class Result:
    """``retained``: the requests sure of a seat. ``tied``: the requests tied at the cutoff,
    competing for the ``tied_seats`` seats left (empty when no tie straddles the last seat).
    """

    ranking: list[RankedItem]
    retained: list[str]
    tied: list[str] = field(default_factory=list)
    tied_seats: int = 0

    @property
    def tie_at_cutoff(self) -> bool:
        return bool(self.tied)


def validate_ballot(
    *,
    method: str,
    params: MethodParams,
    ballot: Iterable[str] | Mapping[str, int] | Iterable[tuple[str, int]],
    candidates: Collection[str],
) -> frozenset[str] | dict[str, int]:
    """Check a ballot against the method's rules and return it normalised.

    Approval takes an iterable of refs and returns a frozenset. Points and Schulze take
    a mapping or (ref, value) pairs; points returns ref -> points without zero lines,
    Schulze returns ref -> rank with ranks renumbered 1, 2, 3... keeping their order.
    Raises DomainError.
    """
    method = Method(method)
    if not isinstance(params, _PARAMS_TYPE[method]):
        raise TypeError(f"{method} needs {_PARAMS_TYPE[method].__name__}, got {params!r}")
    on_ballot = frozenset(candidates)
    if method is Method.APPROVAL:
        return _validate_approval(params=params, ballot=ballot, on_ballot=on_ballot)
    pairs = _pairs(ballot=ballot, on_ballot=on_ballot)
    if method is Method.POINTS:
        return _validate_points(params=params, pairs=pairs)
    return _validate_schulze(pairs=pairs)


def _validate_approval(
    *, params: ApprovalParams, ballot: Iterable[str], on_ballot: frozenset[str]
) -> frozenset[str]:
    chosen: set[str] = set()
    for ref in ballot:
        _check_line(ref=ref, seen=chosen, on_ballot=on_ballot)
        chosen.add(ref)
    if not chosen:
        raise DomainError("empty_ballot", _("The ballot is empty."))
    if len(chosen) > params.max_choices:
        raise DomainError(
            "too_many_choices",
            _("You chose %(given)s requests; at most %(max)s are allowed."),
            max=params.max_choices,
            given=len(chosen),
        )
    return frozenset(chosen)


def _validate_points(*, params: PointsParams, pairs: list[tuple[str, object]]) -> dict[str, int]:
    points: dict[str, int] = {}
    for ref, value in pairs:
        if not _is_int(value) or value < 0:
            raise DomainError(
                "invalid_points",
                _("Points for request %(request)s must be a whole number, zero or more."),
                request=ref,
            )
        if value > params.max_per_request:
            raise DomainError(
                "too_many_points_on_one",
                _(
                    "Request %(request)s gets too many points; at most %(max)s can go to one "
                    "request."
                ),
                max=params.max_per_request,
                request=ref,
            )
        if value:
            points[ref] = value
    total = sum(points.values())
    if not total:
        raise DomainError("empty_ballot", _("The ballot is empty."))
    if total > params.total_points:
        raise DomainError(
            "too_many_points",
            _("You gave %(given)s points in total; at most %(max)s are allowed."),
            max=params.total_points,
            given=total,
        )
    return points


def _validate_schulze(*, pairs: list[tuple[str, object]]) -> dict[str, int]:
    for ref, value in pairs:
        if not _is_int(value) or value < 1:
            raise DomainError(
                "invalid_rank",
                _("The rank of request %(request)s must be a whole number, 1 or more."),
                request=ref,
            )
    if not pairs:
        raise DomainError("empty_ballot", _("The ballot is empty."))
    dense = {rank: n for n, rank in enumerate(sorted({rank for _, rank in pairs}), start=1)}
    return {ref: dense[rank] for ref, rank in pairs}


def _pairs(
    *, ballot: Mapping[str, object] | Iterable[tuple[str, object]], on_ballot: frozenset[str]
) -> list[tuple[str, object]]:
    lines = list(ballot.items() if isinstance(ballot, Mapping) else ballot)
    seen: set[str] = set()
    for ref, _value in lines:
        _check_line(ref=ref, seen=seen, on_ballot=on_ballot)
        seen.add(ref)
    return lines


def _check_line(*, ref: str, seen: set[str], on_ballot: frozenset[str]) -> None:
    if ref not in on_ballot:
        raise DomainError(
            "unknown_request", _("Request %(request)s is not on this ballot."), request=ref
        )
    if ref in seen:
        raise DomainError(
            "duplicate_request",
            _("Request %(request)s appears more than once on the ballot."),
            request=ref,
        )


def count(
    *, method: str, ballots: Sequence[CastBallot], candidates: Sequence[str], seats: int
) -> Result:
    """Count the ballots with the campaign's method and retain ``seats`` requests."""
    from cercle.votes.schulze import count_schulze

    counter = {
        Method.APPROVAL: count_approval,
        Method.POINTS: count_points,
        Method.SCHULZE: count_schulze,
    }[Method(method)]
    return counter(ballots=ballots, candidates=candidates, seats=seats)


def count_approval(
    *, ballots: Sequence[CastBallot], candidates: Sequence[str], seats: int
) -> Result:
    """Score = total weight of the ballots approving the request."""
    index = _index(candidates)
    scores = [0] * len(candidates)
    supporters = [0] * len(candidates)
    for ballot in ballots:
        for ref in set(ballot.choices):
            i = _position(index=index, ref=ref)
            scores[i] += ballot.weight
            supporters[i] += 1
    return _result(candidates=candidates, scores=scores, supporters=supporters, seats=seats)


def count_points(*, ballots: Sequence[CastBallot], candidates: Sequence[str], seats: int) -> Result:
    """Score = sum of weight x points given to the request."""
    index = _index(candidates)
    scores = [0] * len(candidates)
    supporters = [0] * len(candidates)
    for ballot in ballots:
        weight = ballot.weight
        for ref, points in ballot.choices.items():
            i = _position(index=index, ref=ref)
            scores[i] += weight * points
            if points:
                supporters[i] += 1
    return _result(candidates=candidates, scores=scores, supporters=supporters, seats=seats)


def _result(
    *, candidates: Sequence[str], scores: list[int], supporters: list[int], seats: int
) -> Result:
    """Approval and points: requests with the same score and supporters are tied."""
    key = {i: (-scores[i], -supporters[i]) for i in range(len(candidates))}
    groups: dict[tuple[int, int], list[int]] = {}
    for i in sorted(key, key=key.get):
        groups.setdefault(key[i], []).append(i)
    return ranked_result(
        candidates=candidates,
        scores=scores,
        supporters=supporters,
        groups=list(groups.values()),
        seats=seats,
    )


def ranked_result(
    *,
    candidates: Sequence[str],
    scores: list[int],
    supporters: list[int],
    groups: list[list[int]],
    seats: int,
) -> Result:
    """Build the result from ``groups`` of tied requests, best group first.

    Tied requests share a position (listed by supporters, then reference, for reading
    only). Whole groups take the seats; a group that straddles the last seat is the tie at
    the cutoff: its requests are neither retained nor out, the result says so.
    """
    if not _is_int(seats) or seats < 0:
        raise ValueError(f"seats must be a non-negative integer, got {seats!r}")
    ranking: list[RankedItem] = []
    retained: list[str] = []
    tied: list[str] = []
    tied_seats = 0
    for group in groups:
        members = sorted(group, key=lambda i: (-supporters[i], candidates[i]))
        position = len(ranking) + 1
        ranking.extend(
            RankedItem(request=candidates[i], score=scores[i], position=position) for i in members
        )
        left = seats - len(retained)
        if tied or left <= 0:
            continue
        if len(members) <= left:
            retained.extend(candidates[i] for i in members)
        else:
            tied, tied_seats = [candidates[i] for i in members], left
    return Result(ranking=ranking, retained=retained, tied=tied, tied_seats=tied_seats)


def _index(candidates: Sequence[str]) -> dict[str, int]:
    index = {ref: i for i, ref in enumerate(candidates)}
    if len(index) != len(candidates):
        raise ValueError("candidates contain the same request twice")
    return index


def _position(*, index: dict[str, int], ref: str) -> int:
    try:
        return index[ref]
    except KeyError:
        raise ValueError(f"ballot mentions {ref!r}, not a candidate") from None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require_positive_int(**values: object) -> None:
    for name, value in values.items():
        if not _is_int(value) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
