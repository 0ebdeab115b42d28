import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cercle.core.errors import DomainError
from cercle.votes.counting import (
    ApprovalParams,
    CastBallot,
    PointsParams,
    RankedItem,
    Result,
    SchulzeParams,
    count,
    count_approval,
    count_points,
    validate_ballot,
)
from cercle.votes.schulze import count_schulze, pairwise_preferences, strongest_paths

CANDIDATES = ["D-2026-0001", "D-2026-0002", "D-2026-0003", "D-2026-0004"]
A, B, C, D, E = "A", "B", "C", "D", "E"

# Wikipedia, "Schulze method", example with 45 voters and 5 candidates.
WIKIPEDIA_GROUPS = [
    (5, [A, C, B, E, D]),
    (5, [A, D, E, C, B]),
    (8, [B, E, D, A, C]),
    (3, [C, A, B, E, D]),
    (7, [C, A, E, B, D]),
    (2, [C, B, A, D, E]),
    (7, [D, C, E, B, A]),
    (8, [E, B, A, D, C]),
]


def ranked(order):
    return {ref: rank for rank, ref in enumerate(order, start=1)}


def wikipedia_ballots():
    return [CastBallot(weight=weight, choices=ranked(order)) for weight, order in WIKIPEDIA_GROUPS]


def scores(result):
    return {item.request: item.score for item in result.ranking}


def order(result):
    return [item.request for item in result.ranking]


def naive_preferences(ballots, candidates):
    unranked = float("inf")
    d = [[0] * len(candidates) for _ in candidates]
    for ballot in ballots:
        ranks = [ballot.choices.get(ref, unranked) for ref in candidates]
        for a, rank_a in enumerate(ranks):
            for b, rank_b in enumerate(ranks):
                if rank_a < rank_b:
                    d[a][b] += ballot.weight
    return d


def naive_strongest_paths(d):
    n = len(d)
    p = [[d[a][b] if a != b and d[a][b] > d[b][a] else 0 for b in range(n)] for a in range(n)]
    for i in range(n):
        for j in range(n):
            for k in range(n):
                if len({i, j, k}) == 3:
                    p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    return p


weights = st.integers(min_value=1, max_value=5)
refs = st.sampled_from(CANDIDATES)
approval_ballots = st.lists(
    st.builds(CastBallot, weight=weights, choices=st.frozensets(refs, min_size=1)), max_size=12
)
points_ballots = st.lists(
    st.builds(
        CastBallot, weight=weights, choices=st.dictionaries(refs, st.integers(0, 5), min_size=1)
    ),
    max_size=12,
)
schulze_ballots = st.lists(
    st.builds(
        CastBallot, weight=weights, choices=st.dictionaries(refs, st.integers(1, 4), min_size=1)
    ),
    max_size=12,
)


# Validation: approval


def test_validate_approval_returns_frozenset_when_valid():
    # Arrange
    params = ApprovalParams(max_choices=2)

    # Act
    ballot = validate_ballot(
        method="approval",
        params=params,
        ballot=["D-2026-0001", "D-2026-0003"],
        candidates=CANDIDATES,
    )

    # Assert
    assert ballot == frozenset({"D-2026-0001", "D-2026-0003"})


def test_validate_approval_refuses_empty_ballot():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="approval",
            params=ApprovalParams(max_choices=2),
            ballot=[],
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == ("empty_ballot", {})


def test_validate_approval_refuses_more_than_max_choices():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="approval",
            params=ApprovalParams(max_choices=2),
            ballot=CANDIDATES[:3],
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "too_many_choices",
        {"max": 2, "given": 3},
    )


def test_validate_approval_refuses_unknown_request():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="approval",
            params=ApprovalParams(max_choices=2),
            ballot=["D-2026-0099"],
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "unknown_request",
        {"request": "D-2026-0099"},
    )


