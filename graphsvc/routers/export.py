"""GET /export: the whole graph, or a filtered part, in any graph format."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from graphsvc.analysis_service import KeptAnalyses, attach_graph_metrics
from graphsvc.deps import DbDep, SettingsDep
from graphsvc.errors import PROBLEM_MEDIA_TYPE
from graphsvc.formats import (
    FILE_FORMAT_CONTENT,
    CytoscapeDocument,
    D3Document,
    FormatParam,
    render,
)
from graphsvc.graph.export import (
    export_graph,
    export_limit,
    export_stem,
)
from graphsvc.graph.filters import GraphFilters, graph_filters_dep
from graphsvc.models import ExportGraph
from graphsvc.routers.analysis import get_analysis_jobs

router = APIRouter(tags=["export"])

_EXAMPLE = {
    "nodes": [
        {"id": "state:kazakhstan", "name": "Kazakhstan", "type": "State", "kind": "sovereign_state",
         "aliases": ["Republic of Kazakhstan", "Қазақстан", "Qazaqstan"], "start": None, "end": None,
         "sources": ["src:bazarbayev-2025-soft-power"], "evidence": []},
        {"id": "org:turksoy", "name": "TURKSOY", "type": "Organisation", "kind": "intergovernmental_organisation",
         "aliases": ["International Organization of Turkic Culture", "Türksoy"], "start": None, "end": None,
         "sources": ["src:bazarbayev-2025-soft-power"], "evidence": []},
    ],
    "edges": [
        {"id": "founded:state:kazakhstan->org:turksoy", "type": "FOUNDED", "from": "state:kazakhstan",
         "to": "org:turksoy", "start": "1993", "end": None, "sectors": ["culture"], "tier": "evidenced",
         "dated": True,
         "evidence": [{"source": "src:bazarbayev-2025-soft-power",
                       "excerpt": "TURKSOY, an international organisation founded in 1993 as a result of agreements "
                                  "between the ministries of the Republic of Turkey, the Republic of Kazakhstan, a "
                                  "number of Central Asian states, and Azerbaijan.",
                       "locator": "Results"}]},
    ],
    "truncated": False,
}

_PROBLEM = {"content": {PROBLEM_MEDIA_TYPE: {}}}


@router.get(
    "/export",
    response_model=ExportGraph | CytoscapeDocument | D3Document,
    summary="Download the whole graph, or a filtered part of it",
    description=(
        "Every entity and every relationship between them, with all their evidence, in the format "
        "your tool reads: `json` (the API's Graph), `cytoscape`, `d3`, `graphml` (yEd, Cytoscape "
        "desktop), `gexf` (Gephi) or `csv` (a zip of nodes.csv and edges.csv). Narrow it with the "
        "filters: `types` keeps those entity types; `rel_types` and `sectors` keep those "
        "relationships and only the entities they touch; `since`/`until` keep relationships and "
        "events whose dates overlap the window (undated facts always count, marked `dated: false`). "
        "In GraphML, GEXF and CSV, lists (aliases, sectors, sources) and evidence are JSON text and "
        "`evidence_count` is added. Every actor node carries its network `metrics` (degree, pagerank, "
        "betweenness, betweenness_rank, constraint, community, community_label; docs/analysis.md) in the actor "
        "graph of the same `sectors`/`since`/`until` and actor `types`; GraphML, GEXF and CSV also give them as "
        "attributes `metric_<name>` (metric_degree, metric_pagerank, ...), for Gephi to size and colour by. At most `GRAPHSVC_MAX_EXPORT_ELEMENTS` entities and as many "
        "relationships are returned; `truncated` says when the export was cut. Every export carries its "
        "licenses: the curated data's (CC BY 4.0, with the credit it asks for) and each cited source's license "
        "and attribution: `licenses` in json, `data.licenses` in cytoscape, `graph.licenses` in d3, graph "
        "attributes in GraphML, `<meta><description>` in GEXF, `sources.csv` and README.txt in csv.\n\n"
        "Example: `/export?format=gexf&sectors=culture,education&since=2015`."
    ),
    responses={
        200: {
            "description": "The graph, in the requested format, offered as a file `graphsvc-export….<ext>`",
            "content": {
                "application/json": {"example": _EXAMPLE},
                **FILE_FORMAT_CONTENT,
            },
        },
        422: {"description": "A parameter is not valid (the problem names it)", **_PROBLEM},
        503: {"description": "Neo4j cannot be reached", **_PROBLEM},
        504: {"description": "The export query hit its time limit", **_PROBLEM},
    },
)
async def export(
    filters: Annotated[GraphFilters, Depends(graph_filters_dep)],
    db: DbDep,
    settings: SettingsDep,
    fmt: FormatParam = "json",
    jobs: KeptAnalyses = Depends(get_analysis_jobs),
) -> Any:
    graph = await export_graph(db, filters, export_limit(settings))
    await attach_graph_metrics(db, jobs, graph, filters, timeout=settings.matrix_query_timeout)
    response: Response = render(graph, fmt, export_stem(filters))
    return response
