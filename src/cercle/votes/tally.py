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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cercle.core.spreadsheets import export
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
    # Nobody supported them: they are tied together, after every supported request.
    tail = [
        RankedItem(request=ref, score=0, position=len(counted.ranking) + 1) for ref in unsupported
    ]
    return Result(
        ranking=counted.ranking + tail,
        retained=counted.retained,
        tied=counted.tied,
        tied_seats=counted.tied_seats,
    )


@dataclass(frozen=True)
class ExportLine:
    receipt: str
    request: str
    value: int
    organisation: str = ""
    weight: int = 1


def ballots_export_csv(
    lines: Iterable[ExportLine], *, with_organisation: bool, with_weight: bool
) -> bytes:
    """The ballots export read by ``cercle.votes.recount``, written by ``spreadsheets.export``.

    Lines come sorted by receipt code (random), so their order says nothing about who
    voted when. The weight column is written only when some ballot weighs more than 1.
    The columns the recount reads hold only safe cells (receipt codes from a fixed alphabet,
    generated request references, whole numbers), so the neutralising apostrophe that
    ``export`` puts before formula-like text can only land in the organisation column, which
    the recount ignores.
    """
    header = ["ballot", "request", "value"]
    if with_organisation:
        header.append("organisation")
    if with_weight:
        header.append("weight")
    rows = []
    for line in sorted(lines, key=lambda line: (line.receipt, line.request)):
        row = [line.receipt, line.request, line.value]
        if with_organisation:
            row.append(line.organisation)
        if with_weight:
            row.append(line.weight)
        rows.append(row)
    return export("csv", header, rows, title="ballots")
