import csv
import io

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cercle.core.errors import DomainError
from cercle.votes.counting import CastBallot, RankedItem, Result, count
from cercle.votes.recount import (
    format_result_text,
    read_ballots_csv,
    recount,
    result_to_json,
)

REFS = ["D-2025-0120", "D-2026-0001", "D-2026-0002", "D-2026-0042"]


def export(ballots, *, method):
    """Write ballots in the export format, one receipt code per ballot."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(["ballot", "request", "value", "organisation", "weight"])
    for number, ballot in enumerate(ballots, start=1):
        choices = dict.fromkeys(ballot.choices, 1) if method == "approval" else ballot.choices
        for ref, value in choices.items():
            writer.writerow([f"R{number:04d}", ref, value, f"Org {number}", ballot.weight])
    stream.seek(0)
    return stream


def lines(*rows):
    return io.StringIO("".join(row + "\n" for row in rows))


def error_message(text, *, method):
    """The refusal's code and its message (in English)."""
    with pytest.raises(DomainError) as excinfo:
        read_ballots_csv(io.StringIO(text), method=method)
    with translation.override("en"):
        return excinfo.value.code, excinfo.value.message.rstrip(".")


weights = st.integers(min_value=1, max_value=5)
refs = st.sampled_from(REFS)
ballots_by_method = {
    "approval": st.builds(CastBallot, weight=weights, choices=st.frozensets(refs, min_size=1)),
    "points": st.builds(
        CastBallot, weight=weights, choices=st.dictionaries(refs, st.integers(0, 5), min_size=1)
    ),
    "schulze": st.builds(
        CastBallot, weight=weights, choices=st.dictionaries(refs, st.integers(1, 4), min_size=1)
    ),
}


# Reading


def test_read_ballots_csv_groups_rows_by_receipt():
    # Arrange
    stream = lines(
        "ballot,request,value",
        "R1,D-2026-0002,1",
        "R2,D-2026-0001,1",
        "R1,D-2026-0001,1",
    )

    # Act
    ballots, candidates = read_ballots_csv(stream, method="approval")

    # Assert
    assert (ballots, candidates) == (
        [
            CastBallot(weight=1, choices=frozenset({"D-2026-0001", "D-2026-0002"})),
            CastBallot(weight=1, choices=frozenset({"D-2026-0001"})),
        ],
        ["D-2026-0001", "D-2026-0002"],
    )


def test_read_ballots_csv_reads_weight_and_optional_columns_in_any_order():
    # Arrange
    stream = lines(
        "weight,request,organisation,ballot,value",
        "3,D-2026-0001,Ville de Lyon,R1,2",
        "3,D-2026-0002,Ville de Lyon,R1,1",
    )

    # Act
    ballots, _candidates = read_ballots_csv(stream, method="schulze")

    # Assert
    assert ballots == [CastBallot(weight=3, choices={"D-2026-0001": 2, "D-2026-0002": 1})]


def test_read_ballots_csv_keeps_zero_points():
    stream = lines("ballot,request,value", "R1,D-2026-0001,0", "R1,D-2026-0002,4")

    ballots, candidates = read_ballots_csv(stream, method="points")

    assert (ballots, candidates) == (
        [CastBallot(weight=1, choices={"D-2026-0001": 0, "D-2026-0002": 4})],
        ["D-2026-0001", "D-2026-0002"],
    )


def test_read_ballots_csv_skips_blank_lines_and_byte_order_mark():
    stream = lines("\ufeffballot,request,value", "", "R1,D-2026-0001,1", "")

    ballots, _candidates = read_ballots_csv(stream, method="approval")

    assert ballots == [CastBallot(weight=1, choices=frozenset({"D-2026-0001"}))]


def test_read_ballots_csv_accepts_header_only():
    ballots, candidates = read_ballots_csv(lines("ballot,request,value"), method="points")

    assert (ballots, candidates) == ([], [])


# Malformed files


def test_read_ballots_csv_refuses_empty_file():
    code, message = error_message("", method="approval")

    assert (code, message) == ("empty_file", "line 1: empty file, expected a header")


def test_read_ballots_csv_refuses_missing_header_column():
    code, message = error_message("ballot,value\nR1,1\n", method="approval")

    assert (code, message) == ("missing_columns", "line 1: missing column(s): request")


def test_read_ballots_csv_refuses_unknown_header_column():
    code, message = error_message("ballot,request,value,comment\n", method="approval")

    assert (code, message) == ("unknown_columns", "line 1: unknown column(s): comment")


def test_read_ballots_csv_refuses_repeated_header_column():
    code, message = error_message("ballot,request,value,value\n", method="approval")

    assert (code, message) == ("duplicate_column", "line 1: a column appears twice")


def test_read_ballots_csv_refuses_wrong_field_count():
    code, message = error_message("ballot,request,value\nR1,D-2026-0001\n", method="approval")

    assert (code, message) == ("wrong_field_count", "line 2: expected 3 fields, got 2")


def test_read_ballots_csv_refuses_empty_receipt():
    text = "ballot,request,value\nR1,D-2026-0001,1\n ,D-2026-0002,1\n"

    code, message = error_message(text, method="approval")

    assert (code, message) == ("empty_receipt", "line 3: empty ballot receipt code")


