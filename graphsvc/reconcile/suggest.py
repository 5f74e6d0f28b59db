"""The suggest services: entities, types and properties for a prefix, as people type in OpenRefine."""

from __future__ import annotations

from typing import Any

from graphsvc.db import Database
from graphsvc.graph.search import search_entities
from graphsvc.graph.shapes import entity_shape
from graphsvc.graph.text import fold
from graphsvc.reconcile.matching import description
from graphsvc.reconcile.spec import ID_PREFIX_TYPES, PROPERTIES, TYPE_DESCRIPTIONS, TYPE_NAMES


def _begins(prefix: str, *names: str) -> bool:
    """Whether some word-start of one of the names begins with the folded prefix (empty: everything)."""
    key = fold(prefix)
    if not key:
        return True
    for name in names:
        folded = fold(name)
        if folded.startswith(key) or any(word.startswith(key) for word in folded.split()):
            return True
    return False


def _suggested_entity(entity: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": entity["id"],
        "name": entity["name"],
        "description": description(entity),
        "notable": [{"id": entity["type"], "name": TYPE_NAMES.get(entity["type"], entity["type"])}],
    }


async def suggest_entities(db: Database, prefix: str, type_: str | None, limit: int) -> dict[str, Any]:
    """Entities a prefix names: ids beginning with it first (when it looks like an id), then search's matches."""
    prefix = prefix.strip()
    found: list[dict[str, Any]] = []
    if ":" in prefix and prefix.split(":", 1)[0].lower() in ID_PREFIX_TYPES:
        rows = await db.read("reconcile_suggest_ids", {"prefix": prefix.lower(), "type": type_, "limit": limit})
        found = [entity_shape(row["props"], row["type"]) for row in rows]
    if len(found) < limit and fold(prefix):
        seen = {e["id"] for e in found}
        searched = await search_entities(db, prefix, type_, limit)
        found += [e for e in searched["items"] if e["id"] not in seen]
    return {"prefix": prefix, "result": [_suggested_entity(e) for e in found[:limit]]}


def suggest_types(prefix: str) -> dict[str, Any]:
    return {
        "prefix": prefix,
        "result": [
            {"id": type_, "name": name, "description": TYPE_DESCRIPTIONS[type_]}
            for type_, name in TYPE_NAMES.items()
            if _begins(prefix, type_, name)
        ],
    }


def suggest_properties(prefix: str) -> dict[str, Any]:
    return {
        "prefix": prefix,
        "result": [
            {"id": p.id, "name": p.name, "description": p.description}
            for p in PROPERTIES
            if _begins(prefix, p.id.replace("_", " "), p.name)
        ],
    }
