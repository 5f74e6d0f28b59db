"""Curated writes: create, replace and delete entities, relationships and sources.

A write is checked by the rules `graphsvc seed validate` applies to seed/
(the same pydantic models, the same vocabulary, excerpts found in the
source texts, no dangling references, dates in order) and lands as the seed
loader would write it (`loader.entity_row` / `relationship_row`), with
`origin: 'curation'`, so curated and seeded facts look alike.

Every write is one transaction (`cypher/queries/write_*.cypher`):

1. `write_lock_graph` takes the lock on the GraphMeta node: curated writes
   run one after another, so two writers never both create the same fact and
   no update is lost;
2. the checks that need the graph (sources, entity ends) and the target's
   state before the write;
3. the change itself;
4. `write_audit_record`: an :AuditEntry (actor, action, before, after) and
   the next graph version, `sha256(previous version + audit id)`.

A write that would leave the graph as it is changes nothing, records
nothing and answers `action: unchanged` (so a repeated PUT is harmless).

Why one module: every write kind (entity, relationship, evidence, source)
follows the sequence above inside `in_write_transaction`, and a reviewer
checks each against it side by side; reading the audit trail back is
curation/audit_trail.py's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from neo4j import AsyncManagedTransaction, unit_of_work
from pydantic import BaseModel, Field

from graphsvc import dates
from graphsvc.citations import short_citation
from graphsvc.curation.excerpts import excerpt_in_text
from graphsvc.curation.loader import (
    entity_row,
    relationship_row,
    source_row,
    stored_locator,
)
from graphsvc.curation.seedfiles import (
    Seed,
    SeedEntity,
    SeedRelationship,
    relationship_id,
)
from graphsvc.curation.specs import (
    EntitySpec,
    EvidenceSpec,
    RelationshipSpec,
    SourceDoc,
    figure_rules,
)
from graphsvc.db import Database, problem_from_driver_error
from graphsvc.errors import Problem, not_found
from graphsvc.graph.shapes import edge_shape, entity_shape
from graphsvc.models import Edge, Entity
from graphsvc.settings import Settings
from graphsvc.vocabulary import (
    ENTITY_TYPES,
    ID_PREFIXES,
    RELATIONSHIP_TYPES,
    SECTORS,
    SYMMETRIC_TYPES,
    TIERS,
)

CURATION_ORIGIN = "curation"
MAX_EXCERPT_WORDS = 45  # the seed validator's limit ("keep it to about 30")
_ENTITY_ID = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9-]*$")
_SOURCE_ID = re.compile(r"^src:[a-z0-9][a-z0-9-]*$")
_KIND = re.compile(r"^[a-z][a-z0-9_]*$")
_RELATIONSHIP_ID = re.compile(r"^(?P<type>[a-z_]+):(?P<from>[a-z]+:[a-z0-9-]+)->(?P<to>[a-z]+:[a-z0-9-]+)(#.+)?$")

Action = Literal["create", "update", "delete", "unchanged"]
Kind = Literal["entity", "relationship", "source"]
T = TypeVar("T")


# -- answers ------------------------------------------------------------------
class WriteResult(BaseModel):
    """What a curated write did."""

    action: Action = Field(description="create, update, delete, or unchanged (nothing to do; nothing recorded)")
    kind: Kind
    id: str = Field(description="id of the entity, relationship or source written")
    audit_id: str | None = Field(description="the :AuditEntry recording the write (null when unchanged)")
    version: str | None = Field(description="graph version after the write (GET /health shows it)")
    entity: Entity | None = None
    relationship: Edge | None = None
    source: dict[str, Any] | None = None


# -- problems -------------------------------------------------------------------
@dataclass
class Problems:
    """Rule violations found in one request body, reported together as one 422."""

    items: list[dict[str, str]] = field(default_factory=list)

    def add(self, where: str, reason: str) -> None:
        self.items.append({"parameter": where, "reason": reason})

    def raise_if_any(self) -> None:
        if self.items:
            detail = "; ".join(f"{i['parameter']}: {i['reason']}" for i in self.items)
            raise Problem(422, "Invalid curated fact", detail, type_="invalid-curation", errors=self.items)


def conflict(detail: str, **extensions: Any) -> Problem:
    return Problem(409, "Conflict", detail, type_="conflict", **extensions)


# -- the transaction ------------------------------------------------------------
class WriteTx:
    """A write transaction running named queries of cypher/queries/."""

    def __init__(self, tx: AsyncManagedTransaction, db: Database) -> None:
        self.tx = tx
        self.db = db

    async def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        result = await self.tx.run(self.db.text(name, params), params)
        return [record.data() async for record in result]


async def in_write_transaction(db: Database, work: Callable[[WriteTx], Awaitable[T]]) -> T:
    """Run `work` in one write transaction (retried by the driver on transient errors)."""

    @unit_of_work(timeout=db.settings.query_timeout)
    async def unit(tx: AsyncManagedTransaction) -> T:
        return await work(WriteTx(tx, db))

    try:
        # the bookmarks the reads follow (Database._auto_commit_read): on a cluster, this
        # process's next read waits for a reader that has this write
        async with db.driver.session(database=db.info.database,
                                     bookmark_manager=db.driver.execute_query_bookmark_manager) as session:
            return await session.execute_write(unit)
    except Exception as exc:  # Problems raised by `work` pass through unchanged
        raise problem_from_driver_error(exc) from exc


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def next_version(previous: str | None, audit_id: str) -> str:
    return hashlib.sha256(f"{previous or ''}:{audit_id}".encode()).hexdigest()[:16]


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _stored(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as Neo4j keeps them: a null is no property at all."""
    return {k: v for k, v in props.items() if v is not None}


