"""Ballot validation and vote counting (approval, points, Schulze).

Pure Python, no Django models: the same code counts the official result and the
independent recount from the ballots export (see ``cercle.votes.recount``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


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

MESSAGES = {
    "unknown_request": _("Request %(request)s is not on this ballot."),
    "duplicate_request": _("Request %(request)s appears more than once on the ballot."),
    "empty_ballot": _("The ballot is empty."),
    "too_many_choices": _("You chose %(given)s requests; at most %(max)s are allowed."),
    "invalid_points": _("Points for request %(request)s must be a whole number, zero or more."),
    "too_many_points_on_one": _(
        "Request %(request)s gets too many points; at most %(max)s can go to one request."
    ),
    "too_many_points": _("You gave %(given)s points in total; at most %(max)s are allowed."),
    "invalid_rank": _("The rank of request %(request)s must be a whole number, 1 or more."),
}

TIE_BREAK_RULE = _(
    "Requests with the same score are ordered by the number of organisations that "
    "supported them (approved them, gave them at least one point or ranked them), "
    "most first; if still tied, by request reference in ascending order."
)


class BallotError(ValueError):
    """A ballot breaks a rule of the campaign's method; ``code`` is a key of MESSAGES."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


def ballot_error_message(error: BallotError) -> str:
    """Return the translated message of a ballot error."""
    return MESSAGES[error.code] % error.params


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
    ranking: list[RankedItem]
    retained: list[str]


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
    Raises BallotError.
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
        raise BallotError("empty_ballot")
    if len(chosen) > params.max_choices:
        raise BallotError("too_many_choices", max=params.max_choices, given=len(chosen))
    return frozenset(chosen)


def _validate_points(*, params: PointsParams, pairs: list[tuple[str, object]]) -> dict[str, int]:
    points: dict[str, int] = {}
    for ref, value in pairs:
        if not _is_int(value) or value < 0:
            raise BallotError("invalid_points", request=ref)
        if value > params.max_per_request:
            raise BallotError("too_many_points_on_one", max=params.max_per_request, request=ref)
        if value:
            points[ref] = value
    total = sum(points.values())
    if not total:
        raise BallotError("empty_ballot")
    if total > params.total_points:
        raise BallotError("too_many_points", max=params.total_points, given=total)
    return points


def _validate_schulze(*, pairs: list[tuple[str, object]]) -> dict[str, int]:
    for ref, value in pairs:
        if not _is_int(value) or value < 1:
            raise BallotError("invalid_rank", request=ref)
    if not pairs:
        raise BallotError("empty_ballot")
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
        raise BallotError("unknown_request", request=ref)
    if ref in seen:
        raise BallotError("duplicate_request", request=ref)


def count(
    *, method: str, ballots: Sequence[CastBallot], candidates: Sequence[str], seats: int
) -> Result:
    """Count the ballots with the campaign's method and retain ``seats`` requests."""
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


def count_schulze(
    *, ballots: Sequence[CastBallot], candidates: Sequence[str], seats: int
) -> Result:
    """Score = number of other requests beaten on strongest paths (Schulze method)."""
    paths = strongest_paths(pairwise_preferences(ballots=ballots, candidates=candidates))
    scores = [
        sum(1 for b, p_ab in enumerate(row) if p_ab > paths[b][a]) for a, row in enumerate(paths)
    ]
    supporters = [0] * len(candidates)
    index = _index(candidates)
    for ballot in ballots:
        for ref in ballot.choices:
            supporters[index[ref]] += 1
    return _result(candidates=candidates, scores=scores, supporters=supporters, seats=seats)


def pairwise_preferences(
    *, ballots: Sequence[CastBallot], candidates: Sequence[str]
) -> list[list[int]]:
    """Return d where d[a][b] = total weight of ballots ranking a strictly above b.

    Ballots map ref -> rank (1 = preferred); unranked requests come after all ranked ones.
    """
    index = _index(candidates)
    n = len(candidates)
    # Each row d[a] is packed into one integer, ``width`` bits per cell, so that adding a
    # ballot to "a beats every request in this set" is a single big-integer addition
    # instead of one addition per pair (5M pair updates for 1,000 ballots x 100 requests
    # are too slow in pure Python). A cell never exceeds the total weight, so no carry
    # spills into the next cell.
    width = max(sum(ballot.weight for ballot in ballots).bit_length(), 1)
    bit = [1 << (i * width) for i in range(n)]
    everyone = sum(bit)
    rows = [0] * n
    for ballot in ballots:
        try:
            worst_first = sorted(
                [(rank, index[ref]) for ref, rank in ballot.choices.items()], reverse=True
            )
        except KeyError as error:
            raise ValueError(f"ballot mentions {error.args[0]!r}, not a candidate") from None
        worse = everyone - sum([bit[i] for _, i in worst_first])
        level = None
        for rank, i in worst_first:
            # Requests sharing a rank do not beat each other: the gain is only
            # recomputed when the rank changes.
            if rank != level:
                level = rank
                gain = ballot.weight * worse
            rows[i] += gain
            worse += bit[i]
    cell = (1 << width) - 1
    return [[(row >> (j * width)) & cell for j in range(n)] for row in rows]


def strongest_paths(preferences: Sequence[Sequence[int]]) -> list[list[int]]:
    """Return p where p[a][b] = strength of the strongest path from a to b (widest path).

    A link a -> b has strength d[a][b] when d[a][b] > d[b][a], and no link otherwise.
    The diagonal is 0.
    """
    n = len(preferences)
    paths = [
        [d_ab if d_ab > preferences[b][a] else 0 for b, d_ab in enumerate(row)]
        for a, row in enumerate(preferences)
    ]
    # Floyd-Warshall on (max, min). The usual i != k and j != k guards are dropped: those
    # updates can only touch the diagonal (reset below) or leave a cell unchanged. The row update
    # is a comprehension because it runs 10^4 times on rows of 100 for a large campaign.
    for i in range(n):
        via = paths[i]
        for j in range(n):
            row = paths[j]
            to_via = row[i]
            if j == i or not to_via:
                continue
            paths[j] = [
                old if old >= onward or old >= to_via else (onward if onward < to_via else to_via)
                for old, onward in zip(row, via, strict=True)
            ]
    for a, row in enumerate(paths):
        row[a] = 0
    return paths


def _result(
    *, candidates: Sequence[str], scores: list[int], supporters: list[int], seats: int
) -> Result:
    if not _is_int(seats) or seats < 0:
        raise ValueError(f"seats must be a non-negative integer, got {seats!r}")
    order = sorted(
        range(len(candidates)), key=lambda i: (-scores[i], -supporters[i], candidates[i])
    )
    ranking = [
        RankedItem(request=candidates[i], score=scores[i], position=position)
        for position, i in enumerate(order, start=1)
    ]
    return Result(ranking=ranking, retained=[item.request for item in ranking[:seats]])


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
