"""The synthetic graph generator (benchmarks/synth.py `generate`) and the bulk
import's CSV encoding: no Neo4j needed."""

from __future__ import annotations

import copy
import statistics
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.synth import (
    ARRAY_DELIMITER,
    TEMPLATES,
    BenchSettings,
    SynthGraph,
    _csv_double,
    _csv_list,
    _csv_list_or_empty,
    _csv_text,
    generate,
    parse_scale,
    write_csv,
)
from graphsvc.vocabulary import ENTITY_TYPES, ID_PREFIXES, RELATIONSHIP_TYPES

# The ends each relationship type allows, as vocabulary.RELATIONSHIP_TYPES'
# one-line meanings state them (the vocabulary has no machine-readable list):
# "an actor" is a State, an Organisation or a Person.
ACTORS = frozenset({"State", "Organisation", "Person"})
ALLOWED_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "MEMBER_OF": (frozenset({"State", "Organisation"}), frozenset({"Organisation"})),
    "OBSERVER_OF": (frozenset({"State", "Organisation"}), frozenset({"Organisation"})),
    "FOUNDED": (ACTORS, frozenset({"Organisation", "Programme", "Event"})),
    "ESTABLISHED_BY": (frozenset({"Organisation", "Programme", "Agreement"}), ACTORS),
    "PARTY_TO": (frozenset({"State", "Organisation"}), frozenset({"Agreement"})),
    "SIGNED": (frozenset({"Person"}), frozenset({"Agreement"})),
    "SIGNED_IN": (frozenset({"Agreement"}), frozenset({"Place"})),
    "ADOPTED": (frozenset({"Organisation", "Event"}), frozenset({"Agreement"})),
    "PARTICIPATED_IN": (ACTORS, frozenset({"Event"})),
    "ORGANISED": (ACTORS, frozenset({"Event", "Programme"})),
    "LOCATED_IN": (frozenset({"Organisation", "Event", "Place"}), frozenset({"Place", "State"})),
    "OPERATES_IN": (frozenset({"Organisation"}), frozenset({"State", "Place"})),
    "PART_OF": (frozenset({"Place", "Organisation", "Event"}), frozenset({"Place", "Organisation", "Event"})),
    "HOLDS_POSITION": (frozenset({"Person"}), frozenset({"State", "Organisation"})),
    "AFFILIATED_WITH": (frozenset({"Person"}), frozenset({"Organisation"})),
    "COOPERATES_WITH": (ACTORS, ACTORS),
    "RUNS": (frozenset({"Organisation"}), frozenset({"Programme", "Organisation", "Event"})),
    "BENEFITS": (frozenset({"Programme"}), frozenset({"State", "Organisation"})),
    "FUNDS": (ACTORS, frozenset({"Organisation", "Programme"})),
    "SUPPORTS": (ACTORS, frozenset({"Programme", "Organisation", "Event"})),
    "VISITED": (frozenset({"Person"}), frozenset({"State", "Place"})),
    "TRADES_WITH": (frozenset({"State"}), frozenset({"State"})),
    "DESIGNATED": (frozenset({"Organisation"}), frozenset({"Place"})),
    "SUCCEEDED": (frozenset({"Organisation", "Agreement"}), frozenset({"Organisation", "Agreement"})),
}


@pytest.fixture(scope="module")
def graph() -> SynthGraph:
    return generate(20_000, seed=1)


def _type_by_id(graph: SynthGraph) -> dict[str, str]:
    return {row["props"]["id"]: row["type"] for row in graph.entities}


def test_generate_is_deterministic_for_relationships_and_seed() -> None:
    first, again, other = generate(3_000, seed=5), generate(3_000, seed=5), generate(3_000, seed=6)
    assert (first.sources, first.entities, first.relationships) == (again.sources, again.entities, again.relationships)
    assert first.relationships != other.relationships
    assert first.version == "synth-v2-3000-s5"


def test_generate_makes_exactly_the_relationships_asked_for_with_unique_ids(graph: SynthGraph) -> None:
    assert len(graph.relationships) == 20_000
    assert len({r["props"]["id"] for r in graph.relationships}) == 20_000
    ids = [row["props"]["id"] for row in graph.entities] + [s["id"] for s in graph.sources]
    assert len(ids) == len(set(ids))


