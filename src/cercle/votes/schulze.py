"""The Schulze method: pairwise preferences, strongest paths, and seats filled by
successive sets of unbeaten requests, as the method's reference implementations rank.

Request ``a`` beats ``b`` when the strongest path from a to b is stronger than the one from
b to a; this relation is a strict partial order (Schulze 2011, section 4). The first set is
the requests beaten by nobody (the Schulze winners); the next set, the requests beaten by
nobody once the first set is set aside; and so on. Requests of one set are tied.
"""

from __future__ import annotations

from collections.abc import Sequence

from cercle.votes.counting import CastBallot, Result, _index, ranked_result


def count_schulze(
    *, ballots: Sequence[CastBallot], candidates: Sequence[str], seats: int
) -> Result:
    """Score = number of other requests beaten on strongest paths; seats go to successive
    sets of unbeaten requests, a set straddling the last seat being the tie at the cutoff."""
    paths = strongest_paths(pairwise_preferences(ballots=ballots, candidates=candidates))
    n = len(candidates)
    beats = [[b for b in range(n) if paths[a][b] > paths[b][a]] for a in range(n)]
    scores = [len(row) for row in beats]
    supporters = [0] * n
    index = _index(candidates)
    for ballot in ballots:
        for ref in ballot.choices:
            supporters[index[ref]] += 1
    return ranked_result(
        candidates=candidates,
        scores=scores,
        supporters=supporters,
        groups=unbeaten_sets(beats),
        seats=seats,
    )


def unbeaten_sets(beats: Sequence[Sequence[int]]) -> list[list[int]]:
    """Split requests 0..n-1 into successive sets of requests beaten by none of those left.

    ``beats[a]``: the requests a beats. The relation is transitive and never symmetric, so
    every round finds at least one unbeaten request.
    """
    beaten_by = [0] * len(beats)
    for row in beats:
        for b in row:
            beaten_by[b] += 1
    current = [a for a, count in enumerate(beaten_by) if count == 0]
    sets = []
    while current:
        sets.append(current)
        following = []
        for a in current:
            for b in beats[a]:
                beaten_by[b] -= 1
                if beaten_by[b] == 0:
                    following.append(b)
        current = sorted(following)
    if sum(len(group) for group in sets) != len(beats):
        raise ValueError("the beat relation has a cycle: not strongest paths")
    return sets


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
