"""Independent recount from the ballots export (CSV), without the database.

The export has a header ``ballot,request,value`` and optionally ``organisation`` and
``weight`` columns, then one row per (ballot receipt code, request reference, value):
for approval the value is 1 for each approved request, for points the points, for
Schulze the rank (1 = preferred).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cercle.votes.counting import CastBallot, Method, Result, count

REQUIRED_COLUMNS = ("ballot", "request", "value")
OPTIONAL_COLUMNS = ("organisation", "weight")

_INTEGER = re.compile(r"[+-]?[0-9]+")


class RecountError(ValueError):
    """The export file is malformed; the message names the offending line."""


@dataclass(frozen=True)
class _Ballot:
    weight: int
    weight_line: int
    choices: dict[str, int] = field(default_factory=dict)


def read_ballots_csv(stream: Iterable[str], *, method: str) -> tuple[list[CastBallot], list[str]]:
    """Parse the export; return the ballots and the sorted references found in it."""
    method = Method(method)
    reader = csv.reader(stream)
    columns = _read_header(next(reader, None))
    ballots: dict[str, _Ballot] = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        if len(cells) != len(columns):
            raise RecountError(f"line {line}: expected {len(columns)} fields, got {len(cells)}")
        row = {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
        receipt, ref = row["ballot"], row["request"]
        if not receipt:
            raise RecountError(f"line {line}: empty ballot receipt code")
        if not ref:
            raise RecountError(f"line {line}: empty request reference")
        value = _read_value(method=method, text=row["value"], line=line)
        weight = _read_weight(text=row.get("weight", "1"), line=line)
        ballot = ballots.setdefault(receipt, _Ballot(weight=weight, weight_line=line))
        if weight != ballot.weight:
            raise RecountError(
                f"line {line}: ballot {receipt} has weight {weight} here "
                f"but {ballot.weight} on line {ballot.weight_line}"
            )
        if ref in ballot.choices:
            raise RecountError(f"line {line}: ballot {receipt} mentions {ref} twice")
        ballot.choices[ref] = value
    candidates = sorted({ref for ballot in ballots.values() for ref in ballot.choices})
    cast = [
        CastBallot(
            weight=ballot.weight,
            choices=frozenset(ballot.choices) if method is Method.APPROVAL else ballot.choices,
        )
        for ballot in ballots.values()
    ]
    return cast, candidates


def recount(stream: Iterable[str], *, method: str, seats: int) -> Result:
    """Count the ballots of an export file."""
    ballots, candidates = read_ballots_csv(stream, method=method)
    return count(method=method, ballots=ballots, candidates=candidates, seats=seats)


def result_to_json(result: Result, *, method: str, seats: int) -> dict:
    """Return the result as a JSON-ready dict, comparable with the published one."""
    return {
        "method": str(Method(method)),
        "seats": seats,
        "ranking": [{"request": item.request, "score": item.score} for item in result.ranking],
        "retained": list(result.retained),
    }


def format_result_text(result: Result) -> str:
    """Return the result as a plain-text table."""
    retained = set(result.retained)
    rows = [("#", "Request", "Score", "")] + [
        (
            str(item.position),
            item.request,
            str(item.score),
            "retained" if item.request in retained else "",
        )
        for item in result.ranking
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        f"{position:>{widths[0]}}  {request:<{widths[1]}}  {score:>{widths[2]}}  {mark}".rstrip()
        for position, request, score, mark in rows
    ]
    return "\n".join(lines) + "\n"


def _read_header(cells: list[str] | None) -> list[str]:
    if cells is None:
        raise RecountError("line 1: empty file, expected a header")
    # A spreadsheet may save the file with a byte order mark before the first column.
    columns = [cell.strip().lstrip("\ufeff").lower() for cell in cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise RecountError(f"line 1: missing column(s): {', '.join(missing)}")
    unknown = [name for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise RecountError(f"line 1: unknown column(s): {', '.join(unknown)}")
    if len(set(columns)) != len(columns):
        raise RecountError("line 1: a column appears twice")
    return columns


def _read_int(*, text: str, line: int, what: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise RecountError(f"line {line}: {what} {text!r} is not an integer")
    return int(text)


def _read_value(*, method: Method, text: str, line: int) -> int:
    value = _read_int(text=text, line=line, what="value")
    if method is Method.APPROVAL and value != 1:
        raise RecountError(f"line {line}: approval value must be 1, got {value}")
    if method is Method.POINTS and value < 0:
        raise RecountError(f"line {line}: points must not be negative, got {value}")
    if method is Method.SCHULZE and value < 1:
        raise RecountError(f"line {line}: rank must be 1 or more, got {value}")
    return value


def _read_weight(*, text: str, line: int) -> int:
    weight = _read_int(text=text, line=line, what="weight")
    if weight < 1:
        raise RecountError(f"line {line}: weight must be 1 or more, got {weight}")
    return weight