def test_every_entity_has_its_type_and_id_prefix(graph: SynthGraph) -> None:
    for row in graph.entities:
        assert row["type"] in ENTITY_TYPES
        assert row["props"]["id"].startswith(ID_PREFIXES[row["type"]] + ":")


def test_every_relationship_joins_ends_its_type_allows(graph: SynthGraph) -> None:
    # The test's table covers every type the generator can make.
    assert {t for t, *_ in TEMPLATES} <= set(ALLOWED_ENDS) <= set(RELATIONSHIP_TYPES)
    type_of = _type_by_id(graph)
    seen: Counter[tuple[str, str, str]] = Counter()
    for rel in graph.relationships:
        ends = (type_of[rel["from"]], type_of[rel["to"]])
        froms, tos = ALLOWED_ENDS[rel["type"]]
        assert ends[0] in froms and ends[1] in tos, (rel["type"], ends)
        seen[(rel["type"], *ends)] += 1
    assert len(seen) >= 25  # most of the templates occur at this scale, not one or two


def test_citations_are_parallel_lists_of_existing_sources(graph: SynthGraph) -> None:
    source_ids = {s["id"] for s in graph.sources}
    for rel in graph.relationships:
        props = rel["props"]
        assert 1 <= len(props["sources"]) == len(props["excerpts"]) == len(props["locators"])
        assert set(props["sources"]) <= source_ids
    for row in graph.entities:
        props = row["props"]
        assert len(props["evidence_sources"]) == len(props["evidence_excerpts"]) == len(props["evidence_locators"])
        assert set(props["sources"]) <= source_ids
    # Both shapes the importer cannot write plainly occur: [''] and an empty string beside a locator.
    locators = [tuple(rel["props"]["locators"]) for rel in graph.relationships]
    assert ("",) in locators
    assert any(len(lo) > 1 and "" in lo and any(lo) for lo in locators)


