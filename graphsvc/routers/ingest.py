"""Ingestion and the review queue: POST /ingest, GET /candidates, accept / reject / edit.

A text becomes a Source and a batch of Candidates (graphsvc/ingest/); a
curator accepts or rejects each, and an accepted one becomes a curated fact
through the curation write path. docs/ingestion.md tells the whole story.
"""

from __future__ import annotations

from pathlib import Path as PathLib
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import FileResponse

from graphsvc.dates import check_edtf
from graphsvc.deps import DbDep, SettingsDep
from graphsvc.errors import Problem, invalid_parameter, not_found
from graphsvc.ingest import intake as intake_
from graphsvc.ingest import store
from graphsvc.routers.curation import READ_PROBLEMS, WRITE_PROBLEMS, _problem, writer
from graphsvc.vocabulary import ENTITY_TYPES, RELATIONSHIP_TYPES

router = APIRouter(tags=["ingestion"])
INGEST_PATH = "/ingest"

INGEST_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **WRITE_PROBLEMS,
    413: _problem("the text is larger than GRAPHSVC_INGEST_MAX_BYTES, or a PDF has more pages than "
                  "GRAPHSVC_INGEST_MAX_PDF_PAGES"),
    414: _problem("the query string (title, authors, url, …) is over GRAPHSVC_MAX_URL_BYTES"),
    415: _problem("not text/plain, text/html or application/pdf"),
    422: _problem("an empty text, binary data, an unknown encoding, a PDF without a text layer, or a bad parameter"),
}

CANDIDATE_READ_PROBLEMS = {**READ_PROBLEMS, 404: _problem("no candidate has this id")}
CANDIDATE_WRITE_PROBLEMS = {**WRITE_PROBLEMS, 404: _problem("no candidate has this id"),
                            409: _problem("decided already, or an end is a proposed entity not accepted yet")}

CandidateId = Annotated[str, Path(description="candidate id, e.g. cand:3f2a…", max_length=100)]


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise intake_.problem(413, "Request too large", f"The text is {declared} bytes; ingestion takes at most "
                              f"{limit} (GRAPHSVC_INGEST_MAX_BYTES).", "body-too-large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise intake_.problem(413, "Request too large", f"The text is over {limit} bytes, the most ingestion "
                                  "takes (GRAPHSVC_INGEST_MAX_BYTES).", "body-too-large")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    INGEST_PATH,
    response_model=store.IngestResult,
    summary="Ingest a text: a Source and candidate facts for review (curators)",
    responses=INGEST_PROBLEMS,
)
async def ingest(
    request: Request,
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    settings: SettingsDep,
    title: Annotated[str | None, Query(max_length=500, description="the text's title")] = None,
    authors: Annotated[list[str], Query(max_length=50, description="an author (repeat the parameter)")] = [],  # noqa: B006
    published: Annotated[str | None, Query(max_length=40, description="publication date, ISO 8601 (partial allowed)")] = None,
    url: Annotated[str | None, Query(max_length=2000, description="where the text is published: metadata only, "
                                     "never fetched")] = None,
    lang: Annotated[str | None, Query(max_length=20, description="language code, e.g. en, tr, ru")] = None,
    dry_run: Annotated[bool, Query(description="answer the candidates, store nothing")] = False,
) -> store.IngestResult:
    """The request body is the text itself: `text/plain` (UTF-8, or the `charset` the
    Content-Type names), `text/html` (its main text is read; markup, scripts and links
    never run or get fetched) or `application/pdf` (its text layer).

    The text becomes a `Source` (tier `reference`, with the text and its SHA-256) and its
    proposals `Candidate`s with status `pending`. Sending the same text again finds the
    same Source and proposes nothing already accepted or rejected. Facts the graph
    already holds are not proposed (`counts.known_facts`).

    ```sh
    curl -X POST -H "X-API-Key: $KEY" -H 'Content-Type: text/plain' \\
      --data-binary @article.txt 'http://127.0.0.1:8000/ingest?title=An%20article&lang=en'
    ```
    """
    if published:
        try:
            check_edtf(published)
        except ValueError as exc:
            raise invalid_parameter("published", str(exc)) from None
    media_type, charset = intake_.media_type_of(request.headers.get("content-type"))
    data = await _body(request, settings.ingest_max_bytes)
    limits = intake_.Limits(settings.ingest_max_bytes, settings.ingest_max_pdf_pages, settings.ingest_max_seconds)
    taken = intake_.read(data, media_type, charset, limits)
    meta = store.Bibliography(title=title, authors=authors, published=published, url=url, language=lang)
    return await store.ingest(db, request.app.state.gazetteer, taken, meta, dry_run=dry_run,
                              threshold=settings.ingest_threshold)


