"""Finding one entity: by id, or by a name or alias that names exactly one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphsvc.db import Database
from graphsvc.errors import Problem, not_found
from graphsvc.graph.search import close_matches, key_index, read_entities
from graphsvc.graph.shapes import entity_shape
from graphsvc.graph.text import fold


async def entity_by_id(db: Database, entity_id: str) -> dict[str, Any] | None:
    """The entity with this id, without its relationship counts: what every route that takes an
    entity needs to go on."""
    found = await entities_by_ids(db, [entity_id])
    return found[0] if found else None


async def entities_by_ids(db: Database, ids: list[str]) -> list[dict[str, Any]]:
    """The entities with these ids, in the order asked, each once; an id with no entity is left out
    (`entities_by_ids`, one statement): GET /entities?ids=, and `entity_by_id` with one."""
    return list((await read_entities(db, list(dict.fromkeys(ids)))).values())


async def entity_with_counts(db: Database, entity_id: str) -> dict[str, Any] | None:
    """The entity with this id and its relationship counts by type (`entity_by_id`): GET /entities/{id}."""
    rows = await db.read("entity_by_id", {"id": entity_id})
    if not rows:
        return None
    row = rows[0]
    shape = entity_shape(row["props"], row["type"])
    shape["relationship_counts"] = {c["type"]: c["count"] for c in sorted(row["counts"], key=lambda c: c["type"])}
    return shape


async def resolve_entity(db: Database, ref: str, parameter: str = "id") -> dict[str, Any]:
    """The entity `ref` names: an id, or a name/alias matching exactly one; without counts.

    Raises 404 (with close matches) when nothing matches, 422 when a name is ambiguous.
    """
    return await _resolve(db, ref, parameter, entity_by_id)


async def resolve_entity_with_counts(db: Database, ref: str, parameter: str = "id") -> dict[str, Any]:
    """`resolve_entity` with the entity's relationship counts by type (GET /entities/{id} only)."""
    return await _resolve(db, ref, parameter, entity_with_counts)


async def _resolve(
    db: Database, ref: str, parameter: str, read: Callable[[Database, str], Awaitable[dict[str, Any] | None]]
) -> dict[str, Any]:
    ref = ref.strip()
    if not ref:
        raise Problem(422, "Invalid parameter", f"Parameter '{parameter}': empty", type_="invalid-parameter",
                      errors=[{"parameter": parameter, "reason": "empty"}])
    entity = await read(db, ref)
    if entity is not None:
        return entity
    key = fold(ref)
    if key:
        rows = await db.read("entity_by_name_key", {"key": key, "key_index": await key_index(db), "limit": 5})
        if len(rows) == 1:
            found = await read(db, rows[0]["id"])
            if found is not None:
                return found
        if len(rows) > 1:
            raise Problem(
                422,
                "Ambiguous name",
                f"Parameter '{parameter}': '{ref[:100]}' names several entities; use one of their ids.",
                type_="ambiguous-name",
                candidates=rows,
                errors=[{"parameter": parameter, "reason": "ambiguous name"}],
            )
    matches = await close_matches(db, ref)
    hint = f" Close matches: {', '.join(m['id'] for m in matches)}." if matches else ""
    raise not_found(
        "Entity",
        f"Parameter '{parameter}': no entity has the id or name '{ref[:100]}'.{hint}",
        parameter=parameter,
        close_matches=matches,
    )
