"""docs/coverage.md's share of dated relationships and its list of statements left
out on purpose, on a small hand-made seed and text (no shared sources needed)."""

from __future__ import annotations

from pathlib import Path

from graphsvc.curation.seedfiles import Seed, SeedRelationship
from graphsvc.curation.specs import EvidenceSpec, SourceDoc
from graphsvc.docs_gen import LeftOut, check_left_out, coverage_markdown, read_left_out

TEXT = "The programme was founded in 2012. Erdogan added a remark about the summit."


def _seed() -> Seed:
    seed = Seed()
    seed.sources["src:a"] = SourceDoc(id="src:a", title="A text", file="a.txt")

    def rel(rel_id: str, start: str | None) -> SeedRelationship:
        return SeedRelationship(
            id=rel_id, type="RUNS", from_id="state:x", to_id=f"programme:{rel_id}", key="", start=start, end=None,
            sectors=["education"], props={}, tier="evidenced",
            evidence=[EvidenceSpec(source="src:a", excerpt="The programme was founded in 2012.")], where=[],
        )

    for rel_id, start in (("one", "2012"), ("two", None), ("three", None), ("four", None)):
        seed.relationships[rel_id] = rel(rel_id, start)
    return seed


def test_coverage_gives_the_share_of_dated_relationships_per_source() -> None:
    markdown = coverage_markdown(_seed())
    assert "**1 of 4 (25 %)** relationships carry a date" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| `src:a`"))
    assert row.split(" | ")[5] == "1 of 4 (25 %)"


def test_left_out_statements_are_listed_under_their_source_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "left-out.yaml").write_text(
        "left_out:\n"
        "  - source: src:a\n"
        '    excerpt: "Erdogan added a remark"\n'
        '    fact: "Erdogan PARTICIPATED_IN the summit"\n'
        '    reason: "the text says only that he added a remark"\n',
        encoding="utf-8",
    )
    left_out = read_left_out(tmp_path)
    assert left_out == [LeftOut("src:a", "Erdogan added a remark", "Erdogan PARTICIPATED_IN the summit",
                                "the text says only that he added a remark")]
    markdown = coverage_markdown(_seed(), left_out)
    section = markdown.split("## Left out, deliberately", 1)[1]
    assert "### `src:a`" in section
    assert '| Erdogan PARTICIPATED_IN the summit | the text says only that he added a remark | "Erdogan added a remark" |' in section


def test_a_left_out_excerpt_must_be_in_its_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    found = LeftOut("src:a", "Erdogan added a remark", "f", "r")
    invented = LeftOut("src:a", "Erdogan attended the summit", "f", "r")
    unknown = LeftOut("src:nowhere", "Erdogan added a remark", "f", "r")
    problems = check_left_out([found, invented, unknown], _seed(), tmp_path)
    assert problems == [
        'left-out.yaml: excerpt not found in a.txt: "Erdogan attended the summit"',
        "left-out.yaml: unknown source 'src:nowhere'",
    ]
