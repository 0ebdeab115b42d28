"""Independent recount from the ballots export (CSV), without the database.

The export has a header ``ballot,request,value`` and optionally ``organisation`` and
``weight`` columns, then one row per (ballot receipt code, request reference, value):
for approval the value is 1 for each approved request, for points the points, for
Schulze the rank (1 = preferred).

Limits, checked before counting so that a hostile file gets a clear refusal, not a
traceback or minutes of work: at most ``MAX_FILE_BYTES`` bytes, ``MAX_CELL_CHARACTERS``
characters a cell, ``MAX_CANDIDATES`` requests (the Schulze count grows with the cube of
their number), whole numbers of at most ``MAX_DIGITS`` digits. A malformed file raises
``DomainError`` whose message names the line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.votes.counting import CastBallot, Method, Result, count

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CELL_CHARACTERS = 200
MAX_CANDIDATES = 500
MAX_DIGITS = 9
REQUIRED_COLUMNS = ("ballot", "request", "value")
OPTIONAL_COLUMNS = ("organisation", "weight")

_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class _Ballot:
    weight: int
    weight_line: int
    choices: dict[str, int] = field(default_factory=dict)


def read_ballots_csv(stream: Iterable[str], *, method: str) -> tuple[list[CastBallot], list[str]]:
    """Parse the export; return the ballots and the sorted references found in it."""
    method = Method(method)
    reader = csv.reader(stream)
    ballots: dict[str, _Ballot] = {}
    try:
        columns = _read_header(next(reader, None))
        for cells in reader:
            if any(cell.strip() for cell in cells):
                _read_row(cells, columns=columns, line=reader.line_num, method=method, into=ballots)
    except csv.Error as error:
        # The csv module refuses a cell over its own limit (128 kB) or a stray quote.
        raise DomainError(
            "malformed_csv",
            _("line %(line)s: not a readable CSV line (%(reason)s)."),
            line=reader.line_num,
            reason=str(error),
        ) from None
    candidates = sorted({ref for ballot in ballots.values() for ref in ballot.choices})
    if len(candidates) > MAX_CANDIDATES:
        raise DomainError(
            "too_many_candidates",
            _("The file mentions %(count)s requests; the recount handles at most %(max)s."),
            count=len(candidates),
            max=MAX_CANDIDATES,
        )
    cast = [
        CastBallot(
            weight=ballot.weight,
            choices=frozenset(ballot.choices) if method is Method.APPROVAL else ballot.choices,
        )
        for ballot in ballots.values()
    ]
    return cast, candidates


def _read_row(cells, *, columns, line, method, into) -> None:
    if len(cells) != len(columns):
        raise DomainError(
            "wrong_field_count",
            _("line %(line)s: expected %(expected)s fields, got %(given)s."),
            line=line,
            expected=len(columns),
            given=len(cells),
        )
    if any(len(cell) > MAX_CELL_CHARACTERS for cell in cells):
        raise DomainError(
            "cell_too_long",
            _("line %(line)s: a cell is longer than %(max)s characters."),
            line=line,
            max=MAX_CELL_CHARACTERS,
        )
    row = {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
    receipt, ref = row["ballot"], row["request"]
    if not receipt:
        raise DomainError(
            "empty_receipt", _("line %(line)s: empty ballot receipt code."), line=line
        )
    if not ref:
        raise DomainError("empty_request", _("line %(line)s: empty request reference."), line=line)
    value = _read_value(method=method, text=row["value"], line=line)
    weight = _read_weight(text=row.get("weight", "1"), line=line)
    ballot = into.setdefault(receipt, _Ballot(weight=weight, weight_line=line))
    if weight != ballot.weight:
        raise DomainError(
            "inconsistent_weight",
            _(
                "line %(line)s: ballot %(receipt)s has weight %(weight)s here but %(first)s on "
                "line %(first_line)s."
            ),
            line=line,
            receipt=receipt,
            weight=weight,
            first=ballot.weight,
            first_line=ballot.weight_line,
        )
    if ref in ballot.choices:
        raise DomainError(
            "duplicate_line",
            _("line %(line)s: ballot %(receipt)s mentions %(request)s twice."),
            line=line,
            receipt=receipt,
            request=ref,
        )
    ballot.choices[ref] = value


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
        "tie_at_cutoff": (
            {"requests": list(result.tied), "seats": result.tied_seats}
            if result.tie_at_cutoff
            else None
        ),
    }


def format_result_text(result: Result) -> str:
    """Return the result as a plain-text table."""
    retained, tied = set(result.retained), set(result.tied)
    rows = [("#", "Request", "Score", "")] + [
        (
            str(item.position),
            item.request,
            str(item.score),
            "retained" if item.request in retained else "tied" if item.request in tied else "",
        )
        for item in result.ranking
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        f"{position:>{widths[0]}}  {request:<{widths[1]}}  {score:>{widths[2]}}  {mark}".rstrip()
        for position, request, score, mark in rows
    ]
    if result.tie_at_cutoff:
        lines.append(
            f"Tie at the cutoff (égalité au seuil): {len(result.tied)} requests for "
            f"{result.tied_seats} seat(s) left: {', '.join(result.tied)}. The rule announced "
            "with the campaign decides."
        )
    return "\n".join(lines) + "\n"


def _read_header(cells: list[str] | None) -> list[str]:
    if cells is None:
        raise DomainError("empty_file", _("line 1: empty file, expected a header."))
    # A spreadsheet may save the file with a byte order mark before the first column.
    columns = [cell.strip().lstrip("\ufeff").lower() for cell in cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise DomainError(
            "missing_columns",
            _("line 1: missing column(s): %(columns)s."),
            columns=", ".join(missing),
        )
    unknown = [name[:40] for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise DomainError(
            "unknown_columns",
            _("line 1: unknown column(s): %(columns)s."),
            columns=", ".join(unknown),
        )
    if len(set(columns)) != len(columns):
        raise DomainError("duplicate_column", _("line 1: a column appears twice."))
    return columns


def _read_int(*, text: str, line: int, what: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise DomainError(
            "not_an_integer",
            _("line %(line)s: %(what)s %(text)s is not an integer."),
            line=line,
            what=what,
            text=repr(text[:20] + "…" if len(text) > 20 else text),
        )
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise DomainError(
            "number_too_large",
            _("line %(line)s: %(what)s has more than %(max)s digits."),
            line=line,
            what=what,
            max=MAX_DIGITS,
        )
    return int(text)


def _read_value(*, method: Method, text: str, line: int) -> int:
    value = _read_int(text=text, line=line, what=_("value"))
    if method is Method.APPROVAL and value != 1:
        raise DomainError(
            "bad_approval_value",
            _("line %(line)s: approval value must be 1, got %(value)s."),
            line=line,
            value=value,
        )
    if method is Method.POINTS and value < 0:
        raise DomainError(
            "negative_points",
            _("line %(line)s: points must not be negative, got %(value)s."),
            line=line,
            value=value,
        )
    if method is Method.SCHULZE and value < 1:
        raise DomainError(
            "bad_rank",
            _("line %(line)s: rank must be 1 or more, got %(value)s."),
            line=line,
            value=value,
        )
    return value


def _read_weight(*, text: str, line: int) -> int:
    weight = _read_int(text=text, line=line, what=_("weight"))
    if weight < 1:
        raise DomainError(
            "bad_weight",
            _("line %(line)s: weight must be 1 or more, got %(value)s."),
            line=line,
            value=weight,
        )
    return weight