async def _lock(tx: WriteTx) -> str | None:
    rows = await tx.run("write_lock_graph")
    return rows[0]["version"] if rows else None


async def _record(
    tx: WriteTx, previous_version: str | None, actor: str, action: Action, kind: Kind, target_id: str,
    before: Any, after: Any,
) -> tuple[str, str]:
    audit_id = f"audit:{uuid.uuid4().hex}"
    version = next_version(previous_version, audit_id)
    await tx.run(
        "write_audit_record", audit_id=audit_id, at=_now(), actor=actor, action=action, target_kind=kind,
        target_id=target_id, before=_json(before), after=_json(after), version=version,
    )
    return audit_id, version


# -- checks shared with the seed validator ----------------------------------------
def _check_dates(start: str | None, end: str | None, problems: Problems) -> None:
    if not dates.in_order(start, end):
        problems.add("end", f"start {start} is after end {end}")


def _check_figures(props: dict[str, Any], problems: Problems) -> None:
    """A curated write uses the typed figures only; the seed's old forms are refused here."""
    rule_problems, old_forms = figure_rules(props)
    for message in rule_problems + old_forms:
        where, _, reason = message.partition(": ")
        problems.add(where, reason)


async def _check_evidence(
    tx: WriteTx, items: list[EvidenceSpec], settings: Settings, problems: Problems, where: str = "evidence"
) -> dict[str, str]:
    """Check every item as `seed validate` does; the tier of each cited source."""
    ids = sorted({item.source for item in items if item.source})
    rows = await tx.run("write_sources_lookup", ids=ids)
    found = {row["id"]: row for row in rows}
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        if not item.source:
            problems.add(f"{at}.source", "required: the id of the Source the excerpt is taken from")
            continue
        source = found.get(item.source)
        if source is None:
            problems.add(f"{at}.source", f"unknown source '{item.source}' (PUT /sources/{{id}} first)")
            continue
        if len(item.excerpt.split()) > MAX_EXCERPT_WORDS:
            problems.add(f"{at}.excerpt", f"{len(item.excerpt.split())} words; keep it to about 30")
        if source["tier"] == "evidenced" and source["file"]:
            path = settings.sources_dir / source["file"]
            if not path.exists():
                raise Problem(
                    503, "Source text unavailable",
                    f"The text of {item.source} is not on this server, so the excerpt cannot be checked.",
                    type_="source-text-unavailable",
                )
            if not excerpt_in_text(item.excerpt, path):
                problems.add(
                    f"{at}.excerpt",
                    f"not found in the text of {item.source} ({source['file']}); copy it letter for letter",
                )
    return {sid: row["tier"] or "evidenced" for sid, row in found.items()}


