"""The sources as first-class records: what each document is, its license,
how to cite it, and how much of the graph rests on it.

`GET /sources` and `GET /sources/{id}` (`routers/sources.py`) answer from
`cypher/queries/sources_list.cypher`; the citation formats come from
`graphsvc/citations.py`, the one definition of how a source is cited.
"""

from __future__ import annotations

from typing import Any

from graphsvc import citations
from graphsvc.curation.specs import SourceDoc
from graphsvc.db import Database
from graphsvc.errors import not_found

# The Source fields an answer shows, in the contract's order (shared/design/api.md).
SHOWN_FIELDS = ("id", "title", "authors", "year", "published", "venue", "doi", "url", "license", "attribution",
                "tier", "language", "citation", "note", "affiliations")


def source_doc(props: dict[str, Any]) -> SourceDoc:
    """A stored Source node's properties as the seed's record (for the citation formats)."""
    return SourceDoc(**{key: value for key, value in props.items() if key in SourceDoc.model_fields})


def short_citation(props: dict[str, Any]) -> str:
    """The source's short citation ("Bazarbayev et al. (2025)"), stored or derived."""
    return str(props.get("citation") or citations.short_citation(source_doc(props)))


def source_shape(row: dict[str, Any]) -> dict[str, Any]:
    props = row["props"]
    doc = source_doc(props)
    shape: dict[str, Any] = {key: props.get(key) for key in SHOWN_FIELDS}
    shape["authors"] = list(props.get("authors") or [])
    shape["affiliations"] = list(props.get("affiliations") or [])
    shape["year"] = props.get("year") if props.get("year") is not None else citations.source_year(doc)
    shape["citation"] = short_citation(props)
    shape["note"] = props.get("note") or ""
    shape["counts"] = {
        "entities": row["entities"],
        "relationships": row["relationships"],
        "excerpts": row["excerpts"],
    }
    return shape


async def list_sources(db: Database) -> list[dict[str, Any]]:
    return [source_shape(row) for row in await db.read("sources_list", {"ids": None})]


async def get_source(db: Database, source_id: str) -> dict[str, Any]:
    rows = await db.read("sources_list", {"ids": [source_id]})
    if not rows:
        raise not_found("Source", f"No source has the id '{source_id[:200]}'; GET /sources lists them.",
                        parameter="id")
    return source_shape(rows[0])


def as_csl_json(source: dict[str, Any]) -> list[dict[str, Any]]:
    return citations.csl_json(source_doc(source))


def as_bibtex(source: dict[str, Any]) -> str:
    return citations.bibtex(source_doc(source))
