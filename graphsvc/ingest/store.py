"""Ingestion with the database: the gazetteer of the graph (rebuilt when the
graph version changes, not per request), a text kept as a Source, its
proposals kept as :Candidate nodes, and the review decisions.

Accepting a candidate writes it through the curation write path
(graphsvc.curation.writes): the same validation, audit trail and graph
version as any curated write; the candidate records who decided and what
the write made of it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from graphsvc.curation import writes
from graphsvc.curation.specs import EntitySpec, EvidenceSpec, RelationshipSpec
from graphsvc.dates import check_edtf
from graphsvc.db import Database
from graphsvc.errors import Problem, invalid_parameter, not_found
from graphsvc.ingest.candidates import DEFAULT_THRESHOLD, Analysis, Candidate
from graphsvc.ingest.gazetteer import Gazetteer
from graphsvc.ingest.intake import Intake
from graphsvc.ingest.pipeline import analyse
from graphsvc.settings import Settings
from graphsvc.vocabulary import (
    ENTITY_TYPES,
    ID_PREFIXES,
    RELATIONSHIP_TYPES,
    SECTORS,
    SYMMETRIC_TYPES,
)

INGEST_ORIGIN = "ingest"
STATUSES = ("pending", "accepted", "rejected")


# -- the gazetteer, per graph version ---------------------------------------------------------
@dataclass
class _Built:
    version: str | None
    gazetteer: Gazetteer


class GazetteerCache:
    """One gazetteer per graph version: built on the first ingestion after a change."""

    def __init__(self) -> None:
        self._built: _Built | None = None
        self._lock = asyncio.Lock()
        self.builds = 0

    async def get(self, db: Database) -> Gazetteer:
        version = await db.graph_version()
        if self._built is not None and self._built.version == version and version is not None:
            return self._built.gazetteer
        async with self._lock:
            if self._built is not None and self._built.version == version and version is not None:
                return self._built.gazetteer
            rows = await db.read("ingest_gazetteer")
            row = rows[0]
            gazetteer = await asyncio.to_thread(Gazetteer, [(i, ty, n, list(a)) for i, ty, n, a in row["entities"]])
            self._built = _Built(row["version"], gazetteer)
            self.builds += 1
            return gazetteer


# -- a text in ---------------------------------------------------------------------------------------
class Bibliography(BaseModel):
    title: str | None = Field(default=None, max_length=500)
    authors: list[str] = Field(default_factory=list, max_length=50)
    published: str | None = Field(default=None, max_length=40)
    url: str | None = Field(default=None, max_length=2000, description="metadata only: never fetched")
    language: str | None = Field(default=None, max_length=20)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_id_of(sha256: str) -> str:
    return f"src:ingest-{sha256[:16]}"


def candidate_id(source_id: str, candidate: Candidate) -> str:
    return "cand:" + hashlib.sha256(f"{source_id}|{candidate.fingerprint}".encode()).hexdigest()[:20]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _paragraph_bounds(analysis: Analysis, number: int) -> tuple[int, int]:
    paragraph = analysis.paragraphs[number - 1]
    return paragraph.start, paragraph.end


def candidate_props(source_id: str, candidate: Candidate, analysis: Analysis) -> dict[str, Any]:
    """A candidate as a :Candidate node's properties (flat: Neo4j keeps no maps)."""
    context_start, context_end = _paragraph_bounds(analysis, candidate.locator["paragraph"])
    props: dict[str, Any] = {
        "id": candidate_id(source_id, candidate), "kind": candidate.kind, "status": "pending",
        "source": source_id, "type": candidate.type, "rule": candidate.rule, "confidence": candidate.confidence,
        "excerpt": candidate.excerpt, "locator_paragraph": candidate.locator["paragraph"],
        "locator_start": candidate.locator["start"], "locator_end": candidate.locator["end"],
        "context_start": context_start, "context_end": context_end, "fingerprint": candidate.fingerprint,
        "flags": candidate.flags, "created_at": _now(),
    }
    if candidate.kind == "relationship":
        assert candidate.from_ and candidate.to
        props.update({
            "from_id": candidate.from_.id, "from_name": candidate.from_.name, "from_type": candidate.from_.type,
            "from_options": list(candidate.from_.options),
            "to_id": candidate.to.id, "to_name": candidate.to.name, "to_type": candidate.to.type,
            "to_options": list(candidate.to.options),
            "start": candidate.start, "end": candidate.end, "date_hint": candidate.date_hint,
            "date_from": candidate.date_from, "sectors": candidate.sectors,
        })
    else:
        props.update({"name": candidate.name})
    return {k: v for k, v in props.items() if v is not None}


