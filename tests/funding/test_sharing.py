from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cercle.core.errors import DomainError
from cercle.funding.sharing import (
    DEFAULT_TIERS,
    RULES,
    Basis,
    Participant,
    Share,
    Tier,
    compute_shares,
    format_cents,
    format_percent,
    validate_tiers,
)

# No example database: it would write a .hypothesis directory into the shared tree.
PROPERTY = settings(max_examples=200, deadline=None, database=None)

keys = st.text(alphabet="abcdef", min_size=1, max_size=3)
populations = st.integers(min_value=1, max_value=2_000_000)
costs = st.integers(min_value=1, max_value=10**9)
participant_lists = st.lists(
    st.builds(Participant, key=keys, population=populations),
    min_size=1,
    max_size=8,
    unique_by=lambda participant: participant.key,
)


@st.composite
def tier_lists(draw: st.DrawFn) -> list[Tier]:
    bounds = sorted(draw(st.sets(st.integers(min_value=1, max_value=2_000_000), max_size=4)))
    weights = draw(
        st.lists(
            st.integers(min_value=1, max_value=20),
            min_size=len(bounds) + 1,
            max_size=len(bounds) + 1,
        )
    )
    return [
        Tier(up_to=bound, weight=weight)
        for bound, weight in zip([*bounds, None], weights, strict=True)
    ]


def _error_of(**kwargs: object) -> tuple[str, dict]:
    with pytest.raises(DomainError) as excinfo:
        compute_shares(**kwargs)
    return excinfo.value.code, excinfo.value.params


# Examples


def test_compute_shares_equal_gives_extra_cent_to_lowest_key():
    participants = [Participant("c", None), Participant("a", None), Participant("b", None)]

    shares = compute_shares(rule="equal", cost_cents=10_000, participants=participants)

    basis = Basis(rule="equal", fraction=Fraction(1, 3), participants=3)
    assert shares == [
        Share(key="c", cents=3_333, basis=basis),
        Share(key="a", cents=3_334, basis=basis),
        Share(key="b", cents=3_333, basis=basis),
    ]


def test_compute_shares_pro_rata_follows_population():
    participants = [Participant("small", 12_000), Participant("large", 73_000)]

    shares = compute_shares(rule="pro_rata", cost_cents=100_000, participants=participants)

    assert shares == [
        Share(
            key="small",
            cents=14_118,
            basis=Basis(
                rule="pro_rata",
                fraction=Fraction(12_000, 85_000),
                participants=2,
                population=12_000,
                total_population=85_000,
            ),
        ),
        Share(
            key="large",
            cents=85_882,
            basis=Basis(
                rule="pro_rata",
                fraction=Fraction(73_000, 85_000),
                participants=2,
                population=73_000,
                total_population=85_000,
            ),
        ),
    ]


def test_compute_shares_tiers_defaults_to_default_tiers():
    participants = [
        Participant("village", 9_999),
        Participant("town", 10_000),
        Participant("big_town", 49_999),
        Participant("city", 150_000),
        Participant("metropolis", 1_000_000),
    ]

    shares = compute_shares(rule="tiers", cost_cents=170_000, participants=participants)

    assert [(share.key, share.cents, share.basis.tier) for share in shares] == [
        ("village", 10_000, Tier(up_to=9_999, weight=1)),
        ("town", 20_000, Tier(up_to=49_999, weight=2)),
        ("big_town", 20_000, Tier(up_to=49_999, weight=2)),
        ("city", 40_000, Tier(up_to=199_999, weight=4)),
        ("metropolis", 80_000, Tier(up_to=None, weight=8)),
    ]


def test_compute_shares_tiers_explains_band_and_total_weight():
    participants = [Participant("a", 500), Participant("b", 5_000)]
    tiers = [Tier(up_to=1_000, weight=1), Tier(up_to=None, weight=3)]

    shares = compute_shares(rule="tiers", cost_cents=1_000, participants=participants, tiers=tiers)

    assert shares[1] == Share(
        key="b",
        cents=750,
        basis=Basis(
            rule="tiers",
            fraction=Fraction(3, 4),
            participants=2,
            population=5_000,
            tier=Tier(up_to=None, weight=3),
            total_weight=4,
        ),
    )


def test_compute_shares_free_suggests_no_share():
    participants = [Participant("a", None), Participant("b", 1_000)]

    shares = compute_shares(rule="free", cost_cents=10_000, participants=participants)

    assert shares == []


def test_compute_shares_single_participant_pays_everything():
    participants = [Participant("only", 3_000)]

    shares = compute_shares(rule="pro_rata", cost_cents=12_345, participants=participants)

    assert [share.cents for share in shares] == [12_345]


