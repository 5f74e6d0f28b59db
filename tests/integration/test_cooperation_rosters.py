"""Hub events counted through their rosters (graphsvc/graph/cooperation/rosters.py) count what the walk counts.

The seed has no event with hundreds of participants, so the threshold is
lowered until its summits and visits are hub events: every actor of the seed
is then ranked both ways and compared partner by partner, and the whole
answers of the actors that took part in a hub event.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graphsvc.cooperation_service import RostersOfVersion
from graphsvc.db import Database, QueryRegistry, connection_info
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.cooperation.gathering import tally_shared_things
from graphsvc.graph.cooperation.ranking import cooperation
from graphsvc.graph.cooperation.rosters import hub_event_counts, read_event_rosters
from graphsvc.graph.filters import graph_filters
from graphsvc.settings import Settings


def counted(tallies: Any, names: Any) -> dict[str, tuple[str, str, float, int]]:
    return {partner: (names[partner]["name"], names[partner]["type"], tallies[partner]["shared_event"].n,
                      tallies[partner]["shared_event"].things)
            for partner in tallies if "shared_event" in tallies[partner]}


@pytest.mark.parametrize("min_participants", [2, 4])
def test_every_actor_counts_the_same_shared_events_through_the_rosters(
    settings: Settings, loaded_graph: str, min_participants: int
) -> None:
    async def compare() -> tuple[int, int, int]:
        patient = settings.model_copy(update={"query_timeout": 120.0})
        db = Database(connection_info(patient), QueryRegistry(settings.cypher_dir / "queries"), patient)
        try:
            rosters = await read_event_rosters(db, min_participants)
            records = await db.driver.execute_query("MATCH (n:State|Organisation|Person) RETURN n.id AS id")
            actors = sorted(record["id"] for record in records.records)
            unfiltered = graph_filters(sectors=None, since=None, until=None)
            types = list(ACTOR_TYPES)
            through_hubs = answers = 0
            for actor in actors:
                walked = await tally_shared_things(db, actor, unfiltered, partner_types=types, kinds=["shared_event"])
                rostered = await tally_shared_things(db, actor, unfiltered, partner_types=types,
                                                     kinds=["shared_event"], rosters=rosters)
                assert counted(*rostered) == counted(*walked), actor
                hub_counts, _ = await hub_event_counts(db, actor, rosters)
                if hub_counts:
                    through_hubs += 1
                    # the whole answer too: scores, order, total, evidence
                    actor_entity = {"id": actor}
                    assert await cooperation(db, actor_entity, unfiltered, 50, rosters=rosters) == \
                        await cooperation(db, actor_entity, unfiltered, 50), actor
                    answers += 1
            return len(rosters.reached), through_hubs, answers
        finally:
            await db.close()

    hub_events, through_hubs, answers = asyncio.run(compare())
    # not vacuous: the lowered thresholds make hub events of the seed's summits and visits (2: most events
    # with more than one participant; 4: the largest only), the others walked
    assert hub_events >= 1 and through_hubs >= 2 and answers == through_hubs


def test_a_filtered_ranking_walks_every_event(settings: Settings, loaded_graph: str) -> None:
    async def compare() -> None:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            rosters = await read_event_rosters(db, 2)
            window = graph_filters(sectors=None, since="2019", until="2022")
            types = list(ACTOR_TYPES)
            walked = await tally_shared_things(db, "state:kazakhstan", window, partner_types=types,
                                               kinds=["shared_event"])
            rostered = await tally_shared_things(db, "state:kazakhstan", window, partner_types=types,
                                                 kinds=["shared_event"], rosters=rosters)
            assert counted(*walked) and counted(*rostered) == counted(*walked)
        finally:
            await db.close()

    asyncio.run(compare())


def test_the_service_reads_the_rosters_in_the_background_once_per_graph_version(
    settings: Settings, loaded_graph: str
) -> None:
    async def scenario() -> None:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            keeper = RostersOfVersion()

            async def once_read(version: str) -> Any:
                for _ in range(1200):
                    rosters = keeper.of(db, version, None)
                    if rosters is not None:
                        return rosters
                    await asyncio.sleep(0.05)
                raise AssertionError(f"the rosters of {version} were never read")

            assert keeper.of(db, None, None) is None  # no graph version: never kept
            # the first ranking of a version starts the read and is walked in full meanwhile
            assert keeper.of(db, "version-1", None) is None
            rosters = await once_read("version-1")
            assert rosters == await read_event_rosters(db)
            assert keeper.of(db, "version-1", None) is rosters  # read once
            assert keeper.of(db, "version-2", None) is None  # a write changed the version: read again
            assert await once_read("version-2") is not rosters
        finally:
            await db.close()

    asyncio.run(scenario())
