"""The start-up warm-up of Neo4j's query plans (graphsvc/plan_warmup.py) sends what the first requests send.

Neo4j keeps a plan per statement text and parameter types, a list's or a
string's size counted by its power of ten (`plan_key` below). The warm-up is
useful only if every statement an unfiltered ranking sends, with and without
the hub events' rosters, has the key of a statement it sent: both are
captured through the Database's `on_read` hook and compared. Also: the app
runs it at start-up and says so on /health, a Neo4j that cannot be reached
stops it with one warning and the service still answers, the setting turns it off.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Mapping
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.cooperation_service import RostersOfVersion
from graphsvc.db import Database, QueryRegistry, connection_info
from graphsvc.graph.cooperation.ranking import (
    DEFAULT_EVIDENCE_LIMIT,
    DEFAULT_PARTNER_LIMIT,
    DEFAULT_VIA_LIMIT,
    cooperation,
)
from graphsvc.graph.entities import resolve_entity
from graphsvc.graph.filters import graph_filters
from graphsvc.plan_warmup import PlanWarmup
from graphsvc.settings import Settings

PlanKey = tuple[str, tuple[tuple[str, Any], ...]]


def plan_key(text: str, parameters: Mapping[str, Any]) -> PlanKey:
    """What Neo4j keeps a plan under: the text, and each parameter's type; a list's or a string's with its
    size's bucket (0, 1, then the next power of ten: 7 -> 10, 42 -> 100)."""
    def type_of(value: Any) -> Any:
        if isinstance(value, list | str):
            size = len(value)
            return type(value).__name__, size if size <= 1 else 10 ** math.ceil(math.log10(size))
        return type(value).__name__
    return text, tuple(sorted((name, type_of(value)) for name, value in parameters.items()))


def capturing_db(settings: Settings, sent: list[PlanKey]) -> Database:
    return Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings,
                    on_read=lambda text, parameters: sent.append(plan_key(text, parameters)))


def some_actors(driver: Driver) -> list[str]:
    """Every fifth actor of the seed by id, and the one with the most partners: partners and shared things
    of every size the seed has."""
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:State OR n:Organisation OR n:Person RETURN n.id AS id ORDER BY id")
    ids = [record["id"] for record in records]
    return sorted(set(ids[::5]) | {"state:kazakhstan"})


def part_statements(keys: list[PlanKey]) -> set[PlanKey]:
    return {key for key in keys if key[0].startswith(("// cooperation_tally", "// cooperation_evidence"))}


def test_the_warmup_sends_every_statement_of_an_unfiltered_ranking(
    settings: Settings, loaded_graph: str, driver: Driver
) -> None:
    actors = some_actors(driver)

    async def compare() -> None:
        warmed: list[PlanKey] = []
        sent: list[PlanKey] = []
        warm_db, ranking_db = capturing_db(settings, warmed), capturing_db(settings, sent)
        try:
            # every event of two participations or more has a roster, as in the service: rankings through rosters too
            keeper = RostersOfVersion(min_participants=2)
            warmup = PlanWarmup(enabled=True)
            await warmup.run(warm_db, settings, keeper)
            assert warmup.state == "warmed" and warmup.steps_failed == 0
            rosters = await keeper.read(ranking_db, await ranking_db.graph_version(), None)
            assert rosters is not None and len(rosters)
            unfiltered = graph_filters(sectors=None, since=None, until=None)
            for actor in actors:
                await resolve_entity(ranking_db, actor)  # as /cooperation/{id} reads its actor first
                for with_rosters in (None, rosters):
                    # as the service ranks: the router's default limits
                    answer = await cooperation(ranking_db, {"id": actor}, unfiltered, DEFAULT_PARTNER_LIMIT,
                                               DEFAULT_VIA_LIMIT, DEFAULT_EVIDENCE_LIMIT, rosters=with_rosters)
                if answer["partners"]:  # and one pair's question, as the matrix panel asks it
                    await cooperation(ranking_db, {"id": actor}, unfiltered, DEFAULT_PARTNER_LIMIT, DEFAULT_VIA_LIMIT,
                                      DEFAULT_EVIDENCE_LIMIT, partner=answer["partners"][-1])
        finally:
            await warm_db.close()
            await ranking_db.close()
        ranking, warm = part_statements(sent), part_statements(warmed)
        assert len({text for text, _ in ranking}) == 12, "six tallies and six evidence statements"
        # every event two actors can share has a roster: through them, no shared event is walked
        assert any(text.startswith("// cooperation_event_side") for text, _ in sent), "ranked through rosters"
        assert any(text.startswith("// cooperation_tally") and dict(types).get("partner_ids") != "NoneType"
                   for text, types in ranking), "a pair's question asked"
        missing = [dict(types) for _, types in ranking - warm]
        assert not missing, f"{len(missing)} of {len(ranking)} ranking statements not warmed: {missing[:3]}"
        # the actor's read too; not warmed: the two short statements of an actor at hub events
        unwarmed = {key for key in sent if not key[0].startswith(("// cooperation_event_side",
                                                                     "// cooperation_event_evidence"))} - set(warmed)
        assert not unwarmed, [text.splitlines()[0] for text, _ in unwarmed]

    asyncio.run(compare())


def test_the_service_warms_the_plans_at_start_up_and_says_so(settings: Settings, loaded_graph: str) -> None:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        states = [client.get("/health").json()["query_plans"]]
        deadline = time.monotonic() + 600
        while states[-1] in ("waiting", "warming") and time.monotonic() < deadline:
            time.sleep(0.2)
            states.append(client.get("/health").json()["query_plans"])
        assert states[-1] == "warmed", states
        warmup = client.app.state.plan_warmup  # type: ignore[attr-defined]
        assert warmup.steps_done > 12 and warmup.steps_failed == 0
        # warmed, the first ranking of this process answers at once
        response = client.get("/cooperation/state:kazakhstan")
        assert response.status_code == 200 and response.json()["partners"]


def test_neo4j_unreachable_at_start_up_ends_the_warmup_with_one_warning(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:9", "connection_timeout": 1.0})
    with caplog.at_level(logging.WARNING, logger="graphsvc"):
        with TestClient(create_app(nowhere), raise_server_exceptions=False) as client:
            warmup = client.app.state.plan_warmup  # type: ignore[attr-defined]
            deadline = time.monotonic() + 60
            while warmup.state in ("waiting", "warming") and time.monotonic() < deadline:
                time.sleep(0.2)
            response = client.get("/health")
            assert response.status_code == 503
            assert response.json()["query_plans"] == "failed"
            assert warmup.steps_done == 0
    warnings = [record.getMessage() for record in caplog.records if "query plan" in record.getMessage()]
    assert len(warnings) == 1 and "not warmed" in warnings[0], warnings


def test_the_setting_turns_the_warmup_off(settings: Settings, loaded_graph: str) -> None:
    off = settings.model_copy(update={"warm_plans": False})
    sent: list[PlanKey] = []

    async def warm() -> None:
        db = capturing_db(off, sent)
        try:
            await PlanWarmup(enabled=off.warm_plans).run(db, off, RostersOfVersion())
        finally:
            await db.close()

    asyncio.run(warm())
    assert sent == []
    with TestClient(create_app(off), raise_server_exceptions=False) as client:
        assert client.get("/health").json()["query_plans"] == "off"
        assert client.app.state.plan_warmup.steps_done == 0  # type: ignore[attr-defined]
