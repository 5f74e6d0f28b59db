"""The seed validator catches each kind of error with a clear message naming the
file and line. Each test writes a small seed folder in tmp_path, with the
fixture sources (tests/fixtures/sources.yaml and a text written for the
tests, never a copy of the real sources), breaks one thing, and reads the
report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphsvc.curation.seedfiles import validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SOURCE = "src:fixture-report"
REFERENCE = "src:fixture-charter"
# A passage of tests/fixtures/texts/fixture-report.txt, as an excerpt quotes it.
PASSAGE = "The Fixture Organisation was founded in 1993 by the states of Alpha and Beta."

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
    """The fixture text's source id, a passage of it, and the texts folder."""
    return SOURCE, PASSAGE, FIXTURES / "texts"


def write_seed(tmp_path: Path, real_source: tuple[str, str, Path], entities: str = ENTITIES, facts: str = FACTS) -> Path:
    source_id, passage, _ = real_source
    seed = tmp_path / "seed"
    (seed / "entities").mkdir(parents=True)
    (seed / "facts").mkdir()
    shutil.copy(FIXTURES / "sources.yaml", seed / "sources.yaml")
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
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "start", "'1993-13' is not an EDTF date")


def test_date_in_the_wrong_format(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace('start: "1993"', 'start: "03/1993"'))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "start", "'03/1993' is not an EDTF date")


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


# -- EDTF dates, typed figures, the tier merge, founding dates ------------------------------------
def test_edtf_dates_are_accepted_as_written(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace('start: "1993"', 'start: "199X"\n    end: "2021-12~"'))
    report = validate(seed, real_source[2])
    assert report.problems == []
    fact = report.seed.relationships["member_of:state:kazakhstan->org:turksoy"]
    assert (fact.start, fact.end) == ("199X", "2021-12~")


def test_start_after_end_is_refused(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace('start: "1993"', 'start: "2000"\n    end: "199X"'))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "start 2000 is after end 199X")


def with_props(props: str) -> str:
    return FACTS.replace("    sectors: [culture]\n", f"    sectors: [culture]\n    props: {props}\n")


def test_a_qualifier_outside_the_vocabulary_is_refused(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=with_props('{agreements: 280, agreements_qualifier: "roughly"}'))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "agreements_qualifier", "'roughly'")


def test_a_qualifier_needs_a_number_to_qualify(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=with_props('{agreements_qualifier: "more than"}'))
    only_problem(problems_of(seed, real_source), f"facts/test.yaml:{FACT_LINE}", "qualifies no number")


def test_typed_figures_with_a_qualifier_are_valid(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=with_props('{agreements: 280, agreements_qualifier: "more than", rank: 25}'))
    report = validate(seed, real_source[2])
    assert report.problems == [] and report.warnings == []


@pytest.mark.parametrize(
    ("props", "phrase"),
    [
        ("{rank: 25, year: 2024}", "props.year: a year is the fact's start/end"),
        ("{agreements_more_than: 280}", "agreements_qualifier: \"more than\""),
        ('{rank: "top 30"}', "props.rank: 'top 30' must be a whole number"),
        ("{countries_ranked: 193.5}", "props.countries_ranked: 193.5 must be a whole number"),
    ],
)
def test_old_figure_forms_are_warned_about(tmp_path: Path, real_source: tuple[str, str, Path], props: str, phrase: str) -> None:
    seed = write_seed(tmp_path, real_source, facts=with_props(props))
    report = validate(seed, real_source[2])
    assert report.problems == []
    only_problem(report.warnings, f"facts/test.yaml:{FACT_LINE}", phrase)


REFERENCE_FACTS = """\
source: REFERENCE
relationships:
  - type: MEMBER_OF
    from: state:kazakhstan
    to: org:turksoy
    start: "1993"
    sectors: [culture]
    tier: reference
    evidence:
      - excerpt: "Kazakhstan is a founding member of the Fixture Organisation."
        locator: "Article 1"
"""