def candidate_json(props: dict[str, Any]) -> dict[str, Any]:
    """A stored candidate in the API's Candidate shape (../shared/design/api.md)."""
    body: dict[str, Any] = {
        "id": props["id"], "kind": props["kind"], "status": props["status"], "confidence": props.get("confidence"),
        "rule": props.get("rule"), "source": props.get("source"), "excerpt": props.get("excerpt"),
        "locator": {"paragraph": props.get("locator_paragraph"), "start": props.get("locator_start"),
                    "end": props.get("locator_end")},
        "start": props.get("start"), "end": props.get("end"), "type": props.get("type"),
        "flags": props.get("flags") or [],
    }
    if props["kind"] == "relationship":
        for side in ("from", "to"):
            end: dict[str, Any] = {"name": props.get(f"{side}_name"), "type": props.get(f"{side}_type")}
            if props.get(f"{side}_id"):
                end["id"] = props[f"{side}_id"]
            elif props.get(f"{side}_options"):
                end["ambiguous"] = props[f"{side}_options"]
            body[side] = end
        body.update({"sectors": props.get("sectors") or [], "date_hint": props.get("date_hint"),
                     "date_from": props.get("date_from")})
    else:
        body["name"] = props.get("name")
    for key in ("decided_by", "decided_at", "result_id", "edited_by"):
        if props.get(key):
            body[key] = props[key]
    return body


class IngestResult(BaseModel):
    source: dict[str, Any]
    dry_run: bool
    created: bool = Field(description="false when this text was ingested before (found by its SHA-256)")
    threshold: float
    counts: dict[str, int]
    candidates: list[dict[str, Any]]


def _source_props(intake: Intake, meta: Bibliography, sha256: str, words: int) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": source_id_of(sha256),
        "title": (meta.title or intake.title or _first_line(intake.text))[:500],
        "authors": meta.authors, "published": meta.published, "url": meta.url, "language": meta.language,
        # A text outside ../shared/sources is a reference-tier source (docs/curation.md);
        # its excerpts are checked against the text kept here instead.
        "tier": "reference",
        "note": f"Ingested text ({intake.media_type}, {words} words); the text and its SHA-256 are kept "
                "with this record.",
        "sha256": sha256, "text": intake.text, "media_type": intake.media_type, "words": words,
        "origin": INGEST_ORIGIN, "ingested_at": _now(),
    }
    return {k: v for k, v in props.items() if v is not None and v != []}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else "Untitled text"


async def ingest(
    db: Database, cache: GazetteerCache, intake: Intake, meta: Bibliography, *, dry_run: bool,
    threshold: float = DEFAULT_THRESHOLD,
) -> IngestResult:
    gazetteer = await cache.get(db)
    analysis = await asyncio.to_thread(analyse, intake.text, gazetteer)
    sha256 = sha256_of(intake.text)
    words = len(intake.text.split())
    source = _source_props(intake, meta, sha256, words)
    source_id = source["id"]
    kept = analysis.kept(threshold)
    mentioned = sorted({m.entity.id for m in analysis.mentions if m.entity})
    known = {(r["type"], r["from"], r["to"]) for r in await db.read("ingest_known_facts", {"ids": mentioned})}
    fresh = [c for c in kept if not _already_a_fact(c, known)]
    counts = {"paragraphs": len(analysis.paragraphs), "sentences": len(analysis.sentences),
              "mentions": len(analysis.mentions), "proposed": len(kept), "known_facts": len(kept) - len(fresh),
              "below_threshold": len(analysis.candidates) - len(kept)}
    public_source = {k: v for k, v in source.items() if k != "text"}
    if dry_run:
        items = [{**candidate_json(candidate_props(source_id, c, analysis)), "status": "pending"} for c in fresh]
        return IngestResult(source=public_source, dry_run=True, created=False, threshold=threshold, counts=counts,
                            candidates=items)
    existing = await db.read("ingest_source_by_sha", {"sha256": sha256})
    created = not existing
    if created:
        await db.write("ingest_source_create", {"sha256": sha256, "props": source})
    else:
        public_source = existing[0]["source"]
        source_id = public_source["id"]
    rows = [{"id": p["id"], "props": p} for p in (candidate_props(source_id, c, analysis) for c in fresh)]
    stored = {r["id"]: r for r in await db.write("candidate_upsert", {"rows": rows})} if rows else {}
    counts["new_candidates"] = sum(1 for r in stored.values() if r["created"])
    counts["decided_before"] = sum(1 for r in stored.values() if r["status"] != "pending")
    items = [candidate_json({**row["props"], "status": stored[row["id"]]["status"]}) for row in rows
             if stored[row["id"]]["status"] == "pending"]
    return IngestResult(source=public_source, dry_run=False, created=created, threshold=threshold, counts=counts,
                        candidates=items)