async def _citations(tx: WriteTx, items: list[EvidenceSpec]) -> dict[str, str]:
    """The short citation of each cited source, stored with the evidence as the loader stores it."""
    rows = await tx.run("write_sources_lookup", ids=sorted({item.source for item in items if item.source}))
    return {row["id"]: row["citation"] or short_citation(SourceDoc(id=row["id"], title=row["id"])) for row in rows}


def _dedupe(items: list[EvidenceSpec]) -> list[EvidenceSpec]:
    unique: list[EvidenceSpec] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique


# -- entities -------------------------------------------------------------------------
def _check_entity_spec(entity_id: str, spec: EntitySpec, problems: Problems) -> None:
    if spec.id != entity_id:
        problems.add("id", f"the body's id '{spec.id}' differs from the path's '{entity_id}'")
    if spec.type not in ENTITY_TYPES:
        problems.add("type", f"unknown entity type '{spec.type}' (one of {', '.join(ENTITY_TYPES)})")
    elif not _ENTITY_ID.match(spec.id) or spec.id.split(":", 1)[0] != ID_PREFIXES[spec.type]:
        problems.add("id", f"must be '{ID_PREFIXES[spec.type]}:' followed by a lowercase slug")
    if not _KIND.match(spec.kind):
        problems.add("kind", f"'{spec.kind}' must be snake_case")
    if not spec.name.strip():
        problems.add("name", "empty")
    _check_dates(spec.start, spec.end, problems)
    _check_figures(spec.props, problems)
    if (spec.start or spec.end or spec.props) and not spec.evidence:
        problems.add("evidence", "start, end and props need evidence that states them")


async def put_entity(db: Database, settings: Settings, actor: str, entity_id: str, spec: EntitySpec) -> WriteResult:
    """Create or replace one entity."""
    problems = Problems()
    _check_entity_spec(entity_id, spec, problems)
    problems.raise_if_any()
    spec = spec.model_copy(update={"evidence": _dedupe(spec.evidence)})

    async def work(tx: WriteTx) -> WriteResult:
        previous = await _lock(tx)
        await _check_evidence(tx, spec.evidence, settings, problems)
        declared = await tx.run("write_sources_lookup", ids=spec.sources)
        for missing in sorted(set(spec.sources) - {row["id"] for row in declared}):
            problems.add("sources", f"unknown source '{missing}'")
        state = await tx.run("write_entity_state", id=entity_id)
        related_sources = [
            source
            for rel in (state[0]["relationships"] if state else [])
            if rel is not None
            for source in rel["props"].get("sources") or []
        ]
        sources = list(dict.fromkeys(spec.sources + [e.source for e in spec.evidence if e.source] + related_sources))
        if not sources:
            problems.add("sources", "an entity must be mentioned by at least one source: cite it")
        problems.raise_if_any()

        row = entity_row(SeedEntity(spec=spec, where="PUT /entities", sources=sources), origin=CURATION_ORIGIN,
                         citations_by_source=await _citations(tx, spec.evidence))
        before = {"type": state[0]["type"], "props": state[0]["props"]} if state else None
        after = {"type": row["type"], "props": _stored(row["props"])}
        if before == after:
            return WriteResult(action="unchanged", kind="entity", id=entity_id, audit_id=None, version=previous,
                               entity=Entity(**entity_shape(after["props"], row["type"])))
        await tx.run("write_entity_upsert", id=entity_id, type=row["type"], props=row["props"])
        action: Action = "update" if before else "create"
        audit_id, version = await _record(tx, previous, actor, action, "entity", entity_id, before, after)
        return WriteResult(action=action, kind="entity", id=entity_id, audit_id=audit_id, version=version,
                           entity=Entity(**entity_shape(after["props"], row["type"])))

    return await in_write_transaction(db, work)


