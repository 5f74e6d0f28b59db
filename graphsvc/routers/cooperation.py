"""GET /cooperation/matrix and GET /cooperation/{id}: who cooperates with whom, and why.

The score and its parts are defined once, in graphsvc/graph/cooperation/definition.py,
and explained in docs/cooperation-scoring.md; when the answers are computed and
how long they are kept is graphsvc/cooperation_service.py's.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from graphsvc import cooperation_service
from graphsvc.deps import (
    DbDep,
    GraphVersionDep,
    SettingsDep,
    asked_limit,
    get_matrix_jobs,
    get_ranking_jobs,
)
from graphsvc.errors import PROBLEM_MEDIA_TYPE, invalid_parameter
from graphsvc.formats import (
    FILE_FORMAT_CONTENT,
    CytoscapeDocument,
    D3Document,
    FormatName,
    render,
    safe_stem,
)
from graphsvc.graph.cooperation import definition as coop
from graphsvc.graph.cooperation.matrix import parse_matrix_type
from graphsvc.graph.cooperation.ranking import (
    DEFAULT_EVIDENCE_LIMIT,
    DEFAULT_PARTNER_LIMIT,
    DEFAULT_VIA_LIMIT,
    cooperation_actor,
    cooperation_graph,
    cooperation_partner,
)
from graphsvc.graph.cooperation.timeline import (
    DATING,
    cooperation_timeline,
    timeline_rows,
)
from graphsvc.graph.filters import (
    GraphFilters,
    SectorsParam,
    SinceParam,
    UntilParam,
    graph_filters,
)
from graphsvc.graph.search import read_entities
from graphsvc.kept_answers import SharedJobs
from graphsvc.models import Entity, Evidence
from graphsvc.responses import JsonAnswer, JsonPieces

router = APIRouter(prefix="/cooperation", tags=["cooperation"])


# -- answers -------------------------------------------------------------------


class PartEvidence(Evidence):
    """A citation of one of the relationships a part counts: the API's Evidence and which relationship it backs."""

    relationship: str = Field(description="id of the relationship this evidence belongs to")


class Part(BaseModel):
    kind: str = Field(description="which part: " + ", ".join(coop.KINDS))
    score: float = Field(description="WEIGHTS[kind] * log2(1 + n), n = the shared things counted")
    things: int = Field(description="how many distinct things of this kind the two share (all counted in `score`)")
    via: list[str] = Field(
        description="ids of the shared organisations, agreements, events, institutions or programmes, the "
        "first `via_limit` of them by id; for direct_link the relationship ids of those things"
    )
    via_truncated: bool = Field(description="true when the two share more things than `via` lists (`via_limit`)")
    evidence: list[PartEvidence] = Field(
        description="the evidence of the relationships of the things `via` lists: of all of them, or of "
        "`evidence_limit` of them when they are more (`evidence_truncated`), taken in turn from each listed "
        "thing, the actor's side first (docs/cooperation-scoring.md, \"Evidence per part\")"
    )
    relationships: int = Field(description="how many relationships the things `via` lists have (their chains)")
    evidence_truncated: bool = Field(
        description="true when `evidence` cites fewer relationships than `relationships` (`evidence_limit`)"
    )


class Partner(BaseModel):
    id: str
    name: str
    type: str
    score: float = Field(description="sum of the part scores")
    parts: list[Part]


class CooperationAnswer(BaseModel):
    actor: Entity
    partners: list[Partner] = Field(description="highest score first, ties broken by name")
    total: int = Field(description="number of partners before `limit` (with `partner`: the partners listed, 0 or 1)")
    truncated: bool = Field(description="true when partners were cut at `limit` (with `partner`: false)")


class CooperationMatrix(BaseModel):
    entities: list[Entity] = Field(description="sorted by name; the order of the rows and columns of `scores`")
    scores: list[list[float]] = Field(description="scores[i][j]: the cooperation score of entities i and j; symmetric, zero diagonal")
    total: int = Field(description="number of entities of the type in the graph")
    truncated: bool = Field(
        description="true when the type has more entities than GRAPHSVC_MAX_MATRIX_ENTITIES; "
        "the most connected ones are kept"
    )


