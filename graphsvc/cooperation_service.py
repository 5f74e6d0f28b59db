"""Running the cooperation answers: background work, kept answers and their keys.

The domain (graphsvc/graph/cooperation/) says what a ranking or a matrix is;
this module says when it is computed and how long it is kept: once per graph
version and question, in the background when it runs past a request's wait
(graphsvc/background_jobs.py), its running marker and answer kept in Neo4j
(graphsvc/kept_answers.py), so that a retry on any worker or replica finds
them rather than starting the computation again.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Hashable, Sequence
from typing import Any, Generic, TypeVar

from graphsvc.db import ConnectionInfo, Database
from graphsvc.errors import Problem
from graphsvc.graph.cooperation.matrix import cooperation_matrix
from graphsvc.graph.cooperation.ranking import (
    DEFAULT_EVIDENCE_LIMIT,
    cooperation,
    cooperation_actor,
    cooperation_partner,
)
from graphsvc.graph.cooperation.reach import Reach, read_reach
from graphsvc.graph.cooperation.rosters import ROSTER_PARTICIPATIONS, EventRosters, read_event_rosters, unfiltered
from graphsvc.graph.filters import GraphFilters
from graphsvc.kept_answers import AnswerBody, SharedJobs
from graphsvc.models import HubEventRostersState

log = logging.getLogger("graphsvc")

ArraysT = TypeVar("ArraysT")

# One read of a version's arrays at a time per process (and event loop): each holds its rows, tens of MiB on a
# large graph, while it builds its arrays, and a process keeps the memory its peak took; one after the other,
# that peak is the larger read's, not their sum. `watch_arrays` starts the rosters' first.
_ONE_READ_AT_A_TIME: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


class ArraysOfVersion(Generic[ArraysT]):
    """Arrays read from the graph version last asked for (the event rosters, rosters.py; the reach arrays,
    reach.py), read once per version and process.

    Read in the background: `watch_arrays` starts the read when the service starts
    and whenever the graph version changes (a write), so that rankings find
    them ready; an unfiltered ranking of a version whose arrays are not read
    starts the read too. Rankings before the read ends walk instead (on a
    large graph the read takes seconds); no ranking waits for them. A read of
    an older version still going on is cancelled.
    """

    # what the log calls them
    what = "arrays"

    def __init__(self) -> None:
        self._graph: tuple[ConnectionInfo, str] | None = None
        self._arrays: ArraysT | None = None
        self._reading: asyncio.Task[ArraysT] | None = None
        self._failed = False  # the read of `_graph` failed (the next unfiltered ranking tries again)

    async def _read_arrays(self, db: Database, timeout: float | None) -> ArraysT:
        raise NotImplementedError

    async def _read_in_turn(self, db: Database, timeout: float | None) -> ArraysT:
        async with _ONE_READ_AT_A_TIME.setdefault(asyncio.get_running_loop(), asyncio.Lock()):
            return await self._read_arrays(db, timeout)

    def of(self, db: Database, version: str | None, timeout: float | None) -> ArraysT | None:
        """The arrays of `version` if they have been read; otherwise None, and their read is started."""
        if version is None:  # no version recorded: nothing would say when they are stale
            return None
        graph = (db.info, version)
        if self._graph == graph and self._arrays is not None:
            return self._arrays
        loop = asyncio.get_running_loop()
        if self._graph != graph or self._reading is None or self._reading.get_loop() is not loop:
            if self._reading is not None and self._reading.get_loop() is loop:
                self._reading.cancel()  # an older version's: its arrays would be stale when read
            self._graph, self._arrays, self._failed = graph, None, False
            self._reading = loop.create_task(self._read_in_turn(db, timeout))
            self._reading.add_done_callback(self._read)
        return None

    def state(self, db: Database, version: str | None) -> HubEventRostersState:
        """Whether this process holds the arrays of `version` (GET /health shows it)."""
        if version is None or self._graph != (db.info, version):
            return "not read"
        if self._arrays is not None:
            return "ready"
        return "reading" if self._reading is not None else "not read"

    async def read(self, db: Database, version: str | None, timeout: float | None) -> ArraysT | None:
        """The arrays of `version`, waiting for their read (started if need be); None if it failed.

        For warming a process up (the benchmark's in-process capture); rankings never wait.
        """
        self.of(db, version, timeout)
        if self._reading is not None:
            await asyncio.wait({self._reading})
        return self._arrays if self._graph == (db.info, version) else None

    def start(self, db: Database, version: str, timeout: float | None) -> None:
        """Start the read of `version`'s arrays unless they are read, being read, or their read failed other
        than by Neo4j being away (the next unfiltered ranking tries such a read again, `of`: one that timed out
        would otherwise run again and again)."""
        failed = self._failed and self._graph == (db.info, version)
        if self.state(db, version) == "not read" and not failed:
            self.of(db, version, timeout)

    def stop(self) -> None:
        """Cancel this loop's read (the service is stopping)."""
        if self._reading is not None and self._reading.get_loop() is asyncio.get_running_loop():
            self._reading.cancel()

    def _read(self, task: asyncio.Task[ArraysT]) -> None:
        if task is not self._reading:  # a newer version's read has started since
            return
        self._reading = None
        if task.cancelled():  # the service is stopping
            return
        error = task.exception()
        if error is not None:
            # Neo4j away (a restart, an outage): the watch reads again once it answers; any other failure (a
            # read past its time limit) waits for the next unfiltered ranking rather than run again and again
            self._failed = not (isinstance(error, Problem) and error.type.endswith("neo4j-unavailable"))
            log.warning("%s not read: %r", self.what, error)
            return
        self._arrays = task.result()


class RostersOfVersion(ArraysOfVersion[EventRosters]):
    """The event rosters (rosters.py) of the graph version last asked for."""

    what = "event rosters"

    def __init__(self, min_participants: int = ROSTER_PARTICIPATIONS) -> None:
        super().__init__()
        self.min_participants = min_participants

    async def _read_arrays(self, db: Database, timeout: float | None) -> EventRosters:
        return await read_event_rosters(db, self.min_participants, timeout=timeout)


class ReachOfVersion(ArraysOfVersion[Reach]):
    """The reach arrays (reach.py) of the graph version last asked for."""

    what = "reach arrays"

    async def _read_arrays(self, db: Database, timeout: float | None) -> Reach:
        return await read_reach(db, timeout=timeout)


EVENT_ROSTERS = RostersOfVersion()
REACH = ReachOfVersion()


async def watch_arrays(
    holders: Sequence[ArraysOfVersion[Any]], db: Database, timeout: float | None, interval: float
) -> None:
    """Start the holders' reads at once and whenever the graph version changes (checked every `interval`
    seconds), in the order given (they run one at a time), until cancelled: the service's start-up runs it,
    so that the first rankings find them ready."""
    try:
        while True:
            try:
                version = await db.graph_version()
            except Exception as exc:  # Neo4j away: the requests say so (503); try again at the next interval
                log.debug("graph version unavailable for the rosters and reach arrays: %r", exc)
            else:
                for holder in holders:
                    holder.start(db, version, timeout)
            await asyncio.sleep(interval)
    finally:  # the service is stopping: so are the reads it started
        for holder in holders:
            holder.stop()


def filters_key(filters: GraphFilters) -> tuple[Hashable, ...]:
    """The part of a question's key the filters make (types and rel_types do not apply to a score)."""
    return (tuple(filters.sectors or ()), filters.since, filters.until)


def ranking_question(
    actor_id: str, filters: GraphFilters, limit: int, via_limit: int, evidence_limit: int = DEFAULT_EVIDENCE_LIMIT,
    partner_id: str | None = None,
) -> tuple[Hashable, ...]:
    """What distinguishes one ranking question from another (with the graph version, its kept answer's key).

    A question about one pair (`partner_id`) is another question than the
    actor's ranking: its answer lists that partner only.
    """
    question = (actor_id, *filters_key(filters), limit, via_limit, evidence_limit)
    return question if partner_id is None else (*question, "partner", partner_id)


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
    via_limit: int, query_timeout: float, *, evidence_limit: int = DEFAULT_EVIDENCE_LIMIT,
    partner_ref: str | None = None,
) -> AnswerBody:
    """`cooperation`, computed once per graph version and question by `jobs` when it runs long.

    Most actors are ranked in milliseconds; one that shares hub events with
    tens of thousands of partners takes seconds: past the request's wait the
    ranking goes on in the background, each query with `query_timeout`, and
    the request answers 503 `ranking-in-progress` with Retry-After.
    `version` is the graph version the request already read (graphsvc/deps.py).
    `partner_ref` (`cooperation_partner`): the answer about that one pair, its own question.
    """
    actor = await cooperation_actor(db, ref)
    partner = await cooperation_partner(db, partner_ref, actor) if partner_ref is not None else None
    if partner is not None:
        limit = 1  # the pair's answer lists that partner whatever the limit: one question
    question = ranking_question(actor["id"], filters, limit, via_limit, evidence_limit,
                                partner["id"] if partner is not None else None)

    async def ranking() -> dict[str, Any]:
        # one pair's facts are walked (`cooperation`): its question needs no rosters or reach arrays
        whole = unfiltered(filters) and partner is None
        rosters = EVENT_ROSTERS.of(db, version, query_timeout) if whole else None
        reach = REACH.of(db, version, query_timeout) if whole else None
        return await cooperation(db, actor, filters, limit, via_limit, evidence_limit, query_timeout=query_timeout,
                                 rosters=rosters, reach=reach, partner=partner)

    return await jobs.answer(db, version, question, ranking)
