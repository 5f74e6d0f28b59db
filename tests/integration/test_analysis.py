"""GET /analysis/centrality, /analysis/communities and the metrics, against an independent oracle.

The oracle is networkx: it builds the actor graph itself from `GET /export`
(the same filters), by the rules of docs/analysis.md, and computes every
measure; the service (NetworKit, and its own constraint) must agree.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graphsvc.analysis_service import ANALYSIS, analysis_jobs
from graphsvc.app import create_app
from graphsvc.background_jobs import BackgroundJobs
from graphsvc.graph import analysis
from graphsvc.graph.analysis_projection import MAX_SHARED_PARTIES, NOT_TIES
from graphsvc.kept_answers import KeptAnswerStore
from graphsvc.routers.analysis import CentralityAnswer, CommunitiesAnswer
from graphsvc.settings import Settings
from neo4j import Driver

ACTORS = ("State", "Organisation", "Person")
THINGS = ("Agreement", "Event", "Programme")


def oracle_graph(client: TestClient, actor_types: tuple[str, ...] = ACTORS, **filters: str) -> nx.Graph:
    """The actor graph rebuilt from /export by the documented rules."""
    response = client.get("/export", params=filters)
    assert response.status_code == 200, response.text
    body = response.json()
    kind = {node["id"]: node["type"] for node in body["nodes"]}
    direct: dict[tuple[str, str], set[str]] = defaultdict(set)
    parties: dict[str, set[str]] = defaultdict(set)
    for edge in body["edges"]:
        if edge["type"] in NOT_TIES:
            continue
        a, b = edge["from"], edge["to"]
        if kind[a] in actor_types and kind[b] in actor_types and a != b:
            direct[(min(a, b), max(a, b))].add(edge["type"])
        elif kind[a] in actor_types and kind[b] in THINGS:
            parties[b].add(a)
        elif kind[b] in actor_types and kind[a] in THINGS:
            parties[a].add(b)
    g = nx.Graph()
    for (a, b), types in direct.items():
        g.add_edge(a, b, weight=float(len(types)))
    for members in parties.values():
        k = len(members)
        if not 2 <= k <= MAX_SHARED_PARTIES:
            continue
        for a, b in combinations(sorted(members), 2):
            weight = g.get_edge_data(a, b, {"weight": 0.0})["weight"]
            g.add_edge(a, b, weight=weight + 1.0 / (k - 1))
    return g


def centrality(client: TestClient, measure: str, **params: str) -> dict[str, Any]:
    response = client.get("/analysis/centrality", params={"measure": measure, "limit": "1000", **params})
    assert response.status_code == 200, response.text
    return response.json()


def values(answer: dict[str, Any]) -> dict[str, float]:
    return {item["id"]: item["value"] for item in answer["items"]}


def assert_problem(response: Any, status: int, parameter: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if parameter is not None:
        assert parameter in body["detail"], body
    return body


@pytest.fixture(scope="module")
def client(settings: Settings, loaded_graph: str) -> Iterator[TestClient]:
    """The service with a generous query time limit: the oracle reads the whole graph through /export,
    on a machine shared with other test servers."""
    patient = settings.model_copy(update={"query_timeout": 120.0})
    with TestClient(create_app(patient), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def oracle(client: TestClient) -> nx.Graph:
    return oracle_graph(client)


def test_degree_is_exact_and_covers_the_actor_graph(client: TestClient, oracle: nx.Graph) -> None:
    answer = centrality(client, "degree")
    assert answer["total"] == oracle.number_of_nodes() > 50
    assert values(answer) == {node: float(degree) for node, degree in oracle.degree()}
    listed = [item["value"] for item in answer["items"]]
    assert listed == sorted(listed, reverse=True)
    assert answer["items"][0]["rank"] == 1


def test_pagerank_agrees_with_networkx(client: TestClient, oracle: nx.Graph) -> None:
    expected = nx.pagerank(oracle, alpha=0.85, weight="weight", tol=1e-12, max_iter=10_000)
    got = values(centrality(client, "pagerank"))
    assert set(got) == set(expected)
    assert max(abs(got[node] - expected[node]) for node in expected) < 1e-6


def test_betweenness_is_exact_on_the_seed(client: TestClient, oracle: nx.Graph) -> None:
    answer = centrality(client, "betweenness")
    assert answer["betweenness"] == {"method": "exact"}
    expected = nx.betweenness_centrality(oracle, normalized=True)
    got = values(answer)
    assert max(abs(got[node] - expected[node]) for node in expected) < 1e-9
    assert max(got.values()) > 0.05  # somebody bridges


def test_constraint_agrees_with_networkx(client: TestClient, oracle: nx.Graph) -> None:
    answer = centrality(client, "constraint")
    assert answer["order"] == "ascending"
    expected = nx.constraint(oracle, weight="weight")
    got = values(answer)
    assert max(abs(got[node] - expected[node]) for node in expected) < 1e-9
    listed = [item["value"] for item in answer["items"]]
    assert listed == sorted(listed)


def test_communities_partition_and_modularity(client: TestClient, oracle: nx.Graph) -> None:
    response = client.get("/analysis/communities")
    assert response.status_code == 200, response.text
    body = response.json()
    partition = [set(community["members"]) for community in body["communities"]]
    assert sum(len(part) for part in partition) == oracle.number_of_nodes()
    assert set().union(*partition) == set(oracle.nodes)
    assert [c["size"] for c in body["communities"]] == sorted((len(p) for p in partition), reverse=True)
    # the reported modularity is the partition's, as networkx measures it
    assert abs(body["modularity"] - nx.community.modularity(oracle, partition, weight="weight")) < 1e-9
    best_of_networkx = max(
        nx.community.modularity(oracle, nx.community.louvain_communities(oracle, weight="weight", seed=seed),
                                weight="weight")
        for seed in range(5)
    )
    assert body["modularity"] >= best_of_networkx - 0.02
    assert len(partition) > 1


def test_answers_are_what_their_models_declare(client: TestClient) -> None:
    """The routes write the domain layer's dicts directly (graphsvc/responses.py): same fields as the models."""
    for measure in ("degree", "betweenness", "constraint"):
        body = centrality(client, measure, limit="5")
        assert CentralityAnswer.model_validate(body).model_dump() == body
    body = client.get("/analysis/communities").json()
    assert CommunitiesAnswer.model_validate(body).model_dump() == body


