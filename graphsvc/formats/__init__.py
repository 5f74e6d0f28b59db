"""Output formats for every answer that is a graph (neighbourhood, paths, export).

`render(graph, fmt, stem)` turns a graph dict — `{"nodes": [Entity], "edges":
[Edge], "truncated": bool}`, the shapes of `graphsvc/graph/shapes.py` — into
an HTTP response in one of `FORMATS`; `serialise(graph, fmt)` gives the bytes
(used by the command line). One module per format:

| format      | module        | media type              | file        |
|-------------|---------------|-------------------------|-------------|
| `json`      | (here)        | application/json        | `<stem>.json` (inline) |
| `cytoscape` | cytoscape.py  | application/json        | `<stem>.cyjs` |
| `d3`        | d3.py         | application/json        | `<stem>.json` |
| `graphml`   | graphml.py    | application/graphml+xml | `<stem>.graphml` |
| `gexf`      | gexf.py       | application/gexf+xml    | `<stem>.gexf` |
| `csv`       | tabular.py    | application/zip         | `<stem>.zip` (nodes.csv + edges.csv) |

The JSON formats keep lists and evidence as JSON arrays. GraphML, GEXF and
CSV hold only scalar attributes: there, lists (aliases, sectors, sources) and
evidence are written as JSON text (see `flat.py`), and `evidence_count` is
added so tools can size or filter by it without parsing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import orjson
from fastapi import Query, Response
from pydantic import BaseModel, Field

from graphsvc.errors import invalid_parameter
from graphsvc.formats import cytoscape, d3, gexf, graphml, tabular

FormatName = Literal["json", "cytoscape", "d3", "graphml", "gexf", "csv"]


def _json(graph: dict[str, Any]) -> bytes:
    return orjson.dumps(graph)


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    attachment: bool
    serialise: Callable[[dict[str, Any]], bytes]


FORMATS: dict[str, Format] = {
    "json": Format("json", "application/json", "json", False, _json),
    "cytoscape": Format("cytoscape", "application/json", "cyjs", True, cytoscape.serialise),
    "d3": Format("d3", "application/json", "json", True, d3.serialise),
    "graphml": Format("graphml", "application/graphml+xml", "graphml", True, graphml.serialise),
    "gexf": Format("gexf", "application/gexf+xml", "gexf", True, gexf.serialise),
    "csv": Format("csv", "application/zip", "zip", True, tabular.serialise),
}

FORMAT_DESCRIPTION = (
    "Answer format: `json` (default, the API's Graph), `cytoscape` (Cytoscape.js elements), "
    "`d3` (node-link JSON for D3 force layouts), `graphml`, `gexf` (as Gephi reads it) or "
    "`csv` (a zip of nodes.csv and edges.csv). In GraphML, GEXF and CSV, lists and evidence "
    "are JSON text."
)

FormatParam = Annotated[
    FormatName,
    Query(alias="format", description=FORMAT_DESCRIPTION, examples=["cytoscape"]),
]


# -- how the formats are declared in the OpenAPI document ----------------------
class CytoscapeElement(BaseModel):
    group: Literal["nodes", "edges"]
    data: dict[str, Any] = Field(description="every Entity or Edge field, plus `label` and `evidence_count`; "
                                 "edges name their ends `source` and `target`")


class CytoscapeElements(BaseModel):
    nodes: list[CytoscapeElement]
    edges: list[CytoscapeElement]


class CytoscapeDocument(BaseModel):
    """`format=cytoscape`: Cytoscape.js elements JSON."""

    elements: CytoscapeElements
    data: dict[str, Any] = Field(description="the graph's own data, e.g. {\"truncated\": false}")


class D3Document(BaseModel):
    """`format=d3`: node-link JSON for D3 force layouts and networkx."""

    directed: bool
    multigraph: bool
    graph: dict[str, Any] = Field(description="the graph's own data, e.g. {\"truncated\": false}")
    nodes: list[dict[str, Any]] = Field(description="every Entity field, plus `evidence_count`")
    links: list[dict[str, Any]] = Field(description="every Edge field; ends as `source`/`target`, `key` = id")


# The non-JSON formats, for a route's `responses={200: {"content": ...}}`; the
# JSON ones (json, cytoscape, d3) are declared by the route's response_model,
# e.g. `Graph | CytoscapeDocument | D3Document`.
FILE_FORMAT_CONTENT: dict[str, Any] = {
    "application/graphml+xml": {"schema": {"type": "string"}},
    "application/gexf+xml": {"schema": {"type": "string"}},
    "application/zip": {"schema": {"type": "string", "format": "binary"}},
}


def get_format(fmt: str) -> Format:
    """The format named `fmt`, or a 422 naming the `format` parameter."""
    try:
        return FORMATS[fmt]
    except (KeyError, TypeError):
        raise invalid_parameter("format", f"'{str(fmt)[:40]}' is not one of: {', '.join(FORMATS)}") from None


def serialise(graph: dict[str, Any], fmt: str) -> bytes:
    return get_format(fmt).serialise(graph)


def safe_stem(stem: str) -> str:
    """A file-name stem any system accepts: `state:kazakhstan` -> `state-kazakhstan`."""
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "-" for ch in stem)
    cleaned = "-".join(part for part in cleaned.split("-") if part).strip(".")
    return cleaned[:120] or "graph"


def render(graph: dict[str, Any], fmt: str, stem: str) -> Response:
    """The graph as an HTTP response in format `fmt`, offered as file `<stem>.<ext>`."""
    spec = get_format(fmt)
    filename = f"{safe_stem(stem)}.{spec.extension}"
    disposition = "attachment" if spec.attachment else "inline"
    return Response(
        content=spec.serialise(graph),
        media_type=spec.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


__all__ = ["CytoscapeDocument", "D3Document", "FILE_FORMAT_CONTENT", "FORMATS", "FORMAT_DESCRIPTION", "Format", "FormatName", "FormatParam", "get_format", "render", "serialise"]