def test_read_ballots_csv_refuses_empty_request():
    code, message = error_message("ballot,request,value\nR1,,1\n", method="approval")

    assert (code, message) == ("empty_request", "line 2: empty request reference")


@pytest.mark.parametrize("value", ["", "1.5", "two", "1e3"])
def test_read_ballots_csv_refuses_non_integer_value(value):
    code, message = error_message(
        f"ballot,request,value\nR1,D-2026-0001,{value}\n", method="points"
    )

    assert (code, message) == ("not_an_integer", f"line 2: value {value!r} is not an integer")


def test_read_ballots_csv_refuses_approval_value_other_than_one():
    code, message = error_message("ballot,request,value\nR1,D-2026-0001,2\n", method="approval")

    assert (code, message) == ("bad_approval_value", "line 2: approval value must be 1, got 2")


def test_read_ballots_csv_refuses_negative_points():
    code, message = error_message("ballot,request,value\nR1,D-2026-0001,-1\n", method="points")

    assert (code, message) == ("negative_points", "line 2: points must not be negative, got -1")


def test_read_ballots_csv_refuses_rank_below_one():
    code, message = error_message("ballot,request,value\nR1,D-2026-0001,0\n", method="schulze")

    assert (code, message) == ("bad_rank", "line 2: rank must be 1 or more, got 0")


def test_read_ballots_csv_refuses_same_request_twice_in_one_ballot():
    text = "ballot,request,value\nR1,D-2026-0001,1\nR2,D-2026-0001,1\nR1,D-2026-0001,2\n"

    code, message = error_message(text, method="schulze")

    assert (code, message) == ("duplicate_line", "line 4: ballot R1 mentions D-2026-0001 twice")


def test_read_ballots_csv_refuses_inconsistent_weight():
    text = "ballot,request,value,weight\nR1,D-2026-0001,1,2\nR1,D-2026-0002,1,3\n"

    code, message = error_message(text, method="approval")

    assert (code, message) == (
        "inconsistent_weight",
        "line 3: ballot R1 has weight 3 here but 2 on line 2",
    )


@pytest.mark.parametrize("weight", ["0", "-2", "1.5", ""])
def test_read_ballots_csv_refuses_weight_not_positive_integer(weight):
    text = f"ballot,request,value,weight\nR1,D-2026-0001,1,{weight}\n"

    code, message = error_message(text, method="approval")

    assert code in {"bad_weight", "not_an_integer"}
    assert message.startswith("line 2: weight ")


# Recount and output


def test_recount_counts_export_with_weights():
    # Arrange
    stream = lines(
        "ballot,request,value,weight",
        "R1,D-2026-0001,3,2",
        "R1,D-2026-0002,1,2",
        "R2,D-2026-0002,4,1",
    )

    # Act
    result = recount(stream, method="points", seats=1)

    # Assert
    assert result == Result(
        ranking=[
            RankedItem(request="D-2026-0002", score=6, position=1),
            RankedItem(request="D-2026-0001", score=6, position=2),
        ],
        retained=["D-2026-0002"],
    )


def test_result_to_json_lists_method_seats_ranking_and_retained():
    # Arrange
    result = Result(
        ranking=[
            RankedItem(request="D-2026-0002", score=7, position=1),
            RankedItem(request="D-2026-0001", score=0, position=2),
        ],
        retained=["D-2026-0002"],
    )

    # Act
    data = result_to_json(result, method="points", seats=1)

    # Assert
    assert data == {
        "method": "points",
        "seats": 1,
        "ranking": [
            {"request": "D-2026-0002", "score": 7},
            {"request": "D-2026-0001", "score": 0},
        ],
        "retained": ["D-2026-0002"],
        "tie_at_cutoff": None,
    }


def test_format_result_text_marks_retained_requests():
    # Arrange
    result = Result(
        ranking=[
            RankedItem(request="D-2026-0002", score=12, position=1),
            RankedItem(request="D-2026-0001", score=3, position=2),
        ],
        retained=["D-2026-0002"],
    )

    # Act
    text = format_result_text(result)

    # Assert
    assert text == (
        "#  Request      Score\n1  D-2026-0002     12  retained\n2  D-2026-0001      3\n"
    )


@pytest.mark.parametrize("method", ["approval", "points", "schulze"])
@settings(max_examples=100)
@given(data=st.data())
def test_recount_of_export_equals_direct_count(method, data):
    # Arrange
    ballots = data.draw(st.lists(ballots_by_method[method], max_size=10))
    seats = data.draw(st.integers(min_value=0, max_value=len(REFS)))
    # The export only shows requests that appear on some ballot.
    candidates = sorted({ref for ballot in ballots for ref in ballot.choices})

    # Act
    result = recount(export(ballots, method=method), method=method, seats=seats)

    # Assert
    assert result == count(method=method, ballots=ballots, candidates=candidates, seats=seats)


def test_read_ballots_csv_refuses_a_number_too_large_to_be_a_rank():
    code, message = error_message(
        "ballot,request,value\nR1,D-2026-0001,12345678901234567890\n", method="schulze"
    )

    assert (code, message) == ("number_too_large", "line 2: value has more than 9 digits")
