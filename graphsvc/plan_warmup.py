"""Neo4j's query plans for the service's first requests, made at start-up in the background (issue 22).

Neo4j plans a statement the first time it sees its text with its parameters'
types, and keeps the plan: on a fresh server the first ranking planned a dozen
part statements for seconds each (docs/cooperation-scoring.md, "The first
ranking after a start"). At start-up the service runs those statements once,
as its requests will send them but for an actor that does not exist: each is
planned and kept, and runs in no time. They are sent by the same functions
the requests call (the ranking's `tally_shared_things` and `gather_facts`,
the entity, neighbourhood and search reads), never from a copied list. Not
`EXPLAIN`: the first ranking after it still spent seconds (measured there).

A plan is kept per text and per parameter types, and Neo4j counts a list's
or a string's size in its type by powers of ten (0, 1, up to 10, up to 100,
...): the evidence statements are run with lists of the partners and things
of each size a ranking with the default limits can send.

One step at a time (a statement; a search's two together, as a search sends
them), each within GRAPHSVC_COOPERATION_QUERY_TIMEOUT; a failure is logged
and the next step tried, and Neo4j unreachable ends the warm-up (one
warning). Cancelled when the service stops.
`GRAPHSVC_WARM_PLANS=false` turns it off; GET /health says where it stands.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar

from graphsvc.cooperation_service import RostersOfVersion
from graphsvc.db import Database
from graphsvc.errors import Problem
from graphsvc.graph.cooperation.definition import ACTOR_TYPES, KINDS
from graphsvc.graph.cooperation.gathering import gather_facts
from graphsvc.graph.cooperation.ranking import DEFAULT_EVIDENCE_LIMIT, DEFAULT_PARTNER_LIMIT, DEFAULT_VIA_LIMIT
from graphsvc.graph.cooperation.rosters import ActorAtEvents, EventRosters, read_actor_at_events
from graphsvc.graph.cooperation.tallies import tally_shared_things
from graphsvc.graph.entities import entity_with_counts, resolve_entity
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.neighbourhood import neighbourhood
from graphsvc.graph.search import search_entities
from graphsvc.models import QueryPlansState
from graphsvc.settings import Settings

log = logging.getLogger("graphsvc")

# An id no entity has (ids are `type:slug`): every statement finds nothing, so that it is planned and kept,
# and runs in no time. Of the length of most ids (11 to 100 characters): Neo4j plans a string parameter
# by its length's power of ten too.
NO_ENTITY: Final[str] = "plan-warmup:no-such-entity"
# Searches as people type them: a word (up to 10 characters) and a name (up to 100).
SEARCHES: Final[tuple[str, ...]] = ("qqqqqqqqq", "qqqqqqqqq qqqqqqqqq qqqqqqqqq")

UNFILTERED: Final[GraphFilters] = GraphFilters(types=None, rel_types=None, sectors=None, since=None, until=None)

Step = tuple[str, Callable[[], Awaitable[Any]]]
ResultT = TypeVar("ResultT")


def size_buckets(largest: int) -> list[int]:
    """One list size per power of ten Neo4j tells apart in a plan's parameter types, up to `largest`'s:
    1, 10, 100, ... (a size of 2 to 10 plans as 10)."""
    return [10**power for power in range(math.ceil(math.log10(max(largest, 1))) + 1)]


def no_entities(size: int) -> list[str]:
    """`size` ids of no entity."""
    return [f"{NO_ENTITY}-{n}" for n in range(size)]


class PlanWarmup:
    """The start-up warm-up of one service process, and where it stands (GET /health `query_plans`)."""

    def __init__(self, enabled: bool) -> None:
        self.state: QueryPlansState = "waiting" if enabled else "off"
        self.steps_done = 0
        self.steps_failed = 0

    async def run(self, db: Database, settings: Settings, rosters: RostersOfVersion) -> None:
        """Every step once, one after the other, most asked first: the single reads, an unfiltered ranking's
        statements as before the events' rosters are read, then, once they are, as after (if the graph
        has rostered events). Logged when done; never raises but when cancelled."""
        if self.state == "off":
            return
        self.state = "warming"
        started = time.monotonic()
        timeout = settings.cooperation_query_timeout
        try:
            for label, step in [("graph version", db.graph_version), *single_read_steps(db, settings),
                                *ranking_steps(db, None, timeout)]:
                await self._step(label, step, timeout)
            read = await self._step("event rosters", lambda: _rosters_of_the_graph(db, rosters, timeout), timeout)
            if read is not None and len(read):
                at_events = await read_actor_at_events(db, NO_ENTITY, read)  # no query: on no roster
                for label, step in ranking_steps(db, at_events, timeout):
                    await self._step(label, step, timeout)
        except _Unreachable as exc:
            log.warning("query plans not warmed: %s", exc)
            self.state = "failed"
            return
        self.state = "failed" if self.steps_failed else "warmed"
        log.info("query plans warmed in %.1f s: %d steps, %d failed", time.monotonic() - started,
                 self.steps_done, self.steps_failed)

    async def _step(self, label: str, step: Callable[[], Awaitable[ResultT]], timeout: float) -> ResultT | None:
        """The step's result; None if it failed (logged). Raises _Unreachable when Neo4j cannot be reached."""
        try:
            result = await asyncio.wait_for(step(), timeout)
        except Problem as problem:
            if problem.status == 404:  # the reads that resolve an entity end so when it does not exist
                self.steps_done += 1
                return None
            self.steps_failed += 1
            if problem.status == 503:  # the requests say so too; nothing more to warm
                raise _Unreachable(problem.detail) from problem
            log.warning("query plan warm-up: %s failed: %s", label, problem.detail)
            return None
        except Exception as exc:  # a statement over its time limit, or anything else: on to the next one
            self.steps_failed += 1
            log.warning("query plan warm-up: %s failed: %r", label, exc)
            return None
        self.steps_done += 1
        return result