@router.get(
    "/candidates",
    summary="The review queue: candidate facts from ingested texts",
    responses=READ_PROBLEMS,
)
async def candidates(
    db: DbDep,
    source: Annotated[str | None, Query(max_length=200, description="a Source id, e.g. src:ingest-…")] = None,
    status: Annotated[str | None, Query(description="pending, accepted or rejected")] = "pending",
    type: Annotated[str | None, Query(max_length=40, description="a relationship or entity type")] = None,  # noqa: A002
    kind: Annotated[str | None, Query(description="relationship or entity")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """Candidates most confident first: `{"items": [Candidate], "total": n}`. Candidates are
    never facts: no other route, path or export shows them."""
    if status is not None and status not in store.STATUSES:
        raise Problem(422, "Invalid parameter", f"Parameter 'status': one of {', '.join(store.STATUSES)}",
                      type_="invalid-parameter", parameter="status")
    if kind is not None and kind not in ("relationship", "entity"):
        raise Problem(422, "Invalid parameter", "Parameter 'kind': relationship or entity",
                      type_="invalid-parameter", parameter="kind")
    if type is not None and type not in RELATIONSHIP_TYPES and type not in ENTITY_TYPES:
        raise Problem(422, "Invalid parameter", f"Parameter 'type': '{type}' is not a type of the model",
                      type_="invalid-parameter", parameter="type")
    return await store.list_candidates(db, source, status, type, kind, limit)


@router.get("/candidates/{id}", summary="One candidate, with the paragraph it was found in",
            responses=CANDIDATE_READ_PROBLEMS)
async def candidate(db: DbDep, id: CandidateId) -> dict[str, Any]:  # noqa: A002
    """The candidate and `context`: the paragraph of its text (`text`, and `start`, its offset
    in the whole text, so `locator.start - context.start` is the excerpt's place in it)."""
    return await store.get_candidate(db, id)


@router.post("/candidates/{id}/accept", summary="Accept a candidate: it becomes a curated fact (curators)",
             responses=CANDIDATE_WRITE_PROBLEMS)
async def accept(
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    settings: SettingsDep,
    id: CandidateId,  # noqa: A002
) -> dict[str, Any]:
    """Writes the candidate through the curation write path (same checks, audit entry and
    graph version as `PUT /relationships` or `PUT /entities/{id}`), citing its Source with
    its excerpt and locator. 409 when it was decided already, or when an end is a proposed
    entity not accepted yet."""
    return await store.accept_candidate(db, settings, actor, id)


@router.post("/candidates/{id}/reject", summary="Reject a candidate (curators)", responses=CANDIDATE_WRITE_PROBLEMS)
async def reject(
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    id: CandidateId,  # noqa: A002
) -> dict[str, Any]:
    """A rejected candidate stays stored as rejected: ingesting its text again does not
    propose it again."""
    return await store.reject_candidate(db, actor, id)


@router.patch("/candidates/{id}", summary="Fix a candidate before deciding (curators)",
              responses=CANDIDATE_WRITE_PROBLEMS)
async def edit(
    actor: Annotated[str, Depends(writer)],
    db: DbDep,
    id: CandidateId,  # noqa: A002
    body: Annotated[store.CandidateEdit, Body(openapi_examples={"type and direction": {
        "value": {"type": "OBSERVER_OF", "swap": True}}, "an endpoint": {"value": {"to": "org:turksoy"}},
        "a date": {"value": {"start": "2023-11"}}})],
) -> dict[str, Any]:
    """Change the type, turn the direction round (`swap`), set an endpoint to an entity id,
    a date or the sectors of a relationship candidate; the type or name of an entity one."""
    return await store.edit_candidate(db, actor, id, body)


# -- the review page --------------------------------------------------------------------------
_STATIC = PathLib(__file__).resolve().parent.parent / "static"
_REVIEW_ASSETS = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
# The page runs only its own script: even text an ingested page carried, were it ever
# put into the page as markup, could not run (defence in depth; review.js uses textContent).
_REVIEW_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
}


@router.get("/review", response_class=FileResponse, summary="The review queue (a web page)",
            responses={200: {"content": {"text/html": {}}, "description": "The review page"}})
async def review_page() -> FileResponse:
    """Candidates one by one, the sentence highlighted in its paragraph; accept (`a`), reject (`x`),
    fix type, direction, date or an endpoint from the keyboard. Open /review in a browser."""
    return FileResponse(_STATIC / "review.html", media_type="text/html; charset=utf-8", headers=_REVIEW_HEADERS)


@router.get("/review/assets/{name}", include_in_schema=False)
async def review_asset(name: Annotated[str, Path(max_length=40)]) -> FileResponse:
    if name not in _REVIEW_ASSETS:
        raise not_found("Asset", f"No review asset is called '{name[:40]}'.")
    return FileResponse(_STATIC / name, media_type=_REVIEW_ASSETS[name], headers=_REVIEW_HEADERS)
