"""Cytoscape.js elements JSON: what `cytoscape({elements})` and `cy.add()` take.

```json
{"elements": {"nodes": [{"data": {"id": "state:kazakhstan", "label": "Kazakhstan", "type": "State", ...}}],
              "edges": [{"data": {"id": "member_of:...", "source": "state:kazakhstan",
                                  "target": "org:turksoy", "label": "MEMBER_OF", "type": "MEMBER_OF", ...}}]},
 "data": {"truncated": false}}
```

Every Entity and Edge field is kept in `data` (lists and evidence as JSON
arrays); `label` is the node's name or the edge's type, `evidence_count` the
number of citations. An edge's `from`/`to` are Cytoscape's `source`/`target`.
`data` at the top level is the graph's own data (`cy.data()`): `truncated`, and an
export's `licenses` (formats/licenses.py).
"""

from __future__ import annotations

from typing import Any

import orjson

from graphsvc.formats.licenses import graph_data


def node_element(node: dict[str, Any]) -> dict[str, Any]:
    data = {"id": node["id"], "label": node.get("name", node["id"]), **node}
    data["evidence_count"] = len(node.get("evidence") or [])
    return {"group": "nodes", "data": data}


def edge_element(edge: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": edge["id"], "source": edge["from"], "target": edge["to"], "label": edge["type"]}
    data.update({key: value for key, value in edge.items() if key not in ("from", "to")})
    data["evidence_count"] = len(edge.get("evidence") or [])
    return {"group": "edges", "data": data}


def document(graph: dict[str, Any]) -> dict[str, Any]:
    return {
        "elements": {
            "nodes": [node_element(node) for node in graph["nodes"]],
            "edges": [edge_element(edge) for edge in graph["edges"]],
        },
        "data": graph_data(graph),
    }


def serialise(graph: dict[str, Any]) -> bytes:
    return orjson.dumps(document(graph))
