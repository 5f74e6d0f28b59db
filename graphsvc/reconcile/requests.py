"""What clients send, parsed and checked: a batch of `queries`, an `extend` request.

Everything a client can get wrong answers a problem (errors.py) naming the
parameter and the query key: 422 for JSON that is malformed or not of the
specification's shape, an unknown type or property; 413 for a batch over
`spec.MAX_BATCH`. Nothing here touches the database.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from graphsvc.errors import Problem
from graphsvc.reconcile.spec import (
    DEFAULT_LIMIT,
    MAX_BATCH,
    MAX_EXTEND_IDS,
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    PROPERTY_BY_ID,
    TYPE_NAMES,
    property_id,
    type_id,
)


def invalid_request(parameter: str, reason: str) -> Problem:
    return Problem(
        422,
        "Invalid reconciliation request",
        f"Parameter '{parameter}': {reason}",
        type_="invalid-reconciliation-request",
        errors=[{"parameter": parameter, "reason": reason}],
    )


def batch_too_large(parameter: str, size: int, limit: int) -> Problem:
    return Problem(
        413,
        "Batch too large",
        f"Parameter '{parameter}': {size} items in one request; at most {limit} "
        "(the manifest's batchSize). Send them in smaller batches.",
        type_="batch-too-large",
        limit=limit,
    )


@dataclass(frozen=True)
class PropertyValue:
    """One value a query gives for a property: an entity id (already reconciled) and/or a text."""

    id: str | None
    text: str


@dataclass(frozen=True)
class PropertyConstraint:
    pid: str  # as the client wrote it (features are named after it)
    property: str  # the service's property id (spec.PROPERTIES)
    values: tuple[PropertyValue, ...]


@dataclass(frozen=True)
class ReconQuery:
    key: str
    text: str
    types: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    properties: tuple[PropertyConstraint, ...] = field(default_factory=tuple)


def _shorten(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def parse_json(parameter: str, raw: str | bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise invalid_request(parameter, f"not valid JSON ({_shorten(str(exc), 120)})") from None


def _limit(key: str, raw: Any) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise invalid_request("queries", f"query '{_shorten(key)}': 'limit' must be a number")
    # The specification types it as a number: fractions are floored, and what is
    # outside 1..MAX_LIMIT is taken as the nearest bound rather than refused.
    return max(1, min(MAX_LIMIT, int(raw)))


def _types(key: str, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise invalid_request("queries", f"query '{_shorten(key)}': 'type' must be a type id or a list of them")
    types = []
    for name in names:
        found = type_id(name)
        if found is None:
            raise invalid_request(
                "queries",
                f"query '{_shorten(key)}': unknown type '{_shorten(name)}'; the types are {', '.join(TYPE_NAMES)}",
            )
        types.append(found)
    return tuple(dict.fromkeys(types))


def _value(key: str, raw: Any) -> PropertyValue:
    if isinstance(raw, bool):
        return PropertyValue(None, "true" if raw else "false")
    if isinstance(raw, str):
        return PropertyValue(None, raw[:MAX_QUERY_CHARS])
    if isinstance(raw, int | float):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return PropertyValue(None, str(raw))
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        name = raw.get("name")
        return PropertyValue(raw["id"][:MAX_QUERY_CHARS], name[:MAX_QUERY_CHARS] if isinstance(name, str) else "")
    raise invalid_request(
        "queries", f"query '{_shorten(key)}': a property value is a string, number, boolean or {{\"id\": ...}}"
    )


def _properties(key: str, raw: Any) -> tuple[PropertyConstraint, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise invalid_request("queries", f"query '{_shorten(key)}': 'properties' must be a list of {{pid, v}}")
    constraints = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise invalid_request("queries", f"query '{_shorten(key)}': each property is {{\"pid\": ..., \"v\": ...}}")
        pid = item["pid"]
        found = property_id(pid)
        if found is None or not PROPERTY_BY_ID[found].constraint:
            matchable = ", ".join(p.id for p in PROPERTY_BY_ID.values() if p.constraint)
            raise invalid_request(
                "queries", f"query '{_shorten(key)}': unknown property '{_shorten(pid)}'; match on {matchable}"
            )
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        constraints.append(PropertyConstraint(pid, found, tuple(_value(key, v) for v in values)))
    return tuple(constraints)


_QUERY_FIELDS = frozenset({"query", "type", "limit", "properties", "type_strict"})


def parse_query(key: str, raw: Any) -> ReconQuery:
    if not isinstance(raw, dict):
        raise invalid_request(
            "queries", f"query '{_shorten(key)}' must be an object such as {{\"query\": \"TURKSOY\"}}"
        )
    unknown = sorted(set(raw) - _QUERY_FIELDS)
    if unknown:
        raise invalid_request(
            "queries", f"query '{_shorten(key)}': unknown field '{_shorten(unknown[0])}'; "
            f"the fields are {', '.join(sorted(_QUERY_FIELDS))}"
        )
    text = raw.get("query")
    if text is not None and not isinstance(text, str):
        raise invalid_request("queries", f"query '{_shorten(key)}': 'query' must be a string")
    strict = raw.get("type_strict")
    if strict is not None and strict not in ("any", "should", "all"):
        raise invalid_request("queries", f"query '{_shorten(key)}': 'type_strict' is one of any, should, all")
    properties = _properties(key, raw.get("properties"))
    if text is None and not properties:
        raise invalid_request("queries", f"query '{_shorten(key)}' needs a 'query' string or 'properties'")
    return ReconQuery(
        key=key,
        text=(text or "")[:MAX_QUERY_CHARS],
        types=_types(key, raw.get("type")),
        limit=_limit(key, raw.get("limit")),
        properties=properties,
    )


def parse_batch(raw: Any) -> list[ReconQuery]:
    """A decoded `queries` document -> its queries, checked (problems as the module says)."""
    if not isinstance(raw, dict):
        raise invalid_request("queries", "must be a JSON object of queries keyed by name: {\"q0\": {\"query\": ...}}")
    if len(raw) > MAX_BATCH:
        raise batch_too_large("queries", len(raw), MAX_BATCH)
    return [parse_query(str(key), value) for key, value in raw.items()]


@dataclass(frozen=True)
class ExtendProperty:
    id: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class ExtendRequest:
    ids: tuple[str, ...]
    properties: tuple[ExtendProperty, ...]


def parse_extend(raw: Any) -> ExtendRequest:
    """A decoded `extend` document -> ids and properties, checked."""
    if not isinstance(raw, dict) or not isinstance(raw.get("ids"), list) or not isinstance(raw.get("properties"), list):
        raise invalid_request("extend", "must be {\"ids\": [entity ids], \"properties\": [{\"id\": ...}]}")
    ids = raw["ids"]
    if not all(isinstance(i, str) for i in ids):
        raise invalid_request("extend", "'ids' must be a list of entity ids (strings)")
    if len(ids) > MAX_EXTEND_IDS:
        raise batch_too_large("extend", len(ids), MAX_EXTEND_IDS)
    properties = []
    for item in raw["properties"]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise invalid_request("extend", "each property is {\"id\": ..., \"settings\": {...}}")
        found = property_id(item["id"])
        if found is None or not PROPERTY_BY_ID[found].extend:
            extendable = ", ".join(p.id for p in PROPERTY_BY_ID.values() if p.extend)
            raise invalid_request("extend", f"unknown property '{_shorten(item['id'])}'; extend with {extendable}")
        settings = item.get("settings")
        settings = {} if settings is None else settings
        if not isinstance(settings, dict):
            raise invalid_request("extend", f"property '{found}': 'settings' must be an object")
        properties.append(ExtendProperty(found, settings))
    return ExtendRequest(tuple(i[:MAX_QUERY_CHARS] for i in ids), tuple(properties))
