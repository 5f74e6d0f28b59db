"""Where each format carries an export's `licenses` (graphsvc/graph/export.py, `export_licenses`):

| format      | where                                                                  |
|-------------|------------------------------------------------------------------------|
| `json`      | top-level `licenses`: `{"data": {...}, "sources": [...]}`               |
| `cytoscape` | `data.licenses` (the graph's own data, `cy.data("licenses")`)           |
| `d3`        | `graph.licenses` (networkx keeps it as the graph's attributes)          |
| `graphml`   | graph-level `<data>`: `license`, `license_url`, `attribution`, `source_licenses` (JSON text) |
| `gexf`      | `<meta><description>`: the same, as text (GEXF 1.2 has no graph attributes) |
| `csv`       | `sources.csv` (one row per cited source) and a license section in `README.txt` |

A graph with no `licenses` (a neighbourhood or a path in a format) carries none.
"""

from __future__ import annotations

from typing import Any

import orjson

SOURCE_COLUMNS = ("id", "citation", "title", "url", "doi", "license", "attribution")


def graph_data(graph: dict[str, Any]) -> dict[str, Any]:
    """The graph's own data in the JSON formats (cytoscape `data`, d3 `graph`): `truncated`, and `licenses`."""
    data: dict[str, Any] = {"truncated": bool(graph.get("truncated", False))}
    if graph.get("licenses"):
        data["licenses"] = graph["licenses"]
    return data


def graph_attributes(licenses: dict[str, Any] | None) -> dict[str, str]:
    """Scalar graph attributes (GraphML): the data's license, its URL and credit, the sources' as JSON text."""
    if not licenses:
        return {}
    data = licenses["data"]
    return {
        "license": data["license"],
        "license_url": data["url"],
        "attribution": data["attribution"],
        "source_licenses": orjson.dumps(licenses["sources"]).decode(),
    }


def license_text(licenses: dict[str, Any] | None) -> str:
    """The licenses as plain text: the data's, then one line per cited source."""
    if not licenses:
        return ""
    data = licenses["data"]
    lines = [f"Data license: {data['license']} ({data['url']}); credit: {data['attribution']}.",
             "The excerpts quoted as evidence remain their authors' words, under each source's license:"]
    for source in licenses["sources"]:
        where = f"https://doi.org/{source['doi']}" if source.get("doi") else source.get("url") or ""
        lines.append(f"- {source['id']}: {source['citation']}, {source.get('title') or ''}"
                     f"{' <' + where + '>' if where else ''}; license: {source['license']}; "
                     f"attribution: {source['attribution']}")
    return "\n".join(lines)