def test_validate_approval_refuses_same_request_twice():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="approval",
            params=ApprovalParams(max_choices=2),
            ballot=["D-2026-0001", "D-2026-0001"],
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "duplicate_request",
        {"request": "D-2026-0001"},
    )


# Validation: points


def test_validate_points_drops_zero_lines_when_valid():
    # Arrange
    params = PointsParams(total_points=10, max_per_request=5)
    ballot = {"D-2026-0001": 5, "D-2026-0002": 0, "D-2026-0003": 5}

    # Act
    normalised = validate_ballot(
        method="points", params=params, ballot=ballot, candidates=CANDIDATES
    )

    # Assert
    assert normalised == {"D-2026-0001": 5, "D-2026-0003": 5}


def test_validate_points_accepts_pairs():
    normalised = validate_ballot(
        method="points",
        params=PointsParams(total_points=10, max_per_request=5),
        ballot=[("D-2026-0002", 3)],
        candidates=CANDIDATES,
    )

    assert normalised == {"D-2026-0002": 3}


@pytest.mark.parametrize("points", [-1, 1.5, "2", True])
def test_validate_points_refuses_negative_or_non_integer_points(points):
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="points",
            params=PointsParams(total_points=10, max_per_request=5),
            ballot={"D-2026-0001": 2, "D-2026-0002": points},
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "invalid_points",
        {"request": "D-2026-0002"},
    )


def test_validate_points_refuses_line_above_max_per_request():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="points",
            params=PointsParams(total_points=10, max_per_request=5),
            ballot={"D-2026-0001": 6},
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "too_many_points_on_one",
        {"max": 5, "request": "D-2026-0001"},
    )


def test_validate_points_refuses_total_above_total_points():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="points",
            params=PointsParams(total_points=10, max_per_request=5),
            ballot={"D-2026-0001": 5, "D-2026-0002": 5, "D-2026-0003": 1},
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "too_many_points",
        {"max": 10, "given": 11},
    )


def test_validate_points_refuses_zero_total():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="points",
            params=PointsParams(total_points=10, max_per_request=5),
            ballot={"D-2026-0001": 0},
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == ("empty_ballot", {})


def test_validate_points_refuses_unknown_request():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="points",
            params=PointsParams(total_points=10, max_per_request=5),
            ballot={"D-2026-0099": 0},
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "unknown_request",
        {"request": "D-2026-0099"},
    )


def test_validate_points_refuses_same_request_twice():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="points",
            params=PointsParams(total_points=10, max_per_request=5),
            ballot=[("D-2026-0001", 1), ("D-2026-0001", 2)],
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "duplicate_request",
        {"request": "D-2026-0001"},
    )


# Validation: Schulze


def test_validate_schulze_renumbers_ranks_keeping_ties():
    # Arrange
    ballot = {"D-2026-0001": 3, "D-2026-0002": 7, "D-2026-0003": 3}

    # Act
    normalised = validate_ballot(
        method="schulze", params=SchulzeParams(), ballot=ballot, candidates=CANDIDATES
    )

    # Assert
    assert normalised == {"D-2026-0001": 1, "D-2026-0002": 2, "D-2026-0003": 1}


@pytest.mark.parametrize("rank", [0, -2, 1.0, "1", None])
def test_validate_schulze_refuses_rank_not_positive_integer(rank):
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="schulze",
            params=SchulzeParams(),
            ballot={"D-2026-0001": 1, "D-2026-0004": rank},
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "invalid_rank",
        {"request": "D-2026-0004"},
    )


def test_validate_schulze_refuses_empty_ballot():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(method="schulze", params=SchulzeParams(), ballot={}, candidates=CANDIDATES)

    assert (excinfo.value.code, excinfo.value.params) == ("empty_ballot", {})


def test_validate_schulze_refuses_same_request_twice():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="schulze",
            params=SchulzeParams(),
            ballot=[("D-2026-0001", 1), ("D-2026-0002", 2), ("D-2026-0001", 3)],
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "duplicate_request",
        {"request": "D-2026-0001"},
    )