def test_type_filter_keeps_only_those_actors(client: TestClient) -> None:
    oracle = oracle_graph(client, ("State", "Organisation"))
    answer = centrality(client, "degree", type="State,Organisation")
    assert {item["type"] for item in answer["items"]} <= {"State", "Organisation"}
    assert values(answer) == {node: float(degree) for node, degree in oracle.degree()}


def test_a_window_that_removes_a_bridge(client: TestClient) -> None:
    """Filters change the answer as the README's time semantics say, and the oracle agrees under them."""
    whole = values(centrality(client, "betweenness"))
    window = {"until": "2009"}
    oracle = oracle_graph(client, **window)
    early = centrality(client, "betweenness", **window)
    expected = nx.betweenness_centrality(oracle, normalized=True)
    got = values(early)
    assert set(got) == set(expected)
    assert max(abs(got[node] - expected[node]) for node in expected) < 1e-9
    # an actor that bridges in the whole graph does not before 2010: its later ties are gone
    lost = [node for node, value in whole.items() if value > 0.01 and got.get(node, 0.0) < value / 2]
    assert lost, "the window removed no bridge"


def test_bad_input_is_a_clear_problem(client: TestClient) -> None:
    assert_problem(client.get("/analysis/centrality", params={"measure": "closeness"}), 422, "measure")
    assert_problem(client.get("/analysis/centrality", params={"limit": str(10**30)}), 422, "limit")
    assert_problem(client.get("/analysis/centrality", params={"limit": "0"}), 422, "limit")
    assert_problem(client.get("/analysis/centrality", params={"type": "Agreement"}), 422, "type")
    assert_problem(client.get("/analysis/communities", params={"since": "2020", "until": "2010"}), 422, "since")
    assert_problem(client.get("/analysis/communities", params={"sectors": "astrology"}), 422, "sectors")


