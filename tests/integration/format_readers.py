"""Reading each graph format back with a real reader (networkx, json, csv,
zipfile) and checking that every node, edge and attribute of the original
graph survived. Shared by test_formats.py and test_export.py."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import networkx as nx

FORMATS = ("json", "cytoscape", "d3", "graphml", "gexf", "csv")

# Attribute names GEXF reserves, and the names the service writes instead.
GEXF_NODE_NAMES = {"start": "start_date", "end": "end_date"}
GEXF_EDGE_NAMES = {"start": "start_date", "end": "end_date", "type": "rel_type"}


def same_flat(original: Any, read: Any) -> bool:
    """Does a scalar-only format's value `read` say the same as `original`?

    Lists and maps are JSON text; numbers may come back as text or float when an
    attribute holds mixed types; booleans as true/false in CSV; nulls are absent.
    """
    if original is None:
        return read in (None, "")
    if isinstance(original, (list, dict)):
        return isinstance(read, str) and json.loads(read) == original
    if isinstance(original, bool):
        return _bool_ok(original, read)
    if isinstance(original, (int, float)):
        return read is not None and float(read) == float(original)
    return read == original


def _bool_ok(original: bool, read: Any) -> bool:
    if isinstance(read, bool):
        return read is original
    return read == ("true" if original else "false")


def _check_flat_element(kind: str, ident: str, original: dict[str, Any], read: dict[str, Any],
                        names: dict[str, str], skip: tuple[str, ...]) -> None:
    for key, value in original.items():
        if key in skip:
            continue
        got = read.get(names.get(key, key))
        assert same_flat(value, got), f"{kind} {ident}: {key} = {got!r}, expected {value!r}"
    count = read.get("evidence_count")
    assert count is not None and int(count) == len(original.get("evidence") or []), f"{kind} {ident}: evidence_count"


def _check_networkx(graph: dict[str, Any], g: nx.MultiDiGraph, gexf: bool) -> None:
    assert g.is_directed() and g.is_multigraph()
    assert set(g.nodes) == {node["id"] for node in graph["nodes"]}
    assert g.number_of_edges() == len(graph["edges"])
    node_names = GEXF_NODE_NAMES if gexf else {}
    edge_names = GEXF_EDGE_NAMES if gexf else {}
    for node in graph["nodes"]:
        data = g.nodes[node["id"]]
        assert data["label"] == node["name"]
        _check_flat_element("node", node["id"], node, data, node_names, skip=("id",))
    for edge in graph["edges"]:
        assert g.has_edge(edge["from"], edge["to"], key=edge["id"]), edge["id"]
        data = g.edges[edge["from"], edge["to"], edge["id"]]
        if gexf:
            assert data["label"] == edge["type"]
        _check_flat_element("edge", edge["id"], edge, data, edge_names, skip=("id", "from", "to"))


def read_back(graph: dict[str, Any], fmt: str, body: bytes) -> None:
    """Parse `body` (the graph in `fmt`) with a real reader; assert nothing was lost."""
    node_ids = [node["id"] for node in graph["nodes"]]
    edge_ids = [edge["id"] for edge in graph["edges"]]
    if fmt == "json":
        assert json.loads(body) == graph
    elif fmt == "cytoscape":
        doc = json.loads(body)
        assert doc["data"]["truncated"] == graph["truncated"]
        nodes = {element["data"]["id"]: element["data"] for element in doc["elements"]["nodes"]}
        edges = {element["data"]["id"]: element["data"] for element in doc["elements"]["edges"]}
        assert list(nodes) == node_ids and list(edges) == edge_ids
        for node in graph["nodes"]:
            data = nodes[node["id"]]
            assert data["label"] == node["name"]
            assert data["evidence_count"] == len(node["evidence"])
            assert {key: data[key] for key in node} == node
        for edge in graph["edges"]:
            data = edges[edge["id"]]
            assert (data["source"], data["target"]) == (edge["from"], edge["to"])
            assert data["evidence_count"] == len(edge["evidence"])
            assert {key: data[key] for key in edge if key not in ("from", "to")} == {
                key: value for key, value in edge.items() if key not in ("from", "to")
            }
    elif fmt == "d3":
        doc = json.loads(body)
        assert [node["id"] for node in doc["nodes"]] == node_ids
        assert [link["id"] for link in doc["links"]] == edge_ids
        assert all({"source", "target"} <= set(link) for link in doc["links"])
        g = nx.node_link_graph(doc, edges="links")
        assert set(g.nodes) == set(node_ids) and g.number_of_edges() == len(edge_ids)
        for node in graph["nodes"]:
            assert {key: g.nodes[node["id"]][key] for key in node if key != "id"} == {
                key: value for key, value in node.items() if key != "id"
            }
        for edge in graph["edges"]:
            data = g.edges[edge["from"], edge["to"], edge["id"]]
            assert {key: data[key] for key in edge if key not in ("from", "to")} == {
                key: value for key, value in edge.items() if key not in ("from", "to")
            }
    elif fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(body), force_multigraph=True)
        assert g.graph.get("truncated") == graph["truncated"]
        _check_networkx(graph, g, gexf=False)
    elif fmt == "gexf":
        g = nx.read_gexf(io.BytesIO(body))
        if not g.is_multigraph():  # networkx reads a GEXF without parallel edges as a DiGraph
            multi = nx.MultiDiGraph()
            multi.add_nodes_from(g.nodes(data=True))
            multi.add_edges_from((a, b, data["id"], data) for a, b, data in g.edges(data=True))
            g = multi
        _check_networkx(graph, g, gexf=True)
    elif fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert {"nodes.csv", "edges.csv"} <= set(archive.namelist())
            nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
            edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8"))))
        assert [row["id"] for row in nodes] == node_ids
        assert [row["id"] for row in edges] == edge_ids
        for node, row in zip(graph["nodes"], nodes, strict=True):
            assert row["label"] == node["name"]
            _check_flat_element("node", node["id"], node, row, {}, skip=("id",))
        for edge, row in zip(graph["edges"], edges, strict=True):
            assert (row["source"], row["target"]) == (edge["from"], edge["to"])
            _check_flat_element("edge", edge["id"], edge, row, {}, skip=("id", "from", "to"))
    else:
        raise AssertionError(f"no reader for {fmt}")
