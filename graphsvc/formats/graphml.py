"""GraphML (yEd, Gephi, Cytoscape desktop, igraph, networkx), written by networkx.

A directed multigraph: node ids are entity ids; each edge's GraphML `id` is
the relationship's id. Attributes follow `flat.py` (lists and evidence as
JSON text, `evidence_count`, `label` = the node's name); the graph carries
`truncated` and an export's licenses (formats/licenses.py).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from graphsvc.formats.flat import flat_edge, flat_node, harmonise
from graphsvc.formats.licenses import graph_attributes

if TYPE_CHECKING:
    import networkx as nx  # imported when a file is written: every service process would carry it otherwise


def to_networkx(graph: dict[str, Any]) -> nx.MultiDiGraph:
    import networkx as nx

    g = nx.MultiDiGraph(truncated=bool(graph.get("truncated", False)), **graph_attributes(graph.get("licenses")))
    nodes = harmonise([flat_node(node) for node in graph["nodes"]])
    edges = harmonise([flat_edge(edge) for edge in graph["edges"]])
    for row in nodes:
        g.add_node(row["id"], **{k: v for k, v in row.items() if k != "id"})
    for row in edges:
        attrs = {k: v for k, v in row.items() if k not in ("id", "source", "target")}
        g.add_edge(row["source"], row["target"], key=row["id"], **attrs)
    return g


def serialise(graph: dict[str, Any]) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()
