"""`graphsvc ingest evaluate`: the pipeline, dry run, on the five source texts
against the facts curators took from each (seed/), measured not asserted.

For each text the curated relationships citing it are the reference. A
relationship is *in scope* when the gazetteer finds both its ends in one
paragraph of that text (the pipeline reads a paragraph at a time; a fact
whose ends never meet in a paragraph is out of its reach, and counted apart).
Recall of the in-scope facts, by:

- endpoints: some candidate links the same two entities (either direction);
- endpoints + type: and has the same type and direction (FOUNDED a->b and
  ESTABLISHED_BY b->a are one fact read two ways; symmetric types have no direction);
- endpoints + type + date: and the same `start` (both undated counts).

Precision: of the candidates at or above the threshold whose two ends are
known entities, the share that match a curated fact of the same text by
endpoints (and by endpoints + type). Candidates with a proposed new entity
as an end are counted apart (they cannot match a curated id).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graphsvc.curation.seedfiles import Seed, SeedRelationship, validate
from graphsvc.ingest.candidates import DEFAULT_THRESHOLD, Analysis, Candidate
from graphsvc.ingest.gazetteer import Gazetteer
from graphsvc.ingest.pipeline import analyse
from graphsvc.vocabulary import SYMMETRIC_TYPES

INVERSES = {"FOUNDED": "ESTABLISHED_BY", "ESTABLISHED_BY": "FOUNDED"}


def gazetteer_of(seed: Seed) -> Gazetteer:
    return Gazetteer((e.spec.id, e.spec.type, e.spec.name, list(e.spec.aliases)) for e in seed.entities.values())


def _readings(type_: str, a: str, b: str) -> set[tuple[str, str, str]]:
    """The (type, from, to) forms that state one fact."""
    forms = {(type_, a, b)}
    if type_ in SYMMETRIC_TYPES:
        forms.add((type_, b, a))
    if type_ in INVERSES:
        forms.add((INVERSES[type_], b, a))
    return forms


@dataclass
class Tally:
    facts: int = 0
    in_scope: int = 0
    endpoints: int = 0
    typed: int = 0
    dated: int = 0

    def add(self, other: Tally) -> None:
        for name in ("facts", "in_scope", "endpoints", "typed", "dated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class SourceResult:
    source: str
    file: str
    words: int
    candidates: int = 0
    kept_known: int = 0
    kept_new: int = 0
    correct_endpoints: int = 0
    correct_typed: int = 0
    entity_proposals: int = 0
    recall: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    precision_by_rule: Counter[str] = field(default_factory=Counter)
    kept_by_rule: Counter[str] = field(default_factory=Counter)


def _ids(candidate: Candidate) -> tuple[str, str] | None:
    if candidate.from_ and candidate.to and candidate.from_.id and candidate.to.id:
        return candidate.from_.id, candidate.to.id
    return None


def evaluate_source(source_id: str, text: str, facts: list[SeedRelationship], gazetteer: Gazetteer,
                    threshold: float = DEFAULT_THRESHOLD) -> tuple[SourceResult, Analysis]:
    analysis = analyse(text, gazetteer)
    result = SourceResult(source_id, "", len(text.split()))
    kept = [c for c in analysis.kept(threshold) if c.kind == "relationship"]
    result.candidates = len(kept)
    result.entity_proposals = sum(1 for c in analysis.kept(threshold) if c.kind == "entity")
    mentioned_in: dict[str, set[int]] = defaultdict(set)
    for mention in analysis.mentions:
        if mention.entity:
            paragraph = next((p.number for p in analysis.paragraphs if p.start <= mention.start < p.end), 0)
            mentioned_in[mention.entity.id].add(paragraph)
    pairs = {frozenset(ids) for c in kept if (ids := _ids(c))}
    typed = {(c.type, *ids) for c in kept if (ids := _ids(c))}
    dated = {(c.type, *ids, c.start or "") for c in kept if (ids := _ids(c))}
    curated_pairs: set[frozenset[str]] = set()
    curated_typed: set[tuple[str, str, str]] = set()
    for fact in facts:
        curated_pairs.add(frozenset((fact.from_id, fact.to_id)))
        curated_typed |= _readings(fact.type, fact.from_id, fact.to_id)
        tally = Tally(facts=1)
        if mentioned_in[fact.from_id] & mentioned_in[fact.to_id]:
            tally.in_scope = 1
            forms = _readings(fact.type, fact.from_id, fact.to_id)
            tally.endpoints = int(frozenset((fact.from_id, fact.to_id)) in pairs)
            tally.typed = int(bool(forms & typed))
            tally.dated = int(any((*form, fact.start or "") in dated for form in forms))
            if not tally.typed:
                result.missed.append(f"{fact.type} {fact.from_id} -> {fact.to_id}"
                                     + ("" if tally.endpoints else " (ends never linked)"))
        result.recall.add(tally)
        result.by_type[fact.type].add(tally)
    for candidate in kept:
        ids = _ids(candidate)
        if ids is None:
            result.kept_new += 1
            continue
        result.kept_known += 1
        result.kept_by_rule[candidate.rule] += 1
        if frozenset(ids) in curated_pairs:
            result.correct_endpoints += 1
        if (candidate.type, *ids) in curated_typed:
            result.correct_typed += 1
            result.precision_by_rule[candidate.rule] += 1
        else:
            result.wrong.append(f"{candidate.type} {ids[0]} -> {ids[1]} ({candidate.rule}, {candidate.confidence})")
    return result, analysis


def evaluate(seed_dir: Path, sources_dir: Path, threshold: float = DEFAULT_THRESHOLD) -> list[SourceResult]:
    return evaluate_at(seed_dir, sources_dir, [threshold])[threshold]


def evaluate_at(seed_dir: Path, sources_dir: Path, thresholds: list[float]) -> dict[float, list[SourceResult]]:
    """The evaluation at each threshold (the seed read and the gazetteer built once)."""
    seed = validate(seed_dir, sources_dir).seed
    gazetteer = gazetteer_of(seed)
    return {t: _evaluate_seed(seed, sources_dir, gazetteer, t) for t in thresholds}


def _evaluate_seed(seed: Seed, sources_dir: Path, gazetteer: Gazetteer, threshold: float) -> list[SourceResult]:
    results = []
    for source_id, doc in sorted(seed.sources.items(), key=lambda item: item[1].file or ""):
        if not doc.file:
            continue
        text = (sources_dir / doc.file).read_text(encoding="utf-8")
        facts = [r for r in seed.relationships.values() if any(e.source == source_id for e in r.evidence)]
        result, _ = evaluate_source(source_id, text, facts, gazetteer, threshold)
        result.file = doc.file
        results.append(result)
    return results


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def report_markdown(results: list[SourceResult], threshold: float) -> str:
    total = Tally()
    by_type: dict[str, Tally] = defaultdict(Tally)
    kept_known = correct_e = correct_t = kept_new = proposals = 0
    rule_kept: Counter[str] = Counter()
    rule_correct: Counter[str] = Counter()
    for r in results:
        total.add(r.recall)
        for t, tally in r.by_type.items():
            by_type[t].add(tally)
        kept_known += r.kept_known
        correct_e += r.correct_endpoints
        correct_t += r.correct_typed
        kept_new += r.kept_new
        proposals += r.entity_proposals
        rule_kept.update(r.kept_by_rule)
        rule_correct.update(r.precision_by_rule)
    lines = [
        f"Threshold {threshold}. Curated relationships citing the five texts: {total.facts}; "
        f"in scope (both ends named in one paragraph): {total.in_scope}.",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| recall, endpoints | {_pct(total.endpoints, total.in_scope)} ({total.endpoints}/{total.in_scope}) |",
        f"| recall, endpoints + type | {_pct(total.typed, total.in_scope)} ({total.typed}/{total.in_scope}) |",
        f"| recall, endpoints + type + date | {_pct(total.dated, total.in_scope)} ({total.dated}/{total.in_scope}) |",
        f"| precision, endpoints (candidates between known entities) | {_pct(correct_e, kept_known)} "
        f"({correct_e}/{kept_known}) |",
        f"| precision, endpoints + type | {_pct(correct_t, kept_known)} ({correct_t}/{kept_known}) |",
        f"| relationship candidates with a proposed new entity as an end (not scored) | {kept_new} |",
        f"| new-entity proposals (not scored) | {proposals} |",
        "",
        "Per source:",
        "",
        "| source | words | facts | in scope | recall endpoints | + type | + date | candidates (known ends) "
        "| precision endpoints | + type |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        t = r.recall
        lines.append(
            f"| {r.file} | {r.words} | {t.facts} | {t.in_scope} | {_pct(t.endpoints, t.in_scope)} | "
            f"{_pct(t.typed, t.in_scope)} | {_pct(t.dated, t.in_scope)} | {r.kept_known} | "
            f"{_pct(r.correct_endpoints, r.kept_known)} | {_pct(r.correct_typed, r.kept_known)} |"
        )
    lines += ["", "Per type (recall of in-scope curated facts):", "",
              "| type | facts | in scope | endpoints | + type | + date |", "|---|---|---|---|---|---|"]
    for type_, t in sorted(by_type.items()):
        lines.append(f"| {type_} | {t.facts} | {t.in_scope} | {_pct(t.endpoints, t.in_scope)} | "
                     f"{_pct(t.typed, t.in_scope)} | {_pct(t.dated, t.in_scope)} |")
    lines += ["", "Per rule (candidates between known entities at the threshold, and how many match a curated "
              "fact by endpoints + type):", "", "| rule | candidates | correct |", "|---|---|---|"]
    for rule, n in rule_kept.most_common():
        lines.append(f"| {rule} | {n} | {rule_correct[rule]} ({_pct(rule_correct[rule], n)}) |")
    return "\n".join(lines)


def failures_markdown(results: list[SourceResult], limit: int = 15) -> str:
    lines = []
    for r in results:
        lines.append(f"- **{r.file}**: missed (in scope, no candidate of the right type): "
                     + ("; ".join(r.missed[:limit]) or "none")
                     + (f"; … {len(r.missed) - limit} more" if len(r.missed) > limit else ""))
        lines.append("  unmatched candidates: " + ("; ".join(r.wrong[:limit]) or "none")
                     + (f"; … {len(r.wrong) - limit} more" if len(r.wrong) > limit else ""))
    return "\n".join(lines)


def sweep_markdown(by_threshold: dict[float, list[SourceResult]]) -> str:
    """One line per threshold: what a curator trades by moving it."""
    lines = ["| threshold | recall endpoints | + type | + date | precision endpoints | + type | candidates |",
             "|---|---|---|---|---|---|---|"]
    for threshold, results in sorted(by_threshold.items()):
        total = Tally()
        kept = correct_e = correct_t = 0
        for r in results:
            total.add(r.recall)
            kept += r.kept_known
            correct_e += r.correct_endpoints
            correct_t += r.correct_typed
        lines.append(
            f"| {threshold} | {_pct(total.endpoints, total.in_scope)} | {_pct(total.typed, total.in_scope)} | "
            f"{_pct(total.dated, total.in_scope)} | {_pct(correct_e, kept)} | {_pct(correct_t, kept)} | {kept} |")
    return "\n".join(lines)