async def delete_entity(db: Database, actor: str, entity_id: str, detach: bool) -> WriteResult:
    """Delete one entity; with `detach`, its relationships too (else 409 while it has any)."""

    async def work(tx: WriteTx) -> WriteResult:
        previous = await _lock(tx)
        state = await tx.run("write_entity_state", id=entity_id)
        if not state:
            raise not_found("Entity", f"No entity has the id '{entity_id[:200]}'.")
        relationships = [rel for rel in state[0]["relationships"] if rel is not None]
        if relationships and not detach:
            raise conflict(
                f"'{entity_id}' still has {len(relationships)} relationship(s); delete them first, "
                "or ask for ?detach=true to delete them with it.",
                relationships=[rel["props"].get("id") for rel in relationships],
            )
        before = {"type": state[0]["type"], "props": state[0]["props"], "relationships": relationships}
        await tx.run("write_entity_delete", id=entity_id)
        audit_id, version = await _record(tx, previous, actor, "delete", "entity", entity_id, before, None)
        return WriteResult(action="delete", kind="entity", id=entity_id, audit_id=audit_id, version=version)

    return await in_write_transaction(db, work)


# -- relationships ---------------------------------------------------------------------
def normalise(spec: RelationshipSpec) -> RelationshipSpec:
    """Symmetric types run from the smaller id to the larger, as the seed validator stores them."""
    if spec.type in SYMMETRIC_TYPES and spec.from_ > spec.to:
        return spec.model_copy(update={"from_": spec.to, "to": spec.from_})
    return spec


def _check_relationship_spec(spec: RelationshipSpec, problems: Problems) -> None:
    if spec.type not in RELATIONSHIP_TYPES:
        problems.add("type", f"unknown relationship type '{spec.type}' (see graphsvc/vocabulary.py)")
    if spec.from_ == spec.to:
        problems.add("to", f"a relationship from '{spec.from_}' to itself")
    if not spec.sectors:
        problems.add("sectors", "at least one of the sector vocabulary")
    for sector in spec.sectors:
        if sector not in SECTORS:
            problems.add("sectors", f"'{sector}' is not in the vocabulary ({', '.join(SECTORS)})")
    if spec.tier not in TIERS:
        problems.add("tier", f"'{spec.tier}' is not one of {', '.join(TIERS)}")
    if not spec.evidence:
        problems.add("evidence", "every relationship cites at least one source")
    _check_dates(spec.start, spec.end, problems)
    _check_figures(spec.props, problems)


def _check_tiers(tier: str, cited: dict[str, str], problems: Problems) -> None:
    tiers = set(cited.values())
    if tier == "evidenced" and "reference" in tiers:
        problems.add("tier", "'evidenced' but cites a reference-tier source; say tier 'reference'")
    if tier == "reference" and tiers == {"evidenced"}:
        problems.add("tier", "'reference' but every source is a text; say tier 'evidenced'")


def parse_relationship_id(rel_id: str) -> dict[str, str] | None:
    match = _RELATIONSHIP_ID.match(rel_id)
    return match.groupdict() if match else None


