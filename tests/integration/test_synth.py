"""`python -m benchmarks synth`: both load methods (batched UNWIND transactions and
`neo4j-admin database import full`) into a real Neo4j of the tests' own
(instance synth-test-a, ports 17791/17792), and the graphs they make compared
property by property."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase

from graphsvc.curation.loader import schema_statements
from graphsvc.local_neo4j import LocalNeo4j
from graphsvc.settings import Settings
from benchmarks.synth import (
    LoadReport,
    SynthGraph,
    ensure_graph,
    generate,
    import_graph,
    load,
    loaded_version,
    reset_database,
    synth_command,
)

INSTANCE = "synth-test-a"
BOLT_PORT = int(os.environ.get("GRAPHSVC_TEST_SYNTH_BOLT_PORT", "17791"))
HTTP_PORT = int(os.environ.get("GRAPHSVC_TEST_SYNTH_HTTP_PORT", "17792"))

Dump = tuple[dict[str, tuple[list[str], dict[str, Any]]], dict[str, tuple[str, str, str, dict[str, Any]]]]


@pytest.fixture(scope="module")
def synth_settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def synth_local(synth_settings: Settings) -> Iterator[LocalNeo4j]:
    """A throwaway instance of these tests' own: wiped, started by the first load, stopped at the end.

    Not started here: the unwind load's reset_database stops and starts it at
    once, and LocalNeo4j.stop can return while a Neo4j it started itself still
    holds its ports for a few milliseconds (its main thread is a zombie before
    the last thread exits), so that start would find the port taken.
    """
    local = LocalNeo4j(
        root=synth_settings.local_neo4j_dir, instance=INSTANCE, bolt_port=BOLT_PORT, http_port=HTTP_PORT,
        heap="1g", pagecache="256m", start_timeout=synth_settings.local_start_timeout,
    )
    local.wipe()
    yield local
    local.stop()


def _with_edge_cases(graph: SynthGraph) -> SynthGraph:
    """The generated graph plus what the CSV encoding must get right and generate() rarely or never makes:
    quotes, commas, semicolons and Cyrillic in values, an empty list, [''], empty strings among locators."""
    graph = copy.deepcopy(graph)
    source = graph.sources[0]["id"]
    entity = copy.deepcopy(graph.entities[-1])
    entity["props"].update({
        "id": "org:edge-case-1",
        "name": 'The "Qwerty", Theatre; Almaty',
        "aliases": [],  # the importer cannot store it: set after the import
        "search_keys": ["the qwerty theatre almaty", "алтын"],
        "start": "1992",
        "end": None,
        "t_from": "1992-01-01",
        "t_to": None,
    })
    entity["type"] = "Organisation"
    graph.entities.append(entity)
    first = graph.entities[0]["props"]["id"]
    for index, (locators, extra) in enumerate([
        ([""], {"role": "host"}),
        (["", "", "p. 1"], {"title": "Director \"General\""}),
        (["p. 12", ""], {"share_percent": 0.1}),
    ]):
        graph.relationships.append({
            "type": "COOPERATES_WITH", "from": "org:edge-case-1", "to": first,
            "props": {
                "id": f"cooperates_with:edge-case-{index}", "key": "", "sectors": ["culture", "arts"],
                "start": None, "end": None, "tier": "evidenced", "sources": [source] * len(locators),
                "excerpts": ['Театр "Алтын", Almaty; since 1992'] * len(locators), "locators": locators,
                "t_from": None, "t_to": None, "origin": "synth", **extra,
            },
        })
    return graph


def _dump(driver: Driver) -> Dump:
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:GraphMeta RETURN labels(n) AS labels, properties(n) AS props"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props"
    )
    return (
        {r["props"]["id"]: (sorted(r["labels"]), r["props"]) for r in nodes},
        {r["props"]["id"]: (r["type"], r["a"], r["b"], r["props"]) for r in rels},
    )


def _schema(driver: Driver) -> dict[str, set[tuple[str, str]]]:
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name, type RETURN name, type")
    indexes, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type, state RETURN name, type, state")
    return {
        "constraints": {(r["name"], r["type"]) for r in constraints},
        "indexes": {(r["name"], r["type"]) for r in indexes},
        "states": {r["state"] for r in indexes},
    }


@dataclass
class Loaded:
    graph: SynthGraph
    dump: Dump
    schema: dict[str, set[tuple[str, str]]]
    meta: dict[str, Any]
    report: LoadReport
    fulltext_hits: list[str]


def _state(local: LocalNeo4j, graph: SynthGraph, report: LoadReport) -> Loaded:
    with GraphDatabase.driver(local.bolt_uri, auth=("neo4j", local.password())) as driver:
        meta, _, _ = driver.execute_query("MATCH (m:GraphMeta) RETURN properties(m) AS props")
        hits, _, _ = driver.execute_query(
            "CALL db.index.fulltext.queryNodes('entity_names', 'qwerty') YIELD node RETURN node.id AS id"
        )
        return Loaded(graph, _dump(driver), _schema(driver), meta[0]["props"] if len(meta) == 1 else {}, report,
                      [r["id"] for r in hits])


@pytest.fixture(scope="module")
def edge_graph() -> SynthGraph:
    return _with_edge_cases(generate(2_000, seed=3))


@pytest.fixture(scope="module")
def by_unwind(synth_local: LocalNeo4j, synth_settings: Settings, edge_graph: SynthGraph) -> Loaded:
    reset_database(synth_local)
    with GraphDatabase.driver(synth_local.bolt_uri, auth=("neo4j", synth_local.password())) as driver:
        report = load(driver, edge_graph, synth_settings, progress=False)
    return _state(synth_local, edge_graph, report)


@pytest.fixture(scope="module")
def by_import(synth_local: LocalNeo4j, synth_settings: Settings, edge_graph: SynthGraph, by_unwind: Loaded
              ) -> Loaded:
    # Into the same instance, after the unwind load: the import must replace that database entirely.
    report = import_graph(synth_local, edge_graph, synth_settings, progress=False)
    return _state(synth_local, edge_graph, report)


def test_both_methods_make_the_same_nodes(by_unwind: Loaded, by_import: Loaded) -> None:
    nodes_unwind, nodes_import = by_unwind.dump[0], by_import.dump[0]
    assert len(nodes_unwind) == len(by_unwind.graph.entities) + len(by_unwind.graph.sources)
    assert nodes_import.keys() == nodes_unwind.keys()
    for node_id, node in nodes_unwind.items():
        assert nodes_import[node_id] == node, node_id


def test_both_methods_make_the_same_relationships(by_unwind: Loaded, by_import: Loaded) -> None:
    rels_unwind, rels_import = by_unwind.dump[1], by_import.dump[1]
    assert len(rels_unwind) == len(by_unwind.graph.relationships)
    assert rels_import.keys() == rels_unwind.keys()
    for rel_id, rel in rels_unwind.items():
        assert rels_import[rel_id] == rel, rel_id


def test_import_keeps_empty_lists_empty_strings_and_parallel_lists(by_import: Loaded) -> None:
    nodes, rels = by_import.dump
    labels, edge = nodes["org:edge-case-1"]
    assert labels == ["Entity", "Organisation"]
    assert edge["name"] == 'The "Qwerty", Theatre; Almaty'
    assert edge["aliases"] == [] and edge["evidence_sources"] == [] and edge["evidence_locators"] == []
    assert "end" not in edge and "t_to" not in edge  # None is no property
    assert [rels[f"cooperates_with:edge-case-{i}"][3]["locators"] for i in range(3)] == [
        [""], ["", "", "p. 1"], ["p. 12", ""]
    ]
    first = rels["cooperates_with:edge-case-0"][3]
    assert first["key"] == "" and first["role"] == "host" and "title" not in first and "start" not in first
    assert first["excerpts"] == ['Театр "Алтын", Almaty; since 1992']
    assert rels["cooperates_with:edge-case-1"][3]["title"] == 'Director "General"'
    assert rels["cooperates_with:edge-case-2"][3]["share_percent"] == 0.1
    for _, _, _, props in rels.values():
        assert len(props["sources"]) == len(props["excerpts"]) == len(props["locators"]) >= 1
    # The generated part has those shapes too (not only the hand-made rows).
    generated = [p["locators"] for _, _, _, p in rels.values() if not p["id"].startswith("cooperates_with:edge")]
    assert [""] in generated and any(len(lo) > 1 and "" in lo for lo in generated)
    assert any(isinstance(p.get("share_percent"), float) for _, _, _, p in rels.values())


def test_import_builds_the_schema_and_the_full_text_index(
    by_unwind: Loaded, by_import: Loaded, synth_settings: Settings
) -> None:
    statements = schema_statements(synth_settings)
    wanted = set(re.findall(r"CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+)", "\n".join(statements)))
    assert len(wanted) == len(statements)
    names = {name for name, _ in by_import.schema["constraints"] | by_import.schema["indexes"]}
    assert {"entity_id", "source_id", "state_id", "entity_names", "entity_kind"} <= wanted <= names
    assert ("entity_names", "FULLTEXT") in by_import.schema["indexes"]
    assert by_import.schema["states"] == {"ONLINE"}
    assert by_import.schema == by_unwind.schema
    assert by_import.fulltext_hits == by_unwind.fulltext_hits == ["org:edge-case-1"]


def test_import_sets_the_graph_version_and_reports(by_import: Loaded, synth_local: LocalNeo4j) -> None:
    assert by_import.meta["version"] == by_import.graph.version == "synth-v2-2000-s3"
    assert by_import.meta["loaded_at"]
    report = by_import.report
    assert report.method == "import" and report.relationships == 2_003
    assert report.csv_seconds > 0 and report.import_seconds > 0 and report.index_seconds > 0
    assert report.relationships_per_second == pytest.approx(
        report.relationships / (report.csv_seconds + report.import_seconds)
    )
    # The importer's CPU alone: not the server this process stopped before it (and reaped meanwhile).
    assert report.server_cpu_seconds is not None
    assert 0 < report.server_cpu_seconds <= report.import_seconds * (os.cpu_count() or 1)
    assert not list(synth_local.home.glob("synth-csv-*"))  # the CSV folder is removed


def test_unwind_sets_the_graph_version_and_reports(by_unwind: Loaded) -> None:
    assert by_unwind.meta["version"] == "synth-v2-2000-s3"
    assert by_unwind.report.method == "unwind"
    assert by_unwind.report.relationships_per_second == pytest.approx(
        by_unwind.report.relationships / by_unwind.report.relationship_seconds
    )


def test_synth_command_and_ensure_graph_take_the_method_from_the_environment(
    by_import: Loaded, synth_local: LocalNeo4j, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {"BOLT_PORT": BOLT_PORT, "HTTP_PORT": HTTP_PORT, "HEAP": "1g", "PAGECACHE": "256m",
                        "LOAD_METHOD": "import"}.items():
        monkeypatch.setenv(f"GRAPHSVC_BENCH_{name}", str(value))
    settings = Settings()
    assert synth_command(settings, 1_000, seed=2, instance=INSTANCE, progress=False) == 0
    out = capsys.readouterr().out
    assert "synth-v2-1000-s2" in out and "method import" in out and "1,000 relationships" in out
    assert "relationships/s (CSV write + importer" in out
    # A graph loaded before an index was added to the schema: kept, and the index created and online.
    with GraphDatabase.driver(synth_local.bolt_uri, auth=("neo4j", synth_local.password())) as driver:
        driver.execute_query("DROP INDEX entity_search_keys")
    local, report = ensure_graph(settings, 1_000, seed=2, instance=INSTANCE, progress=False)
    assert report is None  # already loaded: no reload
    with GraphDatabase.driver(local.bolt_uri, auth=("neo4j", local.password())) as driver:
        assert loaded_version(driver) == "synth-v2-1000-s2"
        records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, state WHERE name = 'entity_search_keys' "
                                             "RETURN state")
        assert [record["state"] for record in records] == ["ONLINE"]
        records, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
        assert records[0]["n"] == 1_000
    with pytest.raises(ValueError, match="load method"):
        ensure_graph(settings, 1_000, seed=2, instance=INSTANCE, force=True, method="csv")


def test_synth_stops_the_instance_it_started_unless_asked_to_keep_it(
    by_import: Loaded, synth_local: LocalNeo4j, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A benchmark's Neo4j (large heap and page cache) must not stay behind the command that started it."""
    for name, value in {"BOLT_PORT": BOLT_PORT, "HTTP_PORT": HTTP_PORT, "HEAP": "1g", "PAGECACHE": "256m"}.items():
        monkeypatch.setenv(f"GRAPHSVC_BENCH_{name}", str(value))
    settings = Settings()
    with GraphDatabase.driver(synth_local.bolt_uri, auth=("neo4j", synth_local.password())) as driver:
        version = loaded_version(driver)  # synth-v2-<relationships>-s<seed>: the command finds it loaded
    assert version is not None
    relationships, seed = (int(part.lstrip("s")) for part in version.split("-")[2:4])
    assert synth_local.is_running()  # running before: left running
    assert synth_command(settings, relationships, seed, instance=INSTANCE, force=False, progress=False) == 0
    assert synth_local.is_running()

    synth_local.stop()
    assert synth_command(settings, relationships, seed, instance=INSTANCE, force=False, progress=False) == 0
    assert not synth_local.is_running()  # started by the command: stopped at its end

    assert synth_command(settings, relationships, seed, instance=INSTANCE, force=False, progress=False,
                         keep_neo4j=True) == 0
    assert synth_local.is_running()
    with GraphDatabase.driver(synth_local.bolt_uri, auth=("neo4j", synth_local.password())) as driver:
        assert loaded_version(driver) == version
