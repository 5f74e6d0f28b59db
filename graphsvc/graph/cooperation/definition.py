"""The cooperation score's definition: its kinds, weights, grades and how a part is scored.

Everything that scores cooperation derives from this module: the ranking of
`/cooperation/{id}` (ranking.py), its evidence, the matrix (matrix.py) and
the timeline (timeline.py). docs/cooperation-scoring.md explains it for
researchers and must say the same thing.

    part score  = WEIGHTS[kind] * log2(1 + n)
    n           = sum over the distinct shared things of that kind of their
                  factor (1, or GRADE_FACTORS[grade] where the grade lowers it)
    score       = sum of the part scores (each rounded to DECIMALS)

log2(1 + n) gives 1 for one shared thing, 1.585 for two, 2 for three, 3 for
seven: every further shared thing adds less than the one before, so a pair
cannot win on sheer volume of one kind of fact.

What counts as a shared thing of each kind is written once, in Cypher:
`PART_QUERIES[kind]` (cypher/queries/cooperation_<kind>.cypher):

- shared_membership: an organisation both are MEMBER_OF (or OBSERVER_OF: the
  organisation counts 0.5 when either of them is only an observer).
- shared_agreement: an agreement both are PARTY_TO.
- shared_event: an event both PARTICIPATED_IN or ORGANISED, themselves or
  through a person who HOLDS_POSITION in them (a president on a state visit).
- direct_link: a COOPERATES_WITH, TRADES_WITH, VISITED, FUNDS or SUPPORTS
  relationship between them (or their office-holders); facets of one fact
  told apart by `key` (exports, imports, ...) count once.
- operates_in: an institution of one operates in, or is located in, the
  other's territory (or an organisation operates in the other directly).
- programme: a programme or event run by one (or by one of its institutions)
  BENEFITS the other (or one of its institutions); an institution of one that
  itself BENEFITS the other counts too.

Filters (sectors, since/until) apply to the relationships that state the
cooperation (membership, party, participation, the direct link, the
OPERATES_IN/LOCATED_IN into the other's territory, BENEFITS; an event's own
dates too); the relationships that only say who belongs to whom or where a
place lies (HOLDS_POSITION, PART_OF, ESTABLISHED_BY, RUNS, LOCATED_IN of an
institution or a place) are context and always count. The part queries
return the stating relationships as `stated`: the timeline dates them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from graphsvc.graph.filters import GraphFilters

# Weight of one shared thing of each kind (the score of a part with n = 1).
# Agreements and direct links are explicit, mostly bilateral statements of
# cooperation; institutions abroad and programmes for the other are sustained
# commitments; events are one-off; memberships of multilateral organisations
# are shared by many states at once and say least about a particular pair.
WEIGHTS: Final[dict[str, float]] = {
    "shared_agreement": 3.0,
    "direct_link": 3.0,
    "operates_in": 2.0,
    "programme": 2.0,
    "shared_event": 1.5,
    "shared_membership": 1.0,
}

# Part kinds in the order the documentation lists them.
KINDS: Final[tuple[str, ...]] = (
    "shared_membership",
    "shared_agreement",
    "shared_event",
    "direct_link",
    "operates_in",
    "programme",
)

# A shared thing counts 1, unless its grade lowers it. Only one grade does:
# an organisation of which one of the pair is only an observer.
GRADE_FACTORS: Final[dict[str, float]] = {"observer": 0.5}

# The types of actors that have partners and can be partners.
ACTOR_TYPES: Final[tuple[str, ...]] = ("State", "Organisation", "Person")

# The types a matrix can be asked for.
MATRIX_TYPES: Final[tuple[str, ...]] = ("State", "Organisation")

# Scores and part scores are rounded to this many decimals.
DECIMALS: Final[int] = 3

# The named query that gathers the shared facts of each kind.
PART_QUERIES: Final[dict[str, str]] = {kind: f"cooperation_{kind}" for kind in KINDS}
# The order in which the part queries are started (two run at once, db.READS_AT_ONCE): those that walk
# furthest first (events through office-holders; programmes and institutions through chains of
# organisations and places), so that the short ones fill in beside them rather than leave a long one
# running alone at the end. Their rows are still taken in KINDS order.
PARTS_LONGEST_FIRST: Final[tuple[str, ...]] = (
    "shared_event", "programme", "operates_in", "shared_membership", "shared_agreement", "direct_link",
)


def part_score(kind: str, factors: Iterable[float]) -> float:
    """WEIGHTS[kind] * log2(1 + n), n the sum of the shared things' factors."""
    n = sum(factors)
    if n <= 0:
        return 0.0
    return round(WEIGHTS[kind] * math.log2(1 + n), DECIMALS)


def total_score(part_scores: Iterable[float]) -> float:
    """The sum of the (rounded) part scores, so the parts add up to the total a reader sees."""
    return round(sum(part_scores), DECIMALS)


def grade_factor(grade: str) -> float:
    return GRADE_FACTORS.get(grade, 1.0)