def test_validate_schulze_refuses_unknown_request():
    with pytest.raises(DomainError) as excinfo:
        validate_ballot(
            method="schulze",
            params=SchulzeParams(),
            ballot={"D-2026-0099": 1},
            candidates=CANDIDATES,
        )

    assert (excinfo.value.code, excinfo.value.params) == (
        "unknown_request",
        {"request": "D-2026-0099"},
    )


def test_validate_ballot_refuses_params_of_another_method():
    with pytest.raises(TypeError):
        validate_ballot(
            method="schulze",
            params=ApprovalParams(max_choices=1),
            ballot={"D-2026-0001": 1},
            candidates=CANDIDATES,
        )


@pytest.mark.parametrize("max_choices", [0, -1, 1.5])
def test_approval_params_refuse_non_positive_integer(max_choices):
    with pytest.raises(ValueError, match="max_choices"):
        ApprovalParams(max_choices=max_choices)


# Counting: approval and points


def test_count_approval_sums_weights():
    # Arrange
    ballots = [
        CastBallot(weight=3, choices=frozenset({"D-2026-0001", "D-2026-0002"})),
        CastBallot(weight=1, choices=frozenset({"D-2026-0002"})),
    ]

    # Act
    result = count_approval(ballots=ballots, candidates=CANDIDATES, seats=1)

    # Assert
    assert result == Result(
        ranking=[
            RankedItem(request="D-2026-0002", score=4, position=1),
            RankedItem(request="D-2026-0001", score=3, position=2),
            RankedItem(request="D-2026-0003", score=0, position=3),
            RankedItem(request="D-2026-0004", score=0, position=3),
        ],
        retained=["D-2026-0002"],
    )


def test_count_points_sums_weight_times_points():
    # Arrange
    ballots = [
        CastBallot(weight=2, choices={"D-2026-0001": 3, "D-2026-0003": 1}),
        CastBallot(weight=1, choices={"D-2026-0003": 5}),
    ]

    # Act
    result = count_points(ballots=ballots, candidates=CANDIDATES, seats=2)

    # Assert
    assert scores(result) == {
        "D-2026-0001": 6,
        "D-2026-0002": 0,
        "D-2026-0003": 7,
        "D-2026-0004": 0,
    }


def test_count_retains_every_request_when_seats_exceed_candidates():
    ballots = [CastBallot(weight=1, choices=frozenset({"D-2026-0004"}))]

    result = count(method="approval", ballots=ballots, candidates=CANDIDATES, seats=10)

    assert result.retained == ["D-2026-0004", "D-2026-0001", "D-2026-0002", "D-2026-0003"]


def test_count_retains_nothing_when_no_seat():
    ballots = [CastBallot(weight=1, choices=frozenset({"D-2026-0004"}))]

    result = count(method="approval", ballots=ballots, candidates=CANDIDATES, seats=0)

    assert result.retained == []


def test_count_refuses_request_not_among_candidates():
    ballots = [CastBallot(weight=1, choices={"D-2026-0099": 1})]

    with pytest.raises(ValueError, match="D-2026-0099"):
        count(method="points", ballots=ballots, candidates=CANDIDATES, seats=1)


def test_count_refuses_duplicate_candidates():
    with pytest.raises(ValueError, match="twice"):
        count(method="approval", ballots=[], candidates=["D-2026-0001"] * 2, seats=1)


@pytest.mark.parametrize("weight", [0, -1, 1.5, True])
def test_cast_ballot_refuses_weight_not_positive_integer(weight):
    with pytest.raises(ValueError, match="weight"):
        CastBallot(weight=weight, choices=frozenset())


# Tie-break


