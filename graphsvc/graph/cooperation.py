"""Who cooperates with whom: the cooperation score, its parts and its evidence.

The score of a pair of actors (State, Organisation, Person) is a sum of parts,
one per kind of shared fact. This module is the one source of truth for the
definition; docs/cooperation-scoring.md explains it for researchers and must
say the same thing.

    part score  = WEIGHTS[kind] * log2(1 + n)
    n           = sum over the distinct shared things of that kind of their
                  factor (1, or GRADE_FACTORS[grade] where the grade lowers it)
    score       = sum of the part scores (each rounded to 3 decimals)

log2(1 + n) gives 1 for one shared thing, 1.585 for two, 2 for three, 3 for
seven: every further shared thing adds less than the one before, so a pair
cannot win on sheer volume of one kind of fact.

What counts as a shared thing for each kind (the Cypher files
cypher/queries/cooperation_<kind>.cypher gather them; this module scores):

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
institution or a place) are context and always count.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import sys
from collections import defaultdict
from collections.abc import Collection, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from graphsvc.background_jobs import BackgroundJobs
from graphsvc.db import Database
from graphsvc.errors import invalid_parameter
from graphsvc.graph.entities import resolve_entity
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import entity_shape, evidence_list

# -- the definition ------------------------------------------------------------

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


def part_score(kind: str, factors: Iterable[float]) -> float:
    """WEIGHTS[kind] * log2(1 + n), n the sum of the shared things' factors."""
    n = sum(factors)
    if n <= 0:
        return 0.0
    return round(WEIGHTS[kind] * math.log2(1 + n), DECIMALS)


# -- scoring (pure) ------------------------------------------------------------


@dataclass(frozen=True)
class SharedFact:
    """One shared thing between an actor and a partner, as the queries find it.

    `item` is what counts once (an organisation, an agreement, an event, an
    institution, a programme, or type|from|to of a direct relationship);
    `via` is the id shown to the reader (for a direct link, the relationship id).
    """

    actor: str
    partner: str
    kind: str
    via: str
    item: str
    grade: str = ""
    evidence: tuple[dict[str, Any], ...] = ()

    @property
    def factor(self) -> float:
        return GRADE_FACTORS.get(self.grade, 1.0)


def score_parts(facts: Iterable[SharedFact]) -> list[dict[str, Any]]:
    """The parts of one pair's score: kind, score, via, evidence; best part first."""
    factors: dict[str, dict[str, float]] = defaultdict(dict)
    vias: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = defaultdict(dict)
    for fact in facts:
        if fact.kind not in WEIGHTS:
            raise ValueError(f"unknown part kind {fact.kind!r}")
        # The same thing found twice (e.g. as member and as observer) counts once, at its best.
        factors[fact.kind][fact.item] = max(fact.factor, factors[fact.kind].get(fact.item, 0.0))
        vias[fact.kind].add(fact.via)
        for item in fact.evidence:
            # one citation per relationship, source and excerpt (the locator is a mapping, and follows them)
            key = (item["relationship"], item["source"], item["excerpt"])
            evidence[fact.kind].setdefault(key, item)
    parts = [
        {
            "kind": kind,
            "score": part_score(kind, factors[kind].values()),
            "things": len(factors[kind]),
            "via": sorted(vias[kind]),
            "evidence": [evidence[kind][key] for key in sorted(evidence[kind])],
        }
        for kind in KINDS
        if factors.get(kind)
    ]
    return best_part_first(parts)


