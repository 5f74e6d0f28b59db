"""Generated parts of the docs, so they stay in step with the code and the seed.

- `docs/data-model.md` holds tables rendered from `graphsvc/vocabulary.py`
  (entity types and id prefixes, relationship types, sectors, tiers) between
  `<!-- generated:NAME -->` / `<!-- end:NAME -->` markers; `update_data_model()`
  rewrites them, `tests/unit/test_docs_in_step.py` checks they match.
- `docs/coverage.md` is rendered from the validated seed by `coverage_markdown()`:
  per source text, how many entities and relationships came from it, by type,
  the share of its relationships that carry a date, and the statements left out
  on purpose (`seed/left-out.yaml`, each with its reason).

Regenerate both with `python -m graphsvc.docs_gen` (honours GRAPHSVC_SEED_DIR).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from graphsvc.curation.excerpts import excerpt_in_text
from graphsvc.curation.seedfiles import Seed, validate
from graphsvc.settings import PROJECT_ROOT, Settings, get_settings
from graphsvc.vocabulary import (
    ENTITY_TYPES,
    ID_PREFIXES,
    POINT_IN_TIME_TYPES,
    RELATIONSHIP_TYPES,
    SECTORS,
    SYMMETRIC_TYPES,
    TIERS,
)

DOCS_DIR = PROJECT_ROOT / "docs"
DATA_MODEL = DOCS_DIR / "data-model.md"
COVERAGE = DOCS_DIR / "coverage.md"

ENTITY_TYPE_MEANINGS: dict[str, str] = {
    "State": "a sovereign state (also historical ones the sources name, e.g. the Kazakh Khanate)",
    "Organisation": "any institution: intergovernmental body, state agency, university, cultural centre, "
    "theatre, union, research centre, news agency",
    "Person": "a named person acting in a role",
    "Agreement": "a treaty, agreement, memorandum, strategy or founding document",
    "Event": "a dated happening: summit, state visit, meeting, exhibition, festival, concert, a cultural-capital year",
    "Programme": "a standing scheme: scholarship, exchange, language course, textbook project, index",
    "Place": "a city or region",
}

TIER_MEANINGS: dict[str, str] = {
    "evidenced": "every excerpt is found, verbatim, in its source text under `shared/sources/` "
    "(checked by `graphsvc seed validate`)",
    "reference": "taken from a named public document outside the five texts; the fact cites a reference-tier "
    "`Source` (url, doi or note) and its excerpts are statements of that document, not checked against a text",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def entity_types_table() -> str:
    rows = ["| label | id prefix | what |", "|---|---|---|"]
    for label in ENTITY_TYPES:
        rows.append(f"| `{label}` | `{ID_PREFIXES[label]}:` | {_cell(ENTITY_TYPE_MEANINGS[label])} |")
    return "\n".join(rows)


def relationship_types_table() -> str:
    rows = ["| type | meaning | time | direction |", "|---|---|---|---|"]
    for rel_type, meaning in RELATIONSHIP_TYPES.items():
        time = "point in time" if rel_type in POINT_IN_TIME_TYPES else "period"
        direction = "symmetric (smaller id → larger id)" if rel_type in SYMMETRIC_TYPES else "directed"
        rows.append(f"| `{rel_type}` | {_cell(meaning)} | {time} | {direction} |")
    return "\n".join(rows)


def sectors_table() -> str:
    return "\n".join(["| sector |", "|---|", *(f"| `{sector}` |" for sector in SECTORS)])


def tiers_table() -> str:
    rows = ["| tier | meaning |", "|---|---|"]
    rows += [f"| `{tier}` | {_cell(TIER_MEANINGS[tier])} |" for tier in TIERS]
    return "\n".join(rows)


def data_model_tables() -> dict[str, str]:
    """Every generated table of docs/data-model.md, by marker name."""
    return {
        "entity-types": entity_types_table(),
        "relationship-types": relationship_types_table(),
        "sectors": sectors_table(),
        "tiers": tiers_table(),
    }


def _section(name: str, table: str) -> str:
    return f"<!-- generated:{name} -->\n{table}\n<!-- end:{name} -->"


def update_data_model(path: Path = DATA_MODEL) -> bool:
    """Rewrite the generated tables in docs/data-model.md; return True when it changed."""
    text = path.read_text(encoding="utf-8")
    updated = text
    for name, table in data_model_tables().items():
        pattern = re.compile(rf"<!-- generated:{re.escape(name)} -->.*?<!-- end:{re.escape(name)} -->", re.S)
        if not pattern.search(updated):
            raise ValueError(f"{path}: no <!-- generated:{name} --> … <!-- end:{name} --> section")
        updated = pattern.sub(lambda _: _section(name, table), updated)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


# -- coverage ------------------------------------------------------------------
LEFT_OUT_FILE = "left-out.yaml"


@dataclass(frozen=True)
class LeftOut:
    """A statement of a text deliberately not made into a fact (seed/left-out.yaml)."""

    source: str
    excerpt: str
    fact: str
    reason: str


def read_left_out(seed_dir: Path) -> list[LeftOut]:
    path = seed_dir / LEFT_OUT_FILE
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [LeftOut(**{key: str(item[key]) for key in ("source", "excerpt", "fact", "reason")})
            for item in data.get("left_out") or []]


def check_left_out(left_out: Sequence[LeftOut], seed: Seed, sources_dir: Path) -> list[str]:
    """Problems with seed/left-out.yaml: unknown sources, excerpts not in their text."""
    problems = []
    for item in left_out:
        source = seed.sources.get(item.source)
        if source is None:
            problems.append(f"{LEFT_OUT_FILE}: unknown source '{item.source}'")
        elif source.file and (sources_dir / source.file).exists() and not excerpt_in_text(
            item.excerpt, sources_dir / source.file
        ):
            problems.append(f"{LEFT_OUT_FILE}: excerpt not found in {source.file}: \"{item.excerpt}\"")
    return problems


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)} %)" if whole else "—"


def coverage_markdown(seed: Seed, left_out: Sequence[LeftOut] = ()) -> str:
    """docs/coverage.md: per source, the entities and relationships that came from it, by type,
    how many of its relationships carry a date, and what was left out on purpose."""
    source_ids = sorted(seed.sources, key=lambda sid: (seed.sources[sid].tier != "evidenced", sid))
    entities_by_source: dict[str, Counter[str]] = {sid: Counter() for sid in source_ids}
    for entity in seed.entities.values():
        for sid in dict.fromkeys(entity.sources):
            entities_by_source.setdefault(sid, Counter())[entity.spec.type] += 1
    rels_by_source: dict[str, Counter[str]] = {sid: Counter() for sid in source_ids}
    dated_by_source: Counter[str] = Counter()
    for rel in seed.relationships.values():
        for sid in dict.fromkeys(e.source for e in rel.evidence if e.source):
            rels_by_source.setdefault(sid, Counter())[rel.type] += 1
            if rel.start or rel.end:
                dated_by_source[sid] += 1
    dated_total = sum(1 for rel in seed.relationships.values() if rel.start or rel.end)
    citations = Counter(e.source for rel in seed.relationships.values() for e in rel.evidence if e.source)

    def short(sid: str) -> str:
        return sid.removeprefix("src:")

    lines = [
        "# Coverage: what each source contributed",
        "",
        "<!-- Generated by graphsvc/docs_gen.py (coverage_markdown) from the validated seed: do not edit by hand;",
        "     run `python -m graphsvc.docs_gen` after changing seed/. -->",
        "",
        f"The seed holds **{len(seed.entities)} entities** and **{len(seed.relationships)} relationships** "
        f"citing **{len(seed.sources)} sources**. An entity counts for a source when the source mentions it "
        "(its `sources` list: declared, or cited by its own evidence or by one of its relationships); a "
        "relationship counts for a source when at least one of its evidence items cites it, so a fact stated "
        "by two sources counts for both.",
        "",
        f"**{_share(dated_total, len(seed.relationships))}** relationships carry a date (`start` or `end`). "
        "A relationship is dated only where a text gives the date (or, for a participation in a dated "
        "event, the event's date); the column *dated* counts, per source, its relationships that carry one, "
        "whichever source gave the date.",
        "",
        "## Per source",
        "",
        "| source | tier | file | entities | relationships | dated | excerpts |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for sid in source_ids:
        doc = seed.sources[sid]
        rel_count = sum(rels_by_source[sid].values())
        lines.append(
            f"| `{sid}` — {_cell(doc.title)} | {doc.tier} | {doc.file or '—'} | "
            f"{sum(entities_by_source[sid].values())} | {rel_count} | {_share(dated_by_source[sid], rel_count)} | "
            f"{citations[sid]} |"
        )

    header = "| type | " + " | ".join(f"`{short(sid)}`" for sid in source_ids) + " |"
    rule = "|---|" + "---:|" * len(source_ids)
    lines += ["", "## Entities by type and source", "", header, rule]
    for label in ENTITY_TYPES:
        counts = [entities_by_source[sid][label] for sid in source_ids]
        if any(counts):
            lines.append(f"| `{label}` | " + " | ".join(str(c) for c in counts) + " |")
    lines += ["", "## Relationships by type and source", "", header, rule]
    for rel_type in RELATIONSHIP_TYPES:
        counts = [rels_by_source[sid][rel_type] for sid in source_ids]
        if any(counts):
            lines.append(f"| `{rel_type}` | " + " | ".join(str(c) for c in counts) + " |")
    unused = [t for t in RELATIONSHIP_TYPES if not any(rels_by_source[s][t] for s in source_ids)]
    if unused:
        lines += ["", "Types of the vocabulary no fact uses yet: " + ", ".join(f"`{t}`" for t in unused) + "."]
    if left_out:
        lines += [
            "",
            "## Left out, deliberately",
            "",
            f"Statements the texts make that were read and not made into the fact one might expect, with the "
            f"reason (`seed/{LEFT_OUT_FILE}`; each excerpt is checked against its text like a fact's).",
        ]
        for sid in source_ids:
            items = [item for item in left_out if item.source == sid]
            if not items:
                continue
            lines += ["", f"### `{sid}`", "", "| not stated as a fact | why | the text says |", "|---|---|---|"]
            lines += [f"| {_cell(i.fact)} | {_cell(i.reason)} | \"{_cell(i.excerpt)}\" |" for i in items]
    return "\n".join(lines) + "\n"


def coverage_from_settings(settings: Settings | None = None) -> str:
    """Validate the seed the settings point at and render its coverage; ValueError when it is invalid."""
    settings = settings or get_settings()
    report = validate(settings.seed_dir, settings.sources_dir)
    left_out = read_left_out(settings.seed_dir)
    problems = report.problems + check_left_out(left_out, report.seed, settings.sources_dir)
    if problems:
        raise ValueError(f"{len(problems)} problem(s) in {settings.seed_dir}; first: {problems[0]}")
    return coverage_markdown(report.seed, left_out)


def write_coverage(path: Path = COVERAGE, settings: Settings | None = None) -> Path:
    path.write_text(coverage_from_settings(settings), encoding="utf-8")
    return path


def main() -> int:
    try:
        print(f"wrote {write_coverage()}")
    except ValueError as exc:
        print(f"coverage not written: {exc}", file=sys.stderr)
        return 1
    changed = update_data_model()
    print(f"{DATA_MODEL}: {'tables updated' if changed else 'tables already in step'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