def test_the_tier_merge_keeps_every_statement(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    """An evidenced statement without a date and a reference one with it: one fact, dated, both citations."""
    undated = FACTS.replace('    start: "1993"\n', "")
    seed = write_seed(tmp_path, real_source, facts=undated)
    (seed / "facts" / "reference.yaml").write_text(REFERENCE_FACTS.replace("REFERENCE", REFERENCE), encoding="utf-8")
    report = validate(seed, real_source[2])
    assert report.problems == []
    fact = report.seed.relationships["member_of:state:kazakhstan->org:turksoy"]
    assert fact.start == "1993", "the date comes from the statement that gives it"
    assert fact.tier == "evidenced"
    assert [(e.source, e.locator.section) for e in fact.evidence] == [(SOURCE, ""), (REFERENCE, "Article 1")]


def test_disagreeing_dates_of_two_statements_are_refused(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source)
    (seed / "facts" / "reference.yaml").write_text(
        REFERENCE_FACTS.replace("REFERENCE", REFERENCE).replace('"1993"', '"1994"'), encoding="utf-8"
    )
    only_problem(problems_of(seed, real_source), "facts/reference.yaml:3", "start 1994 disagrees with 1993")


FOUNDING = """\
source: SOURCE
relationships:
  - type: FOUNDED
    from: state:kazakhstan
    to: org:turksoy
    start: "FOUNDED_IN"
    sectors: [culture]
    evidence:
      - excerpt: "EXCERPT"
"""


@pytest.mark.parametrize(("entity_start", "founded", "agree"), [("1993", "1993", True), ("199X", "1993", True),
                                                               ("2009", "1993", False)])
def test_an_entity_start_agrees_with_its_founding(
    tmp_path: Path, real_source: tuple[str, str, Path], entity_start: str, founded: str, agree: bool
) -> None:
    entities = ENTITIES.replace(
        "    name: TURKSOY\n    aliases: []\n",
        f'    name: TURKSOY\n    aliases: []\n    start: "{entity_start}"\n    evidence:\n      - source: SOURCE\n'
        '        excerpt: "EXCERPT"\n',
    ).replace("EXCERPT", PASSAGE)
    seed = write_seed(tmp_path, real_source, entities=entities, facts=FOUNDING.replace("FOUNDED_IN", founded))
    problems = problems_of(seed, real_source)
    if agree:
        assert problems == []
    else:
        only_problem(problems, f"entities/test.yaml:{TURKSOY_LINE}", "starts 2009", "dates its founding 1993")


# -- the texts: verified where they are, noted where they are not ---------------------------------
def test_absent_texts_are_noted_not_refused(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source, facts=FACTS.replace("EXCERPT", "words no text was checked for"))
    report = validate(seed, tmp_path / "no-such-folder")
    assert report.problems == []
    assert report.unverified_sources == [SOURCE]
    notice = report.unverified_notice(tmp_path / "no-such-folder")
    assert notice is not None and "not re-verified" in notice and SOURCE in notice


def test_absent_texts_are_a_problem_when_required(tmp_path: Path, real_source: tuple[str, str, Path]) -> None:
    seed = write_seed(tmp_path, real_source)
    problems = validate(seed, tmp_path / "no-such-folder", require_sources=True).problems
    only_problem(problems, f"source '{SOURCE}'", "does not exist")


def test_a_structured_locator_is_read_and_the_old_string_is_its_section(
    tmp_path: Path, real_source: tuple[str, str, Path]
) -> None:
    structured = FACTS.replace('locator: ""', "locator: {section: Introduction, paragraph: 4, start: 121, end: 198}")
    report = validate(write_seed(tmp_path, real_source, facts=structured), real_source[2])
    assert report.problems == []
    (item,) = report.seed.relationships["member_of:state:kazakhstan->org:turksoy"].evidence
    assert item.locator.model_dump() == {"section": "Introduction", "paragraph": 4, "start": 121, "end": 198}