class TimelineYear(BaseModel):
    year: int
    parts: dict[str, int] = Field(description="facts of this year per part kind (only the kinds with some)")
    facts: list[str] = Field(description="ids of the relationships counted this year")


class CooperationTimeline(BaseModel):
    actor: Entity
    partner: Entity | None = Field(description="the partner asked for, or null: all the actor's partners")
    years: list[TimelineYear] = Field(description="ascending; only years with facts")
    undated: int = Field(description="facts with no date, counted in no year")
    undated_parts: dict[str, int] = Field(description="the undated facts per part kind")
    undated_facts: list[str] = Field(description="ids of the undated relationships")
    dating: str = Field(description="how a fact is placed in a year")


# -- parameters ----------------------------------------------------------------


async def cooperation_filters(
    sectors: SectorsParam = None, since: SinceParam = None, until: UntilParam = None
) -> GraphFilters:
    """The sector and time filters (types and rel_types do not apply to a score); async: see graphsvc/deps.py."""
    return graph_filters(sectors=sectors, since=since, until=until)


def asked_partner(partner: str | None) -> str | None:
    """The `partner` parameter asked: an empty one is no partner (the actor's whole answer)."""
    return partner if partner is not None and partner.strip() else None


_WEIGHTS_TEXT = ", ".join(f"`{kind}` {coop.WEIGHTS[kind]:g}" for kind in coop.KINDS)
_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "A parameter is invalid; `detail` and `errors` name it", "content": {PROBLEM_MEDIA_TYPE: {}}},
    503: {"description": "Neo4j cannot be reached", "content": {PROBLEM_MEDIA_TYPE: {}}},
    504: {"description": "The query hit its time limit", "content": {PROBLEM_MEDIA_TYPE: {}}},
}

_PARTNER_EXAMPLE = {
    "actor": {"id": "state:kazakhstan", "name": "Kazakhstan", "type": "State", "kind": "sovereign_state",
              "aliases": ["Қазақстан"], "start": None, "end": None, "sources": ["src:bazarbayev-2025-soft-power"],
              "evidence": []},
    "partners": [
        {
            "id": "state:uzbekistan", "name": "Uzbekistan", "type": "State", "score": 15.238,
            "parts": [
                {"kind": "direct_link", "score": 6.0, "things": 3, "via_truncated": False,
                 "relationships": 7, "evidence_truncated": False,
                 "via": ["cooperates_with:state:kazakhstan->state:uzbekistan",
                         "visited:person:kassym-jomart-tokayev->state:uzbekistan#2019-04",
                         "visited:person:shavkat-mirziyoyev->state:kazakhstan#2017-03"],
                 "evidence": []},
                {"kind": "shared_agreement", "score": 4.755, "things": 2, "via_truncated": False,
                 "relationships": 4, "evidence_truncated": False,
                 "via": ["agreement:kazakhstan-uzbekistan-higher-postgraduate-education-2022",
                         "agreement:treaty-on-eternal-friendship-kazakhstan-uzbekistan"],
                 "evidence": [{"source": "src:khamdamov-alieva-2025-uzbekistan-kazakhstan",
                               "excerpt": "no other country in the region has signed the Treaty of Eternal Friendship like the two countries",
                               "locator": {"section": "MAIN PART", "paragraph": None, "start": None, "end": None},
                               "citation": "Khamdamov and Alieva (2025)",
                               "relationship": "party_to:state:kazakhstan->agreement:treaty-on-eternal-friendship-kazakhstan-uzbekistan"}]},
                {"kind": "shared_event", "score": 3.483, "things": 4, "via_truncated": False,
                 "relationships": 10, "evidence_truncated": False,
                 "via": ["event:state-visit-mirziyoyev-kazakhstan-2017", "event:state-visit-mirziyoyev-kazakhstan-2021",
                         "event:state-visit-tokayev-uzbekistan-2019", "event:state-visit-tokayev-uzbekistan-2022"],
                 "evidence": []},
                {"kind": "shared_membership", "score": 1.0, "things": 1, "via_truncated": False,
                 "relationships": 2, "evidence_truncated": False, "via": ["org:ots"], "evidence": []},
            ],
        }
    ],
    "total": 1,
    "truncated": False,
}


