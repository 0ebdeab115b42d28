"""Sharing the cost of a development among the organisations that co-fund it.

Pure Python, no models: callers pass participants in and get integer shares in euro cents
back, which always add up exactly to the cost. A cost that cannot be shared as asked raises
``DomainError`` naming the organisation concerned.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError

EQUAL = "equal"
PRO_RATA = "pro_rata"
TIERS = "tiers"
FREE = "free"

RULES = {
    EQUAL: _("Equal split"),
    PRO_RATA: _("Pro rata of population"),
    TIERS: _("Population tiers"),
    FREE: _("Free pledges"),
}

# French typography as in CLDR "fr": narrow no-break space between thousands and before "%",
# no-break space before the currency sign.
_THOUSANDS_SEPARATOR = "\u202f"
_SPACE_BEFORE_EURO = "\u00a0"
_SPACE_BEFORE_PERCENT = "\u202f"


@dataclass(frozen=True)
class Participant:
    """An organisation taking part; ``population`` is None when it is not on record.

    ``name`` is what refusals show (people know organisations by name, not by key).
    """

    key: str
    population: int | None
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.key


@dataclass(frozen=True)
class Tier:
    """A population band: populations up to ``up_to`` inclusive weigh ``weight``.

    ``up_to=None`` means no upper bound.
    """

    up_to: int | None
    weight: int


DEFAULT_TIERS = (
    Tier(up_to=9_999, weight=1),
    Tier(up_to=49_999, weight=2),
    Tier(up_to=199_999, weight=4),
    Tier(up_to=None, weight=8),
)


@dataclass(frozen=True)
class Basis:
    """Why a participant owes its share: ``fraction`` of the cost, before rounding to the cent.

    ``equal``: 1 / ``participants``. ``pro_rata``: ``population`` / ``total_population``.
    ``tiers``: ``tier.weight`` / ``total_weight``, ``tier`` being the band of ``population``.
    """

    rule: str
    fraction: Fraction
    participants: int
    population: int | None = None
    total_population: int | None = None
    tier: Tier | None = None
    total_weight: int | None = None


@dataclass(frozen=True)
class Share:
    """The amount suggested to one participant, in euro cents."""

    key: str
    cents: int
    basis: Basis


def compute_shares(
    *,
    rule: str,
    cost_cents: int,
    participants: Sequence[Participant],
    tiers: Sequence[Tier] | None = None,
) -> list[Share]:
    """Split ``cost_cents`` among ``participants`` by ``rule``, one share each in input order.

    The ``free`` rule suggests nothing and returns an empty list; its input is still
    validated like the other rules'. ``tiers`` is only read by the ``tiers`` rule and
    defaults to ``DEFAULT_TIERS``. Raises ``DomainError``.
    """
    if rule not in RULES:
        raise DomainError("unknown_rule", _("Unknown sharing rule: %(rule)s."), rule=rule)
    if isinstance(cost_cents, bool) or not isinstance(cost_cents, int) or cost_cents <= 0:
        raise DomainError("invalid_cost", _("The cost must be a positive amount in cents."))
    if not participants:
        raise DomainError(
            "no_participants",
            _("At least one participating organisation is needed to share a cost."),
        )
    seen: set[str] = set()
    for participant in participants:
        if participant.key in seen:
            raise DomainError(
                "duplicate_participant",
                _("%(organisation)s takes part more than once."),
                organisation=participant.label,
            )
        seen.add(participant.key)

    if rule == FREE:
        return []
    if rule == EQUAL:
        bases = _equal_bases(participants=participants)
    elif rule == PRO_RATA:
        bases = _pro_rata_bases(participants=participants)
    else:
        bases = _tiers_bases(
            participants=participants, tiers=DEFAULT_TIERS if tiers is None else tiers
        )
    amounts = _largest_remainder(
        cost_cents=cost_cents,
        keys=[participant.key for participant in participants],
        fractions=[basis.fraction for basis in bases],
    )
    return [
        Share(key=participant.key, cents=cents, basis=basis)
        for participant, cents, basis in zip(participants, amounts, bases, strict=True)
    ]


def validate_tiers(*, tiers: Sequence[Tier]) -> None:
    """Raise ``DomainError("invalid_tiers")`` unless ``tiers`` is a usable banding."""
    if not _usable_tiers(tiers):
        raise DomainError(
            "invalid_tiers",
            _(
                "Population tiers must not be empty, must be sorted by ascending positive upper "
                "bound, must have positive weights, and only the last tier may be unbounded."
            ),
        )


def _usable_tiers(tiers: Sequence[Tier]) -> bool:
    if not tiers or tiers[-1].up_to is not None:
        return False
    previous_bound = 0
    for tier in tiers[:-1]:
        if tier.up_to is None or tier.up_to <= previous_bound:
            return False
        previous_bound = tier.up_to
    return all(tier.weight > 0 for tier in tiers)


def format_cents(cents: int) -> str:
    """Format an amount in euro cents the French way, e.g. ``12 345,67 €``."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{_group_thousands(euros)},{rest:02d}{_SPACE_BEFORE_EURO}€"


