"""Finding one entity: by id, or by a name or alias that names exactly one."""

from __future__ import annotations

from typing import Any

from graphsvc.db import Database
from graphsvc.errors import Problem, not_found
from graphsvc.graph.shapes import entity_shape
from graphsvc.graph.text import fold


async def entity_with_counts(db: Database, entity_id: str) -> dict[str, Any] | None:
    rows = await db.read("entity_by_id", {"id": entity_id})
    if not rows:
        return None
    row = rows[0]
    shape = entity_shape(row["props"], row["type"])
    shape["relationship_counts"] = {c["type"]: c["count"] for c in sorted(row["counts"], key=lambda c: c["type"])}
    return shape


async def resolve_entity(db: Database, ref: str, parameter: str = "id") -> dict[str, Any]:
    """The entity `ref` names: an id, or a name/alias matching exactly one entity.

    Raises 404 (with close matches) when nothing matches, 422 when a name is ambiguous.
    """
    ref = ref.strip()
    if not ref:
        raise Problem(422, "Invalid parameter", f"Parameter '{parameter}': empty", type_="invalid-parameter",
                      errors=[{"parameter": parameter, "reason": "empty"}])
    entity = await entity_with_counts(db, ref)
    if entity is not None:
        return entity
    key = fold(ref)
    if key:
        rows = await db.read("entity_by_name_key", {"key": key, "limit": 5})
        if len(rows) == 1:
            found = await entity_with_counts(db, rows[0]["id"])
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
    from graphsvc.graph.search import close_matches

    matches = await close_matches(db, ref)
    hint = f" Close matches: {', '.join(m['id'] for m in matches)}." if matches else ""
    raise not_found(
        "Entity",
        f"Parameter '{parameter}': no entity has the id or name '{ref[:100]}'.{hint}",
        parameter=parameter,
        close_matches=matches,
    )
