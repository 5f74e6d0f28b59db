"""The parts `programme`, `operates_in`, `shared_membership` and `shared_agreement` counted from the reach
arrays (graphsvc/graph/cooperation/reach.py) count what their walks count.

For every actor of the seed, and of a small graph added to it for the time of these tests whose every piece
exercises a rule of the part queries (territory chains of up to 3 steps and one step too many,
intergovernmental organisations, RUNS, organisations benefiting, the domestic exclusion, the institution
itself a partner only through OPERATES_IN, ownership chains of 3 organisations and one too many; members,
observers and both of one organisation, a relationship read twice, a holder that is not an actor), the
parts' tallies from the arrays equal the walk's (n, things, first things at first_items 2 and None), and
so do the whole /cooperation/{id} answers with and without the arrays.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from graphsvc.cooperation_service import ReachOfVersion
from graphsvc.db import Database, QueryRegistry, connection_info
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.cooperation.ranking import cooperation
from graphsvc.graph.cooperation.reach import read_reach
from graphsvc.graph.cooperation.reach_counts import COUNTED_FROM_ARRAYS, reach_tallies
from graphsvc.graph.cooperation.tallies import tally_shared_things
from graphsvc.graph.filters import graph_filters
from graphsvc.settings import Settings

# The rules graph: [id, labels, kind], then [from, type, to]; every id starts with `reach-test:` (removed after).
NODES: list[tuple[str, str, str | None]] = [
    ("s1", "State", None), ("s2", "State", None), ("s3", "State", None),
    # s1's territory: region1 PART_OF s1, city1 LOCATED_IN region1; a chain of 4 places to s3, one too long
    ("region1", "Place", None), ("city1", "Place", None), ("city2", "Place", None),
    ("pa", "Place", None), ("pb", "Place", None), ("pc", "Place", None), ("pd", "Place", None),
    ("o1", "Organisation", None), ("o2", "Organisation", None), ("o3", "Organisation", None),
    ("o4", "Organisation", None), ("o5", "Organisation", None), ("o6", "Organisation", None),
    ("o7", "Organisation", None), ("o8", "Organisation", None), ("o9", "Organisation", None),
    ("igo", "Organisation", "intergovernmental_organisation"),
    ("person", "Person", None), ("person2", "Person", None),
    ("prog1", "Programme", None), ("prog2", "Programme", None), ("prog3", "Programme", None),
    ("prog4", "Programme", None), ("ev1", "Event", None),
    ("club1", "Organisation", None), ("club2", "Organisation", None), ("pact1", "Agreement", None),
]
RELATIONSHIPS: list[tuple[str, str, str]] = [
    ("region1", "PART_OF", "s1"), ("city1", "LOCATED_IN", "region1"), ("city2", "LOCATED_IN", "s2"),
    ("pa", "LOCATED_IN", "pb"), ("pb", "PART_OF", "pc"), ("pc", "LOCATED_IN", "pd"), ("pd", "PART_OF", "s3"),
    # o1: s1's institution through its city, domestic in s1, operating in s2 (itself a partner of s2 there)
    ("o1", "LOCATED_IN", "city1"), ("o1", "OPERATES_IN", "s2"),
    # igo: seated in s2 (domestic there, not s2's institution), established by s1 and s3, operating in pa
    ("igo", "LOCATED_IN", "city2"), ("igo", "ESTABLISHED_BY", "s1"), ("igo", "ESTABLISHED_BY", "s3"),
    ("igo", "OPERATES_IN", "pa"), ("igo", "OPERATES_IN", "person2"),
    # o2 -> o3 -> o4 -> s2: o2 is s2's institution through 3 organisations; o5 -> o2 is one too many
    ("o2", "PART_OF", "o3"), ("o3", "PART_OF", "o4"), ("o4", "ESTABLISHED_BY", "s2"), ("o5", "PART_OF", "o2"),
    ("o5", "OPERATES_IN", "s1"), ("o2", "OPERATES_IN", "s3"), ("o4", "LOCATED_IN", "pa"),
    # a person running an organisation that benefits others itself, and organising an event
    ("person", "RUNS", "o6"), ("o6", "LOCATED_IN", "s3"), ("o6", "BENEFITS", "o7"), ("o6", "BENEFITS", "s1"),
    ("person", "ORGANISED", "ev1"), ("ev1", "BENEFITS", "s1"), ("ev1", "BENEFITS", "person2"),
    ("o7", "LOCATED_IN", "region1"),
    # programmes: o1's for o2 (s1's institution for s2's), s1's for o1 (domestic), s2's for the igo (domestic)
    ("o1", "RUNS", "prog1"), ("prog1", "BENEFITS", "o2"), ("s1", "RUNS", "prog2"), ("prog2", "BENEFITS", "o1"),
    ("s2", "RUNS", "prog3"), ("prog3", "BENEFITS", "igo"), ("igo", "RUNS", "prog4"), ("prog4", "BENEFITS", "o9"),
    # o8 runs by s3, located in s2; o9 located in s2 and run by s3; o8 benefits s2 (located there: domestic)
    ("s3", "RUNS", "o8"), ("o8", "LOCATED_IN", "s2"), ("o8", "BENEFITS", "s2"), ("o8", "BENEFITS", "person"),
    ("s3", "RUNS", "o9"), ("o9", "LOCATED_IN", "city2"), ("o9", "OPERATES_IN", "region1"),
    ("person2", "RUNS", "o5"),
    # club1: s1, s2 and o1 members, s2 an observer too, s3 an observer, person a member twice, a place a member
    ("s1", "MEMBER_OF", "club1"), ("s2", "MEMBER_OF", "club1"), ("s2", "OBSERVER_OF", "club1"),
    ("s3", "OBSERVER_OF", "club1"), ("person", "MEMBER_OF", "club1"), ("person", "MEMBER_OF", "club1"),
    ("o1", "MEMBER_OF", "club1"), ("city1", "MEMBER_OF", "club1"),
    # club2: s1 only an observer, s2 a member; pact1: s1 a party twice, s2 and a place parties
    ("s1", "OBSERVER_OF", "club2"), ("s2", "MEMBER_OF", "club2"),
    ("s1", "PARTY_TO", "pact1"), ("s1", "PARTY_TO", "pact1"), ("s2", "PARTY_TO", "pact1"),
    ("region1", "PARTY_TO", "pact1"),
]
PREFIX = "reach-test:"


@pytest.fixture(scope="module")
def rules_graph(driver: Driver, loaded_graph: str) -> Iterator[list[str]]:
    """The rules graph added to the seed (not through the service: no graph version changes), removed after."""
    with driver.session() as session:
        for id_, label, kind in NODES:
            session.run(f"CREATE (n:Entity:{label} {{id: $id, name: $name, kind: $kind}})",
                        id=PREFIX + id_, name=f"Reach test {id_}", kind=kind).consume()
        for source, type_, target in RELATIONSHIPS:
            session.run(f"MATCH (a:Entity {{id: $a}}), (b:Entity {{id: $b}}) CREATE (a)-[:{type_}]->(b)",
                        a=PREFIX + source, b=PREFIX + target).consume()
    try:
        yield [PREFIX + id_ for id_, label, _ in NODES if label in ACTOR_TYPES]
    finally:
        with driver.session() as session:
            session.run("MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n", prefix=PREFIX).consume()


def of_kind(tallies: Any, names: Any, kind: str) -> dict[str, tuple[Any, ...]]:
    return {partner: (names[partner]["name"], names[partner]["type"], tallies[partner][kind].n,
                      tallies[partner][kind].things, tallies[partner][kind].first)
            for partner in tallies if kind in tallies[partner]}



async def every_actor(db: Database) -> list[str]:
    """The ids of every actor in the graph: the seed's and the rules graph's."""
    records = await db.driver.execute_query("MATCH (n:State|Organisation|Person) RETURN n.id AS id")
    return sorted(record["id"] for record in records.records)


def test_every_actor_counts_the_same_parts_from_the_arrays(
    settings: Settings, rules_graph: list[str]
) -> None:
    async def compare() -> tuple[int, dict[tuple[str, str], tuple[str, ...]]]:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            reach = await read_reach(db)
            actors = await every_actor(db)
            unfiltered = graph_filters(sectors=None, since=None, until=None)
            types = list(ACTOR_TYPES)
            counted_partners = 0
            for actor in actors:
                for kind in COUNTED_FROM_ARRAYS:
                    for first_items in (2, None):
                        walked = of_kind(*await tally_shared_things(
                            db, actor, unfiltered, partner_types=types, kinds=[kind], first_items=first_items), kind)
                        counted = of_kind(*await tally_shared_things(
                            db, actor, unfiltered, partner_types=types, kinds=[kind], first_items=first_items,
                            reach=reach), kind)
                        assert counted == walked, (actor, kind, first_items)
                        counted_partners += len(counted)
            # what the rules graph's pairs share, for the assertions below that the rules bit
            shared = {(actor, kind): tuple(sorted((counts.partners[i], counts.n[i], *counts.first(i))
                                                  for i in range(len(counts))))
                      for actor in rules_graph for kind in COUNTED_FROM_ARRAYS
                      for counts in [reach_tallies(reach, actor, kind, 10)]}
            return counted_partners, shared
        finally:
            await db.close()

    counted_partners, shared = asyncio.run(compare())
    assert counted_partners > 100  # not vacuous: the seed's and the rules graph's actors have partners

    def partners(actor: str, kind: str) -> dict[str, tuple[str, ...]]:
        return {found[0].removeprefix(PREFIX): tuple(item.removeprefix(PREFIX) for item in found[2:])
                for found in shared[(PREFIX + actor, kind)]}

    def n_of(actor: str, kind: str) -> dict[str, float]:
        return {found[0].removeprefix(PREFIX): found[1] for found in shared[(PREFIX + actor, kind)]}

    # s1's institutions: o1 (through city1 and region1), o7, the igo it established; o1 operates in s2, the igo
    # is seated there; o9, located in s2 (s2's) and run by s3 (s3's), operates in region1 (s1's territory)
    assert partners("s1", "operates_in")["s2"] == ("igo", "o1", "o9")
    # the igo also operates in pa, 3 steps from pd and 4 from s3: not in s3's territory
    assert partners("s1", "operates_in")["s3"] == ("o9",)
    assert "o1" not in partners("s1", "operates_in")  # located in s1: domestic
    # the institution itself a partner where it OPERATES_IN the actor's territory, not where it is located
    assert partners("s2", "operates_in")["o1"] == ("o1",)
    assert "o9" not in partners("s2", "operates_in") and "o8" not in partners("s2", "operates_in")
    # o5 is o2's, o3's and o4's institution but not s2's (4 organisations): it operates in s1 for person2 only
    assert partners("s2", "operates_in")["s1"] == ("igo", "o1", "o9")
    # the igo, seated in s2, is not s2's institution: operating in person2, it is s1's (and o5, run by
    # person2, operates in s1)
    assert partners("s1", "operates_in")["person2"] == ("igo", "o5")
    assert "person2" not in partners("s2", "operates_in")
    # programmes: o1 (s1's) runs prog1 for o2 (s2's through 3 organisations); s2's prog3 for the igo (s1's,
    # domestic in s2 but not s1); the igo's prog4 for o9 (s2's)
    assert partners("s1", "programme")["s2"] == ("prog1", "prog3", "prog4")
    # s1's prog2 for o1, located in s1: domestic, not scored; s2's prog3 for the igo seated in s2: the same
    assert "o1" not in partners("s1", "programme") and "igo" not in partners("s2", "programme")
    # an organisation benefiting others itself (o6, run by the person), and an event the person organised
    assert partners("person", "programme")["s1"] == ("ev1", "o6")
    # both directions: s2 shares with s1 what s1 shares with s2
    assert partners("s2", "programme")["s1"] == ("prog1", "prog3", "prog4")
    # o8, run by s3 and located in s2, benefits s2 itself; the igo (s3's too) runs prog4 for o9 and gets prog3
    assert partners("s2", "programme")["s3"] == ("o8", "prog3", "prog4")
    # memberships: both members of club1 (s2 an observer of it too) count 1, an observer on either side 0.5
    assert partners("s1", "shared_membership")["s2"] == ("club1", "club2")
    assert n_of("s1", "shared_membership") == {"s2": 1.5, "s3": 0.5, "person": 1.0, "o1": 1.0}
    assert n_of("s3", "shared_membership") == {"s1": 0.5, "s2": 0.5, "person": 0.5, "o1": 0.5}
    # a relationship read twice is one thing; a place is no partner
    assert n_of("s1", "shared_agreement") == {"s2": 1.0}
    assert partners("s2", "shared_agreement")["s1"] == ("pact1",)


def test_the_answers_are_the_same_with_and_without_the_arrays(settings: Settings, rules_graph: list[str]) -> None:
    async def compare() -> int:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            reach = await read_reach(db)
            actors = await every_actor(db)
            unfiltered = graph_filters(sectors=None, since=None, until=None)
            compared = 0
            for actor in actors:
                for limit, via_limit in ((3, 1), (50, 10)):
                    walked = await cooperation(db, {"id": actor}, unfiltered, limit, via_limit)
                    assert await cooperation(db, {"id": actor}, unfiltered, limit, via_limit, reach=reach) == \
                        walked, (actor, limit, via_limit)
                    compared += bool(walked["partners"])
            # filtered: the arrays are not used, and the answer is the walk's
            window = graph_filters(sectors=None, since="2019", until="2022")
            assert await cooperation(db, {"id": "state:kazakhstan"}, window, 50, reach=reach) == \
                await cooperation(db, {"id": "state:kazakhstan"}, window, 50)
            return compared
        finally:
            await db.close()

    assert asyncio.run(compare()) > 50


def test_the_service_reads_the_reach_arrays_once_per_graph_version(settings: Settings, loaded_graph: str) -> None:
    async def scenario() -> None:
        db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
        try:
            keeper = ReachOfVersion()
            assert keeper.of(db, None, None) is None  # no graph version: never kept
            assert keeper.of(db, "version-1", None) is None and keeper.state(db, "version-1") == "reading"
            reach = await keeper.read(db, "version-1", None)
            assert reach is not None and keeper.state(db, "version-1") == "ready"
            assert keeper.of(db, "version-1", None) is reach  # read once
            assert keeper.of(db, "version-2", None) is None  # a write changed the version: read again
            assert await keeper.read(db, "version-2", None) is not reach
        finally:
            await db.close()

    asyncio.run(scenario())
