"""Routes of /sources: the documents the graph cites, and their citations."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from graphsvc.deps import DbDep
from graphsvc.errors import PROBLEM_MEDIA_TYPE
from graphsvc.graph.sources import as_bibtex, as_csl_json, get_source, list_sources

router = APIRouter(tags=["sources"])

CSL_JSON_MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
BIBTEX_MEDIA_TYPE = "application/x-bibtex; charset=utf-8"


class SourceCounts(BaseModel):
    entities: int = Field(description="entities whose sources include this document")
    relationships: int = Field(description="relationships with at least one excerpt from it")
    excerpts: int = Field(description="evidence excerpts taken from it (relationships' and entities' own)")


class Source(BaseModel):
    """A document facts are taken from: what it is, its license, how to cite it."""

    id: str = Field(description="e.g. src:bazarbayev-2025-soft-power")
    title: str
    authors: list[str] = Field(description="as printed")
    year: int | None = Field(description="year of publication; null when the document does not state it")
    published: str | None = Field(description="date of publication (EDTF) as the document states it")
    venue: str | None = Field(description="journal, proceedings, publisher or news outlet")
    doi: str | None
    url: str | None
    license: str | None = Field(description="the document's own license as it states it, or 'not stated'")
    attribution: str | None = Field(description="the attribution the document asks for, if any")
    tier: str = Field(description="evidenced (a text whose excerpts are verified) or reference")
    language: str | None = Field(description="language of the text (BCP 47)")
    citation: str = Field(description="short citation, as every evidence item carries it: 'Bazarbayev et al. (2025)'")
    note: str = ""
    affiliations: list[str] = Field(default_factory=list)
    counts: SourceCounts


class SourceList(BaseModel):
    items: list[Source] = Field(description="every source the graph cites, by id")


_EXAMPLE = {
    "id": "src:bazarbayev-2025-soft-power",
    "title": "\"Soft Power\" and Ethnic Identity Factors in Türkiye-Kazakhstan Integration",
    "authors": ["Kanat Bazarbayev", "Eren Akdeniz", "Aidarbek Amirbek", "Sultanmurat Abzhalov", "Almasbek Anuarbekuly"],
    "year": 2025, "published": "2025", "venue": None, "doi": None, "url": None,
    "license": "CC BY 2.0", "attribution": "© 2025 Bazarbayev et al.; the original work properly cited",
    "tier": "evidenced", "language": "en", "citation": "Bazarbayev et al. (2025)", "note": "", "affiliations": [],
    "counts": {"entities": 98, "relationships": 160, "excerpts": 300},
}
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No source has this id", "content": {PROBLEM_MEDIA_TYPE: {}}},
    422: {"description": "A parameter is invalid; the answer names it", "content": {PROBLEM_MEDIA_TYPE: {}}},
    503: {"description": "Neo4j cannot be reached", "content": {PROBLEM_MEDIA_TYPE: {}}},
}


@router.get(
    "/sources",
    response_model=SourceList,
    summary="Every source the graph cites",
    description=(
        "The documents facts are taken from, with their bibliographic data, license, short citation and "
        "how much of the graph cites each (`counts`). The short `citation` is the one every evidence "
        "item in every answer carries."
    ),
    responses={**_PROBLEMS, 200: {"content": {"application/json": {"example": {"items": [_EXAMPLE]}}}}},
)
async def sources(db: DbDep) -> Any:
    return {"items": await list_sources(db)}


SourceId = Annotated[
    str, Path(description="a Source id, e.g. src:bazarbayev-2025-soft-power", examples=["src:bazarbayev-2025-soft-power"],
              max_length=300)
]
SourceFormat = Annotated[
    Literal["json", "csl-json", "bibtex"],
    Query(description="`json`: the Source; `csl-json`: its citation as CSL-JSON (Zotero, Pandoc, citeproc); "
                      "`bibtex`: as a BibTeX entry (LaTeX)"),
]


@router.get(
    "/sources/{source_id}",
    response_model=Source,
    summary="One source, or its citation as CSL-JSON or BibTeX",
    description=(
        "One document with its bibliographic data, license and attribution, short citation and counts. "
        "`?format=csl-json` answers an array of one CSL-JSON item (`application/vnd.citationstyles.csl+json`) "
        "that reference managers import; `?format=bibtex` one BibTeX entry (`application/x-bibtex`)."
    ),
    responses={
        **_PROBLEMS,
        200: {"content": {"application/json": {"example": _EXAMPLE}, CSL_JSON_MEDIA_TYPE: {}, BIBTEX_MEDIA_TYPE: {}}},
    },
)
async def source(db: DbDep, source_id: SourceId, format: SourceFormat = "json") -> Any:
    found = await get_source(db, source_id)
    if format == "csl-json":
        return Response(orjson.dumps(as_csl_json(found)), media_type=CSL_JSON_MEDIA_TYPE)
    if format == "bibtex":
        return Response(as_bibtex(found), media_type=BIBTEX_MEDIA_TYPE)
    return found
