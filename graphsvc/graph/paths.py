"""Shortest paths between two entities, each hop with its evidence.

First the shortest paths (`shortest_paths`: Neo4j's bidirectional
`allShortestPaths`, the filters applied on every hop while it searches). When
they are fewer than `k`, longer ones are alternatives: the search runs again
with the entities on the paths found so far (and, after a direct link, that
link) left out, so each round finds the next-shortest route through other
intermediaries. Paths through the same entities over parallel facts count
once; their hop shows the best-evidenced fact (evidenced tier, then most
evidence items). Every round is bounded by the hop limit and the query time
limit; if a round after the first runs out of time, the paths found so far
are answered with `truncated: true`.

This is not an enumeration of every k-th shortest simple path (which on a
graph with hubs would mean enumerating paths through them); it answers "how
else are they linked", which is what a reader asks next.
"""

from __future__ import annotations

from typing import Any

from graphsvc.db import Database
from graphsvc.errors import Problem
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import edge_shape, entity_shape

# Rows read per round, per path still wanted: enough to see past parallel facts
# between the same entities without enumerating (and shipping the properties
# of) dozens of equal-length routes between two hubs when one path is asked.
FETCH_PER_PATH = 10


def _strength(rel: dict[str, Any]) -> tuple[int, int]:
    props = rel["props"]
    return (1 if props.get("tier") == "evidenced" else 0, len(props.get("sources") or []))


async def shortest_paths(
    db: Database, source: dict[str, Any], target: dict[str, Any], max_hops: int, k: int, filters: GraphFilters
) -> dict[str, Any]:
    """`{"paths": [{"length", "nodes": [id], "edges": [Edge]}], "nodes": [Entity], "truncated"}`, shortest first."""
    entities: dict[str, dict[str, Any]] = {}
    for endpoint in (source, target):
        entities[endpoint["id"]] = dict(endpoint)
    by_route: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    order: list[tuple[str, ...]] = []
    excluded: list[str] = []
    skip_direct = False
    truncated = False
    while len(order) < k:
        try:
            rows = await db.read(
                "shortest_paths",
                {
                    **filters.parameters(),
                    "from": source["id"],
                    "to": target["id"],
                    # a copy, as `excluded` grows after this statement; null rather than empty, so
                    # that the first round's statement has no exclusion test (db.py, `// filter:`)
                    "exclude": list(excluded) or None,
                    "skip_direct": skip_direct,
                    "fetch": FETCH_PER_PATH * (k - len(order)),
                },
                max_hops=str(int(max_hops)),
            )
        except Problem as problem:
            if problem.status != 504 or not order:
                raise
            truncated = True
            break
        found_new = False
        for row in rows:
            route = tuple(node["props"]["id"] for node in row["nodes"])
            if route in by_route:
                # The same entities over other facts: keep, hop by hop, the best-evidenced one.
                best = by_route[route]
                for hop, rel in enumerate(row["rels"]):
                    if _strength(rel) > _strength(best[hop]):
                        best[hop] = rel
                continue
            if len(order) == k:
                continue
            found_new = True
            order.append(route)
            by_route[route] = list(row["rels"])
            for node in row["nodes"]:
                entities.setdefault(node["props"]["id"], entity_shape(node["props"], node["type"]))
        if not found_new:
            break
        for route in order:
            if len(route) == 2:
                skip_direct = True
            excluded.extend(node for node in route[1:-1] if node not in excluded)
    paths = [
        {
            "length": len(by_route[route]),
            "nodes": list(route),
            "edges": [edge_shape(r["props"], r["type"], r["from"], r["to"]) for r in by_route[route]],
        }
        for route in order
    ]
    paths.sort(key=lambda path: path["length"])
    return {"paths": paths, "nodes": list(entities.values()), "truncated": truncated}