def best_part_first(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parts.sort(key=lambda part: (-part["score"], KINDS.index(part["kind"])))
    return parts


@dataclass(frozen=True, slots=True)
class Tally:
    """What a partner shares of one kind, counted: n (each thing at its best factor) and how many things."""

    n: float
    things: int


def counted_parts(tallies: Mapping[str, Tally]) -> list[dict[str, Any]]:
    """Parts from the ranking pass's tallies per kind: their scores and number of things, no via, no evidence."""
    return [
        {"kind": kind, "score": part_score(kind, [tally.n]), "things": tally.things, "via": [], "evidence": []}
        for kind, tally in tallies.items()
    ]


def first_things(facts: Iterable[SharedFact], per_part: int) -> list[SharedFact]:
    """The facts of the first `per_part` shared things (by item id) of each partner and kind."""
    facts = list(facts)
    items: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for fact in facts:
        items[(fact.actor, fact.partner, fact.kind)].add(fact.item)
    kept = {key: set(sorted(found)[:per_part]) for key, found in items.items()}
    return [fact for fact in facts if fact.item in kept[(fact.actor, fact.partner, fact.kind)]]


def with_evidence_of(ranked: list[dict[str, Any]], facts: Iterable[SharedFact]) -> list[dict[str, Any]]:
    """`ranked` partners, each part's score and `things` as ranked, its `via` and `evidence` from `facts`.

    `facts` are those of the partners' first shared things only
    (`first_things`): scores made from them would undercount. `via_truncated`
    says when a part has more things than `via` lists.
    """
    by_partner: dict[str, list[SharedFact]] = defaultdict(list)
    for fact in facts:
        by_partner[fact.partner].append(fact)
    answer = []
    for partner in ranked:
        listed = {part["kind"]: part for part in score_parts(by_partner.get(partner["id"], ()))}
        parts = []
        for part in partner["parts"]:
            found = listed.get(part["kind"], {"via": [], "evidence": [], "things": 0})
            parts.append({**part, "via": found["via"], "evidence": found["evidence"],
                          "via_truncated": found["things"] < part["things"]})
        answer.append({**partner, "parts": parts})
    return answer


def total_score(parts: Iterable[Mapping[str, Any]]) -> float:
    """The sum of the (rounded) part scores, so the parts add up to the total a reader sees."""
    return round(sum(part["score"] for part in parts), DECIMALS)


def rank_partners(
    actor_id: str,
    facts: Iterable[SharedFact],
    partners: Mapping[str, Mapping[str, str]],
    counts: Mapping[str, Mapping[str, Tally]] | None = None,
) -> list[dict[str, Any]]:
    """The actor's partners, highest score first, ties broken by name then id.

    `partners` maps a partner id to its `name` and `type`. `counts` gives, per
    partner and kind, the tally of the kinds counted rather than listed as
    facts (the ranking pass); those kinds must not also come as facts.
    """
    by_partner: dict[str, list[SharedFact]] = defaultdict(list)
    for fact in facts:
        if fact.actor == actor_id and fact.partner != actor_id:
            by_partner[fact.partner].append(fact)
    counts = {partner_id: tallies for partner_id, tallies in (counts or {}).items() if partner_id != actor_id}
    ranked = []
    for partner_id in by_partner.keys() | counts.keys():
        parts = best_part_first(score_parts(by_partner.get(partner_id, ())) + counted_parts(counts.get(partner_id, {})))
        info = partners.get(partner_id, {})
        ranked.append(
            {
                "id": partner_id,
                "name": info.get("name", partner_id),
                "type": info.get("type", ""),
                "score": total_score(parts),
                "parts": parts,
            }
        )
    ranked.sort(key=lambda p: (-p["score"], p["name"].casefold(), p["id"]))
    return ranked


def top_partners(
    actor_id: str, partners: Mapping[str, Mapping[str, str]], counts: Mapping[str, Mapping[str, Tally]], limit: int
) -> tuple[list[dict[str, Any]], int]:
    """`rank_partners(actor_id, [], partners, counts)[:limit]`, and how many partners it ranks.

    Every partner is scored from its tallies, but the answer's dicts are built
    for the `limit` shown only: the biggest state of the 1M synthetic graph has
    111,954 partners, and building each one's parts took 2.2 s and 96 MiB.
    """
    def order(partner_id: str) -> tuple[float, str, str]:
        # as total_score sums best_part_first's parts: highest score first
        scores = sorted((part_score(kind, [tally.n]) for kind, tally in counts[partner_id].items()), reverse=True)
        name = partners.get(partner_id, {}).get("name", partner_id)
        return (-round(sum(scores), DECIMALS), name.casefold(), partner_id)

    ranked = [partner_id for partner_id in counts if partner_id != actor_id]
    shown = heapq.nsmallest(limit, ranked, key=order)
    return rank_partners(actor_id, [], partners, {partner_id: counts[partner_id] for partner_id in shown}), len(ranked)


def pair_scores(
    facts: Iterable[SharedFact], holding_counts: Mapping[tuple[str, str], Mapping[str, float]] | None = None
) -> dict[tuple[str, str], float]:
    """The score of every unordered pair found in `facts` or `holding_counts`, keyed (smaller id, larger id).

    A fact found from either side of the pair counts once, so the result is
    symmetric whatever the order the queries return the pair in.
    `holding_counts` gives, per pair and part kind, n already summed (see
    `holding_counts`); its kinds must not also come as facts.
    """
    factors: dict[tuple[str, str], dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for fact in facts:
        if fact.actor == fact.partner:
            continue
        pair = (min(fact.actor, fact.partner), max(fact.actor, fact.partner))
        items = factors[pair][fact.kind]
        # The same thing found twice (e.g. from both sides) counts once, at its best.
        items[fact.item] = max(fact.factor, items.get(fact.item, 0.0))
    scores: dict[tuple[str, str], float] = {}
    for pair in set(factors) | set(holding_counts or {}):
        parts = [part_score(kind, items.values()) for kind, items in factors.get(pair, {}).items()]
        parts += [part_score(kind, [n]) for kind, n in (holding_counts or {}).get(pair, {}).items()]
        scores[pair] = round(sum(parts), DECIMALS)
    return scores


# The parts the matrix pairs up from what each entity holds (cooperation_matrix_holdings).
HOLDING_KINDS: Final[tuple[str, ...]] = ("shared_membership", "shared_agreement", "shared_event")


def holding_counts(ids: list[str], rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], dict[str, float]]:
    """n per unordered pair of `ids` and part kind, from rows {kind, holders, full_holders, through_same_person, things}.

    Each row stands for `things` shared things of one kind (organisations,
    agreements, events) held by the same entities (cooperation_matrix_holdings).
    The same n as the shared_membership/_agreement/_event queries give for a
    pair: each shared thing once, at its best factor over both sides' grades,
    1 when both hold it fully (`full_holders`: member, party, participant) and
    0.5 when either side only observes: n = (H + F) / 2, H and F counting the
    things a pair holds at all and fully. A thing does not count for a pair
    for whose two sides one and the same entity or person acted alone
    (`through_same_person`: [entity, who] pairs; a person holding posts in
    both is not the two cooperating).
    """
    index = {entity_id: position for position, entity_id in enumerate(ids)}
    rows_by_kind: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        rows_by_kind[row["kind"]].append(row)
    matrices: dict[str, np.ndarray] = {}
    for kind, kind_rows in rows_by_kind.items():
        held = linked_pair_counts(ids, ((r["holders"], r["holders"], r["things"]) for r in kind_rows))
        fully = linked_pair_counts(ids, ((r["full_holders"], r["full_holders"], r["things"]) for r in kind_rows))
        counts = (held + fully) / 2
        for row in kind_rows:
            if row["through_same_person"]:
                full = set(row["full_holders"])
                by_person: dict[str, list[str]] = defaultdict(list)
                for entity_id, person in row["through_same_person"]:
                    by_person[person].append(entity_id)
                for entities in by_person.values():
                    for a, b in itertools.combinations(entities, 2):
                        factor = 1.0 if a in full and b in full else GRADE_FACTORS["observer"]
                        counts[index[a], index[b]] -= factor * row["things"]
                        counts[index[b], index[a]] -= factor * row["things"]
        matrices[kind] = counts
    return pair_counts(ids, matrices)


def pair_counts(
    ids: list[str], matrices: Mapping[str, np.ndarray], excluded: Container[tuple[str, str]] = ()
) -> dict[tuple[str, str], dict[str, float]]:
    """The non-zero n of each kind's N x N symmetric matrix, per unordered pair of `ids` (min, max), but `excluded`."""
    counts: dict[tuple[str, str], dict[str, float]] = {}
    for kind, matrix in matrices.items():
        for a_index, b_index in zip(*np.nonzero(np.triu(matrix, k=1))):
            a, b = ids[a_index], ids[b_index]
            pair = (min(a, b), max(a, b))
            if pair not in excluded:
                counts.setdefault(pair, {})[kind] = float(matrix[a_index, b_index])
    return counts


def score_matrix(ids: list[str], scores: Mapping[tuple[str, str], float]) -> list[list[float]]:
    """A square, symmetric matrix over `ids` (rows and columns in that order), zero diagonal."""
    return [
        [0.0 if a == b else scores.get((min(a, b), max(a, b)), 0.0) for b in ids]
        for a in ids
    ]


# The parts the matrix counts from what links entities through third parties
# (cooperation_matrix_institutions, cooperation_matrix_programmes).
REACH_KINDS: Final[tuple[str, ...]] = ("operates_in", "programme")

# Rows of signatures turned into matrices at a time (bounds the memory used).
_SIGNATURE_BLOCK: Final[int] = 4096


def linked_pair_counts(
    ids: list[str], signatures: Iterable[tuple[Iterable[str], Iterable[str], int]]
) -> np.ndarray:
    """How many things link each pair of `ids`, in either direction: an N x N symmetric count matrix.

    Each signature (sources, targets, weight) stands for `weight` things, each
    linking every source to every target (an institution: its owners to its
    hosts; a programme: its givers to its receivers). A thing counts once for
    a pair however it links it, so n(a, b) = |things linking a to b or b to
    a| = M[a, b] + M[b, a] - Z[a, b], with M = sum of w * s t^T (a to b) and
    Z = sum of w * x x^T, x = s * t (those on both sides link both ways).
    The diagonal is left at zero.
    """
    index = {entity_id: position for position, entity_id in enumerate(ids)}
    size = len(ids)
    forward = np.zeros((size, size))
    both_ways = np.zeros((size, size))
    block: list[tuple[Iterable[str], Iterable[str], int]] = []

    def add(rows: list[tuple[Iterable[str], Iterable[str], int]]) -> None:
        sources = np.zeros((len(rows), size))
        targets = np.zeros((len(rows), size))
        for row, (source_ids, target_ids, _) in enumerate(rows):
            sources[row, [index[i] for i in source_ids if i in index]] = 1.0
            targets[row, [index[i] for i in target_ids if i in index]] = 1.0
        weights = np.array([weight for _, _, weight in rows], dtype=float)[:, None]
        forward[:] += sources.T @ (weights * targets)
        on_both_sides = sources * targets
        both_ways[:] += on_both_sides.T @ (weights * on_both_sides)

    for signature in signatures:
        block.append(signature)
        if len(block) == _SIGNATURE_BLOCK:
            add(block)
            block = []
    if block:
        add(block)
    counts = forward + forward.T - both_ways
    np.fill_diagonal(counts, 0.0)
    return counts


def reach_counts(
    ids: list[str],
    institution_rows: Iterable[Mapping[str, Any]],
    programme_rows: Iterable[Mapping[str, Any]],
    domestic_rows: Iterable[Mapping[str, Any]],
) -> dict[tuple[str, str], dict[str, float]]:
    """n per unordered pair of `ids` for operates_in and programme, as the per-actor queries count them.

    - institution_rows {owners, hosts, self, operated, institutions}: the
      institutions with those owners and hosts (cooperation_matrix_institutions);
      an organisation that is itself one of the ids (`self`) links itself to
      the hosts it OPERATES_IN (`operated`) as well as its owners to all hosts;
    - programme_rows {givers, receivers, things} (cooperation_matrix_programmes);
    - domestic_rows {actor, partner}: an organisation located in the other's
      territory; such a pair gets neither part (cooperation_matrix_domestic).
    """
    institutions: list[tuple[Iterable[str], Iterable[str], int]] = []
    own_institutions: list[tuple[list[str], list[str], str, list[str]]] = []
    for row in institution_rows:
        if row["self"] is None:
            institutions.append((row["owners"], row["hosts"], row["institutions"]))
        else:  # one organisation: its links are listed as they are
            own_institutions.append((row["owners"], row["hosts"], row["self"], row["operated"]))
    operates_in = linked_pair_counts(ids, institutions)
    index = {entity_id: position for position, entity_id in enumerate(ids)}
    for owners, hosts, itself, operated in own_institutions:
        linked = {frozenset((owner, host)) for owner in owners for host in hosts if owner != host}
        linked |= {frozenset((itself, host)) for host in operated if host != itself}
        for pair in linked:
            a, b = sorted(pair)
            operates_in[index[a], index[b]] += 1.0
            operates_in[index[b], index[a]] += 1.0
    programme = linked_pair_counts(ids, ((r["givers"], r["receivers"], r["things"]) for r in programme_rows))
    domestic = {(min(r["actor"], r["partner"]), max(r["actor"], r["partner"])) for r in domestic_rows}
    return pair_counts(ids, {"operates_in": operates_in, "programme": programme}, domestic)


# -- gathering (Cypher) --------------------------------------------------------


def _evidence_items(rels: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    items = []
    for rel in rels:
        for item in evidence_list(rel.get("sources"), rel.get("excerpts"), rel.get("locators")):
            items.append({**item, "relationship": rel.get("id") or ""})
    return tuple(items)


def fact_from_row(kind: str, row: Mapping[str, Any]) -> SharedFact:
    return SharedFact(
        # one string per actor and partner: a matrix gathers tens of thousands of facts among a few hundred
        actor=sys.intern(row["actor"]),
        partner=sys.intern(row["partner"]),
        kind=kind,
        via=row["via"],
        item=row["item"],
        grade=row.get("grade") or "",
        evidence=_evidence_items(row.get("rels") or []),
    )


def _one_string_per_id(row: dict[str, Any]) -> dict[str, Any]:
    """The row with one string object per id in its lists.

    The matrix rows name the same few hundred entities millions of times
    (23,198 institution rows of about 40 ids each for the states at 1M
    relationships); the driver decodes each as a new string.
    """
    return {
        key: [sys.intern(item) if isinstance(item, str) else item for item in value] if isinstance(value, list)
        else value
        for key, value in row.items()
    }


def _filter_parameters(filters: GraphFilters) -> dict[str, Any]:
    return {"sectors": filters.sectors, "window_from": filters.window_from, "window_to": filters.window_to}


async def gather_facts(
    db: Database,
    ids: list[str],
    filters: GraphFilters,
    *,
    partner_types: list[str],
    partner_ids: list[str] | None = None,
    with_evidence: bool = True,
    kinds: Iterable[str] = KINDS,
    timeout: float | None = None,
    max_items: int | None = None,
) -> tuple[list[SharedFact], dict[str, dict[str, str]]]:
    """Run the part queries (all six unless `kinds` says); the shared facts and the partners' names and types.

    `max_items`: the queries that can list thousands of things per partner
    (events, institutions, programmes) list the first `max_items` by id; the others list all.
    """
    params = {
        "ids": ids,
        "partner_types": partner_types,
        "partner_ids": partner_ids,
        "with_evidence": with_evidence,
        "max_items": max_items,
        **_filter_parameters(filters),
    }
    facts: list[SharedFact] = []
    partners: dict[str, dict[str, str]] = {}
    # One after the other: each query gets the whole per-query time limit, and
    # a busy server is not asked to plan six queries at once.
    for kind in kinds:

        def fact_and_partner(row: dict[str, Any], kind: str = kind) -> tuple[SharedFact, str, str]:
            return fact_from_row(kind, row), row["partner_name"], row["partner_type"]

        for fact, partner_name, partner_type in await db.read_each(
            PART_QUERIES[kind], params, fact_and_partner, timeout=timeout
        ):
            facts.append(fact)
            partners.setdefault(fact.partner, {"name": partner_name, "type": partner_type})
    return facts, partners


class TalliesByPartner(Mapping[str, Mapping[str, Tally]]):
    """Partner id -> kind -> Tally, stored as one dict per kind.

    A hub's ranking keeps tens of thousands of partners; a dict of kinds for
    each (most have one kind) was the biggest thing a ranking held. The
    per-kind mapping is built when a partner is looked up. With the names
    kept flat too (PartnerNames), an organisation of the 1M synthetic graph
    with 58,141 partners holds 21.6 MiB rather than 42.6 (tracemalloc).
    """

    def __init__(self, by_kind: Mapping[str, Mapping[str, Tally]], partner_ids: Collection[str]) -> None:
        self._by_kind = by_kind
        self._partner_ids = partner_ids

    def __getitem__(self, partner_id: str) -> Mapping[str, Tally]:
        found = {kind: tallies[partner_id] for kind, tallies in self._by_kind.items() if partner_id in tallies}
        if not found:
            raise KeyError(partner_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._partner_ids)

    def __len__(self) -> int:
        return len(self._partner_ids)


class PartnerNames(Mapping[str, Mapping[str, str]]):
    """Partner id -> {"name", "type"}, stored as two flat dicts (see TalliesByPartner)."""

    def __init__(self, names: Mapping[str, str], types: Mapping[str, str]) -> None:
        self._names = names
        self._types = types

    def __getitem__(self, partner_id: str) -> Mapping[str, str]:
        return {"name": self._names[partner_id], "type": self._types[partner_id]}

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


async def tally_shared_things(
    db: Database, actor_id: str, filters: GraphFilters, *, partner_types: list[str], kinds: Iterable[str] = KINDS,
    timeout: float | None = None,
) -> tuple[TalliesByPartner, PartnerNames]:
    """What each partner shares of each kind, counted by Neo4j (cooperation_tally); the partners' names and types.

    The same n as scoring the facts the part queries list, without sending one
    row per partner and thing: a hub state of the 1M synthetic graph shares
    330,631 events with 78,607 partners.
    """
    params = {
        "ids": [actor_id], "partner_types": partner_types, "partner_ids": None, "with_evidence": False,
        "max_items": None, "grade_factors": GRADE_FACTORS, **_filter_parameters(filters),
    }
    by_kind: dict[str, dict[str, Tally]] = {}
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    for kind in kinds:
        rows = await db.read("cooperation_tally", params, timeout=timeout, part=db.text(PART_QUERIES[kind], params))
        tallies = by_kind.setdefault(kind, {})
        for actor, partner, partner_name, partner_type, n, things in rows[0]["tallies"]:
            if actor == actor_id:
                if partner not in names:
                    names[partner] = partner_name
                    types[partner] = sys.intern(partner_type)  # one string object per type, not per partner
                tallies[partner] = Tally(n=float(n), things=int(things))
    return TalliesByPartner(by_kind, names.keys()), PartnerNames(names, types)


# -- the answers ---------------------------------------------------------------


# Shared things listed (`via`, with their evidence) per part of a partner by
# default. At 50, the biggest state of the 1M synthetic graph answered 32 MB
# (its office-holders attend the same events by the dozen, each attendance
# evidence) and the service held 122 MiB more while building it; at 10, 7 MB
# and 43 MiB. Clients ask for more with `via_limit`.
DEFAULT_VIA_LIMIT: Final[int] = 10


async def cooperation_actor(db: Database, ref: str) -> dict[str, Any]:
    """The actor `ref` names (404 if none, 422 if ambiguous or not an actor), for GET /cooperation/{id}."""
    actor = await resolve_entity(db, ref, "id")
    if actor["type"] not in ACTOR_TYPES:
        raise invalid_parameter(
            "id",
            f"'{actor['id']}' is a {actor['type']}; cooperation is scored between actors "
            f"({', '.join(ACTOR_TYPES)}). Try the actors connected to it via /entities/{actor['id']}/neighbourhood.",
        )
    actor.pop("relationship_counts", None)
    return actor


async def cooperation(
    db: Database, actor: dict[str, Any], filters: GraphFilters, limit: int, via_limit: int = DEFAULT_VIA_LIMIT,
    *, query_timeout: float | None = None,
) -> dict[str, Any]:
    """GET /cooperation/{id}: the actor (`cooperation_actor`) and its partners, ranked, each score with its
    parts and evidence.

    Each part lists (`via`) and evidences its first `via_limit` shared things
    by id; its score and `things` count them all. Each query gets
    `query_timeout` seconds (default: the per-query limit).
    """
    # Ranked without evidence first, then the evidence of the partners shown
    # only: a hub has thousands of partners, and building every chain of
    # evidence for each (for a big 1M-graph organisation, ~90,000 rows of
    # shared events) costs far more than finding and scoring them. To rank,
    # Neo4j counts the things each partner shares.
    counts, partners = await tally_shared_things(
        db, actor["id"], filters, partner_types=list(ACTOR_TYPES), timeout=query_timeout
    )
    shown, total = top_partners(actor["id"], partners, counts, limit)
    if shown:
        kinds_shown = {part["kind"] for partner in shown for part in partner["parts"]}
        evidence_facts, _ = await gather_facts(
            db, [actor["id"]], filters, partner_types=list(ACTOR_TYPES),
            partner_ids=[partner["id"] for partner in shown], kinds=[kind for kind in KINDS if kind in kinds_shown],
            max_items=via_limit, timeout=query_timeout,
        )
        shown = with_evidence_of(shown, first_things(evidence_facts, via_limit))
    return {"actor": actor, "partners": shown, "total": total, "truncated": total > limit}


def parse_matrix_type(raw: str) -> str:
    by_lower = {t.lower(): t for t in MATRIX_TYPES}
    value = by_lower.get(raw.strip().lower())
    if value is None:
        raise invalid_parameter("type", f"'{raw[:80]}' is not one of: {', '.join(MATRIX_TYPES)}")
    return value


async def cooperation_matrix(
    db: Database, type_: str, filters: GraphFilters, max_entities: int, *, query_timeout: float | None = None
) -> dict[str, Any]:
    """GET /cooperation/matrix: pairwise scores among the entities of one type.

    At most `max_entities` entities (the most connected ones) so that the
    answer stays computable and readable; `truncated` says when some were left out.
    Each query gets `query_timeout` seconds (default: the per-query limit).
    """
    if type_ not in MATRIX_TYPES:  # the router parses; a second guard for other callers
        raise invalid_parameter("type", f"'{type_}' is not one of: {', '.join(MATRIX_TYPES)}")
    rows = await db.read("cooperation_matrix_entities", {"type": type_, "max_entities": max_entities},
                         timeout=query_timeout)
    total = rows[0]["total"] if rows else 0
    entities = [entity_shape(row["props"], row["type"]) for row in rows if row["props"] is not None]
    entities.sort(key=lambda e: (e["name"].casefold(), e["id"]))
    ids = [e["id"] for e in entities]
    truncated = total > len(ids)
    if not ids:
        return {"entities": [], "scores": [], "total": total, "truncated": False}
    # Memberships, agreements, events, institutions abroad and programmes: what
    # each entity holds or reaches, read once per entity and paired up here
    # (walking from every entity to every partner does not finish on large
    # graphs); direct links: their query, among these entities only.
    filter_parameters = {"ids": ids, **_filter_parameters(filters)}

    async def lists_of_ids(name: str) -> list[dict[str, Any]]:
        return await db.read_each(name, filter_parameters, _one_string_per_id, timeout=query_timeout)

    counts = holding_counts(ids, await lists_of_ids("cooperation_matrix_holdings"))
    reached = reach_counts(
        ids,
        await lists_of_ids("cooperation_matrix_institutions"),
        await lists_of_ids("cooperation_matrix_programmes"),
        await db.read("cooperation_matrix_domestic", {"ids": ids}, timeout=query_timeout),
    )
    for pair, kinds in reached.items():
        counts.setdefault(pair, {}).update(kinds)
    facts, _ = await gather_facts(
        db, ids, filters, partner_types=[type_], partner_ids=ids if truncated else None, with_evidence=False,
        kinds=[kind for kind in KINDS if kind not in HOLDING_KINDS + REACH_KINDS], timeout=query_timeout,
    )
    allowed = set(ids)
    scores = pair_scores((f for f in facts if f.actor in allowed and f.partner in allowed), counts)
    return {"entities": entities, "scores": score_matrix(ids, scores), "total": total, "truncated": truncated}


async def cooperation_matrix_answer(
    db: Database, jobs: BackgroundJobs, type_: str, filters: GraphFilters, max_entities: int, query_timeout: float
) -> dict[str, Any]:
    """`cooperation_matrix`, computed once per graph version and question by `jobs` (graphsvc/background_jobs.py).

    Its queries get `query_timeout` each: on a large graph the matrix takes
    longer than a request may wait, and the job outlives the request.
    """
    key = ("matrix", await db.graph_version(), type_, tuple(filters.sectors or ()), filters.since, filters.until,
           max_entities)
    return await jobs.answer(
        key, lambda: cooperation_matrix(db, type_, filters, max_entities, query_timeout=query_timeout)
    )


async def cooperation_answer(
    db: Database, jobs: BackgroundJobs, ref: str, filters: GraphFilters, limit: int, via_limit: int,
    query_timeout: float,
) -> dict[str, Any]:
    """`cooperation`, computed once per graph version and question by `jobs` when it runs long.

    Most actors are ranked in milliseconds. One that shares hub events with
    tens of thousands of partners takes seconds (`org:genal-123a5` of the 1M
    synthetic graph: 58,094 partners, 8 s in-process), the biggest state tens
    of seconds: past the request's wait the ranking goes on in the background
    (graphsvc/background_jobs.py), each query with `query_timeout`, and the
    request answers 503 `ranking-in-progress` with Retry-After.
    """
    # both reads at once: the version costs this route no extra round trip
    actor, version = await asyncio.gather(cooperation_actor(db, ref), db.graph_version())
    key = ("cooperation", version, actor["id"], tuple(filters.sectors or ()), filters.since,
           filters.until, limit, via_limit)
    return await jobs.answer(
        key, lambda: cooperation(db, actor, filters, limit, via_limit, query_timeout=query_timeout)
    )


def cooperation_graph(answer: Mapping[str, Any], partner_entities: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The /cooperation/{id} answer as a Graph: the actor and its partners as nodes,
    one derived edge per partner carrying the score and the number of parts."""
    actor = answer["actor"]
    nodes = [actor] + [partner_entities[p["id"]] for p in answer["partners"] if p["id"] in partner_entities]
    edges = [
        {
            "id": f"cooperation:{actor['id']}->{partner['id']}",
            "type": "COOPERATION",
            "from": actor["id"],
            "to": partner["id"],
            "start": None,
            "end": None,
            "sectors": [],
            "tier": "derived",
            "dated": False,
            "evidence": [],
            "score": partner["score"],
            "parts": len(partner["parts"]),
            "kinds": ",".join(part["kind"] for part in partner["parts"]),
        }
        for partner in answer["partners"]
    ]
    return {"nodes": nodes, "edges": edges, "truncated": bool(answer.get("truncated"))}


async def entities_by_id(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = await db.read("cooperation_entities", {"ids": ids})
    return {row["props"]["id"]: entity_shape(row["props"], row["type"]) for row in rows}

