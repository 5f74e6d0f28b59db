"""Node-link JSON, as D3 force layouts (`d3.forceSimulation(nodes)`,
`d3.forceLink(links).id(d => d.id)`) and `networkx.node_link_graph(..., edges="links")` read it.

```json
{"directed": true, "multigraph": true, "graph": {"truncated": false},
 "nodes": [{"id": "state:kazakhstan", "name": "Kazakhstan", "type": "State", ...}],
 "links": [{"source": "state:kazakhstan", "target": "org:turksoy", "key": "member_of:...",
            "id": "member_of:...", "type": "MEMBER_OF", ...}]}
```

Every Entity and Edge field is kept (lists and evidence as JSON arrays);
`evidence_count` is added. Links name their ends by node id; `key` repeats the
edge id so two relationships between the same pair stay apart. `graph` holds
`truncated` and an export's `licenses` (formats/licenses.py).
"""

from __future__ import annotations

from typing import Any

import orjson

from graphsvc.formats.licenses import graph_data


def document(graph: dict[str, Any]) -> dict[str, Any]:
    nodes = [{**node, "evidence_count": len(node.get("evidence") or [])} for node in graph["nodes"]]
    links = []
    for edge in graph["edges"]:
        link: dict[str, Any] = {"source": edge["from"], "target": edge["to"], "key": edge["id"]}
        link.update({key: value for key, value in edge.items() if key not in ("from", "to")})
        link["evidence_count"] = len(edge.get("evidence") or [])
        links.append(link)
    return {
        "directed": True,
        "multigraph": True,
        "graph": graph_data(graph),
        "nodes": nodes,
        "links": links,
    }


def serialise(graph: dict[str, Any]) -> bytes:
    return orjson.dumps(document(graph))
