"""How the site publishes a count and writes the ballots export, without the database.

Published result: the ballots are counted over the requests that appear on at least one
ballot, which are exactly the requests the ballots export lists, so that
``recount(export)`` gives the same ranking, scores and retained requests. Requests that no
organisation supported follow them with score 0 and are never retained. For approval and
points this changes nothing (their score is 0 anyway); for Schulze a request nobody ranked
beats no one and is beaten by every ranked request, so leaving it out lowers every other
score by the same amount and changes neither the order nor the retained list.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cercle.votes.counting import CastBallot, RankedItem, Result, count


def published_result(
    *, method: str, ballots: Sequence[CastBallot], candidates: Sequence[str], seats: int
) -> Result:
    """Count as the recount of the export does, then list never-supported requests last."""
    supported = {ref for ballot in ballots for ref in ballot.choices}
    counted = count(
        method=method,
        ballots=ballots,
        candidates=sorted(ref for ref in candidates if ref in supported),
        seats=seats,
    )
    unsupported = sorted(ref for ref in candidates if ref not in supported)
    start = len(counted.ranking) + 1
    tail = [
        RankedItem(request=ref, score=0, position=position)
        for position, ref in enumerate(unsupported, start=start)
    ]
    return Result(ranking=counted.ranking + tail, retained=counted.retained)


@dataclass(frozen=True)
class ExportLine:
    receipt: str
    request: str
    value: int
    organisation: str = ""
    weight: int = 1


def write_ballots_csv(
    out, lines: Iterable[ExportLine], *, with_organisation: bool, with_weight: bool
) -> None:
    """Write the ballots export read by ``cercle.votes.recount``.

    Lines come sorted by receipt code (random), so their order says nothing about who
    voted when. The weight column is written only when some ballot weighs more than 1.
    """
    writer = csv.writer(out, lineterminator="\n")
    header = ["ballot", "request", "value"]
    if with_organisation:
        header.append("organisation")
    if with_weight:
        header.append("weight")
    writer.writerow(header)
    for line in sorted(lines, key=lambda line: (line.receipt, line.request)):
        row = [line.receipt, line.request, line.value]
        if with_organisation:
            row.append(line.organisation)
        if with_weight:
            row.append(line.weight)
        writer.writerow(row)