def test_degrees_are_heavy_tailed(graph: SynthGraph) -> None:
    """A few hubs gather most links: far from what uniformly drawn ends would give."""
    degree: Counter[str] = Counter()
    for rel in graph.relationships:
        degree[rel["from"]] += 1
        degree[rel["to"]] += 1
    degrees = sorted((degree[row["props"]["id"]] for row in graph.entities), reverse=True)
    top = degrees[: len(degrees) // 100]
    # Uniform ends would give the top 1% of nodes about 2% of the ends (Poisson, mean 6); here over a quarter.
    assert sum(top) / sum(degrees) > 0.25
    assert degrees[0] > 100 * statistics.median(degrees)
    assert statistics.median(degrees) <= 3  # most institutions have a handful


def test_a_place_lies_in_one_state_and_an_organisation_has_one_seat_and_one_parent(graph: SynthGraph) -> None:
    """LOCATED_IN and PART_OF are one per node (ONE_PER_NODE), yet the places still gather heavy-tailed around a few states."""
    type_of = _type_by_id(graph)
    for rel_type, from_types in (("LOCATED_IN", {"Place", "Organisation", "Event"}), ("PART_OF", {"Organisation"})):
        parents = Counter(rel["from"] for rel in graph.relationships if rel["type"] == rel_type)
        assert parents and max(parents.values()) == 1
        assert {type_of[node] for node in parents} == from_types
    places_per_state = Counter(
        rel["to"] for rel in graph.relationships if rel["type"] == "LOCATED_IN" and type_of[rel["from"]] == "Place"
    )
    counts = sorted(places_per_state.values(), reverse=True)
    assert counts[0] > 5 * statistics.median(counts)


def test_synthetic_strings_survive_the_importers_trimming(graph: SynthGraph) -> None:
    """The import runs with --trim-strings: every synthetic string must already be trimmed."""
    rows = [s for s in graph.sources] + [row["props"] for row in graph.entities]
    rows += [rel["props"] for rel in graph.relationships]
    for props in rows:
        for value in props.values():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    assert text == text.strip(), text


# -- the CSV encoding of the bulk import ------------------------------------------------
def test_csv_text_quotes_strings_and_leaves_null_empty() -> None:
    assert _csv_text(None) == ""
    assert _csv_text("") == '""'  # an empty string stays a property
    assert _csv_text('The "Altyn", Theatre') == '"The ""Altyn"", Theatre"'
    with pytest.raises(ValueError, match="trim"):
        _csv_text(" padded")


def test_csv_lists_keep_empty_elements_and_their_order() -> None:
    d = ARRAY_DELIMITER
    assert _csv_list(["", "p. 12"]) == f'"{d}p. 12"'
    assert _csv_list(["", ""]) == f'"{d}"'
    assert _csv_list([""]) == '" "'  # one space, trimmed back to '' by the importer
    assert _csv_list(None) == ""
    with pytest.raises(ValueError, match="empty list"):
        _csv_list([])
    assert _csv_list_or_empty([]) == ""  # set after the import
    with pytest.raises(ValueError, match="delimiter"):
        _csv_list([f"a{d}b"])


def test_csv_double_round_trips_floats_only() -> None:
    assert _csv_double(None) == ""
    assert float(_csv_double(12.3)) == 12.3
    with pytest.raises(ValueError):
        _csv_double(3)  # type: ignore[arg-type]  # an int would become a float property


def _input_texts(options: list[str]) -> dict[str, str]:
    """Each importer input's text, its files read in the order the option lists them."""
    texts: dict[str, str] = {}
    for option in options:
        name, _, files = option.rpartition("=")
        texts[name] = "".join(Path(f).read_text(encoding="utf-8") for f in files.split(","))
    return texts


def test_csv_parts_written_in_parallel_read_as_one_file_each(tmp_path: Path) -> None:
    graph = copy.deepcopy(generate(3_000, seed=5))
    graph.entities.append({**graph.entities[0], "type": "Lone"})  # one row: an empty part
    one, two, three = (tmp_path / n for n in ("one", "two", "three"))
    for folder in (one, two, three):
        folder.mkdir()
    single = _input_texts(write_csv(graph, one, progress=False, writers=1))
    assert _input_texts(write_csv(graph, two, progress=False, writers=2)) == single
    assert _input_texts(write_csv(graph, three, progress=False, writers=3)) == single
    relationships = single["--relationships"].splitlines()
    assert relationships[0].startswith(":START_ID(Entity),:END_ID(Entity),:TYPE,id:string")
    assert len(relationships) == 1 + len(graph.relationships)
    assert len(single["--nodes=Entity:Lone"].splitlines()) == 2


def test_a_csv_writer_process_failing_fails_the_write(tmp_path: Path) -> None:
    graph = copy.deepcopy(generate(1_000, seed=5))
    graph.relationships[-1]["props"]["title"] = " padded"  # in the last part: another process writes it
    with pytest.raises(ValueError, match="trim"):
        write_csv(graph, tmp_path, progress=False, writers=2)


def test_load_method_setting_and_scales(monkeypatch: pytest.MonkeyPatch) -> None:
    assert BenchSettings().load_method == "unwind"
    monkeypatch.setenv("GRAPHSVC_BENCH_LOAD_METHOD", "import")
    assert BenchSettings().load_method == "import"
    assert parse_scale("1m") == 1_000_000 and parse_scale("2_000") == 2_000


def test_cli_synth_takes_a_method() -> None:
    from benchmarks.__main__ import build_parser

    args = build_parser().parse_args(["synth", "--relationships", "10k", "--method", "import"])
    assert args.method == "import"
    assert build_parser().parse_args(["synth", "--relationships", "10k"]).method is None
    with pytest.raises(SystemExit):
        build_parser().parse_args(["synth", "--relationships", "10k", "--method", "csv"])


def test_the_benchmark_commands_live_in_benchmarks_not_in_the_service_cli() -> None:
    from benchmarks.__main__ import build_parser
    from graphsvc.cli import build_parser as service_parser

    assert build_parser().parse_args(["synth", "--relationships", "10k"]).keep_neo4j is False
    assert build_parser().parse_args(["bench", "--scales", "10k", "--keep-neo4j"]).keep_neo4j is True
    assert build_parser().parse_args(["report"]).command == "report"
    for command in ("synth", "bench"):
        with pytest.raises(SystemExit):
            service_parser().parse_args([command])
