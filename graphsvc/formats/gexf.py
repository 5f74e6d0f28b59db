"""GEXF 1.2 (Gephi's own format), written by networkx.

A directed multigraph; node ids are entity ids, node `label` the name; each
edge's GEXF `id` is the relationship's id and its `label` the relationship
type. Attributes follow `flat.py` (lists and evidence as JSON text,
`evidence_count`), except for names GEXF reserves for itself:

- `start`/`end` (GEXF's dynamic-graph time bounds) are written as the
  attributes `start_date` / `end_date`, on nodes and edges alike (partial
  ISO dates such as `2009` are kept as text);
- an edge's `type` (GEXF's directed/undirected) is written as `rel_type`.

GEXF 1.2 has no graph attributes (networkx drops them), so an export's
licenses go in the text of `<meta><description>` (formats/licenses.py).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from graphsvc.formats.flat import flat_edge, flat_node, harmonise
from graphsvc.formats.licenses import license_text

if TYPE_CHECKING:
    import networkx as nx  # imported when a file is written: every service process would carry it otherwise

GEXF_NAMESPACE = "http://www.gexf.net/1.2draft"
ElementTree.register_namespace("", GEXF_NAMESPACE)
ElementTree.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")

_RENAMED = {"start": "start_date", "end": "end_date"}
_EDGE_RENAMED = {**_RENAMED, "type": "rel_type"}


def to_networkx(graph: dict[str, Any]) -> nx.MultiDiGraph:
    import networkx as nx

    g = nx.MultiDiGraph(truncated=bool(graph.get("truncated", False)))
    nodes = harmonise([flat_node(node) for node in graph["nodes"]])
    edges = harmonise([flat_edge(edge) for edge in graph["edges"]])
    for row in nodes:
        g.add_node(row["id"], **{_RENAMED.get(k, k): v for k, v in row.items() if k != "id"})
    for row in edges:
        attrs = {_EDGE_RENAMED.get(k, k): v for k, v in row.items() if k not in ("source", "target")}
        attrs["label"] = row["type"]
        g.add_edge(row["source"], row["target"], key=row["id"], **attrs)
    return g


def with_description(document: bytes, text: str) -> bytes:
    """The GEXF document with `text` as its `<meta><description>`."""
    root = ElementTree.fromstring(document)
    meta = root.find(f"{{{GEXF_NAMESPACE}}}meta")
    if meta is None:
        meta = ElementTree.Element(f"{{{GEXF_NAMESPACE}}}meta")
        root.insert(0, meta)
    ElementTree.SubElement(meta, f"{{{GEXF_NAMESPACE}}}description").text = text
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def serialise(graph: dict[str, Any]) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(to_networkx(graph), buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    text = license_text(graph.get("licenses"))
    return with_description(buffer.getvalue(), text) if text else buffer.getvalue()
