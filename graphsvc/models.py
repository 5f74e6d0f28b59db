"""Pydantic models of the HTTP answers (the shapes of shared/design/api.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Neo4jStatus(BaseModel):
    connected: bool
    version: str | None = Field(description="Neo4j server version, e.g. 5.26.30")


class GraphStatus(BaseModel):
    nodes: int | None = Field(description="number of :Entity nodes")
    relationships: int | None = Field(description="number of relationships")
    version: str | None = Field(description="content version of the loaded graph; changes when the content changes")


# Whether a service process holds the graph version's hub-event rosters (graphsvc/cooperation_service.py).
HubEventRostersState = Literal["ready", "reading", "not read"]
# Where a service process's start-up warm-up of Neo4j's query plans stands (graphsvc/plan_warmup.py).
QueryPlansState = Literal["off", "waiting", "warming", "warmed", "failed"]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    neo4j: Neo4jStatus
    graph: GraphStatus
    hub_event_rosters: HubEventRostersState = Field(
        default="not read",
        description="whether this process holds the graph version's event rosters, which unfiltered "
        "rankings count shared events from (docs/cooperation-scoring.md; the name is from when only hub events "
        "had one); read in the background at start-up and after every write; until `ready`, rankings walk "
        "every event (same answers, slower)",
    )
    reach_arrays: HubEventRostersState = Field(
        default="not read",
        description="whether this process holds the graph version's reach arrays, which unfiltered rankings "
        "count the parts `programme`, `operates_in`, `shared_membership` and `shared_agreement` from "
        "(docs/cooperation-scoring.md); read in the "
        "background at start-up and after every write; until `ready`, rankings walk those parts (same "
        "answers, slower)",
    )
    query_plans: QueryPlansState = Field(
        default="off",
        description="where this process's start-up warm-up of Neo4j's query plans stands (`waiting`, "
        "`warming`, then `warmed`; `failed` when a statement failed or Neo4j was unreachable; `off` with "
        "GRAPHSVC_WARM_PLANS=false): the first rankings after a start spend no time planning once `warmed` "
        "(docs/cooperation-scoring.md)",
    )
    worker: str = Field(
        default="",
        description="the process that answered (`host:pid`, as a 503 `ranking-in-progress` names its "
        "`answered_by`): with several workers or replicas, each says where its own rosters, reach arrays and "
        "plans stand",
    )


class Locator(BaseModel):
    """Where the excerpt stands in its source text."""

    section: str = Field(default="", description="section heading, or empty")
    paragraph: int | None = Field(default=None, description="1-based paragraph of the text (blank-line separated)")
    start: int | None = Field(default=None, description="character offset of the excerpt's first character in the text")
    end: int | None = Field(default=None, description="character offset just past its last (exclusive): "
                                                      "text[start:end] is the excerpt as printed")


class Evidence(BaseModel):
    """One citation: the source document, a verbatim excerpt, where in the text."""

    source: str = Field(description="Source id, e.g. src:bazarbayev-2025-soft-power (GET /sources/{id})")
    excerpt: str = Field(description="verbatim words of the source that state the fact")
    locator: Locator = Field(description="where the excerpt stands: section, paragraph, character offsets")
    citation: str = Field(description="the source's short citation, e.g. 'Bazarbayev et al. (2025)'")


class Entity(BaseModel):
    id: str = Field(description="stable id, e.g. state:kazakhstan")
    name: str
    type: str = Field(description="the type label: State, Organisation, Person, Agreement, Event, Programme, Place")
    kind: str = Field(description="subtype in snake_case, e.g. intergovernmental_organisation")
    aliases: list[str] = Field(default_factory=list)
    start: str | None = Field(default=None, description="EDTF date as written (ISO 8601-2): 1993, 2021-12, 199X, 2009?")
    end: str | None = Field(default=None, description="EDTF date as written, or null while it lasts or when unknown")
    sources: list[str] = Field(default_factory=list, description="ids of the sources that mention it")
    evidence: list[Evidence] = Field(default_factory=list, description="citations for start, end and figures")

    # Figures the sources give (students, rank, ...) appear as further fields.
    model_config = {"extra": "allow"}


class Edge(BaseModel):
    id: str = Field(description="stable fact id, e.g. member_of:state:kazakhstan->org:turksoy")
    type: str = Field(description="relationship type, e.g. MEMBER_OF")
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    start: str | None = Field(default=None, description="EDTF date as written, or null when the sources give none")
    end: str | None = Field(default=None, description="EDTF date as written, or null")
    sectors: list[str]
    tier: str = Field(description="evidenced (excerpts verified in the source texts) or reference")
    dated: bool = Field(description="false when the sources give no date for this fact")
    evidence: list[Evidence]

    # role, title and figures (students, rank, share_percent, ...) appear as further fields.
    model_config = {"populate_by_name": True, "extra": "allow"}


class Graph(BaseModel):
    nodes: list[Entity]
    edges: list[Edge]
    truncated: bool = Field(description="true when the answer was cut at `limit`")


class DataLicense(BaseModel):
    license: str = Field(description="the curated data's license, e.g. CC-BY-4.0 (seed/LICENSE)")
    url: str
    attribution: str = Field(description="the credit line reuse asks for, with the graph version")


class SourceLicense(BaseModel):
    id: str = Field(description="Source id (GET /sources/{id})")
    citation: str = Field(description="short citation, e.g. 'Bazarbayev et al. (2025)'")
    title: str | None = None
    url: str | None = None
    doi: str | None = None
    license: str = Field(description="the source's own license as it states it, or 'not stated'")
    attribution: str = Field(description="the attribution the source asks for, or 'not stated'")


class Licenses(BaseModel):
    """What reusing an export asks: for the curated data, and for each source its facts cite."""

    data: DataLicense
    sources: list[SourceLicense]


class ExportGraph(Graph):
    """`GET /export?format=json`: the Graph, with the licenses of the data and of the sources it cites."""

    licenses: Licenses
