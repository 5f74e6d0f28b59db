"""The benchmark's three targets answer the same captured request: the service over HTTP (its own
uvicorn process, as the benchmark runs it), Neo4j's Query API and the driver.

The HTTP client is the benchmark's (aiohttp, benchmarks/bench.py `HttpTarget`): these tests show it
sends the service's query parameters as the service reads them and reads whole answers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks.bench import Service, Targets, capture, children_of, every_worker_ready, started_up
from graphsvc.local_neo4j import LocalNeo4j
from graphsvc.settings import Settings


@pytest.fixture(scope="module")
def service(settings: Settings, test_neo4j: LocalNeo4j, loaded_graph: str) -> Iterator[Service]:
    running = Service(test_neo4j.bolt_uri, test_neo4j.password())
    try:
        yield running
    finally:
        running.stop()


def targets_for(service: Service, test_neo4j: LocalNeo4j, settings: Settings) -> Targets:
    return Targets(service.url, f"{test_neo4j.http_url}/db/neo4j/query/v2", ("neo4j", test_neo4j.password()),
                   test_neo4j.bolt_uri, settings.query_timeout, concurrency=2)


def test_the_three_targets_answer_a_captured_entity_request(
    settings: Settings, test_neo4j: LocalNeo4j, service: Service
) -> None:
    async def run() -> tuple[bool, bool, bool]:
        (request,) = await capture(settings, [("/entities/state:kazakhstan", {})])
        assert request.status == 200 and request.statements
        targets = targets_for(service, test_neo4j, settings)
        try:
            return (await targets.via_service(request), await targets.via_query_api(request),
                    await targets.via_driver(request))
        finally:
            await targets.close()

    assert asyncio.run(run()) == (True, True, True)


def test_the_service_target_sends_parameters_and_reads_answers_whole(
    settings: Settings, test_neo4j: LocalNeo4j, service: Service
) -> None:
    async def run() -> None:
        targets = targets_for(service, test_neo4j, settings)
        try:
            found = await targets.service.get("/entities", {"q": "Kazakhstan", "limit": 3})
            assert found.status_code == 200
            assert found.json()["items"][0]["id"] == "state:kazakhstan"
            assert len(found.content) == int(found.headers["content-length"])
            # a boolean parameter is written `false`, as the service's clients write it
            plain = await targets.service.get("/entities/state:kazakhstan", {"metrics": False})
            assert plain.status_code == 200 and "metrics" not in plain.json()
            missing = await targets.service.get("/entities/state:no-such-state")
            assert missing.status_code == 404
            assert missing.headers["content-type"].startswith("application/problem+json")
        finally:
            await targets.close()

    asyncio.run(run())


def test_the_benchmark_finds_the_rosters_and_reach_arrays_read_and_the_plans_warmed_with_no_ranking_asked(
    service: Service,
) -> None:
    # the service does all three at start-up; the benchmark waits for them before it measures rankings
    rosters_s, reach_s, plans_s = asyncio.run(started_up(service, 120))
    assert rosters_s is not None and rosters_s > 0
    assert reach_s is not None and reach_s > 0
    assert plans_s is not None and plans_s > 0
    with httpx.Client(base_url=service.url) as client:
        health = client.get("/health").json()
    assert health["hub_event_rosters"] == "ready"
    assert health["reach_arrays"] == "ready"
    assert health["query_plans"] == "warmed"


def test_a_service_of_two_workers_is_measured_once_each_says_it_is_ready(
    test_neo4j: LocalNeo4j, loaded_graph: str
) -> None:
    # case cooperation_workers: each worker reads its own rosters and reach arrays and warms its own plans
    running = Service(test_neo4j.bolt_uri, test_neo4j.password(), workers=2)
    try:
        ready_s = asyncio.run(every_worker_ready(running, 120))
        assert ready_s is not None and ready_s > 0
        with httpx.Client(base_url=running.url, headers={"Connection": "close"}) as client:
            answers = [client.get("/health").json() for _ in range(40)]
        workers = {answer["worker"] for answer in answers}
        assert len(workers) == 2, workers  # two processes answered, each naming itself
        assert all(answer["reach_arrays"] == "ready" and answer["query_plans"] == "warmed" for answer in answers)
        memory = running.memory()  # the largest process's, and the supervisor's and both workers' together
        assert memory["VmHWM"] >= memory["VmRSS"] > 0
        assert memory["VmRSS_total"] > memory["VmRSS"] + 0.5 * memory["VmRSS"]
        workers_pids = children_of(running.process.pid)
        assert len(workers_pids) >= 2
    finally:
        running.stop()
    # stopping the supervisor stops its workers (and multiprocessing's resource tracker, which exits once the
    # supervisor is gone): no process of the service is left running
    deadline = time.monotonic() + 10
    while (left := [pid for pid in workers_pids if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left
