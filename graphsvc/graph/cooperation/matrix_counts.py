"""The matrix's counting: what each entity holds or reaches, paired up as sparse products.

Apart from matrix.py so that numpy is imported when a matrix is computed, not
with every service process (most never compute one). The products are
counted with numpy alone: scipy.sparse would add its import (some 20 MiB) to
every process that computes a matrix, for the one product it would do.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Final

import numpy as np

from graphsvc.graph.cooperation.definition import (
    GRADE_FACTORS,
    part_score,
    parts_total,
)


class IncidenceEntries:
    """A 0/1 things x entities matrix (which entities a thing links), filled a few entries at a time."""

    def __init__(self, entities: int) -> None:
        self.entities = entities
        self.rows: list[int] = []
        self.columns: list[int] = []

    def add(self, rows: list[int], columns: list[int]) -> None:
        self.rows.extend(rows)
        self.columns.extend(columns)

    def matrix(self, things: int) -> Incidence:
        keys = np.sort(np.asarray(self.rows, dtype=np.int64) * self.entities + np.asarray(self.columns, dtype=np.int64))
        # an entity named twice for one thing is one (sorted by hand: np.unique hashes, some 30 times slower here)
        return Incidence(things, self.entities, keys[np.diff(keys, prepend=-1) != 0])


class Incidence:
    """A 0/1 things x entities matrix as its entries' keys thing * entities + entity, ascending, each once."""

    def __init__(self, things: int, entities: int, keys: np.ndarray) -> None:
        self.things = things
        self.entities = entities
        self.keys = keys

    def multiply(self, other: Incidence) -> Incidence:
        """The entries in both (elementwise product): which entities each thing links on both sides."""
        return Incidence(self.things, self.entities, np.intersect1d(self.keys, other.keys, assume_unique=True))

    def by_thing(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(entities of the entries in thing order, where each thing's entries start, how many it has)."""
        things, entities = np.divmod(self.keys, self.entities)
        counts = np.bincount(things, minlength=self.things)
        return entities, np.cumsum(counts) - counts, counts


# About this many entity pairs are spelled out at a time (1 MiB or two of keys, more when N x N is more), so
# that a matrix over many things adds little to the process's memory.
_PAIRS_AT_ONCE: Final[int] = 1 << 16


def weighted_gram(rows: Incidence, other: Incidence, weights: np.ndarray | None = None) -> np.ndarray:
    """The N x N dense sum over things t of weights[t] * rows[t]^T other[t] (entity pairs the things link).

    Each thing's pairs (every entity of its row in `rows` with every entity of
    its row in `other`) are spelled out and added up by np.bincount: the work
    is the number of pairs, as a sparse product's. Things with as many
    entities on each side are spelled out together, as one block of pairs each.
    """
    size = rows.entities
    row_entities, row_starts, row_counts = rows.by_thing()
    other_entities, other_starts, other_counts = other.by_thing()
    totals = np.zeros(size * size)
    linking = np.flatnonzero(row_counts * other_counts)
    shapes = row_counts * (size + 1) + other_counts  # a thing's shape: how many entities on each side
    by_shape = linking[np.argsort(shapes[linking], kind="stable")]
    shape_starts = np.flatnonzero(np.diff(shapes[by_shape], prepend=-1)).tolist()
    keys: list[np.ndarray] = []
    key_weights: list[np.ndarray] = []
    spelled = 0
    # each adding up counts into a new N x N array: not more often than once per N x N pairs
    add_up_at = max(_PAIRS_AT_ONCE, size * size)

    def add_up() -> None:
        weights_of_keys = None if weights is None else np.concatenate(key_weights)
        totals[:] += np.bincount(np.concatenate(keys), weights=weights_of_keys, minlength=size * size)
        keys.clear()
        key_weights.clear()

    for first, end in itertools.pairwise([*shape_starts, len(by_shape)]):
        row_count, other_count = int(row_counts[by_shape[first]]), int(other_counts[by_shape[first]])
        per_block = max(1, _PAIRS_AT_ONCE // (row_count * other_count))
        for block in range(first, end, per_block):
            things = by_shape[block:min(block + per_block, end)]
            row_block = row_entities[row_starts[things][:, None] + np.arange(row_count)]
            other_block = other_entities[other_starts[things][:, None] + np.arange(other_count)]
            keys.append((row_block[:, :, None] * size + other_block[:, None, :]).ravel())
            if weights is not None:
                key_weights.append(np.repeat(weights[things], row_count * other_count))
            spelled += len(keys[-1])
            if spelled >= add_up_at:
                add_up()
                spelled = 0
    if keys:
        add_up()
    return totals.reshape(size, size)


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
    source_entries, target_entries = IncidenceEntries(len(ids)), IncidenceEntries(len(ids))
    weight_list: list[float] = []
    for thing, (source_ids, target_ids, weight) in enumerate(signatures):
        for entries, linked in ((source_entries, source_ids), (target_entries, target_ids)):
            columns = [index[i] for i in linked if i in index]
            entries.add([thing] * len(columns), columns)
        weight_list.append(weight)
    weights = np.array(weight_list, dtype=float)
    sources, targets = source_entries.matrix(len(weights)), target_entries.matrix(len(weights))
    forward = weighted_gram(sources, targets, weights)
    on_both_sides = sources.multiply(targets)
    counts = forward + forward.T - weighted_gram(on_both_sides, on_both_sides, weights)
    np.fill_diagonal(counts, 0.0)
    return counts


# The parts the matrix pairs up from what each entity holds (cooperation_matrix_holdings).
HOLDING_KINDS: Final[tuple[str, ...]] = ("shared_membership", "shared_agreement", "shared_event")


def holding_matrices(ids: list[str], rows: Iterable[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    """Kind -> N x N matrix of n per pair of `ids`, from rows {actor, kind, items, observer, throughs}.

    Each row lists the things of one kind (organisations, agreements, events)
    one entity holds (cooperation_matrix_holdings). The same n as the
    shared_membership/_agreement/_event queries give for a pair: each shared
    thing once, at its best factor over both sides' grades, 1 when both hold
    it fully (member, party, participant) and f = GRADE_FACTORS["observer"]
    when either side only observes: n = f H + (1 - f) F, H and F counting the
    things a pair holds at all and fully (thing x entity incidence matrices
    multiplied out). A thing does not count for a pair for whose two sides
    one and the same entity or person acted alone (`throughs`; a person
    holding posts in both is not the two cooperating): those pairs are
    counted the same way over (thing, who acted) and taken out.
    """
    index = {entity_id: position for position, entity_id in enumerate(ids)}
    rows_by_kind: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        rows_by_kind[row["kind"]].append(row)
    observer_factor = GRADE_FACTORS["observer"]
    matrices: dict[str, np.ndarray] = {}
    for kind, kind_rows in rows_by_kind.items():
        things: dict[str, int] = {}
        alone: dict[tuple[str, str], int] = {}
        held, held_fully, held_alone, held_alone_fully = (IncidenceEntries(len(ids)) for _ in range(4))
        for row in kind_rows:
            column = index[row["actor"]]
            rows_of_things = [things.setdefault(item, len(things)) for item in row["items"]]
            fully = [not only_observes for only_observes in row["observer"] or itertools.repeat(False, len(rows_of_things))]
            fully_held = list(itertools.compress(rows_of_things, fully))
            held.add(rows_of_things, [column] * len(rows_of_things))
            held_fully.add(fully_held, [column] * len(fully_held))
            if row["throughs"]:
                sole = [(item, who, full) for item, who, full in zip(row["items"], row["throughs"], fully, strict=True) if who]
                groups = [alone.setdefault((item, who), len(alone)) for item, who, _ in sole]
                groups_fully = [group for group, (_, _, full) in zip(groups, sole, strict=True) if full]
                held_alone.add(groups, [column] * len(groups))
                held_alone_fully.add(groups_fully, [column] * len(groups_fully))
        pairs_at_all = _gram(held.matrix(len(things))) - _gram(held_alone.matrix(len(alone)))
        pairs_fully = _gram(held_fully.matrix(len(things))) - _gram(held_alone_fully.matrix(len(alone)))
        counts = observer_factor * pairs_at_all + (1 - observer_factor) * pairs_fully
        np.fill_diagonal(counts, 0.0)
        matrices[kind] = counts
    return matrices


def _gram(matrix: Incidence) -> np.ndarray:
    return weighted_gram(matrix, matrix)


# The parts the matrix counts from what links entities through third parties
# (cooperation_matrix_institutions, cooperation_matrix_programmes).
REACH_KINDS: Final[tuple[str, ...]] = ("operates_in", "programme")


def operates_in_matrix(ids: list[str], institution_rows: Iterable[Mapping[str, Any]]) -> np.ndarray:
    """The N x N matrix of n per pair of `ids` for operates_in, as cooperation_operates_in counts it.

    Rows {owners, hosts, self, operated, institutions}: the institutions with
    those owners and hosts (cooperation_matrix_institutions); an organisation
    that is itself one of the ids (`self`) links itself to the hosts it
    OPERATES_IN (`operated`) as well as its owners to all hosts. Domestic
    pairs are taken out afterwards (`without_domestic_pairs`).
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
    return operates_in


def programme_matrix(ids: list[str], programme_rows: Iterable[Mapping[str, Any]]) -> np.ndarray:
    """The N x N matrix of n per pair of `ids` for programme, as cooperation_programme counts it, from rows
    {givers, receivers, things} (cooperation_matrix_programmes); domestic pairs taken out afterwards."""
    return linked_pair_counts(ids, ((r["givers"], r["receivers"], r["things"]) for r in programme_rows))


def without_domestic_pairs(
    ids: list[str], reach: dict[str, np.ndarray], domestic_rows: Iterable[Mapping[str, Any]]
) -> dict[str, np.ndarray]:
    """`reach` (REACH_KINDS -> matrix) with the pairs of domestic_rows {actor, partner} at zero: an
    organisation located in the other's territory gets neither part with it (cooperation_matrix_domestic)."""
    index = {entity_id: position for position, entity_id in enumerate(ids)}
    for row in domestic_rows:
        a, b = index[row["actor"]], index[row["partner"]]
        for kind in REACH_KINDS:
            reach[kind][a, b] = reach[kind][b, a] = 0.0
    return reach


# The part the matrix counts from the direct relationships among its entities (cooperation_matrix_direct).
LINK_KINDS: Final[tuple[str, ...]] = ("direct_link",)


def direct_link_matrix(ids: list[str], rows: Iterable[Mapping[str, Any]]) -> np.ndarray:
    """The N x N matrix of n per pair of `ids` for direct_link, as cooperation_direct_link counts it.

    Rows {sources, targets, links}: `links` distinct direct relationships,
    each with those entities on its start and on its end side
    (cooperation_matrix_direct); a relationship counts once per pair it links.
    """
    return linked_pair_counts(ids, ((row["sources"], row["targets"], row["links"]) for row in rows))


def score_matrix(ids: list[str], n_by_kind: Mapping[str, np.ndarray]) -> list[list[float]]:
    """The square, symmetric score matrix over `ids` (rows and columns in that order), zero diagonal.

    Each cell is the pair's score from its n per kind (the upper triangle of
    each kind's matrix), as `pair_score` gives it: `part_score` of each kind,
    taken once per distinct n, and `parts_total` of the pair's parts.
    """
    size = len(ids)
    scores = np.zeros((size, size))
    if not n_by_kind or size < 2:
        return scores.tolist()
    upper_a, upper_b = np.triu_indices(size, k=1)
    parts = []
    for kind, matrix in n_by_kind.items():
        distinct, positions = np.unique(matrix[upper_a, upper_b], return_inverse=True)
        parts.append(np.array([part_score(kind, [n]) for n in distinct.tolist()])[positions])
    by_pair = np.stack(parts, axis=1)
    shares = by_pair.any(axis=1)
    totals = [parts_total(pair_parts) for pair_parts in by_pair[shares].tolist()]
    scores[upper_a[shares], upper_b[shares]] = totals
    scores[upper_b[shares], upper_a[shares]] = totals
    return scores.tolist()