# -- routes (matrix first, so that "matrix" is not read as an id) --------------


@router.get(
    "/matrix",
    response_model=CooperationMatrix,
    summary="Pairwise cooperation scores among all states (or organisations)",
    description=(
        "The cooperation score of every pair of entities of one type, ready for a heat map: "
        "`entities` sorted by name, and `scores[i][j]` the score of entities i and j "
        "(symmetric, zero on the diagonal, 0 where they share nothing). The score is the one of "
        "`GET /cooperation/{id}`: a sum of parts (" + _WEIGHTS_TEXT + "), each `weight * log2(1 + n)` "
        "over the n shared things of that kind; see docs/cooperation-scoring.md. "
        "`sectors`, `since` and `until` keep only the facts that pass them. At most "
        "GRAPHSVC_MAX_MATRIX_ENTITIES entities (the most connected) are scored; `truncated` says "
        "when the type has more. On a large graph the matrix takes longer than a request waits "
        "(GRAPHSVC_MATRIX_WAIT): it is computed in the background, once per graph version and question, "
        "and the request answers 503 `matrix-in-progress` with `Retry-After` until it is ready. "
        "Example: `/cooperation/matrix?type=State&sectors=education`."
    ),
    responses={
        **_ERRORS,
        503: {"description": "Neo4j cannot be reached, or the matrix is still being computed (problem type "
                             "`matrix-in-progress`), or the one waited for was dropped (`matrix-dropped`): "
                             "ask again after `Retry-After` seconds",
              "content": {PROBLEM_MEDIA_TYPE: {}}},
        200: {"content": {"application/json": {"example": {
            "entities": [{"id": "state:kazakhstan", "name": "Kazakhstan", "type": "State", "kind": "sovereign_state"},
                         {"id": "state:uzbekistan", "name": "Uzbekistan", "type": "State", "kind": "sovereign_state"}],
            "scores": [[0.0, 15.238], [15.238, 0.0]], "total": 2, "truncated": False}}}},
    },
)
async def cooperation_matrix(
    db: DbDep,
    jobs: Annotated[SharedJobs, Depends(get_matrix_jobs)],
    settings: SettingsDep,
    version: GraphVersionDep,
    filters: Annotated[GraphFilters, Depends(cooperation_filters)],
    type_: Annotated[
        str,
        Query(alias="type", description="State or Organisation", examples=["State"], max_length=40),
    ] = "State",
) -> Any:
    entity_type = parse_matrix_type(type_)
    answer = await cooperation_service.cooperation_matrix_answer(
        db, jobs, version, entity_type, filters, settings.max_matrix_entities, settings.matrix_query_timeout
    )
    return JsonPieces(answer.pieces(), answer.size)


_LIMIT_DEFAULT_TEXT = "%d unless given, or GRAPHSVC_MAX_LIMIT when the service is configured lower"


