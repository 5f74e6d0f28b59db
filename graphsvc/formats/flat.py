"""Scalar attributes for the formats that cannot hold lists or maps (GraphML, GEXF, CSV).

The rule, the same in the three formats:

- strings, numbers and booleans are kept as they are;
- lists (aliases, sectors, sources, and list-valued figures) become JSON
  text: `["culture", "education"]`;
- `evidence` (a list of `{source, excerpt, locator}`) becomes JSON text of
  that list, and `evidence_count` gives its length;
- nulls are left out (an empty cell in CSV);
- an edge's ends are `source` and `target`; a node's display name is also
  given as `label` (the attribute Gephi and yEd show);
- a node's network `metrics` (docs/analysis.md), JSON text like any map,
  are also given as attributes `metric_<name>` (`metric_degree`,
  `metric_pagerank`, `metric_community`, ...), for tools to size and colour by.

An attribute that holds different scalar types on different elements (an
integer here, a float there) is written with one type across the file:
float when all are numbers, otherwise text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

Scalar = str | int | float | bool


def _scalar(value: Any) -> Scalar | None:
    if value is None:
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, dict)):
        return orjson.dumps(value).decode()
    return str(value)


def flat_node(node: dict[str, Any]) -> dict[str, Scalar]:
    """An Entity dict -> scalar attributes (id first, then label)."""
    flat: dict[str, Scalar] = {"id": node["id"], "label": node.get("name", node["id"])}
    for key, value in node.items():
        if key in flat:
            continue
        scalar = _scalar(value)
        if scalar is not None:
            flat[key] = scalar
    metrics = node.get("metrics")
    if isinstance(metrics, dict):
        # prefixed: an entity's own figures may use the plain names (a person's `degree` is "PhD")
        flat.update({f"metric_{name}": metric for name, metric in metrics.items() if metric is not None})
    flat["evidence_count"] = len(node.get("evidence") or [])
    return flat


def flat_edge(edge: dict[str, Any]) -> dict[str, Scalar]:
    """An Edge dict -> scalar attributes (id, source, target first)."""
    flat: dict[str, Scalar] = {"id": edge["id"], "source": edge["from"], "target": edge["to"]}
    for key, value in edge.items():
        if key in ("from", "to") or key in flat:
            continue
        scalar = _scalar(value)
        if scalar is not None:
            flat[key] = scalar
    flat["evidence_count"] = len(edge.get("evidence") or [])
    return flat


def harmonise(rows: list[dict[str, Scalar]]) -> list[dict[str, Scalar]]:
    """Give every attribute one type across all rows (in place; returns rows)."""
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            kinds.setdefault(key, set()).add(type(value))
    for key, seen in kinds.items():
        if len(seen) < 2:
            continue
        to_float = seen <= {int, float}
        for row in rows:
            if key in row:
                value = row[key]
                row[key] = float(value) if to_float else (value if isinstance(value, str) else orjson.dumps(value).decode())
    return rows


def columns(rows: Iterable[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    """Column order: `first`, then every other key in order of appearance."""
    order = dict.fromkeys(first)
    for row in rows:
        order.update(dict.fromkeys(row))
    return list(order)
