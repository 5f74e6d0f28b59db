"""Running the cooperation answers: background work, kept answers and their keys.

The domain (graphsvc/graph/cooperation/) says what a ranking or a matrix is;
this module says when it is computed and how long it is kept: once per graph
version and question, in the background when it runs past a request's wait
(graphsvc/background_jobs.py), its running marker and answer kept in Neo4j
(graphsvc/kept_answers.py), so that a retry on any worker or replica finds
them rather than starting the computation again.
"""

from __future__ import annotations

from collections.abc import Hashable

from graphsvc.db import Database
from graphsvc.graph.cooperation.matrix import cooperation_matrix
from graphsvc.graph.cooperation.ranking import cooperation, cooperation_actor
from graphsvc.graph.filters import GraphFilters
from graphsvc.kept_answers import AnswerBody, SharedJobs


def filters_key(filters: GraphFilters) -> tuple[Hashable, ...]:
    """The part of a question's key the filters make (types and rel_types do not apply to a score)."""
    return (tuple(filters.sectors or ()), filters.since, filters.until)


def ranking_question(actor_id: str, filters: GraphFilters, limit: int, via_limit: int) -> tuple[Hashable, ...]:
    """What distinguishes one ranking question from another (with the graph version, its kept answer's key)."""
    return (actor_id, *filters_key(filters), limit, via_limit)


async def cooperation_matrix_answer(
    db: Database, jobs: SharedJobs, version: str | None, type_: str, filters: GraphFilters, max_entities: int,
    query_timeout: float,
) -> AnswerBody:
    """`cooperation_matrix`, computed once per graph version and question by `jobs`.

    Its queries get `query_timeout` each: on a large graph the matrix takes
    longer than a request may wait, and the job outlives the request.
    """
    question = (type_, *filters_key(filters), max_entities)
    return await jobs.answer(
        db, version, question, lambda: cooperation_matrix(db, type_, filters, max_entities, query_timeout=query_timeout)
    )


async def cooperation_answer(
    db: Database, jobs: SharedJobs, version: str | None, ref: str, filters: GraphFilters, limit: int,
    via_limit: int, query_timeout: float,
) -> AnswerBody:
    """`cooperation`, computed once per graph version and question by `jobs` when it runs long.

    Most actors are ranked in milliseconds; one that shares hub events with
    tens of thousands of partners takes seconds: past the request's wait the
    ranking goes on in the background, each query with `query_timeout`, and
    the request answers 503 `ranking-in-progress` with Retry-After.
    `version` is the graph version the request already read (graphsvc/deps.py).
    """
    actor = await cooperation_actor(db, ref)
    question = ranking_question(actor["id"], filters, limit, via_limit)
    return await jobs.answer(
        db, version, question, lambda: cooperation(db, actor, filters, limit, via_limit, query_timeout=query_timeout)
    )
