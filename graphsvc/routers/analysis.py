"""GET /analysis/centrality and GET /analysis/communities: the structure of the actor graph.

The actor graph and the measures are defined in graphsvc/graph/analysis_projection.py
and graphsvc/graph/analysis.py, and explained in docs/analysis.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from graphsvc import analysis_service
from graphsvc.deps import DbDep, GraphVersionDep, SettingsDep
from graphsvc.errors import PROBLEM_MEDIA_TYPE, invalid_parameter
from graphsvc.graph import analysis
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.filters import (
    GraphFilters,
    SectorsParam,
    SinceParam,
    UntilParam,
    graph_filters,
    parse_list,
)
from graphsvc.responses import JsonAnswer

router = APIRouter(prefix="/analysis", tags=["analysis"])

DEFAULT_LIMIT = 50


async def get_analysis_jobs(request: Request) -> analysis_service.KeptAnalyses:
    return request.app.state.analysis_jobs


def parse_actor_types(raw: str | None) -> tuple[str, ...]:
    """`type=State,Organisation` -> the actor types kept (all three when not given)."""
    return tuple(parse_list("type", raw, ACTOR_TYPES) or ACTOR_TYPES)


ActorTypeParam = Annotated[
    str | None,
    Query(alias="type", description="Comma-separated actor types that are nodes of the actor graph: "
          + ", ".join(ACTOR_TYPES) + " (default: all three)", examples=["State,Organisation"], max_length=100),
]


async def analysis_filters(
    sectors: SectorsParam = None, since: SinceParam = None, until: UntilParam = None
) -> GraphFilters:
    """The sector and time filters; they apply to every relationship that makes a tie (async: see deps.py)."""
    return graph_filters(sectors=sectors, since=since, until=until)


class CentralityItem(BaseModel):
    id: str
    name: str
    type: str
    value: float = Field(description="the measure's value for this actor")
    rank: int = Field(description="1 = first; equal values share a rank")


class CentralityAnswer(BaseModel):
    measure: str
    order: str = Field(description="descending (highest first); ascending for constraint (least constrained, "
                       "the broker, first)")
    items: list[CentralityItem]
    total: int = Field(description="actors in the actor graph (items holds at most `limit` of them)")
    truncated: bool
    left_out_shared_things: int = Field(description="agreements, events or programmes shared by so many actors "
                                        "that they are left out of the actor graph (docs/analysis.md)")
    betweenness: dict[str, Any] | None = Field(default=None, description="for measure=betweenness: `method` exact, "
                                               "or sampled with `samples`, `epsilon`, `delta` (its error bound)")


class Community(BaseModel):
    id: int = Field(description="0 = the largest community")
    size: int
    members: list[str] = Field(description="actor ids, highest PageRank first")
    label: str = Field(description="the name of its member of highest PageRank")


class CommunitiesAnswer(BaseModel):
    communities: list[Community] = Field(description="largest first")
    modularity: float = Field(description="weighted modularity of the partition (Newman), -0.5 to 1")
    method: str
    total: int = Field(description="actors in the actor graph")
    left_out_shared_things: int


_PROBLEMS: dict[int | str, dict[str, Any]] = {
    422: {"description": "A parameter is invalid, or the measure is not computed on a graph this large "
                         "(`measure-not-computed`); `detail` names it", "content": {PROBLEM_MEDIA_TYPE: {}}},
    503: {"description": "Neo4j cannot be reached, or the analysis is still being computed (problem type "
                         "`analysis-in-progress`): ask again after `Retry-After` seconds",
          "content": {PROBLEM_MEDIA_TYPE: {}}},
    504: {"description": "The query hit its time limit", "content": {PROBLEM_MEDIA_TYPE: {}}},
}

_ACTOR_GRAPH_TEXT = (
    "The actor graph: states, organisations and people (`type` keeps some of them), tied by every relationship "
    "between two of them and by every agreement, event or programme they share (weighted 1/(k−1) for k "
    "sharers); see docs/analysis.md. `sectors`, `since` and `until` keep only the relationships (and events) "
    "that pass them, as in /export. Computed once per graph version and filter set and kept for every worker; "
    "on a large graph "
    "the request answers 503 `analysis-in-progress` with `Retry-After` until it is ready."
)


@router.get(
    "/centrality",
    response_model=CentralityAnswer,
    summary="Who holds the network together: actors ranked by a centrality measure",
    description=(
        "`measure`: `degree` (distinct actors tied to), `pagerank` (weighted, damping 0.85), `betweenness` "
        "(normalised share of shortest paths between other actors that pass through; exact on graphs of up to "
        "2·10⁸ nodes × ties, else sampled with its error bound stated) or `constraint` (Burt's constraint: "
        "low = a broker between otherwise unconnected partners; ascending order; on an actor graph past its work "
        "budget it is not computed and the answer is 422 `measure-not-computed`). " + _ACTOR_GRAPH_TEXT
        + "\n\nExample: `/analysis/centrality?measure=betweenness&type=State,Organisation&limit=5`."
    ),
    responses=_PROBLEMS,
)
async def centrality(
    db: DbDep,
    jobs: Annotated[analysis_service.KeptAnalyses, Depends(get_analysis_jobs)],
    version: GraphVersionDep,
    settings: SettingsDep,
    filters: Annotated[GraphFilters, Depends(analysis_filters)],
    measure: Annotated[
        str, Query(description="degree, pagerank, betweenness or constraint", examples=["pagerank"], max_length=40)
    ] = "degree",
    type_: ActorTypeParam = None,
    limit: Annotated[int, Query(description="Most actors to answer (at most GRAPHSVC_MAX_LIMIT)", examples=[10])]
    = DEFAULT_LIMIT,
) -> Any:
    measure_name = measure.strip().lower()
    if measure_name not in analysis.MEASURES:
        raise invalid_parameter("measure", f"'{measure[:40]}' is not one of: {', '.join(analysis.MEASURES)}")
    if not 1 <= limit <= settings.max_limit:
        raise invalid_parameter("limit", f"must be between 1 and {settings.max_limit}")
    actor_types = parse_actor_types(type_)
    result = await analysis_service.network_analysis(
        db, jobs, filters, actor_types, timeout=settings.matrix_query_timeout, version=version
    )
    return JsonAnswer(analysis.centrality_answer(result, measure_name, limit))


@router.get(
    "/communities",
    response_model=CommunitiesAnswer,
    summary="Which clusters the actors form (Louvain), with the partition's modularity",
    description=(
        "A partition of the actor graph into communities by the Louvain method with refinement (NetworKit's "
        "PLM) on the tie weights, largest first, each labelled by its member of highest PageRank; `modularity` "
        "says how much more the ties fall within communities than chance would have them. " + _ACTOR_GRAPH_TEXT
        + "\n\nExample: `/analysis/communities?type=State,Organisation&until=2018`."
    ),
    responses=_PROBLEMS,
)
async def communities(
    db: DbDep,
    jobs: Annotated[analysis_service.KeptAnalyses, Depends(get_analysis_jobs)],
    version: GraphVersionDep,
    settings: SettingsDep,
    filters: Annotated[GraphFilters, Depends(analysis_filters)],
    type_: ActorTypeParam = None,
) -> Any:
    actor_types = parse_actor_types(type_)
    result = await analysis_service.network_analysis(
        db, jobs, filters, actor_types, timeout=settings.matrix_query_timeout, version=version
    )
    return JsonAnswer(analysis.communities_answer(result))