def test_a_filter_that_leaves_no_actors_is_an_empty_answer(client: TestClient) -> None:
    params = {"type": "Person", "sectors": "space"}
    assert oracle_graph(client, ("Person",), sectors="space").number_of_nodes() == 0
    answer = centrality(client, "pagerank", **params)
    assert answer["items"] == [] and answer["total"] == 0
    response = client.get("/analysis/communities", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["communities"] == [] and response.json()["modularity"] == 0.0


def test_entity_metrics_are_the_analysis_values(client: TestClient, oracle: nx.Graph) -> None:
    response = client.get("/entities/state:kazakhstan", params={"metrics": "true"})
    assert response.status_code == 200, response.text
    metrics = response.json()["metrics"]
    assert metrics["degree"] == oracle.degree("state:kazakhstan")
    assert metrics["pagerank"] == values(centrality(client, "pagerank"))["state:kazakhstan"]
    ranked = {item["id"]: item["rank"] for item in centrality(client, "betweenness")["items"]}
    assert metrics["betweenness_rank"] == ranked["state:kazakhstan"]
    communities = client.get("/analysis/communities").json()["communities"]
    assert "state:kazakhstan" in communities[metrics["community"]]["members"]
    plain = client.get("/entities/state:kazakhstan").json()
    assert "metrics" not in plain or plain["metrics"] is None
    event = client.get("/entities/event:state-visit-tokayev-uzbekistan-2019", params={"metrics": "true"})
    assert event.status_code == 200 and event.json()["metrics"] is None


def _unprefixed(attributes: dict[str, Any]) -> dict[str, Any]:
    """The flat formats' `metric_<name>` attributes under their names."""
    return {key.removeprefix("metric_"): value for key, value in attributes.items() if key.startswith("metric_")}


@pytest.mark.parametrize("fmt", ["json", "cytoscape", "d3", "graphml", "gexf", "csv"])
def test_every_export_format_carries_the_metrics(client: TestClient, oracle: nx.Graph, fmt: str) -> None:
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    if fmt == "json":
        nodes = {node["id"]: node.get("metrics") or {} for node in response.json()["nodes"]}
    elif fmt == "cytoscape":
        nodes = {e["data"]["id"]: e["data"].get("metrics") or {} for e in response.json()["elements"]["nodes"]}
    elif fmt == "d3":
        nodes = {node["id"]: node.get("metrics") or {} for node in response.json()["nodes"]}
    elif fmt in ("graphml", "gexf"):
        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        g = reader(io.BytesIO(response.content))
        nodes = {node: _unprefixed(data) for node, data in g.nodes(data=True)}
    else:
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            rows = csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8")))
            nodes = {row["id"]: _unprefixed({k: v for k, v in row.items() if v != ""}) for row in rows}
    for actor, degree in oracle.degree():
        assert float(nodes[actor]["degree"]) == degree, (fmt, actor)
        assert "pagerank" in nodes[actor] and "community" in nodes[actor] and "betweenness_rank" in nodes[actor]
    assert "degree" not in nodes["event:state-visit-tokayev-uzbekistan-2019"]


def test_answers_come_from_the_kept_result(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once one measure is asked, the others of the same filters are answered from the same kept result."""
    centrality(client, "betweenness", sectors="education")  # computed and kept

    async def no_second_computation(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the analysis was computed again")

    monkeypatch.setattr(analysis, "compute_analysis", no_second_computation)
    for measure in ("degree", "pagerank", "constraint"):
        assert centrality(client, measure, sectors="education", limit="10")["items"]


def test_a_long_computation_answers_503_with_retry_after(client: TestClient) -> None:
    app = client.app
    kept = app.state.analysis_jobs  # type: ignore[attr-defined]
    every_analysis_in_background = analysis_jobs(BackgroundJobs(0.0, kind=ANALYSIS), KeptAnswerStore())
    app.state.analysis_jobs = every_analysis_in_background  # type: ignore[attr-defined]
    try:
        params = {"measure": "pagerank", "since": "2001"}
        first = client.get("/analysis/centrality", params=params)
        body = assert_problem(first, 503)
        assert body["type"].endswith("analysis-in-progress") and int(first.headers["Retry-After"]) >= 1
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            again = client.get("/analysis/centrality", params=params)
            if again.status_code == 200:
                break
            time.sleep(0.2)
        assert again.status_code == 200 and again.json()["items"]
    finally:
        app.state.analysis_jobs = kept  # type: ignore[attr-defined]


def test_a_second_worker_answers_from_the_kept_result(
    client: TestClient, settings: Settings, driver: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The analysis one app computed is kept in Neo4j (`:KeptAnswer`, what 'analysis'); another app, as
    another worker or replica would, answers from it and computes nothing."""
    params = {"sectors": "culture", "until": "2019"}
    first = centrality(client, "betweenness", **params)
    whole = client.get("/entities/state:kazakhstan", params={"metrics": "true"}).json()["metrics"]
    records, _, _ = driver.execute_query(
        "MATCH (k:KeptAnswer {what: 'analysis', state: 'done'}) RETURN count(k) AS kept")
    assert records[0]["kept"] >= 1

    async def no_second_computation(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the second worker computed the analysis again")

    monkeypatch.setattr(analysis, "compute_analysis", no_second_computation)
    with TestClient(create_app(settings), raise_server_exceptions=False) as second:
        assert centrality(second, "betweenness", **params) == first
        entity = second.get("/entities/state:kazakhstan", params={"metrics": "true"})
        assert entity.status_code == 200 and entity.json()["metrics"] == whole and whole["degree"] >= 1