def test_default_tiers_are_valid():
    result = validate_tiers(tiers=DEFAULT_TIERS)

    assert result is None


def test_rules_lists_every_rule_code():
    codes = list(RULES)

    assert codes == ["equal", "pro_rata", "tiers", "free"]


# Errors


def test_compute_shares_unknown_rule_raises():
    error = _error_of(rule="lottery", cost_cents=100, participants=[Participant("a", 1)])

    assert error == ("unknown_rule", {"rule": "lottery"})


@pytest.mark.parametrize("cost_cents", [0, -100, True, 10.5])
def test_compute_shares_invalid_cost_raises(cost_cents):
    error = _error_of(rule="equal", cost_cents=cost_cents, participants=[Participant("a", 1)])

    assert error == ("invalid_cost", {})


@pytest.mark.parametrize("rule", ["equal", "pro_rata", "tiers", "free"])
def test_compute_shares_no_participants_raises(rule):
    error = _error_of(rule=rule, cost_cents=100, participants=[])

    assert error == ("no_participants", {})


def test_compute_shares_duplicate_participant_raises():
    participants = [Participant("a", 1), Participant("b", 2), Participant("a", 3)]

    error = _error_of(rule="equal", cost_cents=100, participants=participants)

    assert error == ("duplicate_participant", {"organisation": "a"})


@pytest.mark.parametrize("rule", ["pro_rata", "tiers"])
@pytest.mark.parametrize("population", [None, 0, -5])
def test_compute_shares_population_missing_raises(rule, population):
    participants = [Participant("a", 1_000), Participant("b", population)]

    error = _error_of(rule=rule, cost_cents=100, participants=participants)

    assert error == ("population_missing", {"organisation": "b"})


def test_compute_shares_population_missing_names_the_organisation():
    participants = [Participant("1", 1_000, "Nancy"), Participant("31", None, "Ville de Metz")]

    error = _error_of(rule="pro_rata", cost_cents=100, participants=participants)

    assert error == ("population_missing", {"organisation": "Ville de Metz"})


@pytest.mark.parametrize(
    "tiers",
    [
        [],
        [Tier(up_to=1_000, weight=1)],
        [Tier(up_to=None, weight=1), Tier(up_to=None, weight=2)],
        [Tier(up_to=5_000, weight=1), Tier(up_to=1_000, weight=2), Tier(up_to=None, weight=3)],
        [Tier(up_to=1_000, weight=1), Tier(up_to=1_000, weight=2), Tier(up_to=None, weight=3)],
        [Tier(up_to=0, weight=1), Tier(up_to=None, weight=2)],
        [Tier(up_to=1_000, weight=0), Tier(up_to=None, weight=2)],
        [Tier(up_to=1_000, weight=1), Tier(up_to=None, weight=-2)],
    ],
    ids=[
        "empty",
        "last_bounded",
        "unbounded_before_last",
        "descending",
        "repeated_bound",
        "zero_bound",
        "zero_weight",
        "negative_weight",
    ],
)
def test_compute_shares_invalid_tiers_raises(tiers):
    error = _error_of(rule="tiers", cost_cents=100, participants=[Participant("a", 1)], tiers=tiers)

    assert error == ("invalid_tiers", {})


def test_compute_shares_ignores_tiers_for_other_rules():
    participants = [Participant("a", None), Participant("b", None)]

    shares = compute_shares(rule="equal", cost_cents=100, participants=participants, tiers=[])

    assert [share.cents for share in shares] == [50, 50]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"rule": "lottery"}, "Unknown sharing rule: lottery."),
        ({"cost_cents": 0}, "The cost must be a positive amount in cents."),
        (
            {"participants": []},
            "At least one participating organisation is needed to share a cost.",
        ),
        (
            {"participants": [Participant("a", 1), Participant("a", 1)]},
            "a takes part more than once.",
        ),
        (
            {"rule": "pro_rata", "participants": [Participant("a", None)]},
            "a has no population on record; this sharing rule needs it.",
        ),
        (
            {"rule": "tiers", "tiers": []},
            "Population tiers must not be empty, must be sorted by ascending positive upper "
            "bound, must have positive weights, and only the last tier may be unbounded.",
        ),
    ],
    ids=[
        "unknown_rule",
        "invalid_cost",
        "no_participants",
        "duplicate_participant",
        "population_missing",
        "invalid_tiers",
    ],
)
def test_sharing_error_message_interpolates_params(monkeypatch, kwargs, expected):
    # Django caches its translation functions in _trans.__dict__; an identity gettext there
    # lets the message be rendered without configured settings, and is undone after the test.
    monkeypatch.setitem(vars(translation._trans), "gettext", lambda message: message)
    arguments = {"rule": "equal", "cost_cents": 100, "participants": [Participant("a", 1)]}
    with pytest.raises(DomainError) as excinfo:
        compute_shares(**{**arguments, **kwargs})

    message = excinfo.value.message

    assert message == expected


