"""The neighbourhood of an entity: a bounded breadth-first expansion.

One query per depth level (`neighbourhood_level`): the frontier's unseen
neighbours over relationships passing the filters. Paths are never
enumerated, so a hub costs at most its (capped) relationships per level, not
the number of paths through it. Nodes are kept nearest first; among nodes at
the same distance, those reached by an `evidenced` fact first, then those with
more evidence items. When more nodes qualify than `limit`, the answer is cut
there and marked `truncated`. Node `types` restrict what is returned and what
is walked through (the answer stays connected); the start entity is always in.
The edges are then every relationship among the returned nodes that passes
the filters (`edges_among`).
"""

from __future__ import annotations

from typing import Any

from graphsvc.db import Database
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import edge_shape, entity_shape

# Relationships one frontier entity may contribute per level: bounds the work on hubs.
SCAN_CAP = 10_000
# Edges among the returned nodes, at most this many per returned node.
EDGES_PER_NODE = 20


async def neighbourhood(
    db: Database, start: dict[str, Any], depth: int, filters: GraphFilters, limit: int
) -> dict[str, Any]:
    """A `Graph` of the entities within `depth` hops of `start` (an Entity dict), at most `limit` nodes."""
    params = filters.parameters()
    nodes: list[dict[str, Any]] = [dict(start)]
    seen = [start["id"]]
    frontier = [start["id"]]
    truncated = False
    for _level in range(depth):
        remaining = limit - len(nodes)
        if remaining <= 0 or not frontier:
            if frontier and remaining <= 0:
                truncated = truncated or await _has_more(db, frontier, seen, params)
            break
        rows = await _neighbours(
            db,
            {
                **params,
                "frontier": frontier,
                "seen": seen,
                "scan_cap": SCAN_CAP,
                "per_node": remaining + 1,
                "limit": remaining + 1,
            },
        )
        if len(rows) > remaining:
            truncated = True
        rows = rows[:remaining]
        frontier = [row["props"]["id"] for row in rows]
        seen.extend(frontier)
        nodes.extend(entity_shape(row["props"], row["type"]) for row in rows)
    edge_limit = max(EDGES_PER_NODE * len(nodes), 100)
    # from a hub, seek the others only around one centre (depth 1): see edges_among.cypher
    edge_parameters = {**params, "ids": seen, "limit": edge_limit + 1, "seek_from_hubs": depth == 1}
    edge_rows = (await db.read("edges_among", edge_parameters))[0]["edges"]
    if len(edge_rows) > edge_limit:
        truncated = True
        edge_rows = edge_rows[:edge_limit]
    edges = [edge_shape(row["props"], row["type"], row["from"], row["to"]) for row in edge_rows]
    edges.sort(key=lambda e: (e["type"], e["from"], e["to"], e["id"]))
    return {"nodes": nodes, "edges": edges, "truncated": truncated}


async def _has_more(db: Database, frontier: list[str], seen: list[str], params: dict[str, Any]) -> bool:
    """Whether the expansion stopped at `limit` with neighbours left over."""
    rows = await _neighbours(
        db, {**params, "frontier": frontier, "seen": seen, "scan_cap": 1, "per_node": 1, "limit": 1}
    )
    return bool(rows)


async def _neighbours(db: Database, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    """One ring of the expansion (`neighbourhood_level`): the new entities, strongest first."""
    return (await db.read("neighbourhood_level", parameters))[0]["neighbours"]
