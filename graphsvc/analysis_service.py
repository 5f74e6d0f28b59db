"""Running the network analysis: background work, kept results and their keys.

The domain (graphsvc/graph/analysis.py) says what the measures are and
computes them; this module says when: once per graph version and filter set,
in the background when it runs past a request's wait (503 + Retry-After),
the result kept in Neo4j's `:KeptAnswer` store (graphsvc/kept_answers.py) so
that every worker and replica serves the one computation, and decoded once
per process. As graphsvc/cooperation_service.py does for rankings and matrices.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Final

from graphsvc.background_jobs import BackgroundJobs, JobKind
from graphsvc.db import Database
from graphsvc.graph import analysis as measures
from graphsvc.graph.analysis import NetworkAnalysis
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.export import analysis_scope
from graphsvc.graph.filters import GraphFilters
from graphsvc.kept_answers import KeptAnswerStore, SharedJobs, answer_key
from graphsvc.settings import Settings

ANALYSIS: Final[JobKind] = JobKind(
    "analysis", "The network analysis is being computed",
    "Computing centralities and communities of every actor takes a while on a graph this size",
)


class KeptAnalyses:
    """Analyses kept for every worker (a `SharedJobs` over the `:KeptAnswer` store), and decoded here.

    The store holds each analysis as JSON; the last `keep` decoded here are
    held by this process, so that an answer from a kept analysis reads
    nothing from Neo4j but the graph version its request already read.
    """

    def __init__(self, shared: SharedJobs, keep: int = 8) -> None:
        self.shared = shared
        self.keep = keep
        self._decoded: OrderedDict[str, NetworkAnalysis] = OrderedDict()

    async def analysis(
        self, db: Database, version: str | None, question: Hashable,
        compute: Callable[[], Awaitable[NetworkAnalysis]],
    ) -> NetworkAnalysis:
        key = answer_key(self.shared.what, version, question)
        found = self._decoded.get(key)
        if found is not None:
            self._decoded.move_to_end(key)
            return found

        async def compute_kept() -> dict[str, Any]:
            return (await compute()).kept()

        kept = await (await self.shared.answer(db, version, question, compute_kept)).whole()
        found = NetworkAnalysis.from_kept(kept.value())
        self._decoded[key] = found
        while len(self._decoded) > self.keep:
            self._decoded.popitem(last=False)
        return found

    async def close(self) -> None:
        await self.shared.close()


def analysis_jobs(background: BackgroundJobs, store: KeptAnswerStore, keep: int = 8) -> KeptAnalyses:
    """The service's kept analyses: computed in the background past the jobs' wait, kept even when prompt
    (each worker would otherwise compute the same analysis once)."""
    return KeptAnalyses(SharedJobs(background, store, what="analysis", keep=keep, keep_after=0.0), keep)


def analysis_question(filters: GraphFilters, actor_types: tuple[str, ...] = ACTOR_TYPES) -> tuple[Hashable, ...]:
    """What distinguishes one analysis from another (with the graph version, its kept answer's key)."""
    return (actor_types, tuple(filters.sectors or ()), filters.window_from, filters.window_to)


async def network_analysis(
    db: Database, jobs: KeptAnalyses, filters: GraphFilters, actor_types: tuple[str, ...] = ACTOR_TYPES,
    *, timeout: float | None = None, version: str | None = None,
) -> NetworkAnalysis:
    """The analysis of this graph version and filter set: kept, or computed once (503 + Retry-After while
    a large graph computes past the jobs' wait).

    The one entry point to kept results: keying and keeping live here only.
    `version`: the graph version the request already read (graphsvc/deps.py); read here when not given.
    """
    if version is None:
        version = await db.graph_version()
    return await jobs.analysis(
        db, version, analysis_question(filters, actor_types),
        lambda: measures.compute_analysis(db, filters, actor_types, timeout=timeout),
    )


async def actor_metrics(
    db: Database, jobs: KeptAnalyses, entity: dict[str, Any], settings: Settings
) -> dict[str, Any] | None:
    """`/entities/{id}?metrics=true`: the entity's measures in the whole actor graph (None for a non-actor)."""
    if entity["type"] not in ACTOR_TYPES:
        return None
    no_filters = GraphFilters(types=None, rel_types=None, sectors=None, since=None, until=None)
    result = await network_analysis(db, jobs, no_filters, timeout=settings.matrix_query_timeout)
    return result.metrics(entity["id"])


async def attach_graph_metrics(
    db: Database, jobs: KeptAnalyses, graph: dict[str, Any], filters: GraphFilters, *, timeout: float | None
) -> None:
    """Each actor node of `graph` gets its metrics in the actor graph of the same filters (`/export`, and
    `metrics=true` on neighbourhoods and paths); a filter set that leaves no actor graph adds none."""
    scope = analysis_scope(filters)
    if scope is not None:
        measures.attach_metrics(graph, await network_analysis(db, jobs, *scope, timeout=timeout))