def test_tie_break_prefers_more_supporting_organisations_on_equal_score():
    # Arrange: 0001 gets 4 points from one organisation, 0002 gets 2 + 2 from two.
    ballots = [
        CastBallot(weight=1, choices={"D-2026-0001": 4}),
        CastBallot(weight=1, choices={"D-2026-0002": 2}),
        CastBallot(weight=1, choices={"D-2026-0002": 2}),
    ]

    # Act
    result = count(method="points", ballots=ballots, candidates=CANDIDATES[:2], seats=1)

    # Assert
    assert order(result) == ["D-2026-0002", "D-2026-0001"]


def test_tie_break_counts_organisations_not_weight():
    # Arrange: 0001 has weight 4 from one organisation, 0002 weight 2 + 2 from two.
    ballots = [
        CastBallot(weight=4, choices=frozenset({"D-2026-0001"})),
        CastBallot(weight=2, choices=frozenset({"D-2026-0002"})),
        CastBallot(weight=2, choices=frozenset({"D-2026-0002"})),
    ]

    # Act
    result = count(method="approval", ballots=ballots, candidates=CANDIDATES[:2], seats=1)

    # Assert
    assert order(result) == ["D-2026-0002", "D-2026-0001"]


def test_tie_on_score_and_supporters_shares_the_position_and_is_listed_by_reference():
    ballots = [
        CastBallot(weight=1, choices=frozenset({"D-2026-0003"})),
        CastBallot(weight=1, choices=frozenset({"D-2025-0120"})),
    ]

    result = count(
        method="approval", ballots=ballots, candidates=["D-2026-0003", "D-2025-0120"], seats=2
    )

    assert result.ranking == [
        RankedItem(request="D-2025-0120", score=1, position=1),
        RankedItem(request="D-2026-0003", score=1, position=1),
    ]
    assert (result.retained, result.tie_at_cutoff) == (["D-2025-0120", "D-2026-0003"], False)


def test_reference_order_never_decides_the_last_seat():
    # Arrange: same score, same supporters, one seat.
    ballots = [
        CastBallot(weight=1, choices=frozenset({"D-2026-0003"})),
        CastBallot(weight=1, choices=frozenset({"D-2025-0120"})),
    ]

    # Act
    result = count(
        method="approval", ballots=ballots, candidates=["D-2026-0003", "D-2025-0120"], seats=1
    )

    # Assert: neither is retained, the tie at the cutoff is reported.
    assert result.retained == []
    assert (result.tied, result.tied_seats) == (["D-2025-0120", "D-2026-0003"], 1)


def test_tie_break_puts_higher_score_first_despite_fewer_supporters():
    ballots = [
        CastBallot(weight=1, choices={"D-2026-0002": 5}),
        CastBallot(weight=1, choices={"D-2026-0001": 2}),
        CastBallot(weight=1, choices={"D-2026-0001": 2}),
    ]

    result = count(method="points", ballots=ballots, candidates=CANDIDATES[:2], seats=1)

    assert order(result) == ["D-2026-0002", "D-2026-0001"]


# Counting: Schulze


def test_pairwise_preferences_matches_wikipedia_example():
    d = pairwise_preferences(ballots=wikipedia_ballots(), candidates=[A, B, C, D, E])

    assert d == [
        [0, 20, 26, 30, 22],
        [25, 0, 16, 33, 18],
        [19, 29, 0, 17, 24],
        [15, 12, 28, 0, 14],
        [23, 27, 21, 31, 0],
    ]


def test_strongest_paths_matches_wikipedia_example():
    d = pairwise_preferences(ballots=wikipedia_ballots(), candidates=[A, B, C, D, E])

    p = strongest_paths(d)

    assert p == [
        [0, 28, 28, 30, 24],
        [25, 0, 28, 33, 24],
        [25, 29, 0, 29, 24],
        [25, 28, 28, 0, 24],
        [25, 28, 28, 31, 0],
    ]


def test_count_schulze_ranks_wikipedia_example_e_a_c_b_d():
    result = count_schulze(ballots=wikipedia_ballots(), candidates=[A, B, C, D, E], seats=2)

    assert result == Result(
        ranking=[
            RankedItem(request=E, score=4, position=1),
            RankedItem(request=A, score=3, position=2),
            RankedItem(request=C, score=2, position=3),
            RankedItem(request=B, score=1, position=4),
            RankedItem(request=D, score=0, position=5),
        ],
        retained=[E, A],
    )


