"""Network measures of the actor graph: degree, PageRank, betweenness, Burt's constraint, communities.

The actor graph is defined in `analysis_projection.py`. Everything is
computed at once per graph version and filter set by `network_analysis`
(the one function that computes or returns the kept result; kept by
`graphsvc/background_jobs.py`, in the background on large graphs with 503 +
Retry-After) and answered from there by `/analysis/centrality`,
`/analysis/communities`, `/entities/{id}?metrics=true` and `/export`.

NetworKit does the heavy measures (PageRank, betweenness, Louvain,
modularity): MIT-licensed, C++, the fastest of the three libraries compared
in docs/analysis.md. It has no Burt's constraint, so `burt_constraint`
computes it from the formula (tested against networkx's `constraint`).
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field
from typing import Any, Final

import networkit as nk

from graphsvc.background_jobs import BackgroundJobs, JobKind
from graphsvc.db import Database
from graphsvc.graph.analysis_projection import ActorGraph, read_actor_graph
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.filters import GraphFilters
from graphsvc.settings import Settings

ANALYSIS: Final[JobKind] = JobKind(
    "analysis", "The network analysis is being computed",
    "Computing centralities and communities of every actor takes a while on a graph this size",
)
MEASURES: Final[tuple[str, ...]] = ("degree", "pagerank", "betweenness", "constraint")
# PageRank as networkx computes it by default (the tests' oracle): damping 0.85,
# L1 convergence; the tolerance is tighter so the two agree to 1e-9.
PAGERANK_DAMPING: Final[float] = 0.85
PAGERANK_TOLERANCE: Final[float] = 1e-12
# Exact betweenness (Brandes) costs a search from every node: nodes × edges steps.
# Past this budget it is sampled (Riondato & Kornaropoulos 2016): every
# normalised value within ±BETWEENNESS_EPSILON of the exact one with
# probability ≥ 1 − BETWEENNESS_DELTA.
EXACT_BETWEENNESS_BUDGET: Final[int] = 200_000_000
BETWEENNESS_EPSILON: Final[float] = 0.05
BETWEENNESS_DELTA: Final[float] = 0.1
RANDOM_SEED: Final[int] = 23


@dataclass
class NetworkAnalysis:
    """Every measure of every actor of one actor graph (index i is the actor graph's node i)."""

    graph: ActorGraph
    degree: list[int]
    pagerank: list[float]
    betweenness: list[float]
    constraint: list[float]
    community: list[int]  # index into `communities`
    communities: list[dict[str, Any]]  # {"id", "size", "members", "label"}, largest first
    modularity: float
    betweenness_method: dict[str, Any]
    seconds: float
    _ranks: dict[str, list[int]] = field(default_factory=dict)
    _orders: dict[str, list[int]] = field(default_factory=dict)
    _index: dict[str, int] = field(default_factory=dict)

    def values(self, measure: str) -> list[float]:
        return [float(v) for v in getattr(self, measure)]

    def order(self, measure: str) -> list[int]:
        """Actors best first: highest value first, except constraint (least constrained, the broker, first);
        ties by name, then id."""
        if measure not in self._orders:  # sorted once: later answers from the kept result only slice it
            values = self.values(measure)
            sign = 1.0 if measure == "constraint" else -1.0
            names, ids = self.graph.names, self.graph.ids
            self._orders[measure] = sorted(range(self.graph.size), key=lambda i: (sign * values[i], names[i], ids[i]))
        return self._orders[measure]

    def ranks(self, measure: str) -> list[int]:
        """Competition ranks (1, 2, 2, 4): equal values share a rank."""
        if measure not in self._ranks:
            values = self.values(measure)
            ranks = [0] * self.graph.size
            previous: float | None = None
            rank = 0
            for position, i in enumerate(self.order(measure), start=1):
                if previous is None or not math.isclose(values[i], previous, rel_tol=1e-12, abs_tol=1e-15):
                    rank = position
                    previous = values[i]
                ranks[i] = rank
            self._ranks[measure] = ranks
        return self._ranks[measure]

    def position(self, actor_id: str) -> int | None:
        if not self._index:
            self._index = {actor_id: i for i, actor_id in enumerate(self.graph.ids)}
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
            "betweenness_rank": self.ranks("betweenness")[i],
            "constraint": self.constraint[i],
            "community": community["id"],
            "community_label": community["label"],
        }


def _networkit_graph(graph: ActorGraph, weighted: bool) -> nk.Graph:
    g = nk.Graph(graph.size, weighted=weighted)
    for (i, j), weight in graph.edges.items():
        g.addEdge(i, j, weight if weighted else 1.0)
    return g


def burt_constraint(graph: ActorGraph) -> list[float]:
    """Burt's constraint c_i = Σ_j (p_ij + Σ_q p_iq p_qj)², j and q neighbours of i, q ≠ i, j.

    p_ij = w_ij / Σ_k w_ik is the share of i's tie weight that goes to j. The
    indirect sum is over the common neighbours q of i and j, found by set
    intersection (work bounded by the graph's triangles, not by degree²).
    """
    neighbours: list[dict[int, float]] = [{} for _ in range(graph.size)]
    for (i, j), weight in graph.edges.items():
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


