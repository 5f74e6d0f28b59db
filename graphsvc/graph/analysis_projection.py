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
from typing import Any, Final

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.filters import GraphFilters
from graphsvc.vocabulary import RELATIONSHIP_TYPES

SHARED_THING_TYPES: Final[tuple[str, ...]] = ("Agreement", "Event", "Programme")
NOT_TIES: Final[dict[str, str]] = {
    "RANKED_IN": "being ranked in the same index is no tie between the ranked",
    "SUCCEEDED": "a renamed or reorganised organisation is one actor over time",
}
TIE_TYPES: Final[tuple[str, ...]] = tuple(t for t in RELATIONSHIP_TYPES if t not in NOT_TIES)
MAX_SHARED_PARTIES: Final[int] = 100


@dataclass(frozen=True)
class ActorGraph:
    """The weighted, undirected actor graph: nodes 0..n-1, each edge once with i < j."""

    ids: list[str]
    names: list[str]
    types: list[str]
    edges: dict[tuple[int, int], float]
    left_out: int  # shared things with more than MAX_SHARED_PARTIES actors

    @property
    def size(self) -> int:
        return len(self.ids)


def build_actor_graph(
    ties: list[list[str]], shared: list[list[Any]], actors: list[list[str]], max_shared_parties: int = MAX_SHARED_PARTIES
) -> ActorGraph:
    """The actor graph from the rows of `analysis_actor_ties.cypher` (the rules are the module's docstring)."""
    direct: dict[tuple[str, str], set[str]] = defaultdict(set)
    for from_id, to_id, rel_type in ties:
        pair = (from_id, to_id) if from_id < to_id else (to_id, from_id)
        direct[pair].add(rel_type)
    weights: dict[tuple[str, str], float] = {pair: float(len(types)) for pair, types in direct.items()}
    left_out = 0
    for _thing, parties in shared:
        k = len(parties)
        if k > max_shared_parties:
            left_out += 1
            continue
        share = 1.0 / (k - 1)
        ordered = sorted(parties)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1:]:
                pair = (first, second)
                weights[pair] = weights.get(pair, 0.0) + share
    known = {actor_id: (name, type_) for actor_id, name, type_ in actors}
    tied = sorted({actor_id for pair in weights for actor_id in pair if actor_id in known})
    index = {actor_id: i for i, actor_id in enumerate(tied)}
    edges = {
        (index[a], index[b]): weight for (a, b), weight in weights.items() if a in index and b in index
    }
    return ActorGraph(
        ids=tied,
        names=[known[actor_id][0] or actor_id for actor_id in tied],
        types=[known[actor_id][1] for actor_id in tied],
        edges=edges,
        left_out=left_out,
    )


async def read_actor_graph(
    db: Database, filters: GraphFilters, actor_types: tuple[str, ...] = ACTOR_TYPES, *, timeout: float | None = None
) -> ActorGraph:
    """Read the ties the filters keep and build the actor graph."""
    parameters = {
        "actor_types": list(actor_types),
        "tie_types": list(TIE_TYPES),
        "sectors": filters.sectors,
        "window_from": filters.window_from,
        "window_to": filters.window_to,
    }
    rows = await db.read("analysis_actor_ties", parameters, timeout=timeout)
    row = rows[0]
    return build_actor_graph(row["ties"], row["shared"], row["actors"])