async def _rosters_of_the_graph(db: Database, rosters: RostersOfVersion, timeout: float) -> EventRosters | None:
    """The events' rosters of the graph as it is now (the watch has been reading them since start-up)."""
    version = await db.graph_version()  # now: an older version's read would cancel a newer one's
    return await rosters.read(db, version, timeout) if version is not None else None


class _Unreachable(Exception):
    """Neo4j could not be reached."""


def single_read_steps(db: Database, settings: Settings) -> list[Step]:
    """The reads of an entity, its neighbourhood and a search."""
    return [
        ("entity", lambda: resolve_entity(db, NO_ENTITY)),
        ("entity with counts", lambda: entity_with_counts(db, NO_ENTITY)),
        ("neighbourhood", lambda: neighbourhood(db, {"id": NO_ENTITY}, 1, UNFILTERED, settings.default_limit)),
        *[("search", lambda search=search: search_entities(db, search)) for search in SEARCHES],  # type: ignore[misc]
    ]


def ranking_steps(db: Database, at_events: ActorAtEvents | None, timeout: float) -> list[Step]:
    """An unfiltered ranking's statements (ranking.cooperation), one per step: the tallies of each kind (and,
    without `at_events`, of one pair's question), then the evidence of each kind for lists of the shown partners and of their things of each size a
    ranking with the default limits sends. With `at_events`, as once the events' rosters are read."""
    types = list(ACTOR_TYPES)
    steps: list[Step] = [
        (f"{kind} tally", lambda kind=kind: tally_shared_things(  # type: ignore[misc]
            db, NO_ENTITY, UNFILTERED, partner_types=types, kinds=[kind], timeout=timeout, at_events=at_events,
            first_items=DEFAULT_VIA_LIMIT))
        for kind in KINDS
    ]
    if at_events is None:  # one pair's question (`partner`) counts that partner only, always walked
        steps += [
            (f"{kind} tally of one pair", lambda kind=kind: tally_shared_things(  # type: ignore[misc]
                db, NO_ENTITY, UNFILTERED, partner_types=types, kinds=[kind], timeout=timeout,
                first_items=DEFAULT_VIA_LIMIT, partner_ids=no_entities(1)))
            for kind in KINDS
        ]
    # a shown partner that shares rostered events only lists none of its things: they come from the rosters
    items_sizes = ([0] if at_events else []) + size_buckets(DEFAULT_PARTNER_LIMIT * DEFAULT_VIA_LIMIT)
    for partners in reversed(size_buckets(DEFAULT_PARTNER_LIMIT)):
        for items in items_sizes:
            steps += [
                (f"{kind} evidence",
                 lambda kind=kind, partners=partners, items=items: gather_facts(  # type: ignore[misc]
                    db, [NO_ENTITY], UNFILTERED, partner_types=types, partner_ids=no_entities(partners), kinds=[kind],
                    max_items=DEFAULT_VIA_LIMIT, timeout=timeout, items=no_entities(items), at_events=at_events,
                    relationships=True, evidence_limit=DEFAULT_EVIDENCE_LIMIT))
                for kind in KINDS
            ]
    return steps
