"""Loading the validated seed into Neo4j, and exporting the graph back to seed files.

A load applies `cypher/schema.cypher`, then writes everything in one write
transaction made of batched `UNWIND … MERGE` statements (`cypher/load/`), so
a load either lands whole or not at all, and a killed load re-run converges.
Loading twice leaves the same graph; a fact removed from `seed/` disappears.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from neo4j import Driver, GraphDatabase, ManagedTransaction
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from graphsvc import citations, dates
from graphsvc.curation.seedfiles import Seed, SeedEntity, SeedRelationship, validate
from graphsvc.curation.specs import RESERVED_PROPS, EvidenceSpec, SourceDoc
from graphsvc.db import connection_info, cypher_files
from graphsvc.graph.text import search_keys
from graphsvc.settings import Settings
from graphsvc.vocabulary import ENTITY_TYPES, POINT_IN_TIME_TYPES

BATCH_SIZE = 500
SEED_ORIGIN = "seed"


def cypher(settings: Settings, name: str) -> str:
    """A statement of `cypher/load/`."""
    return cypher_files(settings, "load")[name]


def schema_statements(settings: Settings) -> list[str]:
    text = cypher_files(settings, "")["schema"]
    lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
    return [statement.strip() for statement in "\n".join(lines).split(";") if statement.strip()]


def apply_schema(
    driver: Driver, settings: Settings, database: str, *, constraints_only: bool = False, wait_seconds: int = 300
) -> None:
    """cypher/schema.cypher (every statement IF NOT EXISTS), then wait up to `wait_seconds` for the indexes to be
    online. `constraints_only`: the uniqueness constraints alone (a bulk load builds the other indexes after it)."""
    for statement in schema_statements(settings):
        if constraints_only and not statement.upper().lstrip().startswith("CREATE CONSTRAINT"):
            continue
        driver.execute_query(statement, database_=database)  # type: ignore[arg-type]
    driver.execute_query(f"CALL db.awaitIndexes({int(wait_seconds)})", database_=database)  # type: ignore[arg-type]


# -- seed -> graph rows ------------------------------------------------------
def time_bounds(start: str | None, end: str | None, point_in_time: bool) -> tuple[str | None, str | None]:
    """Full ISO dates bounding when a fact can hold (t_from, t_to); None where it is open."""
    span = dates.fact_time(start, end, point_in_time)
    return span.t_from, span.t_to


Citations = Mapping[str, str]  # source id -> its short citation ("Bazarbayev et al. (2025)")


def stored_locator(item: EvidenceSpec, citations_by_source: Citations | None = None) -> str:
    """The string an evidence item's locator is stored as, its source's short citation with it."""
    citation = (citations_by_source or {}).get(item.source or "")
    return citations.encode_locator(item.locator.model_dump(), citation)


def seed_citations(seed: Seed) -> dict[str, str]:
    return {source_id: citations.short_citation(doc) for source_id, doc in seed.sources.items()}


def _evidence_lists(evidence: list[EvidenceSpec], citations_by_source: Citations | None) -> dict[str, list[str]]:
    return {
        "sources": [e.source or "" for e in evidence],
        "excerpts": [e.excerpt for e in evidence],
        "locators": [stored_locator(e, citations_by_source) for e in evidence],
    }


def entity_row(entity: SeedEntity, origin: str = SEED_ORIGIN, citations_by_source: Citations | None = None) -> dict[str, Any]:
    spec = entity.spec
    span = dates.fact_time(spec.start, spec.end, point_in_time=spec.type == "Event")
    evidence = _evidence_lists(spec.evidence, citations_by_source)
    props: dict[str, Any] = {
        **spec.props,
        "id": spec.id,
        "name": spec.name,
        "aliases": list(spec.aliases),
        "kind": spec.kind,
        "start": spec.start,
        "end": spec.end,
        "sources": list(entity.sources),
        "search_keys": search_keys(spec.name, spec.aliases),
        **span.properties(),
        "evidence_sources": evidence["sources"],
        "evidence_excerpts": evidence["excerpts"],
        "evidence_locators": evidence["locators"],
        "origin": origin,
    }
    if spec.description:
        props["description"] = spec.description
    return {"id": spec.id, "type": spec.type, "props": props}


def relationship_row(
    rel: SeedRelationship, origin: str = SEED_ORIGIN, citations_by_source: Citations | None = None
) -> dict[str, Any]:
    span = dates.fact_time(rel.start, rel.end, point_in_time=rel.type in POINT_IN_TIME_TYPES)
    props: dict[str, Any] = {
        **rel.props,
        "id": rel.id,
        "key": rel.key,
        "sectors": list(rel.sectors),
        "start": rel.start,
        "end": rel.end,
        "tier": rel.tier,
        **_evidence_lists(rel.evidence, citations_by_source),
        **span.properties(),
        "origin": origin,
    }
    return {"id": rel.id, "type": rel.type, "from": rel.from_id, "to": rel.to_id, "props": props}


def source_row(source_id: str, seed: Seed, origin: str = SEED_ORIGIN) -> dict[str, Any]:
    source = seed.sources[source_id]
    doc = source.model_dump()
    props = {k: v for k, v in doc.items() if v is not None}
    # Derived, for readers that cite without recomputing: the short form and the year.
    props["citation"] = citations.short_citation(source)
    year = citations.source_year(source)
    if year is not None:
        props["year"] = year
    props["origin"] = origin
    return {"id": source_id, "props": props}


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for index in range(0, len(rows), BATCH_SIZE):
        yield rows[index : index + BATCH_SIZE]


def content_version(*row_lists: list[dict[str, Any]]) -> str:
    """A digest of what is loaded: changes whenever any fact, name or citation changes."""
    canonical = [
        [{**row, "props": {k: v for k, v in row["props"].items() if k != "origin"}} for row in rows]
        for rows in row_lists
    ]
    payload = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def load_seed(driver: Driver, seed: Seed, settings: Settings, database: str, progress: bool = True) -> str:
    """Write the whole seed in one transaction; return the graph version."""
    sources = [source_row(sid, seed) for sid in sorted(seed.sources)]
    cited = seed_citations(seed)
    entities = [entity_row(e, citations_by_source=cited) for _, e in sorted(seed.entities.items())]
    relationships = [relationship_row(r, citations_by_source=cited) for _, r in sorted(seed.relationships.items())]
    version = content_version(sources, entities, relationships)
    steps = [
        ("sources", cypher(settings, "upsert_sources"), sources),
        ("entities", cypher(settings, "upsert_entities"), entities),
        ("relationships", cypher(settings, "upsert_relationships"), relationships),
    ]
    total = sum(len(rows) for _, _, rows in steps)

    def work(tx: ManagedTransaction, bar: Progress | None, task: Any) -> None:
        for _label, query, rows in steps:
            for batch in _batches(rows):
                tx.run(query, rows=batch).consume()
                if bar is not None:
                    bar.advance(task, len(batch))
        tx.run(
            cypher(settings, "delete_stale"),
            origin=SEED_ORIGIN,
            entity_ids=[row["id"] for row in entities],
            relationship_ids=[row["id"] for row in relationships],
            source_ids=[row["id"] for row in sources],
        ).consume()
        tx.run(
            cypher(settings, "set_graph_version"),
            version=version,
            loaded_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        ).consume()

    with driver.session(database=database) as session:
        if progress:
            columns = (TextColumn("loading seed"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, transient=False) as bar:
                task = bar.add_task("load", total=total)
                session.execute_write(work, bar, task)
        else:
            session.execute_write(work, None, None)
    return version


def print_report_notes(report: Any, settings: Settings) -> None:
    """The warnings (old forms to migrate) and, once, the note that some excerpts were not re-verified."""
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.warnings:
        print(f"{len(report.warnings)} warning(s): figures in an old form (see seed/README.md)", file=sys.stderr)
    notice = report.unverified_notice(settings.sources_dir)
    if notice:
        print(notice, file=sys.stderr)


def load_command(settings: Settings, progress: bool = True) -> int:
    report = validate(settings.seed_dir, settings.sources_dir)
    if report.problems:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        print(f"not loaded: {len(report.problems)} problem(s) in {settings.seed_dir}", file=sys.stderr)
        return 1
    print_report_notes(report, settings)
    info = connection_info(settings)
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        apply_schema(driver, settings, info.database)
        started = dt.datetime.now()
        version = load_seed(driver, report.seed, settings, info.database, progress=progress)
        seconds = (dt.datetime.now() - started).total_seconds()
    seed = report.seed
    print(
        f"loaded {len(seed.entities)} entities, {len(seed.relationships)} relationships, "
        f"{len(seed.sources)} sources in {seconds:.2f} s; graph version {version}"
    )
    return 0


# -- graph -> seed files -------------------------------------------------------
def read_graph(driver: Driver, settings: Settings, database: str) -> dict[str, Any]:
    query = cypher_files(settings)["export_seed"]
    records, _, _ = driver.execute_query(query, database_=database)  # type: ignore[arg-type]
    row = records[0]
    return {"sources": row["sources"], "entities": row["entities"], "relationships": row["relationships"]}


def _evidence_items(props: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    keys = ("evidence_sources", "evidence_excerpts", "evidence_locators") if prefix else (
        "sources", "excerpts", "locators")
    sources, excerpts, locators = (props.get(k) or [] for k in keys)
    return [
        {"source": s, "excerpt": e, "locator": _seed_locator(loc)}
        for s, e, loc in zip(sources, excerpts, locators, strict=False)
    ]


def _seed_locator(stored: str) -> str | dict[str, Any]:
    """A stored locator as seed/ writes it: the section alone, or the mapping when it has offsets."""
    locator, _citation = citations.decode_locator(stored)
    located = {k: v for k, v in locator.items() if v not in (None, "")}
    return located if set(located) - {"section"} else locator["section"]


def _user_props(props: dict[str, Any], extra_reserved: set[str] = frozenset()) -> dict[str, Any]:
    return {k: v for k, v in sorted(props.items()) if k not in RESERVED_PROPS and k not in extra_reserved}


def export_seed(graph: dict[str, Any], out: Path) -> None:
    """Write the graph as seed files (sources, entities by type, facts by source)."""
    (out / "entities").mkdir(parents=True, exist_ok=True)
    (out / "facts").mkdir(parents=True, exist_ok=True)
    documents = sorted(graph["sources"], key=lambda s: s["id"])
    evidenced = [_source_doc(s) for s in documents if s.get("tier", "evidenced") == "evidenced"]
    reference = [_source_doc(s) for s in documents if s.get("tier") == "reference"]
    _dump(out / "sources.yaml", {"sources": evidenced})
    if reference:
        _dump(out / "reference-sources.yaml", {"sources": reference})

    by_type: dict[str, list[dict[str, Any]]] = {t: [] for t in ENTITY_TYPES}
    for node in sorted(graph["entities"], key=lambda n: n["props"]["id"]):
        props = node["props"]
        spec: dict[str, Any] = {
            "id": props["id"],
            "type": node["type"],
            "kind": props["kind"],
            "name": props["name"],
            "aliases": list(props.get("aliases") or []),
        }
        for field in ("start", "end", "description"):
            if props.get(field) is not None:
                spec[field] = props[field]
        user = _user_props(props, {"description"})
        if user:
            spec["props"] = user
        declared = [s for s in props.get("sources") or []]
        if declared:
            spec["sources"] = declared
        evidence = _evidence_items(props, prefix="evidence_")
        if evidence:
            spec["evidence"] = evidence
        by_type[node["type"]].append(spec)
    for type_, specs in by_type.items():
        if specs:
            _dump(out / "entities" / f"{type_.lower()}.yaml", {"entities": specs})

    tier_of = {source["id"]: source.get("tier", "evidenced") for source in graph["sources"]}
    by_source: dict[str, list[dict[str, Any]]] = {}
    for rel in sorted(graph["relationships"], key=lambda r: r["props"]["id"]):
        props = rel["props"]
        items = _evidence_items(props)
        grouped: dict[str, list[dict[str, str]]] = {}
        for item in items:
            grouped.setdefault(item["source"], []).append({"excerpt": item["excerpt"], "locator": item["locator"]})
        for source_id, evidence in grouped.items():
            fact: dict[str, Any] = {"type": rel["type"], "from": rel["from"], "to": rel["to"]}
            if props.get("key"):
                fact["key"] = props["key"]
            for field in ("start", "end"):
                if props.get(field) is not None:
                    fact[field] = props[field]
            fact["sectors"] = list(props.get("sectors") or [])
            user = _user_props(props)
            if user:
                fact["props"] = user
            # A fact keeps every statement's evidence; written back one statement per source, each
            # statement has its source's tier.
            fact["tier"] = "reference" if tier_of.get(source_id) == "reference" else "evidenced"
            fact["evidence"] = evidence
            by_source.setdefault(source_id, []).append(fact)
    for source_id, facts in sorted(by_source.items()):
        name = source_id.split(":", 1)[-1]
        _dump(out / "facts" / f"{name}.yaml", {"source": source_id, "relationships": facts})


def _source_doc(props: dict[str, Any]) -> dict[str, Any]:
    fields = tuple(SourceDoc.model_fields)
    return {k: props[k] for k in fields if k in props and props[k] is not None}


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=None),
        encoding="utf-8",
    )


def export_command(settings: Settings, out: Path) -> int:
    info = connection_info(settings)
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        graph = read_graph(driver, settings, info.database)
    export_seed(graph, out)
    print(
        f"exported {len(graph['entities'])} entities, {len(graph['relationships'])} relationships, "
        f"{len(graph['sources'])} sources to {out}"
    )
    return 0
