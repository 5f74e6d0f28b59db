"""CSV: a zip of `nodes.csv` and `edges.csv` (UTF-8, comma-separated, header row,
RFC 4180 quoting), ready for a spreadsheet, pandas, R, or Gephi's
spreadsheet import.

- `nodes.csv`: `id, label, name, type, kind, aliases, start, end, sources,
  evidence, evidence_count`, then any figures (students, rank, ...).
- `edges.csv`: `id, source, target, type, start, end, sectors, tier, dated,
  evidence, evidence_count`, then any figures (role, title, share_percent, ...).

Cells follow `flat.py`: lists and evidence are JSON text
(`["culture", "education"]`), nulls are empty, booleans are `true`/`false`.
The zip also holds `README.txt` saying so, and whether the graph was truncated;
an export adds `sources.csv` (one row per source its facts cite: id, citation,
title, url, doi, license, attribution) and the licenses in `README.txt`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from graphsvc.formats.flat import Scalar, columns, flat_edge, flat_node
from graphsvc.formats.licenses import SOURCE_COLUMNS, license_text

NODE_COLUMNS = ("id", "label", "name", "type", "kind", "aliases", "start", "end", "sources", "evidence", "evidence_count")
EDGE_COLUMNS = ("id", "source", "target", "type", "start", "end", "sectors", "tier", "dated", "evidence", "evidence_count")

README = """\
nodes.csv: one row per entity; edges.csv: one row per relationship
(source -> target are entity ids from nodes.csv).
Lists (aliases, sectors, sources) and evidence are JSON text; evidence is a
list of {{"source", "excerpt", "locator"}}; evidence_count is its length.
Empty cells are nulls. Booleans are true/false.
truncated: {truncated} (true when the answer was cut at a limit)
"""


def _cell(value: Scalar | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table(rows: list[dict[str, Scalar]], first: tuple[str, ...]) -> str:
    header = columns(rows, first)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in header])
    return out.getvalue()


def serialise(graph: dict[str, Any]) -> bytes:
    nodes = [flat_node(node) for node in graph["nodes"]]
    edges = [flat_edge(edge) for edge in graph["edges"]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", _table(nodes, NODE_COLUMNS))
        archive.writestr("edges.csv", _table(edges, EDGE_COLUMNS))
        readme = README.format(truncated=_cell(bool(graph.get("truncated", False))))
        licenses = graph.get("licenses")
        if licenses:
            archive.writestr("sources.csv", _table(licenses["sources"], SOURCE_COLUMNS))
            readme += "sources.csv: the sources the facts cite, with their licenses.\n\n" + license_text(licenses) + "\n"
        archive.writestr("README.txt", readme)
    return buffer.getvalue()
