"""Turning stored node and relationship properties into the API's shapes.

Nodes and relationships keep citations as parallel lists (Neo4j properties
cannot hold maps); answers show them as `evidence: [{source, excerpt,
locator}]`. Internal bookkeeping (search keys, time bounds, origin) is not
shown; figures the sources give (students, rank, ...) are.
"""

from __future__ import annotations

from typing import Any

from graphsvc.citations import decode_locator

# Stored properties that are not part of an answer, or are shown another way.
_TIME_BOUNDS = frozenset({"t_from", "t_to", "start_lower", "start_upper", "end_lower", "end_upper"})
_NODE_HIDDEN = _TIME_BOUNDS | {"search_keys", "origin", "evidence_sources", "evidence_excerpts", "evidence_locators"}
_EDGE_HIDDEN = _TIME_BOUNDS | {"origin", "sources", "excerpts", "locators", "key"}


def evidence_list(sources: list[str] | None, excerpts: list[str] | None, locators: list[str] | None) -> list[dict[str, Any]]:
    """The parallel lists zipped: `[{source, excerpt, locator: {section, paragraph, start, end}, citation}]`."""
    sources, excerpts, locators = sources or [], excerpts or [], locators or []
    if len(locators) < len(sources):
        locators = [*locators, *[""] * (len(sources) - len(locators))]
    items = []
    for source, excerpt, stored in zip(sources, excerpts, locators, strict=False):
        locator, citation = decode_locator(stored)
        items.append({"source": source, "excerpt": excerpt, "locator": locator, "citation": citation or source})
    return items


def entity_shape(props: dict[str, Any], type_: str) -> dict[str, Any]:
    """Node properties and its type label -> the API's `Entity`."""
    shape: dict[str, Any] = {
        "id": props["id"],
        "name": props.get("name", props["id"]),
        "type": type_,
        "kind": props.get("kind", ""),
        "aliases": list(props.get("aliases") or []),
        "start": props.get("start"),
        "end": props.get("end"),
        "sources": list(props.get("sources") or []),
        "evidence": evidence_list(
            props.get("evidence_sources"), props.get("evidence_excerpts"), props.get("evidence_locators")
        ),
    }
    for key, value in props.items():
        if key not in shape and key not in _NODE_HIDDEN:
            shape[key] = value
    return shape


def edge_shape(props: dict[str, Any], type_: str, from_id: str, to_id: str) -> dict[str, Any]:
    """Relationship properties, type and ends -> the API's `Edge`."""
    shape: dict[str, Any] = {
        "id": props.get("id", f"{type_.lower()}:{from_id}->{to_id}"),
        "type": type_,
        "from": from_id,
        "to": to_id,
        "start": props.get("start"),
        "end": props.get("end"),
        "sectors": list(props.get("sectors") or []),
        "tier": props.get("tier", "evidenced"),
        "dated": props.get("t_from") is not None or props.get("t_to") is not None,
        "evidence": evidence_list(props.get("sources"), props.get("excerpts"), props.get("locators")),
    }
    for key, value in props.items():
        if key not in shape and key not in _EDGE_HIDDEN:
            shape[key] = value
    return shape
