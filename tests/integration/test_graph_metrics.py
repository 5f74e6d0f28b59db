"""`metrics=true` on the neighbourhood and the paths: each actor node carries the measures of the actor
graph of the same filters, the very values `/analysis/centrality` and `/export` answer (what the
explorer sizes and colours its nodes by)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.analysis_service import ANALYSIS, analysis_jobs
from graphsvc.app import create_app
from graphsvc.background_jobs import BackgroundJobs
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.kept_answers import KeptAnswerStore
from graphsvc.settings import Settings

KAZAKHSTAN = "state:kazakhstan"


@pytest.fixture(scope="module")
def client(settings: Settings, loaded_graph: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def get(client: TestClient, path: str, **params: Any) -> Any:
    """GET that waits while the service says (503 + Retry-After) the analysis is being computed: on a machine
    shared with other work even the seed's may take longer than a request waits."""
    deadline = time.monotonic() + 120
    while True:
        response = client.get(path, params=params)
        if response.status_code != 503 or time.monotonic() > deadline:
            assert response.status_code == 200, response.text
            return response.json()
        time.sleep(float(response.headers.get("Retry-After", "1")))


def exported_metrics(client: TestClient, **filters: Any) -> dict[str, dict[str, Any]]:
    return {node["id"]: node["metrics"] for node in get(client, "/export", **filters)["nodes"] if "metrics" in node}


@pytest.mark.parametrize("filters", [{}, {"sectors": "culture,education", "since": "2010"}])
def test_neighbourhood_nodes_carry_the_metrics_of_the_same_actor_graph(
    client: TestClient, filters: dict[str, str]
) -> None:
    graph = get(client, f"/entities/{KAZAKHSTAN}/neighbourhood", depth=2, metrics="true", **filters)
    expected = exported_metrics(client, **filters)
    actors = [node for node in graph["nodes"] if node["type"] in ACTOR_TYPES and node["id"] in expected]
    assert len(actors) >= 10
    for node in actors:
        assert node["metrics"] == expected[node["id"]]
    pagerank = {item["id"]: item["value"] for item in get(
        client, "/analysis/centrality", measure="pagerank", limit=1000, **filters)["items"]}
    assert all(node["metrics"]["pagerank"] == pagerank[node["id"]] for node in actors)
    assert all("metrics" not in node for node in graph["nodes"] if node["type"] not in ACTOR_TYPES)


def test_metrics_are_only_added_when_asked_and_in_every_graph_format(client: TestClient) -> None:
    plain = get(client, f"/entities/{KAZAKHSTAN}/neighbourhood")
    assert all("metrics" not in node for node in plain["nodes"])
    document = get(client, f"/entities/{KAZAKHSTAN}/neighbourhood", format="cytoscape", metrics="true")
    kazakhstan = next(n["data"] for n in document["elements"]["nodes"] if n["data"]["id"] == KAZAKHSTAN)
    assert kazakhstan["metrics"] == exported_metrics(client)[KAZAKHSTAN]


def test_path_nodes_carry_metrics(client: TestClient) -> None:
    answer = get(client, "/paths", **{"from": "state:uzbekistan", "to": "org:turksoy", "metrics": "true"})
    assert answer["paths"]
    expected = exported_metrics(client)
    actors = [node for node in answer["nodes"] if node["id"] in expected]
    assert actors and all(node["metrics"] == expected[node["id"]] for node in actors)


def test_bad_metrics_value_is_a_clear_problem(client: TestClient) -> None:
    response = client.get(f"/entities/{KAZAKHSTAN}/neighbourhood", params={"metrics": "maybe"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "metrics" in response.text


def test_while_the_analysis_computes_the_neighbourhood_answers_503_with_retry_after(client: TestClient) -> None:
    app = client.app
    kept = app.state.analysis_jobs  # type: ignore[attr-defined]
    app.state.analysis_jobs = analysis_jobs(BackgroundJobs(0.0, kind=ANALYSIS), KeptAnswerStore())  # type: ignore[attr-defined]
    try:
        params = {"metrics": "true", "since": "2003"}
        first = client.get(f"/entities/{KAZAKHSTAN}/neighbourhood", params=params)
        assert first.status_code == 503, first.text
        assert first.json()["type"].endswith("analysis-in-progress") and int(first.headers["Retry-After"]) >= 1
        assert client.get(f"/entities/{KAZAKHSTAN}/neighbourhood", params={"since": "2003"}).status_code == 200
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            again = client.get(f"/entities/{KAZAKHSTAN}/neighbourhood", params=params)
            if again.status_code == 200:
                break
            time.sleep(0.2)
        assert again.status_code == 200 and any("metrics" in node for node in again.json()["nodes"])
    finally:
        app.state.analysis_jobs = kept  # type: ignore[attr-defined]
