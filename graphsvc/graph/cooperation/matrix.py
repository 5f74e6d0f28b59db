"""GET /cooperation/matrix: the score of every pair among the entities of one type.

The same score as /cooperation/{id} (definition.py), reached another way:
walking from every entity to every partner does not finish on large graphs,
so what each entity holds (memberships, agreements, events) and reaches
(institutions abroad, programmes) is read once per entity and paired up here
with numpy; direct links come from their part query among these entities only.
tests/integration/test_cooperation_parity.py checks every cell against the ranking.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from typing import Any, Final

import numpy as np

from graphsvc.db import Database
from graphsvc.errors import invalid_parameter
from graphsvc.graph.cooperation.definition import (
    GRADE_FACTORS,
    KINDS,
    MATRIX_TYPES,
    SharedFact,
    best_factors,
    filter_parameters,
    pair_score,
)
from graphsvc.graph.cooperation.gathering import gather_facts, one_string_per_id
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import entity_shape


def pair_scores(
    facts: Iterable[SharedFact], holding_counts: Mapping[tuple[str, str], Mapping[str, float]] | None = None
) -> dict[tuple[str, str], float]:
    """The score of every unordered pair found in `facts` or `holding_counts`, keyed (smaller id, larger id).

    A fact found from either side of the pair counts once, so the result is
    symmetric whatever the order the queries return the pair in.
    `holding_counts` gives, per pair and part kind, n already summed (see
    `holding_counts`); its kinds must not also come as facts.
    """
    by_pair: dict[tuple[str, str], list[SharedFact]] = defaultdict(list)
    for fact in facts:
        if fact.actor != fact.partner:
            by_pair[(min(fact.actor, fact.partner), max(fact.actor, fact.partner))].append(fact)
    scores: dict[tuple[str, str], float] = {}
    for pair in set(by_pair) | set(holding_counts or {}):
        # a thing found from both sides of the pair counts once, at its best factor
        n_by_kind = {kind: sum(items.values()) for kind, items in best_factors(by_pair.get(pair, ())).items()}
        n_by_kind.update((holding_counts or {}).get(pair, {}))
        scores[pair] = pair_score(n_by_kind)
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
    parameters = {"ids": ids, **filter_parameters(filters)}

    async def lists_of_ids(name: str) -> list[dict[str, Any]]:
        return await db.read_each(name, parameters, one_string_per_id, timeout=query_timeout)

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