@router.get(
    "/{id}",
    response_model=CooperationAnswer | CytoscapeDocument | D3Document,
    summary="Who an actor cooperates with, ranked, with the evidence",
    description=(
        "The partners of a state, organisation or person, highest cooperation score first (ties by "
        "name). Each score is the sum of its `parts`, one per kind of shared fact: `shared_membership` "
        "(both members of an organisation; observers count half), `shared_agreement` (both parties), "
        "`shared_event` (both took part, themselves or through their office-holders), `direct_link` "
        "(COOPERATES_WITH, TRADES_WITH, VISITED, FUNDS, SUPPORTS), `operates_in` (an institution of one "
        "in the other's territory), `programme` (a programme of one benefits the other). A part scores "
        "`weight * log2(1 + n)` over its n distinct shared things, weights " + _WEIGHTS_TEXT + ". "
        "`via` lists the shared things (the first `via_limit` by id; `things` counts them all, "
        "`via_truncated` says when some are not listed), `evidence` the source, verbatim excerpt and locator "
        "of the relationships involved: of at most `evidence_limit` of them per part (`relationships` says "
        "how many there are, `evidence_truncated` when some are not cited; every seed answer cites all at the "
        "default). The definition is docs/cooperation-scoring.md. `sectors`, `since` and "
        "`until` keep only facts that pass them (undated facts always count). `format` other than json "
        "answers a graph (actor and partners as nodes, one edge per partner with `score` and `parts`). "
        "An actor sharing things with tens of thousands of partners on a large graph takes longer to rank "
        "than a request waits (GRAPHSVC_COOPERATION_WAIT): the ranking goes on in the background, once per "
        "graph version and question, and the request answers 503 `ranking-in-progress` with `Retry-After` "
        "until it is ready (`ranking-queue-full` when GRAPHSVC_COOPERATION_BACKGROUND rankings already run). "
        "With `partner`, one pair: the same answer for that partner only (its entry exactly as the ranking "
        "gives it, or no partner when the two share nothing), without ranking the actor's other partners. "
        "Example: `/cooperation/state:kazakhstan?sectors=education&since=2020`, "
        "`/cooperation/state:kazakhstan?partner=state:uzbekistan`."
    ),
    responses={
        **_ERRORS,
        503: {"description": "Neo4j cannot be reached, or the ranking is still being computed (problem type "
                             "`ranking-in-progress`), too many long rankings run (`ranking-queue-full`) or "
                             "the one waited for was dropped (`ranking-dropped`): ask again after "
                             "`Retry-After` seconds",
              "content": {PROBLEM_MEDIA_TYPE: {}}},
        404: {"description": "No entity has this id or name (actor or partner); `close_matches` suggests some",
              "content": {PROBLEM_MEDIA_TYPE: {}}},
        200: {"content": {"application/json": {"example": _PARTNER_EXAMPLE}, **FILE_FORMAT_CONTENT}},
    },
)
async def cooperation_partners(
    db: DbDep,
    jobs: Annotated[SharedJobs, Depends(get_ranking_jobs)],
    settings: SettingsDep,
    version: GraphVersionDep,
    filters: Annotated[GraphFilters, Depends(cooperation_filters)],
    id: Annotated[
        str,
        Path(description="Entity id (or a name or alias naming exactly one entity)", examples=["state:kazakhstan"],
             max_length=300),
    ],
    limit: Annotated[
        int | None,
        Query(description="Most partners to answer (at most GRAPHSVC_MAX_LIMIT; "
              f"{_LIMIT_DEFAULT_TEXT % DEFAULT_PARTNER_LIMIT})", ge=1, examples=[10]),
    ] = None,
    via_limit: Annotated[
        int | None,
        Query(description="Most shared things each part lists in `via`, with their evidence (at most "
              f"GRAPHSVC_MAX_LIMIT; {_LIMIT_DEFAULT_TEXT % DEFAULT_VIA_LIMIT}); the score counts them all, "
              "`things` says how many, `via_truncated` when some are not listed", ge=1, examples=[10]),
    ] = None,
    evidence_limit: Annotated[
        int | None,
        Query(description="Most relationships whose evidence each part cites (at most GRAPHSVC_MAX_LIMIT; "
              f"{_LIMIT_DEFAULT_TEXT % DEFAULT_EVIDENCE_LIMIT}), taken in turn from the things `via` lists, the "
              "actor's side first; `relationships` says how many the part has, `evidence_truncated` when some are "
              "not cited. A part of a hub's partner can have thousands", ge=1, examples=[DEFAULT_EVIDENCE_LIMIT]),
    ] = None,
    partner: Annotated[
        str | None,
        Query(description="Only this partner (an id, or a name naming one actor): the entry the ranking gives "
              "it, or no partner when the two share nothing, without ranking the actor's other partners; "
              "`limit` does not apply, `total` is the number of partners listed (0 or 1)",
              examples=["state:uzbekistan"], max_length=300),
    ] = None,
    fmt: Annotated[
        FormatName,
        Query(alias="format", description="json (default: the answer above), or a graph as "
              "cytoscape, d3, graphml, gexf or csv", examples=["json"]),
    ] = "json",
) -> Any:
    limit = asked_limit("limit", limit, DEFAULT_PARTNER_LIMIT, settings.max_limit)
    via_limit = asked_limit("via_limit", via_limit, DEFAULT_VIA_LIMIT, settings.max_limit)
    evidence_limit = asked_limit("evidence_limit", evidence_limit, DEFAULT_EVIDENCE_LIMIT, settings.max_limit)
    answer = await cooperation_service.cooperation_answer(
        db, jobs, version, id, filters, limit, via_limit, settings.cooperation_query_timeout,
        evidence_limit=evidence_limit, partner_ref=asked_partner(partner),
    )
    if fmt == "json":
        return JsonPieces(answer.pieces(), answer.size)
    ranking = (await answer.whole()).value()
    partners = await read_entities(db, [p["id"] for p in ranking["partners"]])
    return render(cooperation_graph(ranking, partners), fmt, f"cooperation-{ranking['actor']['id']}")