def _already_a_fact(candidate: Candidate, known: set[tuple[str, str, str]]) -> bool:
    if candidate.kind != "relationship" or not (candidate.from_ and candidate.to):
        return False
    a, b = candidate.from_.id, candidate.to.id
    if not (a and b):
        return False
    if (candidate.type, a, b) in known:
        return True
    return candidate.type in SYMMETRIC_TYPES and (candidate.type, b, a) in known


# -- the review queue -------------------------------------------------------------------------------
async def list_candidates(db: Database, source: str | None, status: str | None, type_: str | None,
                          kind: str | None, limit: int) -> dict[str, Any]:
    rows = await db.read("candidate_list", {"source": source, "status": status, "type": type_, "kind": kind,
                                            "limit": limit})
    row = rows[0]
    return {"items": [candidate_json(p) for p in row["items"]], "total": row["total"]}


async def get_candidate(db: Database, cand_id: str) -> dict[str, Any]:
    rows = await db.read("candidate_by_id", {"id": cand_id})
    if not rows:
        raise not_found("Candidate", f"No candidate has the id '{cand_id[:200]}'.")
    row = rows[0]
    props = row["candidate"]
    body = candidate_json(props)
    body["source_title"] = row["source_title"]
    body["context"] = {"text": row["context"], "start": props.get("context_start")}
    return body


class CandidateEdit(BaseModel):
    """A curator's fix of a candidate before deciding on it. Endpoints are entity ids."""

    model_config = {"extra": "forbid", "populate_by_name": True}

    type: str | None = Field(default=None, description="relationship type, or entity type for an entity candidate")
    from_: str | None = Field(default=None, alias="from", max_length=300, description="entity id of the start")
    to: str | None = Field(default=None, max_length=300, description="entity id of the end")
    swap: bool = Field(default=False, description="turn the direction round")
    start: str | None = Field(default=None, max_length=40)
    end: str | None = Field(default=None, max_length=40)
    sectors: list[str] | None = Field(default=None, max_length=len(SECTORS))
    name: str | None = Field(default=None, max_length=300, description="an entity candidate's name")


async def edit_candidate(db: Database, actor: str, cand_id: str, edit: CandidateEdit) -> dict[str, Any]:
    current = await _pending(db, cand_id)
    changes: dict[str, Any] = {}
    if current["kind"] == "relationship":
        if edit.type is not None:
            if edit.type not in RELATIONSHIP_TYPES:
                raise invalid_parameter("type", f"'{edit.type[:60]}' is not a relationship type of the model")
            changes["type"] = edit.type
        if edit.swap:
            for key in ("id", "name", "type", "options"):
                changes[f"from_{key}"], changes[f"to_{key}"] = current.get(f"to_{key}"), current.get(f"from_{key}")
        for side, value in (("from", edit.from_), ("to", edit.to)):
            if value is not None:
                found = await db.read("entities_by_ids", {"ids": [value]})
                if not found:
                    raise invalid_parameter(side, f"'{value[:100]}' is not the id of an entity")
                entity = found[0]
                changes.update({f"{side}_id": value, f"{side}_name": _name_of(entity), f"{side}_type": _type_of(entity),
                                f"{side}_options": []})
        for key, value in (("start", edit.start), ("end", edit.end)):
            if value is not None:
                try:
                    # the curation write path's own date rule, so an accepted edit passes it
                    changes[key] = check_edtf(value) or None
                except ValueError as exc:
                    raise invalid_parameter(key, str(exc)) from None
        if edit.sectors is not None:
            bad = [s for s in edit.sectors if s not in SECTORS]
            if bad or not edit.sectors:
                raise invalid_parameter("sectors", f"one or more of {', '.join(SECTORS)}")
            changes["sectors"] = edit.sectors
    else:
        if edit.type is not None:
            if edit.type not in ENTITY_TYPES:
                raise invalid_parameter("type", f"'{edit.type[:60]}' is not an entity type ({', '.join(ENTITY_TYPES)})")
            changes["type"] = edit.type
        if edit.name is not None:
            if not edit.name.strip():
                raise invalid_parameter("name", "empty")
            changes["name"] = edit.name.strip()
    if not changes:
        raise invalid_parameter("body", "nothing to change")
    changes["edited_by"] = actor
    changes["edited_at"] = _now()
    rows = await db.write("candidate_update", {"id": cand_id, "changes": changes})
    return candidate_json(rows[0]["candidate"])