def test_count_schulze_gives_same_result_for_weights_and_repeated_ballots():
    # Arrange
    repeated = [
        CastBallot(weight=1, choices=ranked(order))
        for weight, order in WIKIPEDIA_GROUPS
        for _ in range(weight)
    ]
    random.Random(45).shuffle(repeated)

    # Act
    result = count_schulze(ballots=repeated, candidates=[A, B, C, D, E], seats=2)

    # Assert
    assert result == count_schulze(ballots=wikipedia_ballots(), candidates=[A, B, C, D, E], seats=2)


def test_count_schulze_ranks_condorcet_winner_first():
    # Arrange: B beats A (2 to 1) and C (3 to 0) pairwise, although A has most first places.
    ballots = [
        CastBallot(weight=1, choices=ranked([A, B, C])),
        CastBallot(weight=1, choices=ranked([B, C, A])),
        CastBallot(weight=1, choices=ranked([C, B, A])),
    ]

    # Act
    result = count_schulze(ballots=ballots, candidates=[A, B, C], seats=1)

    # Assert
    assert result.retained == [B]


def test_count_schulze_puts_unranked_requests_after_ranked_ones():
    # Arrange
    ballots = [CastBallot(weight=1, choices={C: 1})]

    # Act
    d = pairwise_preferences(ballots=ballots, candidates=[A, B, C])

    # Assert
    assert d == [[0, 0, 0], [0, 0, 0], [1, 1, 0]]


def test_count_schulze_scores_unranked_requests_as_tied_last():
    ballots = [CastBallot(weight=1, choices={C: 1})]

    result = count_schulze(ballots=ballots, candidates=[A, B, C], seats=1)

    assert result.ranking == [
        RankedItem(request=C, score=2, position=1),
        RankedItem(request=A, score=0, position=2),
        RankedItem(request=B, score=0, position=2),
    ]


def test_count_schulze_equal_ranks_prefer_neither_request():
    # Arrange
    ballots = [CastBallot(weight=2, choices={A: 1, B: 1, C: 2})]

    # Act
    d = pairwise_preferences(ballots=ballots, candidates=[A, B, C])

    # Assert
    assert d == [[0, 0, 2], [0, 0, 2], [0, 0, 0]]


def test_count_schulze_counts_every_ranking_organisation_as_supporter():
    # Arrange: A and B tie pairwise and both beat only C; B is ranked by two organisations.
    ballots = [
        CastBallot(weight=1, choices={B: 1}),
        CastBallot(weight=1, choices={A: 1, B: 2}),
    ]

    # Act
    result = count_schulze(ballots=ballots, candidates=[A, B, C], seats=1)

    # Assert
    assert result.ranking == [
        RankedItem(request=B, score=1, position=1),
        RankedItem(request=A, score=1, position=1),
        RankedItem(request=C, score=0, position=3),
    ]
    # Supporters only order the listing: A and B are tied for the one seat.
    assert (result.retained, result.tied, result.tied_seats) == ([], [B, A], 1)


def test_count_schulze_without_ballots_ties_everyone():
    result = count_schulze(ballots=[], candidates=[C, A, B], seats=1)

    assert result.ranking == [
        RankedItem(request=A, score=0, position=1),
        RankedItem(request=B, score=0, position=1),
        RankedItem(request=C, score=0, position=1),
    ]
    assert (result.retained, result.tied, result.tied_seats) == ([], [A, B, C], 1)


