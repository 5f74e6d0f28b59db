"""GET /health: is Neo4j reachable, which server, how big is the graph."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from graphsvc.cooperation_service import EVENT_ROSTERS, REACH
from graphsvc.db import Database
from graphsvc.deps import get_db
from graphsvc.errors import PROBLEM_MEDIA_TYPE, Problem
from graphsvc.kept_answers import WORKER
from graphsvc.models import Health

router = APIRouter(tags=["service"])


@router.get(
    "/health",
    response_model=Health,
    summary="Service and database health",
    description=(
        "Whether Neo4j can be reached, its version, and the size and content version of the "
        "loaded graph. `status` is `ok` when Neo4j answers and a graph is loaded, `degraded` "
        "when Neo4j answers but no graph is loaded. Answers 503 (problem+json, with the same "
        "fields) when Neo4j cannot be reached. The graph `version` changes whenever the "
        "content changes; cite it with any answer you keep. `hub_event_rosters` says whether "
        "this process has read the version's hub-event rosters (unfiltered rankings of hub-event "
        "participants are fast once `ready`); `reach_arrays`, whether it has read the version's reach "
        "arrays (unfiltered rankings of actors with many institutions or in big organisations are fast once "
        "`ready`); `query_plans`, where the start-up warm-up of Neo4j's query "
        "plans stands (the first rankings are fast once `warmed`); `worker`, which process answered "
        "(`host:pid`): each of several workers answers for itself."
    ),
    responses={503: {"description": "Neo4j cannot be reached", "content": {PROBLEM_MEDIA_TYPE: {}}}},
)
async def health(request: Request) -> Any:
    try:
        database: Database = await get_db(request)
        version = await database.server_version()
        rows = await database.read("health_counts")
    except Problem as problem:
        if problem.status != 503:
            raise
        body = problem.body(request.url.path)
        body.update(
            status="degraded",
            neo4j={"connected": False, "version": None},
            graph={"nodes": None, "relationships": None, "version": None},
            query_plans=request.app.state.plan_warmup.state,
            worker=WORKER,
        )
        return JSONResponse(body, status_code=503, headers=problem.headers, media_type=PROBLEM_MEDIA_TYPE)
    counts = rows[0]
    graph_version = counts["version"]
    return Health(
        status="ok" if graph_version else "degraded",
        neo4j={"connected": True, "version": version},
        graph={"nodes": counts["nodes"], "relationships": counts["relationships"], "version": graph_version or ""},
        hub_event_rosters=EVENT_ROSTERS.state(database, graph_version),
        reach_arrays=REACH.state(database, graph_version),
        query_plans=request.app.state.plan_warmup.state,
        worker=WORKER,
    )
