"""Every graph format, read back by a real reader (networkx, json, csv, zipfile).

The graphs are real answers built from the loaded seed: Kazakhstan's
neighbourhood, a shortest path from Kazakhstan, and the full export.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import networkx as nx
import pytest

from graphsvc.errors import Problem
from graphsvc.formats import FORMATS as SERVICE_FORMATS
from graphsvc.formats import render, serialise
from tests.integration.format_readers import FORMATS, read_back

KAZAKHSTAN = "state:kazakhstan"
BURSLARI_TO_KAZAKHSTAN = "benefits:programme:turkiye-burslari->state:kazakhstan"
RANKED_2020 = "ranked_in:state:kazakhstan->programme:global-soft-power-index#2020"
RANKED_2021 = "ranked_in:state:kazakhstan->programme:global-soft-power-index#2021"


@pytest.fixture(scope="module")
def full_graph(client) -> dict[str, Any]:
    response = client.get("/export")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def neighbourhood(full_graph) -> dict[str, Any]:
    """Kazakhstan and everything one relationship away, as a neighbourhood answer holds it."""
    edges = [e for e in full_graph["edges"] if KAZAKHSTAN in (e["from"], e["to"])]
    ids = {KAZAKHSTAN} | {e["from"] for e in edges} | {e["to"] for e in edges}
    return {"nodes": [n for n in full_graph["nodes"] if n["id"] in ids], "edges": edges, "truncated": False}


@pytest.fixture(scope="module")
def path_graph(full_graph) -> dict[str, Any]:
    """A three-hop shortest path from Kazakhstan, as a path answer's nodes and edges."""
    g = nx.MultiGraph()
    for edge in full_graph["edges"]:
        g.add_edge(edge["from"], edge["to"], key=edge["id"])
    lengths = nx.single_source_shortest_path_length(g, KAZAKHSTAN)
    target = sorted(node for node, hops in lengths.items() if hops == 3)[0]
    hops = nx.shortest_path(g, KAZAKHSTAN, target)
    by_id = {edge["id"]: edge for edge in full_graph["edges"]}
    edges = [by_id[sorted(g[a][b])[0]] for a, b in zip(hops, hops[1:])]
    nodes = {node["id"]: node for node in full_graph["nodes"]}
    return {"nodes": [nodes[i] for i in hops], "edges": edges, "truncated": False}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["neighbourhood", "path_graph", "full_graph"])
def test_every_format_reads_back_whole(request, which: str, fmt: str) -> None:
    graph = request.getfixturevalue(which)
    assert graph["nodes"] and graph["edges"]
    response = render(graph, fmt, f"{which}-{KAZAKHSTAN}")
    assert response.status_code == 200
    read_back(graph, fmt, response.body)


def test_neighbourhood_is_a_real_one(neighbourhood) -> None:
    ids = {node["id"] for node in neighbourhood["nodes"]}
    # Kazakhstan is a founder of TURKSOY and a Turkiye Burslari beneficiary (src:bazarbayev-2025-soft-power).
    assert {"org:turksoy", "programme:turkiye-burslari", "programme:global-soft-power-index"} <= ids


def test_path_graph_is_a_path(path_graph) -> None:
    assert len(path_graph["nodes"]) == 4 and len(path_graph["edges"]) == 3
    for edge, (a, b) in zip(path_graph["edges"], zip(path_graph["nodes"], path_graph["nodes"][1:])):
        assert {edge["from"], edge["to"]} == {a["id"], b["id"]}


@pytest.mark.parametrize(
    ("fmt", "media_type", "filename"),
    [
        ("json", "application/json", "state-kazakhstan.json"),
        ("cytoscape", "application/json", "state-kazakhstan.cyjs"),
        ("d3", "application/json", "state-kazakhstan.json"),
        ("graphml", "application/graphml+xml", "state-kazakhstan.graphml"),
        ("gexf", "application/gexf+xml", "state-kazakhstan.gexf"),
        ("csv", "application/zip", "state-kazakhstan.zip"),
    ],
)
def test_media_type_and_file_name(neighbourhood, fmt: str, media_type: str, filename: str) -> None:
    response = render(neighbourhood, fmt, KAZAKHSTAN)
    assert response.media_type == media_type
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("inline;" if fmt == "json" else "attachment;")
    assert f'filename="{filename}"' in disposition


def test_unknown_format_names_the_parameter(neighbourhood) -> None:
    with pytest.raises(Problem) as raised:
        render(neighbourhood, "xlsx", KAZAKHSTAN)
    assert raised.value.status == 422
    assert raised.value.extensions["errors"][0]["parameter"] == "format"
    assert "xlsx" in raised.value.detail


def test_service_offers_exactly_the_contract_formats() -> None:
    assert tuple(SERVICE_FORMATS) == FORMATS