async def put_relationship(db: Database, settings: Settings, actor: str, spec: RelationshipSpec) -> WriteResult:
    """Create or replace one relationship (the whole fact: its evidence list is the one sent)."""
    spec = normalise(spec)
    problems = Problems()
    _check_relationship_spec(spec, problems)
    problems.raise_if_any()
    evidence = _dedupe(spec.evidence)
    sectors = [s for s in SECTORS if s in set(spec.sectors)]
    rel_id = relationship_id(spec.type, spec.from_, spec.to, spec.key)

    async def work(tx: WriteTx) -> WriteResult:
        previous = await _lock(tx)
        found = {row["id"] for row in await tx.run("write_entities_exist", ids=[spec.from_, spec.to])}
        for name, end_id in (("from", spec.from_), ("to", spec.to)):
            if end_id not in found:
                problems.add(name, f"'{end_id}' is not an entity (dangling reference); PUT /entities/{{id}} first")
        cited = await _check_evidence(tx, evidence, settings, problems)
        _check_tiers(spec.tier, cited, problems)
        problems.raise_if_any()

        rel = SeedRelationship(
            id=rel_id, type=spec.type, from_id=spec.from_, to_id=spec.to, key=spec.key, start=spec.start,
            end=spec.end, sectors=sectors, props=dict(spec.props), tier=spec.tier, evidence=evidence,
            where=["PUT /relationships"],
        )
        row = relationship_row(rel, origin=CURATION_ORIGIN, citations_by_source=await _citations(tx, evidence))
        state = await tx.run("write_relationship_state", id=rel_id, **{"from": spec.from_})
        before = state[0] if state else None
        after = {"type": row["type"], "from": row["from"], "to": row["to"], "props": _stored(row["props"])}
        if before == after:
            return WriteResult(action="unchanged", kind="relationship", id=rel_id, audit_id=None, version=previous,
                               relationship=_edge(after))
        await tx.run(
            "write_relationship_upsert", id=rel_id, type=row["type"], props=row["props"],
            sources=list(dict.fromkeys(e.source for e in evidence)), **{"from": row["from"], "to": row["to"]},
        )
        action: Action = "update" if before else "create"
        audit_id, version = await _record(tx, previous, actor, action, "relationship", rel_id, before, after)
        return WriteResult(action=action, kind="relationship", id=rel_id, audit_id=audit_id, version=version,
                           relationship=_edge(after))

    return await in_write_transaction(db, work)


def _edge(stored: dict[str, Any]) -> Edge:
    return Edge(**edge_shape(stored["props"], stored["type"], stored["from"], stored["to"]))


def _relationship_not_found(rel_id: str) -> Problem:
    return not_found("Relationship", f"No relationship has the id '{rel_id[:300]}'.")


async def _relationship_state(tx: WriteTx, rel_id: str, parts: dict[str, str]) -> list[dict[str, Any]]:
    """The stored relationship (one row), or 404."""
    state = await tx.run("write_relationship_state", id=rel_id, **{"from": parts["from"]})
    if not state:
        raise _relationship_not_found(rel_id)
    return state


async def delete_relationship(db: Database, actor: str, rel_id: str) -> WriteResult:
    parts = parse_relationship_id(rel_id)
    if parts is None:
        raise _relationship_not_found(rel_id)

    async def work(tx: WriteTx) -> WriteResult:
        previous = await _lock(tx)
        state = await _relationship_state(tx, rel_id, parts)
        await tx.run("write_relationship_delete", id=rel_id, **{"from": parts["from"]})
        audit_id, version = await _record(tx, previous, actor, "delete", "relationship", rel_id, state[0], None)
        return WriteResult(action="delete", kind="relationship", id=rel_id, audit_id=audit_id, version=version)

    return await in_write_transaction(db, work)