def _name_of(entity: dict[str, Any]) -> str:
    return str(entity["props"].get("name", ""))


def _type_of(entity: dict[str, Any]) -> str:
    return str(entity["type"])


async def _pending(db: Database, cand_id: str) -> dict[str, Any]:
    rows = await db.read("candidate_by_id", {"id": cand_id})
    if not rows:
        raise not_found("Candidate", f"No candidate has the id '{cand_id[:200]}'.")
    props = rows[0]["candidate"]
    if props["status"] != "pending":
        raise writes.conflict(f"'{cand_id}' was {props['status']} already ({props.get('decided_by', '?')}, "
                              f"{props.get('decided_at', '?')}).")
    if not rows[0]["excerpt_in_text"]:
        raise Problem(409, "Excerpt not in its text", f"The excerpt of '{cand_id}' is not in the text of "
                      f"{props.get('source')}.", type_="conflict")
    return props


async def reject_candidate(db: Database, actor: str, cand_id: str) -> dict[str, Any]:
    await _pending(db, cand_id)
    rows = await db.write("candidate_update", {"id": cand_id, "changes": {
        "status": "rejected", "decided_by": actor, "decided_at": _now()}})
    return candidate_json(rows[0]["candidate"])


def _locator(props: dict[str, Any]) -> str:
    return (f"paragraph {props.get('locator_paragraph')}, characters "
            f"{props.get('locator_start')}-{props.get('locator_end')}")


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("İ", "I"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    from graphsvc.graph.text import transliterate
    plain = transliterate(plain)
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80] or "unnamed"


async def accept_candidate(db: Database, settings: Settings, actor: str, cand_id: str) -> dict[str, Any]:
    props = await _pending(db, cand_id)
    evidence = [EvidenceSpec(source=props["source"], excerpt=props["excerpt"], locator=_locator(props))]
    try:
        if props["kind"] == "entity":
            entity_id = f"{ID_PREFIXES[props['type']]}:{slug(props['name'])}"
            spec = EntitySpec(id=entity_id, type=props["type"], kind=props["type"].lower(), name=props["name"],
                              sources=[props["source"]], evidence=evidence)
            result = await writes.put_entity(db, settings, actor, entity_id, spec)
            await db.write("candidate_link_entity", {"source": props["source"], "name": props["name"],
                                                     "type": props["type"], "id": entity_id})
        else:
            missing = [side for side in ("from", "to") if not props.get(f"{side}_id")]
            if missing:
                side = missing[0]
                raise Problem(409, "Endpoint not an entity yet",
                              f"The '{side}' of '{cand_id}' ({props.get(f'{side}_name')}) is not an entity of the "
                              "graph: accept its entity candidate first, or PATCH the candidate with an entity id.",
                              type_="conflict")
            spec = RelationshipSpec.model_validate({
                "type": props["type"], "from": props["from_id"], "to": props["to_id"], "start": props.get("start"),
                "end": props.get("end"), "sectors": props.get("sectors") or [], "tier": "reference",
                "evidence": [e.model_dump() for e in evidence],
            })
            result = await writes.put_relationship(db, settings, actor, spec)
    except ValidationError as exc:
        errors = [{"parameter": ".".join(str(p) for p in e["loc"]), "reason": e["msg"]} for e in exc.errors()]
        raise Problem(422, "Invalid curated fact", "; ".join(f"{e['parameter']}: {e['reason']}" for e in errors),
                      type_="invalid-curation", errors=errors) from None
    rows = await db.write("candidate_update", {"id": cand_id, "changes": {
        "status": "accepted", "decided_by": actor, "decided_at": _now(), "result_id": result.id}})
    return {"candidate": candidate_json(rows[0]["candidate"]), "write": result.model_dump(mode="json")}


Status = Literal["pending", "accepted", "rejected"]
