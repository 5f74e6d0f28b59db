"""Routes of /paths: how two entities are linked."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from graphsvc.deps import DbDep, SettingsDep
from graphsvc.errors import invalid_parameter
from graphsvc.formats import (
    FILE_FORMAT_CONTENT,
    CytoscapeDocument,
    D3Document,
    FormatName,
)
from graphsvc.graph.entities import resolve_entity
from graphsvc.graph.filters import GraphFilters, graph_filters_dep
from graphsvc.graph.paths import shortest_paths
from graphsvc.models import Edge, Entity
from graphsvc.responses import JsonAnswer
from graphsvc.routers.entities import (
    PROBLEMS,
    MetricsParam,
    attach_graph_metrics,
    render_graph,
)

router = APIRouter(tags=["paths"])


class Path(BaseModel):
    length: int = Field(description="number of hops")
    nodes: list[str] = Field(description="entity ids from `from` to `to`")
    edges: list[Edge] = Field(
        description="one relationship per hop: edges[i] joins nodes[i] and nodes[i+1]; its own "
        "`from`/`to` keep the stored direction"
    )


class Paths(BaseModel):
    paths: list[Path] = Field(description="shortest first; empty when the entities are not linked")
    nodes: list[Entity] = Field(description="every entity on the paths, and the two ends")
    truncated: bool = Field(
        default=False,
        description="true when the search for longer paths ran out of time: fewer than `k` paths "
        "are answered though more may exist",
    )


@router.get(
    "/paths",
    response_model=Paths | CytoscapeDocument | D3Document,
    response_model_by_alias=True,
    summary="How two entities are linked",
    description=(
        "Up to `k` shortest paths between two entities, over relationships in either direction "
        "(each edge keeps its stored `from` and `to`, so the reading is explicit). Every hop "
        "carries its relationship type, dates and evidence (source, verbatim excerpt, locator). "
        "Shortest first; when fewer than `k` paths have the shortest length, longer ones follow, "
        "up to `max_hops`: alternatives through entities not on the paths already found (how "
        "else are they linked). Paths through the same entities over parallel facts count once "
        "(the best-evidenced fact is shown). The filters apply to every hop: `rel_types`, `sectors`, "
        "the time window `since`/`until` (undated facts always count, marked `dated: false`), "
        "and `types` for the entities in between. No path answers 200 with an empty list. "
        "`metrics=true` gives each actor node its network `metrics`, as on the neighbourhood.\n\n"
        "Example: how is Uzbekistan linked to TURKSOY through agreements and memberships since "
        "2015? `GET /paths?from=state:uzbekistan&to=org:turksoy&rel_types=PARTY_TO,MEMBER_OF,"
        "OBSERVER_OF&since=2015`"
    ),
    responses={200: {"content": FILE_FORMAT_CONTENT}, **PROBLEMS},
)
async def paths(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    from_: Annotated[str, Query(alias="from", description="Entity id, or a name naming exactly one entity",
                                examples=["state:uzbekistan"], max_length=300)],
    to: Annotated[str, Query(description="Entity id, or a name naming exactly one entity",
                             examples=["org:turksoy"], max_length=300)],
    max_hops: Annotated[int, Query(description="Longest path considered, 1 to the service's max_hops (6)",
                                   examples=[4])] = 4,
    k: Annotated[int, Query(description="How many paths, 1 to the service's max_paths (10)", examples=[3])] = 3,
    format: Annotated[FormatName, Query(description="json (default) answers the paths; cytoscape, d3, "
                                         "graphml, gexf or csv answer the union of the paths as a graph",
                                         examples=["json"])] = "json",
    filters: GraphFilters = Depends(graph_filters_dep),
    metrics: MetricsParam = False,
) -> Any:
    if not 1 <= max_hops <= settings.max_hops:
        raise invalid_parameter("max_hops", f"must be between 1 and {settings.max_hops}")
    if not 1 <= k <= settings.max_paths:
        raise invalid_parameter("k", f"must be between 1 and {settings.max_paths}")
    source = await resolve_entity(db, from_, "from")
    target = await resolve_entity(db, to, "to")
    if source["id"] == target["id"]:
        raise invalid_parameter("to", f"'from' and 'to' are the same entity ({source['id']}); give two entities")
    answer = await shortest_paths(db, source, target, max_hops, k, filters)
    if metrics:
        await attach_graph_metrics(request, db, settings, answer, filters)
    if format != "json":
        edges = {edge["id"]: edge for path in answer["paths"] for edge in path["edges"]}
        graph = {"nodes": answer["nodes"], "edges": list(edges.values()), "truncated": answer["truncated"]}
        stem = f"paths-{source['id']}-{target['id']}".replace(":", "-")
        return render_graph(graph, format, stem)
    return JsonAnswer(answer)
