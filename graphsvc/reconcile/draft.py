"""Version 1.0-draft of the reconciliation API under /reconcile/v1, translated to and from 0.2.

The draft moves queries to `POST /match` as `{"queries": [{"type", "limit",
"conditions": [{"matchType": "name" | "id" | "property", "propertyId",
"propertyValue"}]}]}` and answers `{"results": [{"candidates": [...]}]}` in
the same order. Matching is the 0.2 service's (matching.py): a `name`
condition is the query string (several are joined), an `id` condition
matches the id exactly, `property` conditions are the 0.2 properties.
`required` and `matchQuantifier` are read as 0.2 reads properties: they
score, and a contradiction prevents a sure match. Suggest and preview are
the same routes under /reconcile/v1; data extension is not offered there yet.
"""

from __future__ import annotations

from typing import Any

from graphsvc import __version__
from graphsvc.reconcile.manifest import SERVICE_NAME, explorer_view_url
from graphsvc.reconcile.preview import PREVIEW_HEIGHT, PREVIEW_WIDTH
from graphsvc.reconcile.requests import ReconQuery, batch_too_large, invalid_request, parse_query
from graphsvc.reconcile.spec import MAX_BATCH, TYPE_DESCRIPTIONS, TYPE_NAMES

DRAFT_PATH = "/reconcile/v1"


def draft_manifest(base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    return {
        "versions": ["1.0-draft"],
        "name": SERVICE_NAME,
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": f"{base}{DRAFT_PATH}/suggest/type",
        "documentation": f"{base}/docs#/reconciliation",
        "serviceVersion": __version__,
        "view": {"url": explorer_view_url(base, "{id}")},
        "preview": {"width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "suggest": {"entity": True, "type": True, "property": True},
        "defaultTypes": [
            {"id": type_, "name": name, "description": TYPE_DESCRIPTIONS[type_]} for type_, name in TYPE_NAMES.items()
        ],
        "batchSize": MAX_BATCH,
    }


def _as_0_2(index: int, raw: Any) -> ReconQuery:
    key = str(index)
    if not isinstance(raw, dict) or not isinstance(raw.get("conditions"), list) or not raw["conditions"]:
        raise invalid_request("queries", f"query {index} needs a non-empty list of 'conditions'")
    names: list[str] = []
    properties: list[dict[str, Any]] = []
    for condition in raw["conditions"]:
        if not isinstance(condition, dict) or "propertyValue" not in condition:
            raise invalid_request("queries", f"query {index}: each condition has 'matchType' and 'propertyValue'")
        kind, value = condition.get("matchType"), condition["propertyValue"]
        if kind in ("name", "id"):
            if not isinstance(value, str):
                raise invalid_request("queries", f"query {index}: a {kind} condition's value is a string")
            names.append(value)
        elif kind == "property":
            if not isinstance(condition.get("propertyId"), str):
                raise invalid_request("queries", f"query {index}: a property condition needs 'propertyId'")
            properties.append({"pid": condition["propertyId"], "v": value})
        else:
            raise invalid_request("queries", f"query {index}: 'matchType' is name, id or property")
    query: dict[str, Any] = {"query": " ".join(names)} if names else {}
    if properties:
        query["properties"] = properties
    for field in ("type", "limit"):
        if field in raw:
            query[field] = raw[field]
    return parse_query(key, query)


def parse_draft_batch(raw: Any) -> list[ReconQuery]:
    if not isinstance(raw, dict) or not isinstance(raw.get("queries"), list):
        raise invalid_request("body", "must be {\"queries\": [{\"conditions\": [...]}]}")
    if len(raw["queries"]) > MAX_BATCH:
        raise batch_too_large("queries", len(raw["queries"]), MAX_BATCH)
    return [_as_0_2(index, query) for index, query in enumerate(raw["queries"])]


def draft_results(queries: list[ReconQuery], answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """0.2 answers keyed by query -> the draft's list of results, features named."""
    results = []
    for query in queries:
        candidates = []
        for candidate in answers[query.key]["result"]:
            features = [{**f, "name": f["id"].replace("_", " ")} for f in candidate["features"]]
            candidates.append({**candidate, "features": features})
        results.append({"candidates": candidates})
    return {"results": results}
