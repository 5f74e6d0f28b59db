"""The seed files: reading them with line numbers, validating, merging.

`seed/sources.yaml` (+ `seed/reference-sources.yaml`) holds the documents,
`seed/entities/*.yaml` the entities, `seed/facts/*.yaml` the relationships.
A fact stated by several sources appears in several fact files and is merged
here: one relationship, its evidence joined. Every problem is reported with
its file and line; nothing invalid is ever returned for loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from graphsvc import dates
from graphsvc.curation.excerpts import excerpt_in_text
from graphsvc.curation.specs import (
    EntitySpec,
    EvidenceSpec,
    RelationshipSpec,
    SourceDoc,
    figure_rules,
)
from graphsvc.vocabulary import (
    ENTITY_TYPES,
    ID_PREFIXES,
    RELATIONSHIP_TYPES,
    SECTORS,
    SYMMETRIC_TYPES,
    TIERS,
)

_ID = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9-]*$")
LINE = "__line__"


@dataclass
class SeedEntity:
    """An entity of a validated seed: as written (`spec`), where it was written, and every source citing it."""

    spec: EntitySpec
    where: str
    sources: list[str] = field(default_factory=list)


@dataclass
class SeedRelationship:
    """A relationship of a validated seed, its statements merged across files and tiers (see `validate`)."""

    id: str
    type: str
    from_id: str
    to_id: str
    key: str
    start: str | None
    end: str | None
    sectors: list[str]
    props: dict[str, Any]
    tier: str
    evidence: list[EvidenceSpec]  # every item with its source filled in
    where: list[str]


@dataclass
class Seed:
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    entities: dict[str, SeedEntity] = field(default_factory=dict)
    relationships: dict[str, SeedRelationship] = field(default_factory=dict)


@dataclass
class Report:
    seed: Seed
    problems: list[str]
    # Old forms the seed still uses (figures not yet typed): reported, not refused, unless strict.
    warnings: list[str] = field(default_factory=list)
    # Evidenced sources whose text is absent here, so their excerpts were not re-verified.
    unverified_sources: list[str] = field(default_factory=list)

    def unverified_notice(self, sources_dir: Path) -> str | None:
        """One plain sentence when some excerpts could not be checked because their texts are absent."""
        if not self.unverified_sources:
            return None
        shown = ", ".join(self.unverified_sources)
        return (
            f"note: excerpts of {len(self.unverified_sources)} source(s) were not re-verified because their "
            f"texts are absent from {sources_dir} ({shown}); the facts load as curated. "
            "Run `graphsvc seed validate` where the texts are to verify them."
        )


def relationship_id(type_: str, from_id: str, to_id: str, key: str = "") -> str:
    base = f"{type_.lower()}:{from_id}->{to_id}"
    return f"{base}#{key}" if key else base


# -- reading YAML with line numbers ---------------------------------------
class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Keep dates as the strings curators wrote ("2009", "2022-12-19"), never datetime objects.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problems.append(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(f"{path}:1: expected a mapping at the top level")
        return {}
    return data


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _parse(model: type[BaseModel], raw: Any, where: str, problems: list[str]) -> Any:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping, found {type(raw).__name__}")
        return None
    try:
        return model.model_validate(_strip_lines(raw))
    except ValidationError as exc:
        for error in exc.errors():
            loc = ".".join(str(p) for p in error["loc"]) or "item"
            problems.append(f"{where}: {loc}: {error['msg']}")
        return None


def _seed_files(seed_dir: Path, folder: str) -> list[Path]:
    return sorted((seed_dir / folder).glob("*.yaml")) + sorted((seed_dir / folder).glob("*.yml"))


# -- validation --------------------------------------------------------------
def read_seed(seed_dir: Path) -> tuple[Seed, list[str], dict[str, list[tuple[RelationshipSpec, str, str]]]]:
    """Parse every file; return the seed (entities, sources) and the raw facts by id."""
    problems: list[str] = []
    seed = Seed()

    for path in [seed_dir / "sources.yaml", seed_dir / "reference-sources.yaml"]:
        if not path.exists():
            continue
        data = _read_yaml(path, problems)
        for raw in data.get("sources") or []:
            where = f"{path}:{raw.get(LINE, 1) if isinstance(raw, dict) else 1}"
            source = _parse(SourceDoc, raw, where, problems)
            if source is None:
                continue
            if source.id in seed.sources:
                problems.append(f"{where}: duplicate source id '{source.id}'")
                continue
            seed.sources[source.id] = source

    for path in _seed_files(seed_dir, "entities"):
        data = _read_yaml(path, problems)
        for raw in data.get("entities") or []:
            where = f"{path}:{raw.get(LINE, 1) if isinstance(raw, dict) else 1}"
            spec = _parse(EntitySpec, raw, where, problems)
            if spec is None:
                continue
            if spec.id in seed.entities:
                problems.append(
                    f"{where}: duplicate entity id '{spec.id}' (first declared at {seed.entities[spec.id].where})"
                )
                continue
            seed.entities[spec.id] = SeedEntity(spec=spec, where=where)

    facts: dict[str, list[tuple[RelationshipSpec, str, str]]] = {}
    for path in _seed_files(seed_dir, "facts"):
        data = _read_yaml(path, problems)
        default_source = data.get("source")
        seen_here: set[str] = set()
        for raw in data.get("relationships") or []:
            where = f"{path}:{raw.get(LINE, 1) if isinstance(raw, dict) else 1}"
            spec = _parse(RelationshipSpec, raw, where, problems)
            if spec is None:
                continue
            if spec.type in SYMMETRIC_TYPES and spec.from_ > spec.to:
                spec.from_, spec.to = spec.to, spec.from_
            rel_id = relationship_id(spec.type, spec.from_, spec.to, spec.key)
            if rel_id in seen_here:
                problems.append(
                    f"{where}: duplicate relationship '{rel_id}' in this file "
                    "(merge the evidence, or tell them apart with `key`)"
                )
                continue
            seen_here.add(rel_id)
            facts.setdefault(rel_id, []).append((spec, where, default_source or ""))
    return seed, problems, facts


def validate(seed_dir: Path, sources_dir: Path, require_sources: bool = False) -> Report:
    """Every rule of seed/. Excerpts are verified against the texts in `sources_dir` when they are there;
    an absent text is a problem only with `require_sources` (CI), else it is listed in
    `unverified_sources` and the facts load as curated."""
    seed, problems, facts = read_seed(seed_dir)
    warnings: list[str] = []
    unverified: list[str] = []

    for source in seed.sources.values():
        if source.tier not in TIERS:
            problems.append(f"source '{source.id}': tier '{source.tier}' is not one of {', '.join(TIERS)}")
        if source.tier == "evidenced":
            if not source.file:
                problems.append(f"source '{source.id}': an evidenced source needs its `file`")
            elif not (sources_dir / source.file).exists():
                if require_sources:
                    problems.append(f"source '{source.id}': file {sources_dir / source.file} does not exist")
                else:
                    unverified.append(source.id)
        elif not (source.url or source.doi or source.note):
            problems.append(f"source '{source.id}': a reference source must name its document (url, doi or note)")

    def check_evidence(items: list[EvidenceSpec], default: str, where: str) -> list[EvidenceSpec]:
        filled = []
        for item in items:
            source_id = item.source or default
            source = seed.sources.get(source_id)
            if source is None:
                problems.append(f"{where}: evidence cites unknown source '{source_id or '(none)'}'")
                continue
            if source.tier == "evidenced" and source.file:
                path = sources_dir / source.file
                if path.exists() and not excerpt_in_text(item.excerpt, path):
                    problems.append(f"{where}: excerpt not found in {source.file}: \"{item.excerpt}\"")
            if len(item.excerpt.split()) > 45:
                problems.append(f"{where}: excerpt is {len(item.excerpt.split())} words; keep it to about 30")
            filled.append(EvidenceSpec(source=source_id, excerpt=item.excerpt, locator=item.locator))
        return filled

    def check_figures(props: dict[str, Any], where: str) -> None:
        # The figure problems themselves were refused when the props were parsed.
        warnings.extend(f"{where}: {old}" for old in figure_rules(props)[1])

    for entity in seed.entities.values():
        spec, where = entity.spec, entity.where
        if spec.type not in ENTITY_TYPES:
            problems.append(f"{where}: unknown entity type '{spec.type}' (one of {', '.join(ENTITY_TYPES)})")
        elif not _ID.match(spec.id) or spec.id.split(":", 1)[0] != ID_PREFIXES[spec.type]:
            problems.append(
                f"{where}: id '{spec.id}' must be '{ID_PREFIXES[spec.type]}:' followed by a lowercase slug"
            )
        if not re.match(r"^[a-z][a-z0-9_]*$", spec.kind):
            problems.append(f"{where}: kind '{spec.kind}' must be snake_case")
        if not dates.in_order(spec.start, spec.end):
            problems.append(f"{where}: start {spec.start} is after end {spec.end}")
        check_figures(spec.props, where)
        if (spec.start or spec.end or spec.props) and not spec.evidence:
            problems.append(f"{where}: start, end and props need evidence that states them")
        for source_id in spec.sources:
            if source_id not in seed.sources:
                problems.append(f"{where}: unknown source '{source_id}' in sources")
        spec.evidence = check_evidence(spec.evidence, "", where)
        entity.sources = list(dict.fromkeys(spec.sources + [e.source for e in spec.evidence if e.source]))

    for rel_id, stated in sorted(facts.items()):
        merged: SeedRelationship | None = None
        # Every statement of a fact counts: its evidence is kept (each item
        # names its own source, so a reference document's excerpt stays
        # apart from a text's), and dates come from whichever statement gives
        # them. The merged fact is `evidenced` as soon as one statement is.
        stated = sorted(stated, key=lambda item: item[0].tier != "evidenced")
        for spec, where, default_source in stated:
            ok = True
            if spec.type not in RELATIONSHIP_TYPES:
                problems.append(f"{where}: unknown relationship type '{spec.type}'")
                ok = False
            for end_id in (spec.from_, spec.to):
                if end_id not in seed.entities:
                    problems.append(f"{where}: '{end_id}' is not a declared entity (dangling reference)")
                    ok = False
            if spec.from_ == spec.to:
                problems.append(f"{where}: a relationship from '{spec.from_}' to itself")
                ok = False
            if not spec.sectors:
                problems.append(f"{where}: no sectors (at least one of the sector vocabulary)")
            for sector in spec.sectors:
                if sector not in SECTORS:
                    problems.append(f"{where}: sector '{sector}' is not in the vocabulary")
                    ok = False
            if spec.tier not in TIERS:
                problems.append(f"{where}: tier '{spec.tier}' is not one of {', '.join(TIERS)}")
                ok = False
            if not spec.evidence:
                problems.append(f"{where}: no evidence (every relationship cites a source)")
                ok = False
            if not dates.in_order(spec.start, spec.end):
                problems.append(f"{where}: start {spec.start} is after end {spec.end}")
            check_figures(spec.props, where)
            evidence = check_evidence(spec.evidence, default_source, where)
            tiers = {seed.sources[e.source].tier for e in evidence if e.source in seed.sources}
            if spec.tier == "evidenced" and "reference" in tiers:
                problems.append(f"{where}: tier 'evidenced' but cites a reference-tier source; say `tier: reference`")
            if spec.tier == "reference" and tiers == {"evidenced"}:
                problems.append(f"{where}: tier 'reference' but every source is a text; say `tier: evidenced`")
            if not ok:
                continue
            if merged is None:
                merged = SeedRelationship(
                    id=rel_id, type=spec.type, from_id=spec.from_, to_id=spec.to, key=spec.key,
                    start=spec.start, end=spec.end, sectors=list(spec.sectors), props=dict(spec.props),
                    tier=spec.tier, evidence=evidence, where=[where],
                )
                continue
            if spec.tier == "evidenced":
                merged.tier = "evidenced"
            for attr in ("start", "end"):
                mine, theirs = getattr(merged, attr), getattr(spec, attr)
                if mine and theirs and mine != theirs:
                    problems.append(f"{where}: {attr} {theirs} disagrees with {mine} at {merged.where[0]}")
                elif theirs and not mine:
                    setattr(merged, attr, theirs)
            for key, value in spec.props.items():
                if key in merged.props and merged.props[key] != value:
                    problems.append(
                        f"{where}: props.{key}={value!r} disagrees with {merged.props[key]!r} at {merged.where[0]}"
                    )
                merged.props.setdefault(key, value)
            merged.sectors = [s for s in SECTORS if s in set(merged.sectors) | set(spec.sectors)]
            merged.evidence += [e for e in evidence if e not in merged.evidence]
            merged.where.append(where)
        if merged is not None:
            merged.sectors = [s for s in SECTORS if s in merged.sectors]
            seed.relationships[rel_id] = merged

    # An entity is mentioned by the sources of its own evidence and of its relationships.
    for rel in seed.relationships.values():
        for end_id in (rel.from_id, rel.to_id):
            entity = seed.entities[end_id]
            for item in rel.evidence:
                if item.source and item.source not in entity.sources:
                    entity.sources.append(item.source)
    for entity in seed.entities.values():
        if not entity.sources:
            problems.append(f"{entity.where}: entity '{entity.spec.id}' is cited by no source and no relationship")
    problems.extend(founding_problems(seed))

    return Report(seed=seed, problems=problems, warnings=warnings, unverified_sources=unverified)


# The relationships that date an entity's beginning: who founded it, or by whom it was established.
FOUNDING_TYPES = {"FOUNDED": "to", "ESTABLISHED_BY": "from"}


def founding_problems(seed: Seed) -> list[str]:
    """An entity's `start` and the dates of its FOUNDED / ESTABLISHED_BY facts must be able to agree.

    Both are possible spans: they agree when they overlap ("199X" and "1993"
    do; "1993" and "2009" do not). A founding fact before an entity's `end`
    is checked the same way.
    """
    problems = []
    for rel in seed.relationships.values():
        side = FOUNDING_TYPES.get(rel.type)
        if side is None or not rel.start:
            continue
        entity = seed.entities.get(rel.to_id if side == "to" else rel.from_id)
        if entity is None or not entity.spec.start:
            continue
        founded, start = dates.bounds(rel.start), dates.bounds(entity.spec.start)
        apart = (
            (founded.upper is not None and start.lower is not None and founded.upper < start.lower)
            or (start.upper is not None and founded.lower is not None and start.upper < founded.lower)
        )
        if apart:
            problems.append(
                f"{entity.where}: {entity.spec.id} starts {entity.spec.start} but {rel.id} "
                f"({rel.where[0]}) dates its founding {rel.start}; make them agree"
            )
        if entity.spec.end and not dates.in_order(rel.start, entity.spec.end):
            problems.append(
                f"{entity.where}: {entity.spec.id} ends {entity.spec.end}, before its founding {rel.start} "
                f"({rel.id})"
            )
    return problems
