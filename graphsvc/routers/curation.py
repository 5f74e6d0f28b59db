"""Curation writes (PUT/DELETE entities, relationships, sources) and the audit trail.

Every route here needs an API key in `X-API-Key` (docs/curation.md). Writes
are rate-limited per key and their bodies size-limited (graphsvc.curation.access).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response

from graphsvc.curation import audit_trail, writes
from graphsvc.curation.access import (
    ApiKeys,
    WriteRateLimiter,
    too_many_writes,
    unauthorized,
)
from graphsvc.curation.specs import (
    EntitySpec,
    EvidenceSpec,
    RelationshipSpec,
    SourceDoc,
)
from graphsvc.deps import DbDep, SettingsDep, asked_limit
from graphsvc.errors import PROBLEM_MEDIA_TYPE, invalid_parameter

router = APIRouter(tags=["curation"])


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {}}}


READ_PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: _problem("no API key in `X-API-Key`, or not a configured one"),
    422: _problem("a parameter is invalid (says which and why)"),
    503: _problem("Neo4j cannot be reached"),
    504: _problem("the query hit its time limit"),
}
WRITE_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **READ_PROBLEMS,
    409: _problem("the write conflicts with the graph (e.g. an entity that still has relationships)"),
    413: _problem("the request body is larger than GRAPHSVC_MAX_WRITE_BODY_BYTES"),
    422: _problem("the fact breaks a curation rule (vocabulary, dangling reference, excerpt not in the "
                  "source text, dates); `errors` lists every problem"),
    429: _problem("this key made too many writes; `Retry-After` says when to try again"),
}

ENTITY_EXAMPLE = {
    "id": "org:uwed-faculty-of-international-economics-and-management",
    "type": "Organisation",
    "kind": "faculty",
    "name": "Faculty of International Economics and Management (UWED)",
    "aliases": ["Faculty of International Economics and Management"],
    "sources": ["src:khamdamov-alieva-2025-uzbekistan-kazakhstan"],
    "evidence": [{
        "source": "src:khamdamov-alieva-2025-uzbekistan-kazakhstan",
        "excerpt": "Dean of the Faculty of International Economics and Management, University of World "
                   "Economy and Diplomacy, Uzbekistan",
        "locator": "",
    }],
}
RELATIONSHIP_EXAMPLE = {
    "type": "PART_OF",
    "from": "org:uwed-faculty-of-international-economics-and-management",
    "to": "org:university-of-world-economy-and-diplomacy",
    "sectors": ["education"],
    "tier": "evidenced",
    "evidence": [{
        "source": "src:khamdamov-alieva-2025-uzbekistan-kazakhstan",
        "excerpt": "Faculty of International Economics and Management, University of World Economy and Diplomacy",
        "locator": "",
    }],
}
SOURCE_EXAMPLE = {
    "id": "src:ref-ots-charter",
    "title": "Charter of the Organization of Turkic States",
    "authors": ["Organization of Turkic States"],
    "url": "https://www.turkicstates.org/",
    "note": "Basic document of the OTS, published on its website.",
    "tier": "reference",
}


async def curator(request: Request) -> str:  # async: see graphsvc/deps.py
    """The name of the API key in `X-API-Key`; 401 without a configured one."""
    keys: ApiKeys = request.app.state.api_keys
    name = keys.verify(request.headers.get("x-api-key"))
    if name is None:
        if "x-api-key" not in request.headers:
            raise unauthorized("This route needs an API key in the X-API-Key header (see docs/curation.md).")
        raise unauthorized("The X-API-Key header does not hold a key this service accepts.")
    return name


async def writer(request: Request, name: Annotated[str, Depends(curator)], db: DbDep) -> str:
    """A key holder within the write rate limit (429 otherwise), shared by every worker and replica."""
    limiter: WriteRateLimiter = request.app.state.write_limiter
    wait = await limiter.acquire(db, request.app.state.api_keys, name)
    if wait > 0:
        raise too_many_writes(wait, limiter.per_minute)
    return name


def _status(response: Response, result: writes.WriteResult) -> writes.WriteResult:
    response.status_code = 201 if result.action == "create" else 200
    return result


EntityId = Annotated[str, Path(description="Entity id, e.g. org:turksoy", max_length=300)]
RelationshipId = Annotated[
    str,
    Path(description="Relationship id, e.g. member_of:state:kazakhstan->org:turksoy (encode `#` as %23)",
         max_length=600),
]


@router.put(
    "/entities/{id}",
    response_model=writes.WriteResult,
    status_code=201,
    summary="Create or replace an entity (curators)",
    description=(
        "Writes one entity, exactly as an entry of `seed/entities/*.yaml` would be written, and "
        "checked by the same rules: the type and its id prefix, a snake_case `kind`, dates in "
        "order, `start`/`end`/`props` backed by evidence, every excerpt found verbatim in its "
        "source text, and at least one source that mentions it. The body's `id` must be the "
        "path's. The whole entity is replaced; answers 201 when it is new, 200 when it replaced "
        "one, and 200 with `action: unchanged` when nothing changed (nothing is recorded then). "
        "Needs `X-API-Key`. Recorded in the audit trail; the graph version changes."
    ),
    responses=WRITE_PROBLEMS,
)
async def put_entity(
    response: Response,
    id: EntityId,
    spec: Annotated[EntitySpec, Body(examples=[ENTITY_EXAMPLE])],
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    settings: SettingsDep,
) -> Any:
    return _status(response, await writes.put_entity(db, settings, actor, id, spec))


@router.delete(
    "/entities/{id}",
    response_model=writes.WriteResult,
    summary="Delete an entity (curators)",
    description=(
        "Deletes one entity. While it still has relationships the answer is 409 (listing them) "
        "unless `detach=true`, which deletes them with it. The audit entry keeps the entity and "
        "the deleted relationships, so the deletion can be undone by hand. Needs `X-API-Key`."
    ),
    responses={**WRITE_PROBLEMS, 404: _problem("no entity has this id")},
)
async def delete_entity(
    id: EntityId,
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    detach: Annotated[bool, Query(description="also delete the entity's relationships")] = False,
) -> Any:
    return await writes.delete_entity(db, actor, id, detach)


@router.put(
    "/relationships",
    response_model=writes.WriteResult,
    status_code=201,
    summary="Create or replace a relationship (curators)",
    description=(
        "Writes one fact, exactly as an entry of `seed/facts/*.yaml` would be written: its id is "
        "`type:from->to` (`#key` appended when `key` is given), and a COOPERATES_WITH fact runs "
        "from the smaller id to the larger whichever way it is sent. Checked by the seed rules: "
        "the relationship-type and sector vocabularies, both ends existing entities (else 422), "
        "evidence on every fact, each item naming its `source` and its excerpt found verbatim in "
        "that source's text, `tier` agreeing with the sources, dates in order. The sent fact "
        "replaces the stored one whole (its evidence list included); to add one citation to a "
        "fact use `POST /relationships/{id}/evidence`. 201 when new, 200 otherwise. Needs `X-API-Key`."
    ),
    responses=WRITE_PROBLEMS,
)
async def put_relationship(
    response: Response,
    spec: Annotated[RelationshipSpec, Body(examples=[RELATIONSHIP_EXAMPLE])],
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    settings: SettingsDep,
) -> Any:
    return _status(response, await writes.put_relationship(db, settings, actor, spec))


@router.delete(
    "/relationships/{id}",
    response_model=writes.WriteResult,
    summary="Delete a relationship (curators)",
    description="Deletes one fact by its id. The audit entry keeps it whole. Needs `X-API-Key`.",
    responses={**WRITE_PROBLEMS, 404: _problem("no relationship has this id")},
)
async def delete_relationship(
    id: RelationshipId,
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
) -> Any:
    return await writes.delete_relationship(db, actor, id)


@router.post(
    "/relationships/{id}/evidence",
    response_model=writes.WriteResult,
    status_code=201,
    summary="Add one citation to a relationship (curators)",
    description=(
        "Appends one evidence item (`source`, verbatim `excerpt`, `locator`) to a fact in a single "
        "atomic statement, so curators citing the same fact at the same time never overwrite "
        "each other. The excerpt must be found in the source's text; a reference-tier source "
        "cannot back an evidenced fact. 201 when added, 200 with `action: unchanged` when the "
        "fact already cites exactly this item. Needs `X-API-Key`."
    ),
    responses={**WRITE_PROBLEMS, 404: _problem("no relationship has this id")},
)
async def add_evidence(
    response: Response,
    id: RelationshipId,
    item: Annotated[EvidenceSpec, Body(examples=[{
        "source": "src:khamdamov-alieva-2025-uzbekistan-kazakhstan",
        "excerpt": "From the first years of independence to the present, Uzbekistan and Kazakhstan have "
                   "been developing their relations steadily, without crises or conflicts.",
        "locator": "MAIN PART",
    }])],
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    settings: SettingsDep,
) -> Any:
    result = await writes.add_evidence(db, settings, actor, id, item)
    response.status_code = 201 if result.action == "update" else 200
    return result


@router.put(
    "/sources/{id}",
    response_model=writes.WriteResult,
    status_code=201,
    summary="Create or replace a source (curators)",
    description=(
        "Writes one bibliographic record, as an entry of `seed/sources.yaml` or "
        "`seed/reference-sources.yaml`. Only the five texts under the sources folder are tier "
        "`evidenced` (with their `file`); a record of any other document is tier `reference` "
        "and names it by `url`, `doi` or `note`. A cited source cannot change its tier (409). "
        "Needs `X-API-Key`."
    ),
    responses=WRITE_PROBLEMS,
)
async def put_source(
    response: Response,
    id: Annotated[str, Path(description="Source id, e.g. src:ref-ots-charter", max_length=200)],
    doc: Annotated[SourceDoc, Body(examples=[SOURCE_EXAMPLE])],
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    settings: SettingsDep,
) -> Any:
    return _status(response, await writes.put_source(db, settings, actor, id, doc))


@router.get(
    "/audit",
    response_model=audit_trail.AuditLog,
    summary="The curation audit trail (key holders)",
    description=(
        "Every curated write, newest first: when (UTC), which key (`actor`), what it did "
        "(`create`, `update`, `delete`) to which entity, relationship or source, and the "
        "target as stored before and after. Filter by `since` (ISO 8601 date or timestamp; "
        "partial dates allowed) and `target` (an id). Needs `X-API-Key`: the trail names the "
        "keys, which only curators need to see. Not rate-limited.\n\n"
        "Example: `GET /audit?target=org:turksoy&since=2025-06`"
    ),
    responses=READ_PROBLEMS,
)
async def audit(
    _: Annotated[str, Depends(curator)],
    db: DbDep,
    settings: SettingsDep,
    since: Annotated[str | None, Query(description="only writes at or after this UTC time (ISO 8601)",
                                       examples=["2025-06-01"], max_length=40)] = None,
    target: Annotated[str | None, Query(description="only writes to this entity, relationship or source id",
                                        examples=["org:turksoy"], max_length=600)] = None,
    limit: Annotated[int | None, Query(description="at most this many entries (1 to the service's max_limit)",
                                       examples=[50])] = None,
) -> Any:
    limit = asked_limit("limit", limit, settings.default_limit, settings.max_limit)
    since_value = None
    if since is not None:
        try:
            since_value = audit_trail.normalise_since(since)
        except ValueError:
            raise invalid_parameter("since", "not an ISO 8601 date or timestamp (2025, 2025-06-01, "
                                    "2025-06-01T12:00:00Z)") from None
    return await audit_trail.audit_log(db, since_value, target or None, limit)