@router.get(
    "/{id}/timeline",
    response_model=CooperationTimeline,
    summary="An actor's cooperation facts per year, by kind",
    description=(
        "The facts that make up the actor's cooperation scores (the same kinds, rules and filters as "
        "`GET /cooperation/{id}`: memberships, parties to agreements, participations, direct links, "
        "institutions placed in the other's territory, programmes benefiting the other), counted per "
        "year and part kind; with `partner`, only those shared with that partner. " + DATING + " "
        "`format=csv` gives one row per year (and one `undated` row) with a column per kind. "
        "Example: `/cooperation/state:kazakhstan/timeline?partner=state:uzbekistan`."
    ),
    responses={
        **_ERRORS,
        404: {"description": "No entity has this id or name (actor or partner); `close_matches` suggests some",
              "content": {PROBLEM_MEDIA_TYPE: {}}},
        200: {"content": {"text/csv": {}}},
    },
)
async def cooperation_timeline_route(
    db: DbDep,
    settings: SettingsDep,
    filters: Annotated[GraphFilters, Depends(cooperation_filters)],
    id: Annotated[
        str,
        Path(description="Entity id (or a name or alias naming exactly one entity)", examples=["state:kazakhstan"],
             max_length=300),
    ],
    partner: Annotated[
        str | None,
        Query(description="Only the facts shared with this partner (an id, or a name naming one entity)",
              examples=["state:uzbekistan"], max_length=300),
    ] = None,
    fmt: Annotated[
        str,
        Query(alias="format", description="json (default) or csv", examples=["csv"], max_length=10),
    ] = "json",
) -> Any:
    if fmt not in ("json", "csv"):
        raise invalid_parameter("format", f"'{fmt[:20]}' is not one of: json, csv")
    actor = await cooperation_actor(db, id)
    partner_ref = asked_partner(partner)
    partner_entity = await cooperation_partner(db, partner_ref, actor) if partner_ref is not None else None
    answer = await cooperation_timeline(db, actor, partner_entity, filters,
                                        query_timeout=settings.cooperation_query_timeout)
    if fmt == "json":
        return JsonAnswer(answer)
    rows = timeline_rows(answer)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["year", *coop.KINDS, "facts"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    stem = safe_stem(f"cooperation-timeline-{actor['id']}")
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})
