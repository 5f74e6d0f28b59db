"""The seed validator catches each kind of error with a clear message naming the
file and line. Each test writes a small seed folder in tmp_path (reusing the
real sources.yaml and source texts), breaks one thing, and reads the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from graphsvc.curation.excerpts import normalised_variants
from graphsvc.curation.seedfiles import validate
from graphsvc.settings import get_settings

ENTITIES = """\
entities:
  - id: state:kazakhstan
    type: State
    kind: sovereign_state
    name: Kazakhstan
    aliases: [Qazaqstan, Қазақстан]
    sources: [SOURCE]
  - id: org:turksoy
    type: Organisation
    kind: intergovernmental_organisation
    name: TURKSOY
    aliases: []
"""
# Line numbers of the items above, as the messages must give them.
KAZAKHSTAN_LINE, TURKSOY_LINE = 2, 8

FACTS = """\
source: SOURCE
relationships:
  - type: MEMBER_OF
    from: state:kazakhstan
    to: org:turksoy
    start: "1993"
    sectors: [culture]
    evidence:
      - excerpt: "EXCERPT"
        locator: ""
"""
FACT_LINE = 3


@pytest.fixture(scope="module")
def real_source() -> tuple[str, str, Path]:
    """An evidenced source of the real seed, a passage of its text, and the texts folder."""
    settings = get_settings()
    documents = yaml.safe_load((settings.seed_dir / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    source = next(d for d in documents if d.get("tier", "evidenced") == "evidenced" and d.get("file"))
    joined, _ = normalised_variants((settings.sources_dir / source["file"]).read_text(encoding="utf-8"))
    words = joined.split()
    # Twelve words from the middle of the text, none with a character YAML would need escaped.
    start = next(
        i for i in range(len(words) // 2, len(words) - 12)
        if not any(ch in w for w in words[i : i + 12] for ch in '"\\')
    )
    return source["id"], " ".join(words[start : start + 12]), settings.sources_dir


def write_seed(tmp_path: Path, real_source: tuple[str, str, Path], entities: str = ENTITIES, facts: str = FACTS) -> Path:
    source_id, passage, _ = real_source
    seed = tmp_path / "seed"
    (seed / "entities").mkdir(parents=True)
    (seed / "facts").mkdir()
    shutil.copy(get_settings().seed_dir / "sources.yaml", seed / "sources.yaml")
    (seed / "entities" / "test.yaml").write_text(entities.replace("SOURCE", source_id), encoding="utf-8")
    (seed / "facts" / "test.yaml").write_text(
        facts.replace("SOURCE", source_id).replace("EXCERPT", passage), encoding="utf-8"
    )
    return seed


def problems_of(seed: Path, real_source: tuple[str, str, Path]) -> list[str]:
    return validate(seed, real_source[2]).problems


def only_problem(problems: list[str], where: str, *phrases: str) -> str:
    matching = [p for p in problems if where in p and all(phrase in p for phrase in phrases)]
    assert matching, f"no problem at {where} saying {phrases}; got:\n" + "\n".join(problems)
    return matching[0]


def test_the_baseline_seed_is_valid(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    report = validate(write_seed(tmp_path, real_source), real_source[2])
    assert report.problems == []
    assert list(report.seed.relationships) == ["member_of:state:kazakhstan->org:turksoy"]
    assert report.seed.entities["org:turksoy"].sources == [real_source[0]]


def test_unknown_entity_type(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, entities=ENTITIES.replace("type: Organisation", "type: Institution"))
    only_problem(
        problems_of(seed, real_source), f"entities/test.yaml:{TURKSOY_LINE}", "unknown entity type 'Institution'"
    )


def test_unknown_relationship_type(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("type: MEMBER_OF", "type: LIKES"))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "unknown relationship type 'LIKES'")


def test_dangling_reference(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("to: org:turksoy", "to: org:atlantis"))
    problems = problems_of(seed, real_source)
    only_problem(problems, f"facts/test.yaml:{FACT_LINE}", "'org:atlantis'", "dangling reference")


def test_duplicate_id(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    duplicate = ENTITIES + "  - id: state:kazakhstan\n    type: State\n    kind: sovereign_state\n    name: Kazakstan\n"
    seed = write_seed(tmp_path, real_source, entities=duplicate)
    message = only_problem(problems_of(seed, real_source), "entities/test.yaml:13", "duplicate entity id 'state:kazakhstan'")
    assert f"entities/test.yaml:{KAZAKHSTAN_LINE}" in message, "says where the id was first declared"


def test_bad_date(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace('start: "1993"', 'start: "1993-13"'))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "start", "'1993-13' is not a real date")


def test_date_in_the_wrong_format(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace('start: "1993"', 'start: "03/1993"'))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "'03/1993' is not an ISO 8601 date")


def test_sector_not_in_the_vocabulary(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("sectors: [culture]", "sectors: [culture, sport]"))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "sector 'sport' is not in the vocabulary")


def test_no_sectors(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("sectors: [culture]", "sectors: []"))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "no sectors")


def test_empty_evidence(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    no_evidence = FACTS.split("    evidence:")[0] + "    evidence: []\n"
    seed = write_seed(tmp_path, real_source, facts=no_evidence)
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "no evidence")


def test_empty_excerpt(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace('"EXCERPT"', '"  "'))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "excerpt is empty")


def test_excerpt_not_found_in_its_source_text(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    invented = "TURKSOY was founded on the Moon by a committee of cats"
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("EXCERPT", invented))
    message = only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "excerpt not found in")
    assert invented in message


def test_excerpt_changed_by_one_letter_is_not_found(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    _, passage, _ = real_source
    altered = passage[:-1] + ("x" if passage[-1] != "x" else "y")
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("EXCERPT", altered))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "excerpt not found in")


def test_unknown_source(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("source: SOURCE", "source: src:nowhere"))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "unknown source 'src:nowhere'")
