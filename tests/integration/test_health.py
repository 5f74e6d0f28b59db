"""GET /health with Neo4j up, with Neo4j stopped (503 problem+json), and after recovery."""

from __future__ import annotations

import gc
import os
import socket
import time

from fastapi.testclient import TestClient
from pydantic import SecretStr

from graphsvc.app import GC_THRESHOLDS, create_app
from graphsvc.local_neo4j import LocalNeo4j
from graphsvc.settings import Settings


def test_health_ok(client: TestClient, loaded_graph: str) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["connected"] is True
    assert body["neo4j"]["version"].startswith("5.26")
    assert body["graph"]["nodes"] > 50
    assert body["graph"]["relationships"] > 50
    assert body["graph"]["version"] == loaded_graph
    assert body["worker"] == f"{socket.gethostname()}:{os.getpid()}"  # this process answered, in-process


def states_until_ready(client: TestClient, field: str) -> list[str]:
    """What /health's `field` says, polled until `ready` (60 s at most)."""
    deadline = time.monotonic() + 60
    states: list[str] = []
    while time.monotonic() < deadline:
        states.append(client.get("/health").json()[field])
        if states[-1] == "ready":
            break
        time.sleep(0.1)
    return states


def test_health_says_when_the_hub_event_rosters_are_read(client: TestClient, loaded_graph: str) -> None:
    # the service starts their read in the background, no ranking asked; /health follows it
    states = states_until_ready(client, "hub_event_rosters")
    assert states[-1] == "ready", states
    assert set(states) <= {"reading", "ready"}


def test_health_says_when_the_reach_arrays_are_read(client: TestClient, loaded_graph: str) -> None:
    # read in the background after the rosters, no ranking asked
    states = states_until_ready(client, "reach_arrays")
    assert states[-1] == "ready", states
    assert set(states) <= {"reading", "ready"}


def test_the_service_collects_garbage_at_its_thresholds_while_it_runs(settings: Settings, loaded_graph: str) -> None:
    before = gc.get_threshold()
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == before  # the process's own, once the service has stopped


def test_health_with_wrong_credentials_is_503_problem(settings: Settings, loaded_graph: str) -> None:
    wrong = settings.model_copy(update={"neo4j_password": SecretStr("wrong-password")})
    with TestClient(create_app(wrong), raise_server_exceptions=False) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["neo4j"]["connected"] is False
    assert "credentials" in body["title"].lower()


def test_health_during_outage_and_recovery(settings: Settings, test_neo4j: LocalNeo4j, loaded_graph: str) -> None:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/health").status_code == 200
        test_neo4j.stop()
        try:
            started = time.monotonic()
            response = client.get("/health")
            elapsed = time.monotonic() - started
            assert response.status_code == 503
            assert response.headers["content-type"].startswith("application/problem+json")
            body = response.json()
            assert body["status"] == "degraded"
            assert body["neo4j"] == {"connected": False, "version": None}
            assert body["type"].endswith("neo4j-unavailable")
            assert "Traceback" not in response.text
            assert elapsed < settings.connection_timeout + settings.query_timeout + 5
        finally:
            test_neo4j.start()
        # The same app, not restarted, answers again once Neo4j is back.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            response = client.get("/health")
            if response.status_code == 200:
                break
            time.sleep(0.5)
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