# Properties


@PROPERTY
@given(
    rule=st.sampled_from(["equal", "pro_rata", "tiers"]),
    cost_cents=costs,
    participants=participant_lists,
    tiers=tier_lists(),
)
def test_compute_shares_any_rule_adds_up_to_cost(rule, cost_cents, participants, tiers):
    shares = compute_shares(
        rule=rule, cost_cents=cost_cents, participants=participants, tiers=tiers
    )

    assert (
        sum(share.cents for share in shares),
        min(share.cents for share in shares) >= 0,
        [share.key for share in shares],
    ) == (cost_cents, True, [participant.key for participant in participants])


@PROPERTY
@given(
    rule=st.sampled_from(["equal", "pro_rata", "tiers"]),
    cost_cents=costs,
    participants=participant_lists,
    tiers=tier_lists(),
)
def test_compute_shares_any_rule_stays_within_a_cent_of_exact_share(
    rule, cost_cents, participants, tiers
):
    shares = compute_shares(
        rule=rule, cost_cents=cost_cents, participants=participants, tiers=tiers
    )

    gaps = [abs(share.cents - cost_cents * share.basis.fraction) for share in shares]
    assert [gap < 1 for gap in gaps] == [True] * len(shares)


@PROPERTY
@given(cost_cents=costs, participants=participant_lists)
def test_compute_shares_equal_differs_by_at_most_one_cent(cost_cents, participants):
    shares = compute_shares(rule="equal", cost_cents=cost_cents, participants=participants)

    cents = [share.cents for share in shares]
    assert max(cents) - min(cents) <= 1


@PROPERTY
@given(cost_cents=costs, participants=participant_lists)
def test_compute_shares_pro_rata_is_monotonic_in_population(cost_cents, participants):
    shares = compute_shares(rule="pro_rata", cost_cents=cost_cents, participants=participants)

    inversions = [
        (larger.key, smaller.key)
        for larger in shares
        for smaller in shares
        if larger.basis.population > smaller.basis.population and larger.cents < smaller.cents
    ]
    assert inversions == []


@PROPERTY
@given(cost_cents=costs, participants=participant_lists, tiers=tier_lists())
def test_compute_shares_tiers_is_monotonic_in_weight(cost_cents, participants, tiers):
    shares = compute_shares(
        rule="tiers", cost_cents=cost_cents, participants=participants, tiers=tiers
    )

    inversions = [
        (heavier.key, lighter.key)
        for heavier in shares
        for lighter in shares
        if heavier.basis.tier.weight > lighter.basis.tier.weight and heavier.cents < lighter.cents
    ]
    assert inversions == []


@PROPERTY
@given(
    rule=st.sampled_from(["equal", "pro_rata", "tiers"]),
    cost_cents=costs,
    participants=participant_lists.flatmap(
        lambda participants: st.tuples(st.just(participants), st.permutations(participants))
    ),
    tiers=tier_lists(),
)
def test_compute_shares_any_rule_ignores_participant_order(rule, cost_cents, participants, tiers):
    original, shuffled = participants

    first = compute_shares(rule=rule, cost_cents=cost_cents, participants=original, tiers=tiers)
    second = compute_shares(rule=rule, cost_cents=cost_cents, participants=shuffled, tiers=tiers)

    assert {share.key: share.cents for share in first} == {
        share.key: share.cents for share in second
    }


# Formatting


@pytest.mark.parametrize(
    ("cents", "expected"),
    [
        (0, "0,00\u00a0€"),
        (5, "0,05\u00a0€"),
        (100, "1,00\u00a0€"),
        (99_999, "999,99\u00a0€"),
        (1_234_567, "12\u202f345,67\u00a0€"),
        (123_456_789, "1\u202f234\u202f567,89\u00a0€"),
        (-1_234_567, "-12\u202f345,67\u00a0€"),
    ],
)
def test_format_cents_formats_the_french_way(cents, expected):
    formatted = format_cents(cents)

    assert formatted == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(12_000, 85_000), "14,12\u202f%"),
        (Fraction(1, 3), "33,33\u202f%"),
        (Fraction(2, 3), "66,67\u202f%"),
        (Fraction(1, 800), "0,13\u202f%"),
        (Fraction(0), "0,00\u202f%"),
        (Fraction(1), "100,00\u202f%"),
    ],
)
def test_format_percent_rounds_half_up(value, expected):
    formatted = format_percent(value)

    assert formatted == expected
