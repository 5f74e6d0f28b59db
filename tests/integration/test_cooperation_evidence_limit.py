"""The evidence each part of a /cooperation/{id} answer cites, bounded by `evidence_limit` (evidence.py).

Against the real Neo4j with the seed loaded: every seed answer is the
uncut one at the default and at a large limit (walked, and with the hub
threshold lowered so that the seed's summits and visits are hub events, as
test_cooperation_rosters.py does); a cut part says so, counts its
relationships and cites the actor's side of each listed thing first; the
rosters read only the relationships cited; the route refuses a limit out of
range and keeps answers per limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi.testclient import TestClient

from graphsvc.cooperation_service import ranking_question
from graphsvc.db import Database, QueryRegistry, connection_info
from graphsvc.graph.cooperation.ranking import DEFAULT_EVIDENCE_LIMIT, cooperation
from graphsvc.graph.cooperation.rosters import read_event_rosters
from graphsvc.graph.filters import graph_filters
from graphsvc.settings import Settings
from tests.integration.cooperation_support import asked

KZ = "state:kazakhstan"
UZ = "state:uzbekistan"
UNFILTERED = graph_filters(sectors=None, since=None, until=None)
FILTER_SETS = [UNFILTERED, graph_filters(sectors="education"), graph_filters(since="2019", until="2022")]

T = TypeVar("T")


def with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        patient = settings.model_copy(update={"query_timeout": 120.0})
        db = Database(connection_info(patient), QueryRegistry(settings.cypher_dir / "queries"), patient)
        try:
            return await work(db)
        finally:
            await db.close()

    return asyncio.run(run())


async def seed_actors(db: Database) -> list[str]:
    records = await db.driver.execute_query("MATCH (n:State|Organisation|Person) RETURN n.id AS id")
    return sorted(record["id"] for record in records.records)


def parts_of(answer: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(partner["id"], part) for partner in answer["partners"] for part in partner["parts"]]


def cited(part: dict[str, Any]) -> set[str]:
    return {item["relationship"] for item in part["evidence"]}


def test_every_seed_answer_cites_all_its_evidence_at_the_default_and_at_a_large_limit(
    settings: Settings, loaded_graph: str
) -> None:
    async def compare(db: Database) -> int:
        largest = 0
        rosters = await read_event_rosters(db, 2)  # the seed's summits and visits as hub events
        for actor in await seed_actors(db):
            for filters in FILTER_SETS if actor in (KZ, UZ) else [UNFILTERED]:
                uncut = await cooperation(db, {"id": actor}, filters, 1000, 10, None)
                assert not any(part["evidence_truncated"] for _, part in parts_of(uncut)), actor
                largest = max([largest, *(part["relationships"] for _, part in parts_of(uncut))])
                for evidence_limit in (DEFAULT_EVIDENCE_LIMIT, 1000):
                    assert await cooperation(db, {"id": actor}, filters, 1000, 10, evidence_limit) == uncut, \
                        (actor, filters, evidence_limit)
                    assert await cooperation(db, {"id": actor}, filters, 1000, 10, evidence_limit,
                                             rosters=rosters) == uncut, (actor, filters, evidence_limit)
        return largest

    largest = with_db(settings, compare)
    # the default leaves room above the seed's largest part; not vacuous: parts have many relationships
    assert 10 <= largest < DEFAULT_EVIDENCE_LIMIT


def test_a_cut_part_says_so_counts_its_relationships_and_cites_each_things_actor_side_first(
    settings: Settings, loaded_graph: str
) -> None:
    async def check(db: Database) -> int:
        checked = 0
        for actor in (KZ, UZ, "state:turkiye"):
            uncut = await cooperation(db, {"id": actor}, UNFILTERED, 1000, 10, None)
            for evidence_limit in (1, 2, 3):
                cut = await cooperation(db, {"id": actor}, UNFILTERED, 1000, 10, evidence_limit)
                for (partner, part), (same_partner, whole) in zip(parts_of(cut), parts_of(uncut), strict=True):
                    assert (partner, part["kind"], part["via"], part["score"], part["relationships"]) == \
                        (same_partner, whole["kind"], whole["via"], whole["score"], whole["relationships"])
                    assert part["evidence_truncated"] == (part["relationships"] > evidence_limit)
                    # the citations are the whole part's, of at most evidence_limit relationships
                    assert cited(part) <= cited(whole) and len(cited(part)) <= evidence_limit
                    assert all(item in whole["evidence"] for item in part["evidence"])
                    if not part["evidence_truncated"]:
                        assert part["evidence"] == whole["evidence"]
                        continue
                    checked += 1
                    if part["kind"] in ("shared_membership", "shared_agreement") and \
                            len(part["via"]) >= evidence_limit:
                        # one relationship of each of the first things in turn, the actor's own first
                        for thing in part["via"][:evidence_limit]:
                            assert any(relationship.startswith(("member_of:" + actor + "->",
                                                                "observer_of:" + actor + "->",
                                                                "party_to:" + actor + "->"))
                                       and relationship.endswith("->" + thing)
                                       for relationship in cited(part)), (actor, partner, part)
        return checked

    assert with_db(settings, check) >= 10  # not vacuous: many seed parts have more than 3 relationships


def test_the_rosters_cut_as_the_walk_does_and_read_only_the_relationships_cited(
    settings: Settings, loaded_graph: str
) -> None:
    async def compare(db: Database) -> tuple[int, int]:
        rosters = await read_event_rosters(db, 2)
        read: list[int] = []
        reading = db.read

        async def counting_read(name: str, parameters: Any = None, **kwargs: Any) -> Any:
            if name == "cooperation_event_evidence":
                read.append(len(parameters["relationships"]))
            return await reading(name, parameters, **kwargs)

        db.read = counting_read  # type: ignore[method-assign]  # the real read, its statements counted
        cut_answers = 0
        for actor in await seed_actors(db):
            for evidence_limit in (1, 2, 3):
                walked = await cooperation(db, {"id": actor}, UNFILTERED, 50, 10, evidence_limit)
                read.clear()
                rostered = await cooperation(db, {"id": actor}, UNFILTERED, 50, 10, evidence_limit, rosters=rosters)
                assert rostered == walked, (actor, evidence_limit)
                shared_event_parts = [part for _, part in parts_of(rostered) if part["kind"] == "shared_event"]
                # at most evidence_limit relationships per part read by element id, however many the events have
                assert sum(read) <= evidence_limit * len(shared_event_parts), (actor, read)
                cut_answers += any(part["evidence_truncated"] for part in shared_event_parts)
        return cut_answers, len(rosters)

    cut_answers, at_events = with_db(settings, compare)
    assert at_events >= 1 and cut_answers >= 2


def test_evidence_limit_out_of_range_is_refused(client: TestClient) -> None:
    for value in ("0", "-1", "1001", "100000", "many"):
        response = asked(client, f"/cooperation/{KZ}", {"evidence_limit": value})
        assert response.status_code == 422, (value, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "evidence_limit" in response.text


def test_the_route_answers_and_keeps_each_evidence_limit_apart(client: TestClient) -> None:
    def uzbekistan(**params: str) -> dict[str, Any]:
        response = asked(client, f"/cooperation/{KZ}", {"limit": "1000", **params})
        assert response.status_code == 200, response.text
        return next(p for p in response.json()["partners"] if p["id"] == UZ)

    whole = uzbekistan()
    cut = uzbekistan(evidence_limit="1")
    again = uzbekistan()
    assert again == whole  # the cut answer was kept under its own question, not served for the default
    assert any(part["evidence_truncated"] for part in cut["parts"])
    assert not any(part["evidence_truncated"] for part in whole["parts"])
    for part, full in zip(cut["parts"], whole["parts"], strict=True):
        assert part["relationships"] == full["relationships"] > 0
        assert len(cited(part)) <= 1
    assert ranking_question(KZ, UNFILTERED, 50, 10, 1) != ranking_question(KZ, UNFILTERED, 50, 10)
    assert ranking_question(KZ, UNFILTERED, 50, 10) == ranking_question(KZ, UNFILTERED, 50, 10,
                                                                        DEFAULT_EVIDENCE_LIMIT)