# -- facts a reader of the sources can check, in every format ----------------
def _edge_attributes(graph: dict[str, Any], fmt: str, edge_id: str) -> dict[str, Any]:
    body = serialise(graph, fmt)
    if fmt == "json":
        return next(e for e in json.loads(body)["edges"] if e["id"] == edge_id)
    if fmt == "cytoscape":
        return next(e["data"] for e in json.loads(body)["elements"]["edges"] if e["data"]["id"] == edge_id)
    if fmt == "d3":
        return next(link for link in json.loads(body)["links"] if link["id"] == edge_id)
    if fmt in ("graphml", "gexf"):
        g = nx.read_graphml(io.BytesIO(body), force_multigraph=True) if fmt == "graphml" else nx.read_gexf(io.BytesIO(body))
        return _keyed_edge(g, edge_id)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        rows = csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8")))
        return next(row for row in rows if row["id"] == edge_id)


def _keyed_edge(g: nx.Graph, edge_id: str) -> dict[str, Any]:
    """An edge's attributes by relationship id: the multigraph key (GraphML) or the GEXF edge id."""
    if g.is_multigraph():
        for _, _, key, data in g.edges(keys=True, data=True):
            if key == edge_id:
                return data
    for _, _, data in g.edges(data=True):
        if data.get("id") == edge_id:
            return data
    raise AssertionError(f"no edge {edge_id}")


def _node_attributes(graph: dict[str, Any], fmt: str, node_id: str) -> dict[str, Any]:
    body = serialise(graph, fmt)
    if fmt == "json":
        return next(n for n in json.loads(body)["nodes"] if n["id"] == node_id)
    if fmt == "cytoscape":
        return next(n["data"] for n in json.loads(body)["elements"]["nodes"] if n["data"]["id"] == node_id)
    if fmt == "d3":
        return next(n for n in json.loads(body)["nodes"] if n["id"] == node_id)
    if fmt in ("graphml", "gexf"):
        g = nx.read_graphml(io.BytesIO(body)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(body))
        return dict(g.nodes[node_id])
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        rows = csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8")))
        return next(row for row in rows if row["id"] == node_id)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else json.loads(value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_figures_sectors_and_evidence_survive(neighbourhood, fmt: str) -> None:
    # "262 students from Kazakhstan" under Turkiye Burslari in 2023 (src:bazarbayev-2025-soft-power).
    edge = _edge_attributes(neighbourhood, fmt, BURSLARI_TO_KAZAKHSTAN)
    assert float(edge["students"]) == 262
    assert {"education", "youth"} <= set(_as_list(edge["sectors"]))
    evidence = _as_list(edge["evidence"])
    assert evidence and all(e["source"] == "src:bazarbayev-2025-soft-power" for e in evidence)
    assert int(edge["evidence_count"] if fmt != "json" else len(evidence)) == len(evidence)
    assert (edge["rel_type"] if fmt == "gexf" else edge["type"]) == "BENEFITS"


@pytest.mark.parametrize("fmt", FORMATS)
def test_parallel_yearly_rankings_stay_apart(neighbourhood, fmt: str) -> None:
    # Table 1: Kazakhstan 58 (2020), 75 (2021) in the Global Soft Power Index.
    assert float(_edge_attributes(neighbourhood, fmt, RANKED_2020)["rank"]) == 58
    assert float(_edge_attributes(neighbourhood, fmt, RANKED_2021)["rank"]) == 75


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_in_every_script_survive(neighbourhood, fmt: str) -> None:
    node = _node_attributes(neighbourhood, fmt, KAZAKHSTAN)
    assert node["type"] == "State"
    assert {"Қазақстан", "Qazaqstan", "Казахстан"} <= set(_as_list(node["aliases"]))


# -- the routes that answer graphs, in every format ------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_neighbourhood_route_in_every_format(client, fmt: str) -> None:
    params = {"depth": 1, "sectors": "culture,education"}
    graph = client.get(f"/entities/{KAZAKHSTAN}/neighbourhood", params=params).json()
    assert graph["nodes"] and graph["edges"]
    response = client.get(f"/entities/{KAZAKHSTAN}/neighbourhood", params={**params, "format": fmt})
    assert response.status_code == 200
    read_back(graph, fmt, response.content)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_paths_route_in_every_graph_format(client, fmt: str) -> None:
    params = {"from": KAZAKHSTAN, "to": "org:turksoy", "k": 3, "max_hops": 3}
    answer = client.get("/paths", params=params).json()
    assert answer["paths"]
    edges = {edge["id"]: edge for path in answer["paths"] for edge in path["edges"]}
    graph = {"nodes": answer["nodes"], "edges": list(edges.values()), "truncated": False}
    response = client.get("/paths", params={**params, "format": fmt})
    assert response.status_code == 200
    read_back(graph, fmt, response.content)


def test_routes_reject_unknown_format_naming_it(client) -> None:
    for url in (f"/entities/{KAZAKHSTAN}/neighbourhood", "/export"):
        response = client.get(url, params={"format": "xlsx"})
        assert response.status_code == 422
        assert [e["parameter"] for e in response.json()["errors"]] == ["format"]
