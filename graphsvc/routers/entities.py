"""Routes of /entities: search by name, one entity, its neighbourhood."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field

from graphsvc import analysis_service
from graphsvc.analysis_service import actor_metrics
from graphsvc.db import Database
from graphsvc.deps import DbDep, SettingsDep, asked_limit
from graphsvc.errors import PROBLEM_MEDIA_TYPE, invalid_parameter
from graphsvc.formats import (
    FILE_FORMAT_CONTENT,
    CytoscapeDocument,
    D3Document,
    FormatName,
)
from graphsvc.graph.entities import entities_by_ids, resolve_entity, resolve_entity_with_counts
from graphsvc.graph.filters import GraphFilters, graph_filters_dep
from graphsvc.graph.neighbourhood import neighbourhood
from graphsvc.graph.search import search_entities
from graphsvc.models import Entity, Graph
from graphsvc.responses import JsonAnswer
from graphsvc.settings import Settings
from graphsvc.vocabulary import ENTITY_TYPES

router = APIRouter(tags=["entities"])

def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {}}}


PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: _problem("No entity has this id or name; the answer lists close matches"),
    414: _problem("The path or query string is too long"),
    422: _problem("A parameter is invalid; the answer names it and says why"),
    503: _problem("Neo4j cannot be reached, or (with `metrics=true`) the network analysis is still being "
                  "computed: ask again after `Retry-After`"),
    504: _problem("The query ran over the time limit"),
}


class SearchResults(BaseModel):
    items: list[Entity] = Field(description="matching entities, best match first; with `ids`, the entities with "
                                "those ids in the order asked")
    total: int = Field(description="how many entities match (items holds at most `limit` of them); with `ids`, "
                       "how many of the ids name an entity")


class EntityWithCounts(Entity):
    relationship_counts: dict[str, int] = Field(
        default_factory=dict, description="number of relationships of each type, e.g. {\"MEMBER_OF\": 3}"
    )


MAX_ID_LENGTH = 300  # an entity id or name in a path or query parameter
DEFAULT_SEARCH_RESULTS = 20

EntityId = Annotated[
    str,
    Path(
        description="An entity id (`state:kazakhstan`), or a name or alias that names exactly one entity",
        examples=["state:kazakhstan"],
        max_length=MAX_ID_LENGTH,
    ),
]


@router.get(
    "/entities",
    response_model=SearchResults,
    response_model_by_alias=True,
    summary="Find entities by any name or alias",
    description=(
        "Search states, organisations, people, agreements, events, programmes and places by their "
        "name or any alias, in any language or script. Matching forgives how Turkic names are "
        "typed: with or without diacritics (`Türkiye` = `Turkiye`, `Niğde` = `Nigde`), dotted or "
        "dotless i (`TİKA` = `TIKA`), Azerbaijani ə (`Azərbaycan`), Cyrillic (`Қазақстан`, "
        "`Турция`) and its Latin transliterations (`Qazaqstan`, `Turtsiya`), apostrophes "
        "(`O'zbekiston` = `Oʻzbekiston` = `Ozbekiston`), abbreviations (`OTS`, `TİKA`) and small "
        "typos (`Kazakstan`, `Turksoi`).\n\n"
        "Best match first: exact names and aliases, then names spelt alike, then names beginning "
        "with the query, then names containing all its words, then near spellings. `total` counts "
        "all matches.\n\nExample: `GET /entities?q=Турция` answers Türkiye (`state:turkiye`) first.\n\n"
        "With `ids` instead of `q`: the entities with those ids (comma-separated, at most GRAPHSVC_MAX_LIMIT), "
        "in the order asked, in one answer; an id that names no entity is left out. What a page that holds "
        "ids (a cooperation answer's shared things) asks to name them all at once.\n\n"
        "Example: `GET /entities?ids=org:turksoy,state:kazakhstan`."
    ),
    responses={status: PROBLEMS[status] for status in (414, 422, 503, 504)},
)
async def search(
    db: DbDep,
    settings: SettingsDep,
    q: Annotated[
        str | None,
        Query(description="A name, alias, abbreviation or part of one, in any script", examples=["Turkiye"],
              max_length=300),
    ] = None,
    ids: Annotated[
        str | None,
        Query(description="Instead of `q`: entity ids, comma-separated (at most GRAPHSVC_MAX_LIMIT)",
              examples=["org:turksoy,state:kazakhstan"]),
    ] = None,
    type: Annotated[
        str | None,
        Query(description="Only entities of this type: " + ", ".join(ENTITY_TYPES), examples=["Organisation"],
              max_length=40),
    ] = None,
    limit: Annotated[
        int | None,
        Query(description="How many matches to answer (20 unless given; at most the service's max_search_results, "
              "100 by default)", ge=1, examples=[10]),
    ] = None,
) -> Any:
    if ids is not None:
        if q is not None or type is not None or limit is not None:
            raise invalid_parameter("ids", "asks for entities by id: give it without q, type or limit")
        return JsonAnswer(await named_entities(db, ids, settings.max_limit))
    if q is None:
        raise invalid_parameter("q", "missing; give a name or part of one (or `ids`: entity ids)")
    limit = DEFAULT_SEARCH_RESULTS if limit is None else limit
    if not q.strip():
        raise invalid_parameter("q", "empty; give a name or part of one")
    if limit > settings.max_search_results:
        raise invalid_parameter("limit", f"at most {settings.max_search_results}")
    type_label = None
    if type is not None and type.strip():
        by_lower = {t.lower(): t for t in ENTITY_TYPES}
        type_label = by_lower.get(type.strip().lower())
        if type_label is None:
            raise invalid_parameter("type", f"'{type[:40]}' is not one of: {', '.join(ENTITY_TYPES)}")
    return JsonAnswer(await search_entities(db, q, type_label, limit))


async def named_entities(db: Database, ids_param: str, max_ids: int) -> dict[str, Any]:
    """`GET /entities?ids=`: the ids checked (none empty, at most `max_ids`), then their entities."""
    ids = [part.strip() for part in ids_param.split(",")]
    if any(not id_ for id_ in ids):
        raise invalid_parameter("ids", "an empty id; give entity ids separated by commas")
    if len(ids) > max_ids:
        raise invalid_parameter("ids", f"{len(ids)} ids; at most {max_ids} (GRAPHSVC_MAX_LIMIT) in one request")
    if any(len(id_) > MAX_ID_LENGTH for id_ in ids):
        raise invalid_parameter("ids", f"an id longer than {MAX_ID_LENGTH} characters")
    items = await entities_by_ids(db, ids)
    return {"items": items, "total": len(items)}


MetricsParam = Annotated[
    bool,
    Query(description="Give each actor node its network `metrics` (degree, pagerank, betweenness and its rank, "
          "constraint, community) in the actor graph of the same sectors, years and actor types (docs/analysis.md)"),
]


async def attach_graph_metrics(
    request: Request, db: Database, settings: Settings, graph: dict[str, Any], filters: GraphFilters
) -> None:
    """`metrics=true` on a route that answers a graph: its actor nodes get the metrics `/export` gives them."""
    await analysis_service.attach_graph_metrics(
        db, request.app.state.analysis_jobs, graph, filters, timeout=settings.matrix_query_timeout
    )


# Declared before /entities/{id} so that the longer route is matched first.
@router.get(
    "/entities/{id}/neighbourhood",
    response_model=Graph | CytoscapeDocument | D3Document,
    response_model_by_alias=True,
    summary="The graph around an entity",
    description=(
        "The entities within `depth` hops of this one and the relationships among them, every "
        "relationship with its evidence (source, verbatim excerpt, locator) and dates. Filters: "
        "node `types` (others are neither returned nor walked through; the entity itself always "
        "is), relationship `rel_types`, `sectors`, and a time window `since`/`until` (a fact "
        "counts when its dates overlap the window; undated facts always count and are marked "
        "`dated: false`; events outside the window are left out).\n\n"
        "Large neighbourhoods are cut at `limit` nodes (`truncated: true`), keeping the nearest "
        "first and, at equal distance, those linked by evidenced facts with the most evidence.\n\n"
        "`metrics=true` gives each actor node its network `metrics` as `/export` does (degree, pagerank, "
        "betweenness, betweenness_rank, constraint, community, community_label; docs/analysis.md), measured in "
        "the whole actor graph of the same `sectors`/`since`/`until` and actor `types`, not in the neighbourhood "
        "alone. The measures are computed once per graph version and filter set; while that runs on a large "
        "graph the answer is 503 `analysis-in-progress` with `Retry-After`.\n\n"
        "Example: `GET /entities/state:uzbekistan/neighbourhood?depth=1&rel_types=PARTY_TO` "
        "answers the agreements Uzbekistan is party to, among them the Treaty on Eternal "
        "Friendship with Kazakhstan."
    ),
    responses={
        200: {"content": FILE_FORMAT_CONTENT},
        **PROBLEMS,
    },
)
async def get_neighbourhood(
    request: Request,
    id: EntityId,
    db: DbDep,
    settings: SettingsDep,
    depth: Annotated[int, Query(description="Hops from the entity, 1 to the service's max_depth (3)",
                                examples=[2])] = 1,
    limit: Annotated[int | None, Query(description="At most this many nodes (default 200, at most 1000)",
                                       examples=[200])] = None,
    format: Annotated[FormatName, Query(description="Answer format: json (default), cytoscape, d3, graphml, "
                                         "gexf or csv", examples=["json"])] = "json",
    filters: GraphFilters = Depends(graph_filters_dep),
    metrics: MetricsParam = False,
) -> Any:
    if not 1 <= depth <= settings.max_depth:
        raise invalid_parameter("depth", f"must be between 1 and {settings.max_depth}")
    limit = asked_limit("limit", limit, settings.default_limit, settings.max_limit)
    start = await resolve_entity(db, id, "id")
    graph = await neighbourhood(db, start, depth, filters, limit)
    if metrics:
        await attach_graph_metrics(request, db, settings, graph, filters)
    if format != "json":
        return render_graph(graph, format, f"neighbourhood-{start['id'].replace(':', '-')}")
    return JsonAnswer(graph)


def render_graph(graph: dict[str, Any], fmt: str, stem: str) -> Response:
    from graphsvc.formats import (
        render,  # written alongside; imported when a format is asked for
    )

    return render(graph, fmt, stem)


@router.get(
    "/entities/{id}",
    response_model=EntityWithCounts,
    response_model_by_alias=True,
    summary="One entity and how many relationships of each type it has",
    description=(
        "The entity with its names in every language and script, kind, dates, the sources that "
        "mention it, and `relationship_counts`: the number of its relationships of each type. "
        "`id` is an entity id, or a name or alias that names exactly one entity (a name shared by "
        "several answers 422 listing them). An unknown id answers 404 with close matches.\n\n"
        "Example: `GET /entities/org:khoja-akhmet-yassawi-university` answers the Khoja Akhmet "
        "Yassawi International Kazakh-Turkish University in Turkistan."
    ),
    responses=PROBLEMS,
)
async def get_entity(
    request: Request,
    id: EntityId,
    db: DbDep,
    settings: SettingsDep,
    metrics: Annotated[bool, Query(description="Add the actor's network `metrics` (degree, pagerank, betweenness "
                                   "and its rank, constraint, community) in the whole actor graph; null for a "
                                   "non-actor or an actor without ties (docs/analysis.md)")] = False,
) -> Any:
    entity = await resolve_entity_with_counts(db, id, "id")
    if metrics:
        entity["metrics"] = await actor_metrics(db, request.app.state.analysis_jobs, entity, settings)
    return JsonAnswer(entity)