def format_percent(value: Fraction) -> str:
    """Format a fraction as a French percentage with two decimals, e.g. ``14,12 %``.

    Rounds half up on the exact value, so the display never depends on float error.
    """
    sign = "-" if value < 0 else ""
    hundredths = int(abs(value) * 10_000 + Fraction(1, 2))
    whole, rest = divmod(hundredths, 100)
    return f"{sign}{_group_thousands(whole)},{rest:02d}{_SPACE_BEFORE_PERCENT}%"


def _group_thousands(number: int) -> str:
    return f"{number:,}".replace(",", _THOUSANDS_SEPARATOR)


def _equal_bases(*, participants: Sequence[Participant]) -> list[Basis]:
    count = len(participants)
    return [Basis(rule=EQUAL, fraction=Fraction(1, count), participants=count)] * count


def _pro_rata_bases(*, participants: Sequence[Participant]) -> list[Basis]:
    populations = _populations(participants=participants)
    total = sum(populations)
    return [
        Basis(
            rule=PRO_RATA,
            fraction=Fraction(population, total),
            participants=len(participants),
            population=population,
            total_population=total,
        )
        for population in populations
    ]


def _tiers_bases(*, participants: Sequence[Participant], tiers: Sequence[Tier]) -> list[Basis]:
    validate_tiers(tiers=tiers)
    populations = _populations(participants=participants)
    bands = [_tier_of(population=population, tiers=tiers) for population in populations]
    total_weight = sum(band.weight for band in bands)
    return [
        Basis(
            rule=TIERS,
            fraction=Fraction(band.weight, total_weight),
            participants=len(participants),
            population=population,
            tier=band,
            total_weight=total_weight,
        )
        for population, band in zip(populations, bands, strict=True)
    ]


def _populations(*, participants: Sequence[Participant]) -> list[int]:
    # A zero population is as useless as none for weighting, so both count as missing.
    populations = []
    for participant in participants:
        if participant.population is None or participant.population <= 0:
            raise DomainError(
                "population_missing",
                _("%(organisation)s has no population on record; this sharing rule needs it."),
                organisation=participant.label,
            )
        populations.append(participant.population)
    return populations


def _tier_of(*, population: int, tiers: Sequence[Tier]) -> Tier:
    return next(tier for tier in tiers if tier.up_to is None or population <= tier.up_to)


def _largest_remainder(*, cost_cents: int, keys: list[str], fractions: list[Fraction]) -> list[int]:
    """Hamilton apportionment: floor every exact quota, then hand the missing cents out one by
    one by decreasing remainder, ties going to the lowest key so the result is order-free."""
    quotas = [cost_cents * fraction for fraction in fractions]
    floors = [quota.numerator // quota.denominator for quota in quotas]
    missing = cost_cents - sum(floors)
    ranking = sorted(range(len(keys)), key=lambda i: (floors[i] - quotas[i], keys[i]))
    topped_up = set(ranking[:missing])
    return [floor + (1 if i in topped_up else 0) for i, floor in enumerate(floors)]