async def add_evidence(db: Database, settings: Settings, actor: str, rel_id: str, item: EvidenceSpec) -> WriteResult:
    """Append one evidence item to a relationship, atomically (in one Cypher statement)."""
    parts = parse_relationship_id(rel_id)
    if parts is None:
        raise _relationship_not_found(rel_id)

    async def work(tx: WriteTx) -> WriteResult:
        previous = await _lock(tx)
        state = await _relationship_state(tx, rel_id, parts)
        before = state[0]
        problems = Problems()
        cited = await _check_evidence(tx, [item], settings, problems)
        _check_tiers(before["props"].get("tier", "evidenced"), cited, problems)
        problems.raise_if_any()
        rows = await tx.run(
            "write_relationship_add_evidence", id=rel_id, source=item.source, excerpt=item.excerpt,
            locator=stored_locator(item, await _citations(tx, [item])), **{"from": parts["from"]},
        )
        after = {**before, "props": rows[0]["props"]}
        if not rows[0]["added"]:
            return WriteResult(action="unchanged", kind="relationship", id=rel_id, audit_id=None, version=previous,
                               relationship=_edge(after))
        audit_id, version = await _record(tx, previous, actor, "update", "relationship", rel_id, before, after)
        return WriteResult(action="update", kind="relationship", id=rel_id, audit_id=audit_id, version=version,
                           relationship=_edge(after))

    return await in_write_transaction(db, work)


# -- sources ----------------------------------------------------------------------------
def _check_source(source_id: str, doc: SourceDoc, sources_dir: Path, problems: Problems) -> None:
    if doc.id != source_id:
        problems.add("id", f"the body's id '{doc.id}' differs from the path's '{source_id}'")
    if not _SOURCE_ID.match(doc.id):
        problems.add("id", "must be 'src:' followed by a lowercase slug")
    if not doc.title.strip():
        problems.add("title", "empty")
    if doc.tier not in TIERS:
        problems.add("tier", f"'{doc.tier}' is not one of {', '.join(TIERS)}")
    elif doc.tier == "evidenced":
        # Only the texts under shared/sources are evidenced; a curated record of
        # any other document is tier 'reference'.
        if not doc.file:
            problems.add("file", "an evidenced source names its text under the sources folder; "
                                 "a document outside the texts is tier 'reference'")
        elif Path(doc.file).name != doc.file or not (sources_dir / doc.file).is_file():
            problems.add("file", f"'{doc.file}' is not one of the source texts; "
                                 "a document outside the texts is tier 'reference'")
    elif not (doc.url or doc.doi or doc.note):
        problems.add("url", "a reference source must name its document (url, doi or note)")
    if doc.tier == "reference" and doc.file:
        problems.add("file", "a reference source has no text file")


async def put_source(db: Database, settings: Settings, actor: str, source_id: str, doc: SourceDoc) -> WriteResult:
    """Create or replace one Source (bibliographic record)."""
    problems = Problems()
    _check_source(source_id, doc, settings.sources_dir, problems)
    problems.raise_if_any()
    row = source_row(doc.id, Seed(sources={doc.id: doc}), origin=CURATION_ORIGIN)

    async def work(tx: WriteTx) -> WriteResult:
        previous = await _lock(tx)
        state = await tx.run("write_source_state", id=source_id)
        before = {"props": state[0]["props"]} if state else None
        if state and state[0]["citations"] and state[0]["props"].get("tier", "evidenced") != doc.tier:
            raise conflict(
                f"'{source_id}' is cited by {state[0]['citations']} fact(s) as a {state[0]['props'].get('tier')} "
                "source; changing its tier would break their tier. Cite a new source instead."
            )
        after = {"props": _stored(row["props"])}
        if before == after:
            return WriteResult(action="unchanged", kind="source", id=source_id, audit_id=None, version=previous,
                               source=after["props"])
        await tx.run("write_source_upsert", id=source_id, props=row["props"])
        action: Action = "update" if before else "create"
        audit_id, version = await _record(tx, previous, actor, action, "source", source_id, before, after)
        return WriteResult(action=action, kind="source", id=source_id, audit_id=audit_id, version=version,
                           source=after["props"])

    return await in_write_transaction(db, work)
