"""Routes of /reconcile: the W3C reconciliation service, version 0.2 (what OpenRefine speaks).

Thin: the protocol is in graphsvc/reconcile/. `queries` and `extend` arrive as
a form field (what OpenRefine posts), a query parameter (GET), or a JSON body.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from graphsvc.db import Database
from graphsvc.deps import DbDep, get_db
from graphsvc.errors import PROBLEM_MEDIA_TYPE, Problem
from graphsvc.reconcile.draft import draft_manifest, draft_results, parse_draft_batch
from graphsvc.reconcile.extension import extend, propose_properties
from graphsvc.reconcile.manifest import service_manifest
from graphsvc.reconcile.matching import reconcile_batch
from graphsvc.reconcile.preview import preview_html
from graphsvc.reconcile.requests import (
    invalid_request,
    parse_batch,
    parse_extend,
    parse_json,
)
from graphsvc.reconcile.spec import MAX_LIMIT, TYPE_NAMES, type_id
from graphsvc.reconcile.suggest import (
    suggest_entities,
    suggest_properties,
    suggest_types,
)
from graphsvc.responses import JsonAnswer

router = APIRouter(tags=["reconciliation"])


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {}}}


PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: _problem("The cooperation partner an extend setting names is not in the graph"),
    413: _problem("More queries (or ids) in one batch than the manifest's batchSize"),
    414: _problem("The path or query string is too long"),
    415: _problem("A body that is neither form-encoded nor JSON"),
    422: _problem("Malformed JSON, a query not of the specification's shape, an unknown type or property"),
    503: _problem("Neo4j cannot be reached"),
    504: _problem("A query ran over the time limit"),
}
# What the read-only GET routes can answer besides 200.
GET_PROBLEMS = {status: PROBLEMS[status] for status in (414, 422, 503, 504)}
PREVIEW_PROBLEMS = {404: _problem("No entity has this id"), **GET_PROBLEMS}

QUERIES_HELP = (
    "A JSON object of queries keyed by name, as OpenRefine sends it: "
    '`{"q0": {"query": "Türk Devletleri Teşkilatı", "type": "Organisation", "limit": 3, '
    '"properties": [{"pid": "located_in", "v": "Istanbul"}]}}`'
)
EXTEND_HELP = (
    'A data extension request: `{"ids": ["org:turksoy"], "properties": [{"id": "members"}, '
    '{"id": "aliases", "settings": {"lang": "kk"}}]}`'
)


async def _fields(request: Request) -> dict[str, Any]:
    """`queries` / `extend` from the query string, then the body (form-encoded or JSON), decoded."""
    fields: dict[str, Any] = {}
    for name in ("queries", "extend"):
        if name in request.query_params:
            fields[name] = parse_json(name, request.query_params[name])
    if request.method != "POST":
        return fields
    body = await request.body()
    if not body.strip():
        return fields
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/json":
        document = parse_json("body", body)
        # {"queries": {...}} / {"extend": {...}} as the form fields, or the batch of queries itself
        if isinstance(document, dict) and document and set(document) <= {"queries", "extend"}:
            for name, value in document.items():
                fields[name] = parse_json(name, value) if isinstance(value, str) else value
        else:
            fields["queries"] = document
        return fields
    if media_type in ("application/x-www-form-urlencoded", ""):
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise invalid_request("body", "not form-encoded UTF-8") from None
        for name, value in pairs:
            if name in ("queries", "extend"):
                fields[name] = parse_json(name, value)
        return fields
    raise Problem(415, "Unsupported media type",
                  f"Send the queries form-encoded (queries=...) or as application/json, not {media_type[:60]}.",
                  type_="unsupported-media-type")


async def _answer(request: Request, db: Database | None) -> Any:
    fields = await _fields(request)
    if "extend" in fields:
        return JsonAnswer(await extend(await _db(request, db), parse_extend(fields["extend"])))
    if "queries" in fields:
        queries = parse_batch(fields["queries"])
        return JsonAnswer(await reconcile_batch(await _db(request, db), queries))
    return JsonAnswer(service_manifest(str(request.base_url)))


async def _db(request: Request, db: Database | None) -> Database:
    return db if db is not None else await get_db(request)


async def _optional_db(request: Request) -> Database | None:
    """The database if there is one: the manifest answers without it."""
    return request.app.state.db


DESCRIPTION = (
    "The W3C Entity Reconciliation API, version 0.2, as OpenRefine speaks it. Called bare it answers "
    "the service manifest; with `queries` (a form field, a query parameter or a JSON body) it matches "
    "each query's name against every name and alias of the graph, in any script and spelling, and "
    "answers candidates scored 0-100, `match: true` only when unambiguous, with `features` that "
    "explain the score; with `extend` it answers data extension. In OpenRefine: *Reconcile → Start "
    "reconciling → Add standard service* and paste `http://127.0.0.1:8000/reconcile`. Scores and "
    "properties: docs/reconciliation.md.\n\n" + QUERIES_HELP + "\n\n" + EXTEND_HELP
)


@router.get("/reconcile", summary="Reconciliation: manifest, queries or data extension", description=DESCRIPTION,
            responses=PROBLEMS)
async def reconcile_get(
    request: Request,
    queries: Annotated[str | None, Query(description=QUERIES_HELP)] = None,
    extend: Annotated[str | None, Query(description=EXTEND_HELP)] = None,
    db: Database | None = Depends(_optional_db),
) -> Any:
    return await _answer(request, db)


@router.post(
    "/reconcile",
    summary="Reconciliation: queries or data extension (form-encoded, as OpenRefine posts them, or JSON)",
    description=DESCRIPTION,
    responses=PROBLEMS,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {
                        "queries": {"type": "string", "description": QUERIES_HELP},
                        "extend": {"type": "string", "description": EXTEND_HELP},
                    }},
                },
                "application/json": {"schema": {"type": "object"}},
            }
        }
    },
)
async def reconcile_post(request: Request, db: Database | None = Depends(_optional_db)) -> Any:
    return await _answer(request, db)


def _type_param(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    found = type_id(raw)
    if found is None:
        raise invalid_request("type", f"unknown type '{raw[:60]}'; the types are {', '.join(TYPE_NAMES)}")
    return found


@router.get("/reconcile/v1", summary="Reconciliation 1.0-draft: the manifest", responses={414: PROBLEMS[414]})
async def draft_manifest_route(request: Request) -> Any:
    return JsonAnswer(draft_manifest(str(request.base_url)))


@router.post(
    "/reconcile/v1/match",
    summary="Reconciliation 1.0-draft: a batch of queries (JSON), matched as the 0.2 service matches",
    description="`{\"queries\": [{\"type\": \"State\", \"conditions\": [{\"matchType\": \"name\", "
    "\"propertyValue\": \"Қазақстан\"}]}]}`; answers `{\"results\": [{\"candidates\": [...]}]}`, in order. "
    "docs/reconciliation.md.",
    responses=PROBLEMS,
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
async def draft_match(request: Request, db: DbDep) -> Any:
    queries = parse_draft_batch(parse_json("body", await request.body()))
    return JsonAnswer(draft_results(queries, await reconcile_batch(db, queries)))


@router.get("/reconcile/v1/suggest/entity", summary="Suggest entities (1.0-draft)", responses=GET_PROBLEMS)
@router.get("/reconcile/suggest/entity", summary="Suggest entities for a prefix (a name, alias or id)",
            responses=GET_PROBLEMS)
async def suggest_entity(
    db: DbDep,
    prefix: Annotated[str, Query(description="What has been typed: part of a name or alias, or of an id",
                                 max_length=300)] = "",
    type: Annotated[str | None, Query(description="Only entities of this type", max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many suggestions")] = 10,
) -> Any:
    return JsonAnswer(await suggest_entities(db, prefix, _type_param(type), limit))


@router.get("/reconcile/v1/suggest/type", summary="Suggest entity types (1.0-draft)", responses=GET_PROBLEMS)
@router.get("/reconcile/suggest/type", summary="Suggest entity types for a prefix", responses=GET_PROBLEMS)
async def suggest_type(prefix: Annotated[str, Query(max_length=300)] = "") -> Any:
    return JsonAnswer(suggest_types(prefix))


@router.get("/reconcile/v1/suggest/property", summary="Suggest properties (1.0-draft)", responses=GET_PROBLEMS)
@router.get("/reconcile/suggest/property", summary="Suggest properties for a prefix", responses=GET_PROBLEMS)
async def suggest_property(prefix: Annotated[str, Query(max_length=300)] = "") -> Any:
    return JsonAnswer(suggest_properties(prefix))


@router.get(
    "/reconcile/v1/preview",
    response_class=HTMLResponse,
    summary="The preview card (1.0-draft)",
    responses=PREVIEW_PROBLEMS,
)
@router.get(
    "/reconcile/preview",
    response_class=HTMLResponse,
    summary="A small HTML card about one entity, for OpenRefine's preview",
    responses=PREVIEW_PROBLEMS,
)
async def preview(
    id: Annotated[str, Query(description="An entity id", examples=["org:turksoy"], min_length=1, max_length=300)],
    db: DbDep,
) -> HTMLResponse:
    return HTMLResponse(await preview_html(db, id.strip()))


@router.get("/reconcile/propose_properties", summary="The properties data extension offers for a type",
            responses=GET_PROBLEMS)
async def propose(
    type: Annotated[str | None, Query(description="An entity type", examples=["Organisation"], max_length=40)] = None,
    limit: Annotated[int | None, Query(ge=0, le=1000)] = None,
) -> Any:
    return JsonAnswer(propose_properties(type, limit))