def test_count_schulze_gives_seats_to_unbeaten_requests_not_to_those_beating_most():
    # Arrange: A>B>X and X>A>B. A beats B; X is beaten by nobody (1-1 with A and with B).
    ballots = [
        CastBallot(weight=1, choices={A: 1, B: 2, "X": 3}),
        CastBallot(weight=1, choices={"X": 1, A: 2, B: 3}),
    ]

    # Act
    result = count_schulze(ballots=ballots, candidates=[A, B, "X"], seats=2)

    # Assert
    assert result.retained == [A, "X"]
    assert not result.tie_at_cutoff
    assert [(item.request, item.position) for item in result.ranking] == [
        (A, 1),
        ("X", 1),
        (B, 3),
    ]


def test_count_schulze_reports_an_unbeaten_set_straddling_the_last_seat():
    ballots = [
        CastBallot(weight=1, choices={A: 1, B: 2, "X": 3}),
        CastBallot(weight=1, choices={"X": 1, A: 2, B: 3}),
    ]

    result = count_schulze(ballots=ballots, candidates=[A, B, "X"], seats=1)

    assert result.retained == []
    assert (result.tied, result.tied_seats, result.tie_at_cutoff) == ([A, "X"], 1, True)


def test_count_schulze_retains_the_wikipedia_winner_then_the_next_unbeaten():
    # E wins the Wikipedia example; the full order is E > A > C > B > D.
    result = count_schulze(ballots=wikipedia_ballots(), candidates=[A, B, C, D, E], seats=2)

    assert result.retained == [E, A]
    assert [item.request for item in result.ranking] == [E, A, C, B, D]


# Properties


@settings(max_examples=100)
@given(ballots=approval_ballots)
def test_count_approval_score_is_weighted_sum_of_ballots(ballots):
    expected = {
        ref: sum(ballot.weight for ballot in ballots if ref in ballot.choices) for ref in CANDIDATES
    }

    result = count_approval(ballots=ballots, candidates=CANDIDATES, seats=2)

    assert scores(result) == expected


@settings(max_examples=100)
@given(ballots=points_ballots)
def test_count_points_score_is_weighted_sum_of_ballots(ballots):
    expected = {
        ref: sum(ballot.weight * ballot.choices.get(ref, 0) for ballot in ballots)
        for ref in CANDIDATES
    }

    result = count_points(ballots=ballots, candidates=CANDIDATES, seats=2)

    assert scores(result) == expected


@pytest.mark.parametrize(
    ("method", "strategy"),
    [("approval", approval_ballots), ("points", points_ballots), ("schulze", schulze_ballots)],
)
@settings(max_examples=100)
@given(data=st.data())
def test_count_result_ignores_ballot_order(method, strategy, data):
    # Arrange
    ballots = data.draw(strategy)
    shuffled = data.draw(st.permutations(ballots))

    # Act
    result = count(method=method, ballots=shuffled, candidates=CANDIDATES, seats=2)

    # Assert
    assert result == count(method=method, ballots=ballots, candidates=CANDIDATES, seats=2)


@settings(max_examples=100)
@given(ballots=schulze_ballots)
def test_pairwise_preferences_counts_weight_of_ballots_ranking_a_above_b(ballots):
    d = pairwise_preferences(ballots=ballots, candidates=CANDIDATES)

    assert d == naive_preferences(ballots, CANDIDATES)


@settings(max_examples=100)
@given(d=st.lists(st.lists(st.integers(0, 20), min_size=5, max_size=5), min_size=5, max_size=5))
def test_strongest_paths_matches_textbook_floyd_warshall(d):
    p = strongest_paths(d)

    assert p == naive_strongest_paths(d)


@settings(max_examples=100)
@given(ballots=schulze_ballots)
def test_count_schulze_ranks_condorcet_winner_first_always(ballots):
    # Arrange
    d = naive_preferences(ballots, CANDIDATES)
    winners = [
        CANDIDATES[a]
        for a in range(len(CANDIDATES))
        if all(d[a][b] > d[b][a] for b in range(len(CANDIDATES)) if b != a)
    ]
    assume(winners)

    # Act
    result = count_schulze(ballots=ballots, candidates=CANDIDATES, seats=1)

    # Assert
    assert result.retained == winners
