"""The actor graph that /analysis measures: which relationships tie two actors, and how strongly.

The rules (explained for readers in docs/analysis.md):

- **Nodes** are the actors cooperation ranks (`ACTOR_TYPES`: states,
  organisations, people), those of the requested types, that have at least
  one tie. A person is a node of their own, tied to the state or organisation
  they act for by `HOLDS_POSITION`.
- **A direct tie**: a relationship of `TIE_TYPES` between two actors, in
  either direction (membership, a post, cooperation, funding, a visit, ...).
- **A shared thing**: an agreement, event or programme (`SHARED_THING_TYPES`)
  to which two or more actors are tied by relationships of `TIE_TYPES` (both
  party to the treaty, both at the summit, one runs the programme and the
  other benefits) ties every pair of those actors.
- **Not ties** (`NOT_TIES`): being ranked in the same index, and one
  organisation succeeding another.
- **Weights**: the edge A–B weighs the number of distinct relationship types
  of direct ties between them (facets of one fact, told apart only by their
  `key`, and a relationship and its converse type count once each) plus, for
  every thing they share, 1 / (k − 1) where k actors share it (Newman's
  collaboration weight: a bilateral treaty weighs 1, a summit of 11 members
  0.1 for each pair). A thing shared by more than `MAX_SHARED_PARTIES` actors
  is left out of the projection (it would add k(k−1)/2 pairs, each of weight
  < 0.01) and counted in `left_out`.
- **Filters** apply to every relationship that makes a tie (sectors; dates
  overlapping the window, undated facts always count) and to an event's own
  dates, exactly as `/export` applies them.

Degree counts distinct neighbouring actors; PageRank, constraint and
communities use the weights; betweenness counts hops (a weight is a
strength, not a distance).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.filters import GraphFilters
from graphsvc.vocabulary import RELATIONSHIP_TYPES

if TYPE_CHECKING:
    import numpy as np  # imported where the actor graph is built (see graphsvc/graph/analysis.py)

SHARED_THING_TYPES: Final[tuple[str, ...]] = ("Agreement", "Event", "Programme")
NOT_TIES: Final[dict[str, str]] = {
    "RANKED_IN": "being ranked in the same index is no tie between the ranked",
    "SUCCEEDED": "a renamed or reorganised organisation is one actor over time",
}
TIE_TYPES: Final[tuple[str, ...]] = tuple(t for t in RELATIONSHIP_TYPES if t not in NOT_TIES)
MAX_SHARED_PARTIES: Final[int] = 100


@dataclass(frozen=True)
class ActorGraph:
    """The weighted, undirected actor graph: nodes 0..n-1 (ordered by id), edge e joins
    `sources[e]` < `targets[e]` with `weights[e]`, each pair once."""

    ids: list[str]
    names: list[str]
    types: list[str]
    sources: np.ndarray  # int64
    targets: np.ndarray  # int64
    weights: np.ndarray  # float64
    left_out: int  # shared things with more than MAX_SHARED_PARTIES actors

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return len(self.weights)


def build_actor_graph(
    ties: list[list[str]], shared: list[list[Any]], actors: list[list[str]], max_shared_parties: int = MAX_SHARED_PARTIES
) -> ActorGraph:
    """The actor graph from the rows of `analysis_actor_ties.cypher` (the rules are the module's docstring).

    In numpy arrays: a pair of actors is the number low * n + high, and the
    weights of one pair are summed by `np.unique` + `np.bincount` (at 1M
    synthetic relationships the shared things give millions of pairs).
    """
    import numpy as np

    ordered = sorted(actors, key=lambda actor: actor[0])
    all_ids = [actor[0] for actor in ordered]
    index = {actor_id: i for i, actor_id in enumerate(all_ids)}
    n = len(all_ids)
    # Direct ties: each distinct relationship type between a pair counts once.
    type_codes: dict[str, int] = {}
    from_index = np.fromiter((index.get(tie[0], -1) for tie in ties), np.int64, len(ties))
    to_index = np.fromiter((index.get(tie[1], -1) for tie in ties), np.int64, len(ties))
    type_code = np.fromiter((type_codes.setdefault(tie[2], len(type_codes)) for tie in ties), np.int64, len(ties))
    between_actors = (from_index >= 0) & (to_index >= 0) & (from_index != to_index)
    from_index, to_index, type_code = from_index[between_actors], to_index[between_actors], type_code[between_actors]
    kinds = max(1, len(type_codes))
    pair_and_type = np.unique(
        (np.minimum(from_index, to_index) * n + np.maximum(from_index, to_index)) * kinds + type_code
    )
    pairs = [pair_and_type // kinds]
    shares = [np.ones(len(pair_and_type))]
    # Shared things: every pair of the k sharers gets 1 / (k - 1); things of one size k at once.
    by_size: dict[int, list[list[int]]] = defaultdict(list)
    left_out = 0
    for _thing, parties in shared:
        if len(parties) > max_shared_parties:
            left_out += 1
            continue
        by_size[len(parties)].append([index[party] for party in parties])
    for k, groups in sorted(by_size.items()):
        sharers = np.sort(np.array(groups, dtype=np.int64), axis=1)
        first, second = np.triu_indices(k, 1)
        pairs.append((sharers[:, first] * n + sharers[:, second]).ravel())
        shares.append(np.full(len(groups) * len(first), 1.0 / (k - 1)))
    pair_numbers, which = np.unique(np.concatenate(pairs), return_inverse=True)
    weights = np.bincount(which, weights=np.concatenate(shares), minlength=len(pair_numbers))
    low, high = pair_numbers // n, pair_numbers % n
    tied = np.unique(np.concatenate([low, high]))  # ascending: the tied actors stay ordered by id
    renumber = np.full(n, -1, dtype=np.int64)
    renumber[tied] = np.arange(len(tied))
    return ActorGraph(
        ids=[all_ids[i] for i in tied],
        names=[ordered[i][1] or ordered[i][0] for i in tied],
        types=[ordered[i][2] for i in tied],
        sources=renumber[low],
        targets=renumber[high],
        weights=weights.astype(np.float64),
        left_out=left_out,
    )


def read_parameters(filters: GraphFilters, actor_types: tuple[str, ...] = ACTOR_TYPES) -> dict[str, Any]:
    """The parameters of `analysis_actor_ties.cypher` for these filters and actor types."""
    return {
        "actor_types": list(actor_types),
        "tie_types": list(TIE_TYPES),
        "sectors": filters.sectors,
        "window_from": filters.window_from,
        "window_to": filters.window_to,
    }


async def read_actor_graph(
    db: Database, filters: GraphFilters, actor_types: tuple[str, ...] = ACTOR_TYPES, *, timeout: float | None = None
) -> ActorGraph:
    """Read the ties the filters keep and build the actor graph."""
    rows = await db.read("analysis_actor_ties", read_parameters(filters, actor_types), timeout=timeout)
    row = rows[0]
    return build_actor_graph(row["ties"], row["shared"], row["actors"])
