"""The whole graph, or a filtered part of it, for `GET /export` and `graphsvc export`.

One query (`cypher/queries/export_graph.cypher`) returns the kept nodes and
relationships; they are shaped as the API's `Graph` and handed to
`graphsvc.formats` for the requested format.

Size bound: an export holds at most `max_export_elements` nodes and as many
relationships (the setting `GRAPHSVC_MAX_EXPORT_ELEMENTS`, default
100 000); beyond that the answer is cut (nodes and relationships in id
order, relationships only between kept nodes) and says `truncated: true`.
Every format is built in memory (networkx writes GraphML and GEXF from a
whole graph), so the cap, not streaming, is what bounds memory.

Licenses: an export carries `licenses` (see `export_licenses`): the license
of the curated data (seed/LICENSE) with the credit it asks for, and, for each
source the exported facts cite, that source's own license and attribution.
Each format puts it where it has a place for it (graphsvc/formats/__init__.py).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphsvc.db import Database, connection_info, cypher_files
from graphsvc.errors import Problem
from graphsvc.formats import FORMATS, get_format
from graphsvc.graph.analysis import attach_metrics, compute_analysis
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.filters import GraphFilters, graph_filters
from graphsvc.graph.shapes import edge_shape, entity_shape
from graphsvc.graph.sources import short_citation
from graphsvc.settings import Settings

# The license of the curated facts: seed/LICENSE states it (a unit test keeps the two in step).
DATA_LICENSE = "CC BY 4.0"
DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_CREDIT = "graphsvc curated facts"

def export_limit(settings: Settings) -> int:
    """The cap on nodes (and on relationships) in one export."""
    return settings.max_export_elements


def analysis_scope(filters: GraphFilters) -> tuple[GraphFilters, tuple[str, ...]] | None:
    """The actor graph whose metrics an export's nodes carry: the export's sectors and window, its actor
    types (None when it keeps no actor type)."""
    actor_types = tuple(t for t in ACTOR_TYPES if filters.types is None or t in filters.types)
    if not actor_types:
        return None
    return GraphFilters(types=None, rel_types=None, sectors=filters.sectors, since=filters.since,
                        until=filters.until), actor_types


def export_stem(filters: GraphFilters) -> str:
    """The file name an export is offered as: `graphsvc-export` plus its filters."""
    parts = ["graphsvc-export"]
    for name, values in (("types", filters.types), ("rel", filters.rel_types), ("sectors", filters.sectors)):
        if values:
            parts.append(f"{name}-{'-'.join(values)}")
    if filters.since:
        parts.append(f"since-{filters.since}")
    if filters.until:
        parts.append(f"until-{filters.until}")
    return "_".join(parts)


def cited_sources(graph: dict[str, Any]) -> list[str]:
    """The ids of the sources the graph's evidence cites (its relationships' and entities' own), sorted."""
    return sorted({item["source"] for element in graph["nodes"] + graph["edges"]
                   for item in element.get("evidence") or [] if item.get("source")})


async def export_licenses(db: Database, graph: dict[str, Any]) -> dict[str, Any]:
    """`{"data": {license, url, attribution}, "sources": [{id, citation, title, url, doi, license,
    attribution}]}`: what reusing the export asks, for the data and for each source it cites."""
    version = await db.graph_version()
    ids = cited_sources(graph)
    rows = await db.read("export_sources", {"ids": ids}) if ids else []
    return {
        "data": {
            "license": DATA_LICENSE,
            "url": DATA_LICENSE_URL,
            "attribution": f"{DATA_CREDIT}, graph version {version}" if version else DATA_CREDIT,
        },
        "sources": [
            {
                "id": row["props"]["id"],
                "citation": short_citation(row["props"]),
                "title": row["props"].get("title"),
                "url": row["props"].get("url"),
                "doi": row["props"].get("doi"),
                "license": row["props"].get("license") or "not stated",
                "attribution": row["props"].get("attribution") or "not stated",
            }
            for row in rows
        ],
    }


async def export_graph(db: Database, filters: GraphFilters, limit: int) -> dict[str, Any]:
    """The graph the filters keep, as `{"nodes", "edges", "truncated", "licenses"}`."""
    rows = await db.read("export_graph", {**filters.parameters(), "limit": limit})
    node_rows, edge_rows = rows[0]["nodes"], rows[0]["edges"]
    truncated = len(node_rows) > limit or len(edge_rows) > limit
    nodes = [entity_shape(row["props"], row["type"]) for row in node_rows[:limit]]
    kept = {node["id"] for node in nodes}
    edges = [
        edge_shape(row["props"], row["type"], row["from"], row["to"])
        for row in edge_rows[:limit]
        if row["from"] in kept and row["to"] in kept
    ]
    graph = {"nodes": nodes, "edges": edges, "truncated": truncated}
    graph["licenses"] = await export_licenses(db, graph)
    return graph


async def _export_with_settings(settings: Settings, filters: GraphFilters) -> dict[str, Any]:
    db = Database(connection_info(settings), cypher_files(settings), settings)
    try:
        graph = await export_graph(db, filters, export_limit(settings))
        scope = analysis_scope(filters)
        if scope is not None:
            attach_metrics(graph, await compute_analysis(db, *scope, timeout=settings.matrix_query_timeout))
        return graph
    finally:
        await db.close()


def export_graph_command(
    settings: Settings, fmt: str, out_path: Path | str, filters: Mapping[str, str | None] | None = None
) -> int:
    """`graphsvc export`: write the (filtered) graph to `out_path` ('-' = stdout) in `fmt`.

    `filters` holds the raw strings of the command line, as the HTTP route takes
    them: types, rel_types, sectors (comma-separated), since, until (ISO dates).
    Returns the process exit code: 0 done, 2 bad argument, 1 database problem.
    """
    raw = dict(filters or {})
    try:
        spec = get_format(fmt)
        parsed = graph_filters(
            types=raw.get("types"),
            rel_types=raw.get("rel_types"),
            sectors=raw.get("sectors"),
            since=raw.get("since"),
            until=raw.get("until"),
        )
    except Problem as problem:
        print(f"error: {problem.detail}", file=sys.stderr)
        return 2
    try:
        graph = asyncio.run(_export_with_settings(settings, parsed))
    except Problem as problem:
        print(f"error: {problem.title}: {problem.detail}", file=sys.stderr)
        return 1
    data = spec.serialise(graph)
    if str(out_path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(out_path).write_bytes(data)
    cut = " (truncated at the export limit)" if graph["truncated"] else ""
    where = "stdout" if str(out_path) == "-" else str(out_path)
    print(
        f"exported {len(graph['nodes'])} entities and {len(graph['edges'])} relationships "
        f"as {spec.name} to {where}{cut}",
        file=sys.stderr,
    )
    return 0


__all__ = ["DATA_LICENSE", "FORMATS", "cited_sources", "export_graph", "export_licenses", "export_graph_command", "export_limit", "export_stem"]
