"""Hub events counted through their rosters (graphsvc/graph/cooperation/rosters.py) count what the walk counts.

The seed has no event with hundreds of participants, so the threshold is
lowered until its summits and visits are hub events: every actor of the seed
is then ranked both ways and compared partner by partner, and for the actors
that took part in a hub event the shared-event facts listed with their
evidence (roster_evidence.rostered_event_facts), their relationships and the order
they are cited in (roster_evidence.rostered_event_listing), and the whole answers, at several
`via_limit`s so that hub and walked events are cut together.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

import graphsvc.app
import graphsvc.cooperation_service
import graphsvc.routers.health
from graphsvc.app import create_app
from graphsvc.cooperation_service import RostersOfVersion
from graphsvc.db import Database, QueryRegistry, connection_info
from graphsvc.graph.cooperation.definition import ACTOR_TYPES, SharedFact, filter_parameters
from graphsvc.graph.cooperation.gathering import actor_at_events, gather_facts
from graphsvc.graph.cooperation.ranking import cooperation
from graphsvc.graph.cooperation.evidence import relationship_order
from graphsvc.graph.cooperation.gathering import _part_rows, _row_chains
from graphsvc.graph.cooperation.roster_evidence import (
    rostered_event_facts,
    rostered_event_listing,
    shared_rostered_events,
)
from graphsvc.graph.cooperation.rosters import NO_ONE, EventRosters, read_event_rosters, rostered_event_counts
from graphsvc.graph.cooperation.tallies import tally_shared_things
from graphsvc.graph.filters import graph_filters
from graphsvc.settings import Settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    FACULTY_ID,
    Keys,
    faculty_entity,
    keys,
    seed_state,
    write_settings,
)


def counted(tallies: Any, names: Any) -> dict[str, tuple[str, str, float, int]]:
    return {partner: (names[partner]["name"], names[partner]["type"], tallies[partner]["shared_event"].n,
                      tallies[partner]["shared_event"].things)
            for partner in tallies if "shared_event" in tallies[partner]}


def listed(facts: list[SharedFact]) -> list[tuple[Any, ...]]:
    """Facts comparable whatever the order Neo4j collected their chains in: their evidence and stated sorted."""
    return sorted((fact.actor, fact.partner, fact.kind, fact.item, fact.via, fact.grade,
                   sorted(repr(sorted(item.items())) for item in fact.evidence), sorted(fact.stated))
                  for fact in facts)


def roster_content(rosters: EventRosters) -> dict[str, Any]:
    """Each roster with the actors' ids, names and types and the relationships' element ids written out."""
    def actor(place: int) -> tuple[str, str | None, str | None] | None:
        return (rosters.ids[place], rosters.names.get(place), rosters.types[place]) if place != NO_ONE else None

    return {event: ([actor(place) for place in roster.reached.tolist()],
                    [actor(place) for place in roster.sole.tolist()],
                    roster.starts.tolist(),
                    [(actor(participant), rosters.element_id(participation), post) for participant, participation, post
                     in zip(roster.participant.tolist(), roster.participation.tolist(), roster.post.tolist(),
                            strict=True)])
            for event, roster in ((event, rosters.roster(event)) for event in rosters.row_events)}


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
            through_rosters = answers = 0
            for actor in actors:
                at_events = await actor_at_events(db, actor, unfiltered, partner_types=types, rosters=rosters)
                assert at_events is not None
                walked = await tally_shared_things(db, actor, unfiltered, partner_types=types, kinds=["shared_event"])
                rostered = await tally_shared_things(db, actor, unfiltered, partner_types=types,
                                                     kinds=["shared_event"], at_events=at_events)
                assert counted(*rostered) == counted(*walked), actor
                counts = rostered_event_counts(at_events)
                hub_counts = {rosters.ids[place]: events
                              for place, events in zip(counts.places.tolist(), counts.events.tolist(), strict=True)}
                if hub_counts:
                    through_rosters += 1
                    # the facts listed with their evidence, every partner sharing a hub event, cut at 1, 2 and all
                    partner_ids = sorted(hub_counts)
                    # every shared hub event has its facts from the rosters (the ids name the graph's relationships)
                    listing = rostered_event_listing(at_events, shared_rostered_events(at_events, partner_ids, None))
                    assert listing is not None
                    hub_rows = await rostered_event_facts(db, at_events, listing)
                    assert hub_rows is not None and len(hub_rows) == sum(hub_counts.values()), actor
                    # each event's relationships, and the order they are cited in, as the walk's chains give them
                    walk_chains = _row_chains(await _part_rows(db, "shared_event", {
                        "ids": [actor], "partner_types": types, "partner_ids": partner_ids, "with_evidence": True,
                        "max_items": None, "items": None, "skip_events": None, "links": True,
                        **filter_parameters(unfiltered)}, None))
                    assert set(listing.relationships) <= set(walk_chains), actor
                    for listed_thing, relationships in listing.relationships.items():
                        chains = walk_chains[listed_thing]
                        assert sorted(relationships) == sorted({link[0] for chain in chains for link in chain}), \
                            (actor, listed_thing)
                        assert list(relationships) == relationship_order(actor, chains), \
                            (actor, listed_thing)
                    for max_items in (1, 2, 1000):
                        facts = [await gather_facts(db, [actor], unfiltered, partner_types=types,
                                                    partner_ids=partner_ids, kinds=["shared_event"],
                                                    max_items=max_items, at_events=events)
                                 for events in (None, at_events)]
                        assert facts[0][0] and listed(facts[1][0]) == listed(facts[0][0]), (actor, max_items)
                        assert facts[1][1] == facts[0][1], (actor, max_items)  # the partners' names and types
                    # the whole answer too: scores, order, total, evidence, via_truncated; 3 shown: the first
                    # of partners tied at a score, counted from the rosters, chosen as the full ranking's head
                    actor_entity = {"id": actor}
                    for limit, via_limit in ((3, 1), (50, 10)):
                        assert await cooperation(db, actor_entity, unfiltered, limit, via_limit, rosters=rosters) == \
                            await cooperation(db, actor_entity, unfiltered, limit, via_limit), (actor, via_limit)
                    answers += 1
            return len(rosters), through_rosters, answers
        finally:
            await db.close()

    rostered, through_rosters, answers = asyncio.run(compare())
    # not vacuous: the thresholds give the seed's summits and visits rosters (2, the service's: every event
    # with more than one participant; 4: the largest only, the others walked)
    assert rostered >= 1 and through_rosters >= 2 and answers == through_rosters


def test_a_filtered_ranking_walks_every_event(settings: Settings, loaded_graph: str) -> None:
    async def compare() -> None:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            rosters = await read_event_rosters(db, 2)
            window = graph_filters(sectors=None, since="2019", until="2022")
            types = list(ACTOR_TYPES)
            walked = await tally_shared_things(db, "state:kazakhstan", window, partner_types=types,
                                               kinds=["shared_event"])
            at_events = await actor_at_events(db, "state:kazakhstan", window, partner_types=types,
                                                   rosters=rosters)
            assert at_events is None  # the rosters keep no dates: walked
            rostered = await tally_shared_things(db, "state:kazakhstan", window, partner_types=types,
                                                 kinds=["shared_event"], at_events=at_events)
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
            assert roster_content(rosters) == roster_content(await read_event_rosters(db))
            assert keeper.of(db, "version-1", None) is rosters  # read once
            assert keeper.of(db, "version-2", None) is None  # a write changed the version: read again
            assert await once_read("version-2") is not rosters
        finally:
            await db.close()

    asyncio.run(scenario())


def test_rosters_that_no_longer_name_the_graphs_relationships_give_the_walked_evidence(
    settings: Settings, loaded_graph: str
) -> None:
    """Element ids are only stable while the graph is not written: rosters of an older graph whose ids name
    nothing (or other relationships) are not trusted for evidence, and the evidence is walked."""
    async def compare() -> None:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            rosters = await read_event_rosters(db, 2)
            actor = "state:kazakhstan"
            unfiltered = graph_filters(sectors=None, since=None, until=None)
            walked = await cooperation(db, {"id": actor}, unfiltered, 50)
            assert any(part["kind"] == "shared_event" and part["evidence"]
                       for partner in walked["partners"] for part in partner["parts"])
            elsewhere = dataclasses.replace(rosters, prefix="5:00000000-0000-0000-0000-000000000000:")
            assert await cooperation(db, {"id": actor}, unfiltered, 50, rosters=elsewhere) == walked
            # ids that name other relationships (each number shifted by one)
            shifted = dataclasses.replace(rosters, participation=rosters.participation + 1)
            assert await cooperation(db, {"id": actor}, unfiltered, 50, rosters=shifted) == walked
        finally:
            await db.close()

    asyncio.run(compare())


def test_a_ranking_while_the_rosters_are_read_is_walked_and_the_same(settings: Settings, loaded_graph: str) -> None:
    """A ranking that finds the rosters still being read walks every event, and answers as one through them."""
    async def scenario() -> None:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            keeper = RostersOfVersion(min_participants=2)
            version = await db.graph_version()
            actor = {"id": "state:kazakhstan"}
            unfiltered = graph_filters(sectors=None, since=None, until=None)
            during = keeper.of(db, version, None)  # starts the read: not ready yet
            assert during is None and keeper.state(db, version) == "reading"
            walked = await cooperation(db, actor, unfiltered, 50, rosters=during)
            rosters = await keeper.read(db, version, None)
            assert rosters is not None and keeper.state(db, version) == "ready"
            # not vacuous: Kazakhstan shares the seed's hub events (at this threshold) with partners
            at_events = await actor_at_events(db, actor["id"], unfiltered, partner_types=list(ACTOR_TYPES),
                                                   rosters=rosters)
            assert at_events is not None and rostered_event_counts(at_events)
            assert await cooperation(db, actor, unfiltered, 50, rosters=rosters) == walked
        finally:
            await db.close()

    asyncio.run(scenario())


def health_states_until_ready(client: TestClient, version: str) -> list[str]:
    """The states /health names until it says the rosters of `version` are ready (60 s at most)."""
    states: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        health = client.get("/health").json()
        states.append(health["hub_event_rosters"] if health["graph"]["version"] == version else "other version")
        if states[-1] == "ready":
            break
        time.sleep(0.05)
    return states


def test_the_service_reads_the_rosters_at_start_up_and_after_a_write_without_any_ranking(
    settings: Settings, keys: Keys, seed_state: str, monkeypatch: pytest.MonkeyPatch  # noqa: F811 (fixtures)
) -> None:
    """The first ranking of a version finds the rosters ready: the service reads them when it starts and when a
    write changes the graph version, not when a ranking asks."""
    keeper = RostersOfVersion(min_participants=2)  # the seed's summits and visits are hub events
    for module in (graphsvc.app, graphsvc.cooperation_service, graphsvc.routers.health):
        monkeypatch.setattr(module, "EVENT_ROSTERS", keeper)
    with TestClient(create_app(write_settings(settings, keys)), raise_server_exceptions=False) as client:
        db = client.app.state.db  # type: ignore[attr-defined]

        async def held(version: str) -> EventRosters | None:
            return keeper.of(db, version, None)

        states = health_states_until_ready(client, seed_state)  # no ranking asked
        assert states[-1] == "ready" and set(states) <= {"not read", "reading", "ready"}, states
        rosters = client.portal.call(held, seed_state)  # type: ignore[union-attr]
        assert rosters is not None and len(rosters)
        expected = client.portal.call(read_event_rosters, db, 2)  # type: ignore[union-attr]
        assert roster_content(rosters) == roster_content(expected)

        written = client.put(f"/entities/{FACULTY_ID}", json=faculty_entity(), headers=keys.header())
        assert written.status_code == 201, written.text
        version = client.get("/health").json()["graph"]["version"]
        assert version != seed_state
        states = health_states_until_ready(client, version)  # read again for the new version, still no ranking asked
        assert states[-1] == "ready", states
        assert client.portal.call(held, version) is not rosters  # type: ignore[union-attr]
        deleted = client.delete(f"/entities/{FACULTY_ID}", params={"detach": "true"}, headers=keys.header())
        assert deleted.status_code == 200, deleted.text
