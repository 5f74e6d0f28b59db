"""Network measures of the actor graph: degree, PageRank, betweenness, Burt's constraint, communities.

The actor graph is defined in `analysis_projection.py`. Everything is
computed at once (`compute_analysis`) per graph version and filter set;
when, and how the result is kept for every worker, is
graphsvc/analysis_service.py's (`network_analysis`). `/analysis/centrality`,
`/analysis/communities`, `/entities/{id}?metrics=true` and `/export` answer
from that result.

NetworKit does the heavy measures (PageRank, betweenness, Louvain,
modularity): MIT-licensed, C++, the fastest of the three libraries compared
in docs/analysis.md. It has no Burt's constraint, so `burt_constraint`
computes it from the formula (tested against networkx's `constraint`), on
graphs within `CONSTRAINT_BUDGET`.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from graphsvc.db import Database
from graphsvc.errors import Problem
from graphsvc.graph.analysis_projection import ActorGraph, read_actor_graph
from graphsvc.graph.filters import GraphFilters

# NetworKit (which brings scipy and networkx) and numpy are imported where an analysis is computed, not with
# the module: the routes import this module for the kept answers, and every service process would otherwise
# carry those libraries from start whether or not it ever computes an analysis.
if TYPE_CHECKING:
    import networkit as nk

MEASURES: Final[tuple[str, ...]] = ("degree", "pagerank", "betweenness", "constraint")
# PageRank as networkx computes it (the tests' oracle): damping 0.85, iterating until the L1 change is
# below actors × PAGERANK_TOLERANCE (networkx's criterion: a tolerance per actor); tighter than networkx's
# default so the two agree to 1e-9.
PAGERANK_DAMPING: Final[float] = 0.85
PAGERANK_TOLERANCE: Final[float] = 1e-12
# Exact betweenness (Brandes) costs a search from every node: nodes × edges steps.
# Past this budget it is sampled (Riondato & Kornaropoulos 2016): every
# normalised value within ±BETWEENNESS_EPSILON of the exact one with
# probability ≥ 1 − BETWEENNESS_DELTA.
EXACT_BETWEENNESS_BUDGET: Final[int] = 200_000_000
BETWEENNESS_EPSILON: Final[float] = 0.05
BETWEENNESS_DELTA: Final[float] = 0.1
# Burt's constraint is summed over every triangle in Python (no library offers it): past this many set
# steps (`constraint_work`) it is not computed, and the answers say so.
CONSTRAINT_BUDGET: Final[int] = 50_000_000
RANDOM_SEED: Final[int] = 23


@dataclass
class NetworkAnalysis:
    """Every measure of every actor of one actor graph (index i is the actor graph's node i).

    Built by `analyse`, or from its kept form (`kept` / `from_kept`): the
    orders and ranks are computed once with the measures and kept with them,
    so that an answer from the kept result only slices lists.
    """

    ids: list[str]
    names: list[str]
    types: list[str]
    ties: int
    left_out: int
    degree: list[int]
    pagerank: list[float]
    betweenness: list[float]
    constraint: list[float] | None  # None: not computed on a graph this large (`constraint_method`)
    community: list[int]  # index into `communities`
    communities: list[dict[str, Any]]  # {"id", "size", "members", "label"}, largest first
    modularity: float
    betweenness_method: dict[str, Any]
    constraint_method: dict[str, Any]
    seconds: float
    orders: dict[str, list[int]]  # per measure: actors best first
    ranks: dict[str, list[int]]  # per measure: competition ranks
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # built with the analysis or its decoding, once per worker: not by the first metrics request
        self._index = {actor_id: i for i, actor_id in enumerate(self.ids)}

    @property
    def size(self) -> int:
        return len(self.ids)

    def position(self, actor_id: str) -> int | None:
        return self._index.get(actor_id)

    def metrics(self, actor_id: str) -> dict[str, Any] | None:
        """One actor's measures, or None when it has no tie in this actor graph."""
        i = self.position(actor_id)
        if i is None:
            return None
        community = self.communities[self.community[i]]
        return {
            "degree": self.degree[i],
            "pagerank": self.pagerank[i],
            "betweenness": self.betweenness[i],
            "betweenness_rank": self.ranks["betweenness"][i],
            "constraint": None if self.constraint is None else self.constraint[i],
            "community": community["id"],
            "community_label": community["label"],
        }

    def kept(self) -> dict[str, Any]:
        """The kept form: plain JSON values, shared by every worker through the `:KeptAnswer` store."""
        return {name: getattr(self, name) for name in _KEPT_FIELDS}

    @classmethod
    def from_kept(cls, kept: dict[str, Any]) -> NetworkAnalysis:
        return cls(**{name: kept[name] for name in _KEPT_FIELDS})


_KEPT_FIELDS: Final[tuple[str, ...]] = (
    "ids", "names", "types", "ties", "left_out", "degree", "pagerank", "betweenness", "constraint", "community",
    "communities", "modularity", "betweenness_method", "constraint_method", "seconds", "orders", "ranks",
)


def order_and_ranks(
    measure: str, values: list[float], names: list[str], ids: list[str]
) -> tuple[list[int], list[int]]:
    """Actors best first: highest value first, except constraint (least constrained, the broker, first);
    ties by name, then id. With competition ranks (1, 2, 2, 4): equal values share a rank."""
    sign = 1.0 if measure == "constraint" else -1.0
    order = sorted(range(len(ids)), key=lambda i: (sign * values[i], names[i], ids[i]))
    ranks = [0] * len(ids)
    previous: float | None = None
    rank = 0
    for position, i in enumerate(order, start=1):
        if previous is None or not math.isclose(values[i], previous, rel_tol=1e-12, abs_tol=1e-15):
            rank = position
            previous = values[i]
        ranks[i] = rank
    return order, ranks


def _networkit_graph(graph: ActorGraph, weighted: bool) -> nk.Graph:
    import networkit as nk
    import numpy as np

    weights = graph.weights if weighted else np.ones(graph.edge_count)
    ends = (graph.sources.astype(np.uint64), graph.targets.astype(np.uint64))
    return nk.GraphFromCoo((weights, ends), n=graph.size, weighted=weighted, directed=False)


def constraint_work(graph: ActorGraph) -> int:
    """What `burt_constraint` costs: one set intersection per tie and direction, each of the smaller degree."""
    import numpy as np

    degree = np.bincount(np.concatenate([graph.sources, graph.targets]), minlength=graph.size)
    return int(2 * np.minimum(degree[graph.sources], degree[graph.targets]).sum())


def burt_constraint(graph: ActorGraph) -> list[float]:
    """Burt's constraint c_i = Σ_j (p_ij + Σ_q p_iq p_qj)², j and q neighbours of i, q ≠ i, j.

    p_ij = w_ij / Σ_k w_ik is the share of i's tie weight that goes to j. The
    indirect sum is over the common neighbours q of i and j, found by set
    intersection (work bounded by the graph's triangles, not by degree²).
    """
    neighbours: list[dict[int, float]] = [{} for _ in range(graph.size)]
    for i, j, weight in zip(graph.sources.tolist(), graph.targets.tolist(), graph.weights.tolist(), strict=True):
        neighbours[i][j] = weight
        neighbours[j][i] = weight
    strength = [sum(ties.values()) for ties in neighbours]
    share = [{j: w / strength[i] for j, w in ties.items()} for i, ties in enumerate(neighbours)]
    keys = [set(ties) for ties in neighbours]
    constraint: list[float] = []
    for i in range(graph.size):
        p_i = share[i]
        indirect: dict[int, float] = dict.fromkeys(p_i, 0.0)
        for q, p_iq in p_i.items():
            p_q = share[q]
            for j in keys[i] & keys[q]:
                indirect[j] += p_iq * p_q[j]
        constraint.append(sum((p_i[j] + indirect[j]) ** 2 for j in p_i))
    return constraint


def _constraint(graph: ActorGraph) -> tuple[list[float] | None, dict[str, Any]]:
    work = constraint_work(graph)
    if work <= CONSTRAINT_BUDGET:
        return burt_constraint(graph), {"method": "exact"}
    return None, {
        "method": "not computed",
        "meaning": f"Burt's constraint would take {work:,} set steps on this actor graph, over the "
        f"budget of {CONSTRAINT_BUDGET:,}: no library offers it, and the exact sum over every "
        "triangle runs for minutes",
    }


def _betweenness(g: nk.Graph, size: int, edges: int) -> tuple[list[float], dict[str, Any]]:
    import networkit as nk

    if size * edges <= EXACT_BETWEENNESS_BUDGET:
        exact = nk.centrality.Betweenness(g, normalized=True)
        exact.run()
        return list(exact.scores()), {"method": "exact"}
    # KADABRA: the same guarantee as uniform sampling of pairs (every value within epsilon with probability
    # 1 - delta), but each sample is a balanced bidirectional search that stops when the two frontiers meet,
    # and the sampling stops adaptively once the bound holds: far cheaper than a whole search per sample.
    # NetworKit's KADABRA gives an undirected graph's betweenness on a scale 2(n-2)/n times the normalised one
    # (networkx's, and the exact branch's above): asked for that much error on its scale, every value brought
    # back to the normalised scale is within BETWEENNESS_EPSILON (tests/unit/test_analysis_measures.py).
    n = g.numberOfNodes()
    to_normalised = n / (2 * (n - 2)) if n > 2 else 0.0
    sampled = nk.centrality.KadabraBetweenness(g, BETWEENNESS_EPSILON / to_normalised if to_normalised else 1.0,
                                               BETWEENNESS_DELTA)
    sampled.run()
    return [score * to_normalised for score in sampled.scores()], {
        "method": "sampled",
        "samples": sampled.getNumberOfIterations(),
        "epsilon": BETWEENNESS_EPSILON,
        "delta": BETWEENNESS_DELTA,
        "meaning": f"every value within ±{BETWEENNESS_EPSILON} of the exact normalised betweenness "
        f"with probability at least {1 - BETWEENNESS_DELTA:g} (KADABRA, Borassi & Natale 2016)",
    }


def analyse(graph: ActorGraph) -> NetworkAnalysis:
    """Every measure of the actor graph (CPU-bound; the service runs it in a thread)."""
    import networkit as nk
    import numpy as np

    started = time.perf_counter()
    # One thread and a fixed seed: the same partition and the same last digits every time (the HTTP answer,
    # the command line's export and the docs agree); the other core stays with the service and Neo4j.
    nk.setNumberOfThreads(1)
    nk.engineering.setSeed(RANDOM_SEED, False)
    if graph.size == 0:
        return NetworkAnalysis(
            [], [], [], 0, graph.left_out, [], [], [], [], [], [], 0.0, {"method": "exact"}, {"method": "exact"},
            0.0, {measure: [] for measure in MEASURES}, {measure: [] for measure in MEASURES},
        )
    weighted = _networkit_graph(graph, weighted=True)
    unweighted = _networkit_graph(graph, weighted=False)
    degree = [int(d) for d in np.bincount(np.concatenate([graph.sources, graph.targets]), minlength=graph.size)]

    pagerank = nk.centrality.PageRank(weighted, damp=PAGERANK_DAMPING, tol=graph.size * PAGERANK_TOLERANCE)
    pagerank.norm = nk.centrality.Norm.L1_NORM
    pagerank.run()

    betweenness, method = _betweenness(unweighted, graph.size, graph.edge_count)
    del unweighted

    # Louvain with refinement (NetworKit's PLM), on the weights.
    partition = nk.community.PLM(weighted, refine=True).run().getPartition()
    partition.compact()
    modularity = nk.community.Modularity().getQuality(partition, weighted) if graph.edge_count else 0.0

    pagerank_scores = list(pagerank.scores())
    members: dict[int, list[int]] = {}
    for i, subset in enumerate(partition.getVector()):
        members.setdefault(subset, []).append(i)
    # largest first; each labelled by its member of highest PageRank
    groups = sorted(members.values(), key=lambda group: (-len(group), min(graph.ids[i] for i in group)))
    community = [0] * graph.size
    communities = []
    for number, group in enumerate(groups):
        group.sort(key=lambda i: (-pagerank_scores[i], graph.names[i], graph.ids[i]))
        for i in group:
            community[i] = number
        communities.append({
            "id": number,
            "size": len(group),
            "members": [graph.ids[i] for i in group],
            "label": graph.names[group[0]],
        })
    constraint, constraint_method = _constraint(graph)
    measured: dict[str, list[float] | list[int] | None] = {
        "degree": degree, "pagerank": pagerank_scores, "betweenness": betweenness, "constraint": constraint,
    }
    orders: dict[str, list[int]] = {}
    ranks: dict[str, list[int]] = {}
    for measure, measure_values in measured.items():
        if measure_values is not None:
            orders[measure], ranks[measure] = order_and_ranks(
                measure, [float(v) for v in measure_values], graph.names, graph.ids
            )
    return NetworkAnalysis(
        ids=graph.ids,
        names=graph.names,
        types=graph.types,
        ties=graph.edge_count,
        left_out=graph.left_out,
        degree=degree,
        pagerank=pagerank_scores,
        betweenness=betweenness,
        constraint=constraint,
        community=community,
        communities=communities,
        modularity=modularity,
        betweenness_method=method,
        constraint_method=constraint_method,
        seconds=time.perf_counter() - started,
        orders=orders,
        ranks=ranks,
    )


async def compute_analysis(
    db: Database, filters: GraphFilters, actor_types: tuple[str, ...], *, timeout: float | None = None
) -> NetworkAnalysis:
    """Read the actor graph and measure it (the measures in a thread: the event loop keeps answering)."""
    graph = await read_actor_graph(db, filters, actor_types, timeout=timeout)
    return await asyncio.to_thread(analyse, graph)


def centrality_answer(analysis: NetworkAnalysis, measure: str, limit: int) -> dict[str, Any]:
    """`GET /analysis/centrality`: the first `limit` actors by `measure`."""
    values: list[float] | list[int] | None = getattr(analysis, measure)
    if values is None:
        raise Problem(
            422, "Measure not computed on this graph", analysis.constraint_method["meaning"],
            type_="measure-not-computed", parameter="measure",
        )
    ranks = analysis.ranks[measure]
    items = [
        {"id": analysis.ids[i], "name": analysis.names[i], "type": analysis.types[i], "value": float(values[i]),
         "rank": ranks[i]}
        for i in analysis.orders[measure][:limit]
    ]
    answer: dict[str, Any] = {
        "measure": measure,
        "order": "ascending" if measure == "constraint" else "descending",
        "items": items,
        "total": analysis.size,
        "truncated": analysis.size > limit,
        "left_out_shared_things": analysis.left_out,
        "betweenness": analysis.betweenness_method if measure == "betweenness" else None,
    }
    return answer


def communities_answer(analysis: NetworkAnalysis) -> dict[str, Any]:
    """`GET /analysis/communities`: every community, largest first, with the partition's modularity."""
    return {
        "communities": analysis.communities,
        "modularity": analysis.modularity,
        "method": "louvain",
        "total": analysis.size,
        "left_out_shared_things": analysis.left_out,
    }


def attach_metrics(graph: dict[str, Any], analysis: NetworkAnalysis) -> dict[str, Any]:
    """Each actor node of an exported graph gets `metrics` (the formats without maps flatten it)."""
    for node in graph["nodes"]:
        metrics = analysis.metrics(node["id"])
        if metrics is not None:
            node["metrics"] = metrics
    return graph