def tie_order(name: str, id_: str) -> tuple[str, str]:
    """How partners of the same score are ordered: by name (case-folded), then id."""
    return (name.casefold(), id_)


def best_part_first(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parts.sort(key=lambda part: (-part["score"], KINDS.index(part["kind"])))
    return parts


@dataclass(frozen=True)
class SharedFact:
    """One shared thing between an actor and a partner, as the part queries find it.

    `item` is what counts once (an organisation, an agreement, an event, an
    institution, a programme, or type|from|to of a direct relationship);
    `via` is the id shown to the reader (for a direct link, the relationship id).
    `stated` holds the relationships that state the cooperation, as
    (relationship id, its t_from or None): context relationships are not among them.
    `relationships`: the element ids of every relationship of its chains, when
    asked for (the ranking's evidence; the rosters keep them as numbers,
    evidence.ElementIds, counted by evidence.relationship_keys); `cited`: those
    of them whose citations `evidence` holds (all, unless the part's evidence is
    cut: evidence.py).
    """

    actor: str
    partner: str
    kind: str
    via: str
    item: str
    grade: str = ""
    evidence: tuple[dict[str, Any], ...] = ()
    stated: tuple[tuple[str, str | None], ...] = ()
    relationships: Sequence[str] = ()
    cited: tuple[str, ...] = ()

    @property
    def factor(self) -> float:
        return grade_factor(self.grade)


def best_factors(facts: Iterable[SharedFact]) -> dict[str, dict[str, float]]:
    """Kind -> item -> factor: each shared thing once, at its best factor (a member and an observer: member)."""
    factors: dict[str, dict[str, float]] = {}
    for fact in facts:
        if fact.kind not in WEIGHTS:
            raise ValueError(f"unknown part kind {fact.kind!r}")
        items = factors.setdefault(fact.kind, {})
        items[fact.item] = max(fact.factor, items.get(fact.item, 0.0))
    return factors


@dataclass(frozen=True, slots=True)
class Tally:
    """What a partner shares of one kind, counted: n (each thing at its best factor) and how many things.

    `first`: the first things by id (item ids) among those walked, when the tally was asked to name them
    (tallies.tally_shared_things' `first_items`), else empty; hub events counted from their rosters are
    not among them.
    """

    n: float
    things: int
    first: tuple[str, ...] = ()


def pair_score(n_by_kind: Mapping[str, float]) -> float:
    """A pair's score from its n per kind: the part scores summed best first (`parts_total`).

    The ranking (`pair_scores`) scores through here and the matrix through
    `part_score` and `parts_total`, so a matrix cell and a ranked partner's
    score are the same float.
    """
    return parts_total(part_score(kind, [n]) for kind, n in n_by_kind.items())


def parts_total(part_scores: Iterable[float]) -> float:
    """A pair's score from its part scores: summed best first, as the answer lists them."""
    return total_score(sorted(part_scores, reverse=True))


def facts_score(facts: Iterable[SharedFact]) -> float:
    """One pair's score from its shared facts: each thing once at its best factor (see `pair_score`)."""
    return pair_score({kind: sum(items.values()) for kind, items in best_factors(facts).items()})


def pair_scores(n: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """`pair_score` of each column of `n` (a row per kind, KINDS order; 0: nothing of that kind).

    Each distinct column is scored once, by `pair_score` itself: a hub's tens
    of thousands of partners mostly share the same few counts, and scoring
    through the one scalar definition keeps every score the same float.
    """
    if n.shape[1] == 0:
        return np.zeros(0, dtype=np.float64)
    # each column numbered by its values, kind by kind (one 1-D sort per kind that has any: sorting whole
    # columns is far slower), then one score per distinct number. A row's few distinct values are sorted
    # and each column's code found among them by bisection: unique's inverse argsorts the whole row.
    numbers = np.zeros(n.shape[1], dtype=np.int64)
    radix = 1
    for row in n:
        if not row.any():
            continue
        values = np.unique(row)
        if radix * values.size >= 2**62:  # renumber densely before the numbers could overflow
            numbers = _dense_codes(numbers)
            radix = int(numbers.max()) + 1
        numbers = numbers * values.size + np.searchsorted(values, row)
        radix *= values.size
    distinct = _dense_codes(numbers)
    # a column of each number (any one: they hold the same values)
    columns = np.zeros(int(distinct.max()) + 1, dtype=np.int64)
    columns[distinct] = np.arange(distinct.size, dtype=np.int64)
    scores = np.array([pair_score({kind: value for kind, value in zip(KINDS, n[:, column].tolist(), strict=True)
                                   if value > 0})
                       for column in columns.tolist()], dtype=np.float64)
    return scores[distinct]


def _dense_codes(numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Each number's place among the distinct numbers, in order (0, 1, ...)."""
    return np.searchsorted(np.unique(numbers), numbers).astype(np.int64)


def filter_parameters(filters: GraphFilters) -> dict[str, Any]:
    """The Cypher parameters of the sector and time filters every cooperation query takes."""
    return {"sectors": filters.sectors, "window_from": filters.window_from, "window_to": filters.window_to}