def _betweenness(g: nk.Graph, size: int, edges: int) -> tuple[list[float], dict[str, Any]]:
    if size * edges <= EXACT_BETWEENNESS_BUDGET:
        exact = nk.centrality.Betweenness(g, normalized=True)
        exact.run()
        return list(exact.scores()), {"method": "exact"}
    sampled = nk.centrality.ApproxBetweenness(g, epsilon=BETWEENNESS_EPSILON, delta=BETWEENNESS_DELTA)
    sampled.run()
    return list(sampled.scores()), {
        "method": "sampled",
        "samples": sampled.numberOfSamples(),
        "epsilon": BETWEENNESS_EPSILON,
        "delta": BETWEENNESS_DELTA,
        "meaning": f"every value within ±{BETWEENNESS_EPSILON} of the exact normalised betweenness "
        f"with probability at least {1 - BETWEENNESS_DELTA:g} (Riondato & Kornaropoulos 2016)",
    }


def analyse(graph: ActorGraph) -> NetworkAnalysis:
    """Every measure of the actor graph (CPU-bound; the service runs it in a thread)."""
    started = time.perf_counter()
    # One thread and a fixed seed: the same partition and the same last digits every time (the HTTP answer,
    # the command line's export and the docs agree); the other core stays with the service and Neo4j.
    nk.setNumberOfThreads(1)
    nk.engineering.setSeed(RANDOM_SEED, False)
    if graph.size == 0:
        return NetworkAnalysis(graph, [], [], [], [], [], [], 0.0, {"method": "exact"}, 0.0)
    weighted = _networkit_graph(graph, weighted=True)
    unweighted = _networkit_graph(graph, weighted=False)
    degree = [weighted.degree(i) for i in range(graph.size)]

    pagerank = nk.centrality.PageRank(weighted, damp=PAGERANK_DAMPING, tol=PAGERANK_TOLERANCE)
    pagerank.norm = nk.centrality.Norm.L1_NORM
    pagerank.run()

    betweenness, method = _betweenness(unweighted, graph.size, len(graph.edges))

    # Louvain with refinement (NetworKit's PLM), on the weights.
    partition = nk.community.PLM(weighted, refine=True).run().getPartition()
    partition.compact()
    modularity = nk.community.Modularity().getQuality(partition, weighted) if len(graph.edges) else 0.0

    pagerank_scores = list(pagerank.scores())
    members: dict[int, list[int]] = {}
    for i in range(graph.size):
        members.setdefault(partition.subsetOf(i), []).append(i)
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
    return NetworkAnalysis(
        graph=graph,
        degree=degree,
        pagerank=pagerank_scores,
        betweenness=betweenness,
        constraint=burt_constraint(graph),
        community=community,
        communities=communities,
        modularity=modularity,
        betweenness_method=method,
        seconds=time.perf_counter() - started,
    )


async def compute_analysis(
    db: Database, filters: GraphFilters, actor_types: tuple[str, ...], *, timeout: float | None = None
) -> NetworkAnalysis:
    """Read the actor graph and measure it (the measures in a thread: the event loop keeps answering)."""
    graph = await read_actor_graph(db, filters, actor_types, timeout=timeout)
    return await asyncio.to_thread(analyse, graph)


async def network_analysis(
    db: Database, jobs: BackgroundJobs, filters: GraphFilters, actor_types: tuple[str, ...] = ACTOR_TYPES,
    *, timeout: float | None = None,
) -> NetworkAnalysis:
    """The analysis of this graph version and filter set: kept, or computed once (503 + Retry-After while
    a large graph computes past the jobs' wait).

    The one entry point to kept results: keying and keeping live here only.
    """
    key = ("analysis", await db.graph_version(), actor_types, tuple(filters.sectors or ()), filters.window_from,
           filters.window_to)

    async def compute() -> dict[str, Any]:
        return {"analysis": await compute_analysis(db, filters, actor_types, timeout=timeout)}

    kept = await jobs.answer(key, compute)
    return kept["analysis"]


async def actor_metrics(
    db: Database, jobs: BackgroundJobs, entity: dict[str, Any], settings: Settings
) -> dict[str, Any] | None:
    """`/entities/{id}?metrics=true`: the entity's measures in the whole actor graph (None for a non-actor)."""
    if entity["type"] not in ACTOR_TYPES:
        return None
    no_filters = GraphFilters(types=None, rel_types=None, sectors=None, since=None, until=None)
    result = await network_analysis(db, jobs, no_filters, timeout=settings.matrix_query_timeout)
    return result.metrics(entity["id"])


def centrality_answer(analysis: NetworkAnalysis, measure: str, limit: int) -> dict[str, Any]:
    """`GET /analysis/centrality`: the first `limit` actors by `measure`."""
    graph = analysis.graph
    values, ranks = getattr(analysis, measure), analysis.ranks(measure)
    items = [
        {"id": graph.ids[i], "name": graph.names[i], "type": graph.types[i], "value": float(values[i]),
         "rank": ranks[i]}
        for i in analysis.order(measure)[:limit]
    ]
    answer: dict[str, Any] = {
        "measure": measure,
        "order": "ascending" if measure == "constraint" else "descending",
        "items": items,
        "total": graph.size,
        "truncated": graph.size > limit,
        "left_out_shared_things": graph.left_out,
        "betweenness": analysis.betweenness_method if measure == "betweenness" else None,
    }
    return answer


def communities_answer(analysis: NetworkAnalysis) -> dict[str, Any]:
    """`GET /analysis/communities`: every community, largest first, with the partition's modularity."""
    return {
        "communities": analysis.communities,
        "modularity": analysis.modularity,
        "method": "louvain",
        "total": analysis.graph.size,
        "left_out_shared_things": analysis.graph.left_out,
    }


def attach_metrics(graph: dict[str, Any], analysis: NetworkAnalysis) -> dict[str, Any]:
    """Each actor node of an exported graph gets `metrics` (the formats without maps flatten it)."""
    for node in graph["nodes"]:
        metrics = analysis.metrics(node["id"])
        if metrics is not None:
            node["metrics"] = metrics
    return graph
