"""`graphsvc seed locate` on the fixture text: each excerpt's offsets slice the
text back to the excerpt (after the folding `seed validate` applies), the
paragraph is the one it stands in, and the YAML keeps its layout."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from graphsvc.curation.excerpts import fold_whitespace, normalised_variants
from graphsvc.curation.locate import locate_seed
from graphsvc.curation.seedfiles import validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXT = (FIXTURES / "texts" / "fixture-report.txt").read_text(encoding="utf-8")

FACTS = """\
# A comment the rewrite keeps.
source: src:fixture-report
relationships:
  - type: MEMBER_OF
    from: state:alpha
    to: org:fixture
    start: "1993"
    sectors: [culture]   # and this one
    evidence:
      - excerpt: "The Fixture Organisation was founded in 1993 by the states of Alpha and Beta."
        locator: "Introduction"
      - excerpt: "a charter on international cooperation"
        locator: ""
      - excerpt: 'The charter was signed again, word for word, at the end of 2021'
  - type: COOPERATES_WITH
    from: state:alpha
    to: state:beta
    sectors: [education]
    props: {agreements: 280, agreements_qualifier: "more than"}
    evidence:
      - excerpt: "More than 280 agreements between their universities followed"
        locator: {section: Results}
"""
ENTITIES = """\
entities:
  - {id: state:alpha, type: State, kind: sovereign_state, name: Alpha, sources: [src:fixture-report]}
  - {id: state:beta, type: State, kind: sovereign_state, name: Beta, sources: [src:fixture-report]}
  - {id: org:fixture, type: Organisation, kind: intergovernmental_organisation, name: Fixture Organisation}
"""


def fixture_seed(tmp_path: Path) -> Path:
    seed = tmp_path / "seed"
    (seed / "entities").mkdir(parents=True)
    (seed / "facts").mkdir()
    shutil.copy(FIXTURES / "sources.yaml", seed / "sources.yaml")
    (seed / "entities" / "fixture.yaml").write_text(ENTITIES, encoding="utf-8")
    (seed / "facts" / "fixture.yaml").write_text(FACTS, encoding="utf-8")
    return seed


def test_offsets_slice_the_text_back_to_each_excerpt(tmp_path: Path) -> None:
    seed = fixture_seed(tmp_path)
    report = locate_seed(seed, FIXTURES / "texts")
    assert report.located == 4 and report.not_found == [] and report.no_text == set()
    after = validate(seed, FIXTURES / "texts")
    assert after.problems == []
    items = [e for rel in after.seed.relationships.values() for e in rel.evidence]
    assert len(items) == 4
    for item in items:
        locator = item.locator
        assert locator.start is not None and locator.end is not None
        assert fold_whitespace(item.excerpt) in normalised_variants(TEXT[locator.start : locator.end]), item.excerpt
        assert len(fold_whitespace(TEXT[locator.start : locator.end])) <= len(item.excerpt) + 2, "the excerpt, no more"
    by_excerpt = {item.excerpt[:20]: item.locator for item in items}
    # Paragraphs: title+byline 1, "Introduction" 2, founding 3, "Results" 4, charter 5, signed again 6.
    assert by_excerpt["The Fixture Organisa"].paragraph == 3
    assert by_excerpt["The Fixture Organisa"].section == "Introduction", "the section written stays"
    assert by_excerpt["a charter on interna"].paragraph == 5, "found across a line-break hyphen"
    assert TEXT[by_excerpt["a charter on interna"].start : by_excerpt["a charter on interna"].end] == (
        "a charter on inter-\nnational cooperation"
    )
    assert by_excerpt["The charter was sign"].paragraph == 6, "found across doubled spaces"
    assert by_excerpt["More than 280 agreem"].section == "Results"


def test_the_rewrite_changes_only_the_locators(tmp_path: Path) -> None:
    seed = fixture_seed(tmp_path)
    locate_seed(seed, FIXTURES / "texts")
    before, after = FACTS.splitlines(), (seed / "facts" / "fixture.yaml").read_text(encoding="utf-8").splitlines()
    diff = [line for line in difflib.ndiff(before, after) if line[:2] in ("- ", "+ ")]
    assert len(diff) == 7, diff  # three locators replaced, one added
    assert all(line[2:].strip().startswith("locator: ") for line in diff), diff
    assert after[0] == "# A comment the rewrite keeps." and after[7].endswith("# and this one")
    assert (seed / "entities" / "fixture.yaml").read_text(encoding="utf-8") == ENTITIES
    assert locate_seed(seed, FIXTURES / "texts").changed_files == [], "a second run changes nothing"


def test_without_the_texts_nothing_is_located_and_it_says_so(tmp_path: Path) -> None:
    seed = fixture_seed(tmp_path)
    report = locate_seed(seed, tmp_path / "no-texts", write=False)
    assert report.located == 0 and report.no_text == {"src:fixture-report"}
    assert (seed / "facts" / "fixture.yaml").read_text(encoding="utf-8") == FACTS
