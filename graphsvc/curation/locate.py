"""`graphsvc seed locate`: where each excerpt stands in its source text.

For every evidence item of an evidenced source whose text is present, the
paragraph number and the character offsets of the excerpt's first
occurrence (compared as `seed validate` compares, after folding whitespace
and line-break hyphenation) are written into its `locator` in seed/, so
they survive where the texts are absent. The section already written is
kept.

The files are rewritten with ruamel.yaml's round-trip mode, which keeps
comments, key order, quoting and flow style: only the locators change.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from graphsvc.curation.excerpts import locate_excerpt, paragraph_number
from graphsvc.curation.seedfiles import read_seed
from graphsvc.settings import Settings


@dataclass
class LocateReport:
    located: int = 0
    changed_files: list[Path] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    no_text: set[str] = field(default_factory=set)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _locator(section: str, paragraph: int, start: int, end: int) -> CommentedMap:
    locator = CommentedMap()
    locator["section"] = section
    locator["paragraph"] = paragraph
    locator["start"] = start
    locator["end"] = end
    locator.fa.set_flow_style()
    return locator


def _section(raw: Any) -> str:
    if isinstance(raw, dict):
        return str(raw.get("section") or "")
    return "" if raw is None else str(raw)


def locate_seed(seed_dir: Path, sources_dir: Path, write: bool = True) -> LocateReport:
    """Compute every locator; rewrite the files whose locators changed (unless `write` is false)."""
    seed, _problems, _facts = read_seed(seed_dir)
    texts: dict[str, str] = {}
    for source in seed.sources.values():
        if source.tier == "evidenced" and source.file and (sources_dir / source.file).is_file():
            texts[source.id] = (sources_dir / source.file).read_text(encoding="utf-8")
    report = LocateReport()
    yaml = _yaml()
    files = sorted((seed_dir / "entities").glob("*.yaml")) + sorted((seed_dir / "facts").glob("*.yaml"))
    for path in files:
        document = yaml.load(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            continue
        default_source = document.get("source")
        changed = False
        for item in (document.get("entities") or []) + (document.get("relationships") or []):
            for evidence in (item.get("evidence") or []) if isinstance(item, dict) else []:
                source_id = evidence.get("source") or default_source
                text = texts.get(source_id or "")
                if text is None:
                    if source_id in seed.sources and seed.sources[source_id].tier == "evidenced":
                        report.no_text.add(source_id)
                    continue
                span = locate_excerpt(str(evidence.get("excerpt") or ""), text)
                if span is None:
                    report.not_found.append(f"{path}: {source_id}: \"{evidence.get('excerpt')}\"")
                    continue
                start, end = span
                new = _locator(_section(evidence.get("locator")), paragraph_number(text, start), start, end)
                report.located += 1
                old = evidence.get("locator")
                if not isinstance(old, dict) or dict(old) != dict(new):
                    evidence["locator"] = new
                    changed = True
        if changed:
            report.changed_files.append(path)
            if write:
                with path.open("w", encoding="utf-8") as handle:
                    yaml.dump(document, handle)
    return report


def locate_command(settings: Settings, write: bool = True) -> int:
    report = locate_seed(settings.seed_dir, settings.sources_dir, write=write)
    for missing in report.not_found:
        print(f"not found: {missing}", file=sys.stderr)
    if report.no_text:
        print(f"texts absent from {settings.sources_dir}, not located: {', '.join(sorted(report.no_text))}",
              file=sys.stderr)
    verb = "rewrote" if write else "would rewrite"
    print(f"located {report.located} excerpt(s); {verb} {len(report.changed_files)} file(s)")
    return 1 if report.not_found or report.no_text else 0
