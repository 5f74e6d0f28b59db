"""The curated seed and its loading, per the acceptance of "The knowledge graph":

- every excerpt in the seed is found in its source text;
- in the loaded graph every relationship carries its evidence, sectors and tier,
  and every entity its required properties;
- loading is idempotent, follows removals, versions the content, and an export
  loads back to the identical graph.

The seed read is the one the settings name (GRAPHSVC_SEED_DIR), so these tests
follow whatever seed is being checked. Tests that load another seed reload the
original before they end, so the session's `loaded_graph` stays true.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from neo4j import Driver

from graphsvc.curation import loader
from graphsvc.curation.excerpts import excerpt_in_text
from graphsvc.curation.seedfiles import Report, read_seed, relationship_id, validate
from graphsvc.settings import Settings
from graphsvc.vocabulary import ENTITY_TYPES, ID_PREFIXES, RELATIONSHIP_TYPES, SECTORS, TIERS


# -- helpers ---------------------------------------------------------------------
def dump(driver: Driver, settings: Settings) -> dict[str, Any]:
    """The whole graph as comparable plain data: every node, relationship and property, the version."""
    graph = loader.read_graph(driver, settings, settings.neo4j_database)
    records, _, _ = driver.execute_query(
        "OPTIONAL MATCH (m:GraphMeta {id: 'graph'}) "
        # the graph's content, not the service's own state (kept answers, rate windows) nor ingestion's review queue
        "CALL () { MATCH (n) WHERE NOT n:KeptAnswer AND NOT n:RateWindow AND NOT n:Candidate RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
        "RETURN m.version AS version, nodes, relationships",
        database_=settings.neo4j_database,
    )
    meta = records[0]
    return {
        "sources": sorted(graph["sources"], key=lambda s: s["id"]),
        "entities": sorted(graph["entities"], key=lambda n: n["props"]["id"]),
        "relationships": sorted(graph["relationships"], key=lambda r: r["props"]["id"]),
        "version": meta["version"],
        "nodes": meta["nodes"],
        "all_relationships": meta["relationships"],
    }


def load(driver: Driver, settings: Settings, seed_dir: Path) -> str:
    report = validate(seed_dir, settings.sources_dir)
    assert report.problems == [], "\n".join(report.problems)
    return loader.load_seed(driver, report.seed, settings, settings.neo4j_database, progress=False)


def reload_original(driver: Driver, settings: Settings, expected_version: str) -> None:
    assert load(driver, settings, settings.seed_dir) == expected_version


def copy_seed(settings: Settings, tmp_path: Path) -> Path:
    copy = tmp_path / "seed"
    shutil.copytree(settings.seed_dir, copy)
    return copy


def removable_fact(report: Report, seed_dir: Path) -> tuple[str, Path, int]:
    """A fact stated in one place only (no other file, no reference statement), whose
    removal leaves every entity cited: (relationship id, file, index in its `relationships` list)."""
    _, _, stated = read_seed(seed_dir)
    degree: Counter[str] = Counter()
    for rel in report.seed.relationships.values():
        degree[rel.from_id] += 1
        degree[rel.to_id] += 1
    for rel_id, rel in sorted(report.seed.relationships.items()):
        ends = (report.seed.entities[rel.from_id], report.seed.entities[rel.to_id])
        if len(stated[rel_id]) != 1 or not all(degree[e.spec.id] > 1 or e.spec.sources for e in ends):
            continue
        path = Path(rel.where[0].rsplit(":", 1)[0])
        items = yaml.safe_load(path.read_text(encoding="utf-8"))["relationships"]
        for index, item in enumerate(items):
            from_id, to_id = item["from"], item["to"]
            if rel.type == "COOPERATES_WITH" and from_id > to_id:
                from_id, to_id = to_id, from_id
            if relationship_id(item["type"], from_id, to_id, str(item.get("key") or "")) == rel_id:
                return rel_id, path, index
    raise AssertionError("the seed has no fact that can be removed on its own")


# -- the seed files --------------------------------------------------------------
def test_seed_validates_without_problems(seed_report: Report) -> None:
    assert seed_report.problems == []
    assert len(seed_report.seed.entities) > 50
    assert len(seed_report.seed.relationships) > 50


def test_every_excerpt_is_found_in_its_source_text(settings: Settings, seed_report: Report) -> None:
    """Re-check every excerpt of every seed file directly, not only what the merge kept."""
    seed, problems, facts = read_seed(settings.seed_dir)
    assert problems == []
    checked = 0
    missing = []

    def check(source_id: str, excerpt: str, where: str) -> None:
        nonlocal checked
        source = seed.sources[source_id]
        if source.tier != "evidenced":
            assert source.url or source.doi or source.note, source_id
            return
        assert source.file, source_id
        checked += 1
        if not excerpt_in_text(excerpt, settings.sources_dir / source.file):
            missing.append(f"{where}: {excerpt!r} not in {source.file}")

    for entity in seed.entities.values():
        for item in entity.spec.evidence:
            assert item.source, f"{entity.where}: entity evidence names its source"
            check(item.source, item.excerpt, entity.where)
    for stated in facts.values():
        for spec, where, default_source in stated:
            for item in spec.evidence:
                check(item.source or default_source, item.excerpt, where)
    assert missing == []
    assert checked >= len(seed_report.seed.relationships)


# -- the loaded graph -----------------------------------------------------------------
def test_every_relationship_carries_evidence_sectors_and_tier(
    driver: Driver, settings: Settings, loaded_graph: str
) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN type(r) AS type, properties(r) AS props",
        database_=settings.neo4j_database,
    )
    assert len(records) > 50
    source_ids = {
        r["id"] for r in driver.execute_query("MATCH (s:Source) RETURN s.id AS id", database_=settings.neo4j_database).records
    }
    for record in records:
        props, where = record["props"], record["props"].get("id")
        assert record["type"] in RELATIONSHIP_TYPES, where
        assert where and where.startswith(record["type"].lower() + ":"), where
        sources, excerpts, locators = props.get("sources"), props.get("excerpts"), props.get("locators")
        assert sources and excerpts, f"{where}: no evidence"
        assert len(sources) == len(excerpts) == len(locators), f"{where}: evidence lists differ in length"
        assert set(sources) <= source_ids, f"{where}: cites an unknown source"
        assert all(e.strip() for e in excerpts), f"{where}: empty excerpt"
        assert props.get("sectors") and set(props["sectors"]) <= set(SECTORS), f"{where}: sectors {props.get('sectors')}"
        assert props.get("tier") in TIERS, f"{where}: tier {props.get('tier')}"
        assert props.get("origin") == "seed"


def test_every_entity_has_the_required_properties(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (n:Entity) RETURN labels(n) AS labels, properties(n) AS props", database_=settings.neo4j_database
    )
    assert len(records) > 50
    for record in records:
        props = record["props"]
        where = props.get("id")
        type_labels = [label for label in record["labels"] if label != "Entity"]
        assert len(type_labels) == 1 and type_labels[0] in ENTITY_TYPES, f"{where}: labels {record['labels']}"
        assert isinstance(where, str) and where.startswith(ID_PREFIXES[type_labels[0]] + ":"), where
        assert isinstance(props.get("name"), str) and props["name"].strip(), f"{where}: no name"
        assert isinstance(props.get("aliases"), list), f"{where}: aliases is not a list"
        assert all(isinstance(a, str) and a.strip() for a in props["aliases"]), f"{where}: blank alias"
        assert isinstance(props.get("kind"), str) and props["kind"], f"{where}: no kind"
        assert props.get("sources"), f"{where}: mentioned by no source"
        assert props.get("search_keys"), f"{where}: no search keys"


def test_well_known_entities_have_names_in_several_scripts(
    driver: Driver, settings: Settings, loaded_graph: str
) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (n:Entity) WHERE n.id IN ['state:kazakhstan', 'state:turkiye', 'org:turksoy'] "
        "RETURN n.id AS id, n.aliases AS aliases",
        database_=settings.neo4j_database,
    )
    assert len(records) == 3
    for record in records:
        assert any(any("\u0400" <= ch <= "\u04ff" for ch in alias) for alias in record["aliases"]), record["id"]


def test_graph_version_is_the_loaded_content(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    assert dump(driver, settings)["version"] == loaded_graph


# -- loading ----------------------------------------------------------------------------
def test_load_is_idempotent(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    before = dump(driver, settings)
    version = load(driver, settings, settings.seed_dir)
    after = dump(driver, settings)
    assert version == loaded_graph
    assert after == before
    assert after["nodes"] == len(after["entities"]) + len(after["sources"]) + 1  # + GraphMeta
    assert after["all_relationships"] == len(after["relationships"])


def test_removed_fact_disappears_and_comes_back(
    driver: Driver, settings: Settings, loaded_graph: str, seed_report: Report, tmp_path: Path
) -> None:
    original = dump(driver, settings)
    rel_id, path, index = removable_fact(seed_report, settings.seed_dir)
    copy = copy_seed(settings, tmp_path)
    copied_file = copy / path.relative_to(settings.seed_dir)
    data = yaml.safe_load(copied_file.read_text(encoding="utf-8"))
    del data["relationships"][index]
    copied_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        version = load(driver, settings, copy)
        without = dump(driver, settings)
        assert rel_id not in {r["props"]["id"] for r in without["relationships"]}
        assert len(without["relationships"]) == len(original["relationships"]) - 1
        assert [n["props"]["id"] for n in without["entities"]] == [n["props"]["id"] for n in original["entities"]]
        assert version != loaded_graph and without["version"] == version
    finally:
        reload_original(driver, settings, loaded_graph)
    assert dump(driver, settings) == original


def test_version_changes_with_content_and_only_with_content(
    driver: Driver, settings: Settings, loaded_graph: str, seed_report: Report, tmp_path: Path
) -> None:
    # Unchanged content, reloaded: the same version.
    assert load(driver, settings, settings.seed_dir) == loaded_graph
    # A copy with one entity renamed: another version, and the name shows.
    copy = copy_seed(settings, tmp_path)
    entity = next(e for _, e in sorted(seed_report.seed.entities.items()))
    entity_file = copy / Path(entity.where.rsplit(":", 1)[0]).relative_to(settings.seed_dir)
    data = yaml.safe_load(entity_file.read_text(encoding="utf-8"))
    target = next(item for item in data["entities"] if item["id"] == entity.spec.id)
    target["name"] = target["name"] + " (renamed)"
    entity_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        version = load(driver, settings, copy)
        assert version != loaded_graph
        records, _, _ = driver.execute_query(
            "MATCH (n:Entity {id: $id}) RETURN n.name AS name", id=entity.spec.id, database_=settings.neo4j_database
        )
        assert records[0]["name"].endswith(" (renamed)")
        assert load(driver, settings, copy) == version  # stable for the same content
    finally:
        reload_original(driver, settings, loaded_graph)


def test_export_round_trips(driver: Driver, settings: Settings, loaded_graph: str, tmp_path: Path) -> None:
    original = dump(driver, settings)
    out = tmp_path / "exported"
    loader.export_seed(loader.read_graph(driver, settings, settings.neo4j_database), out)
    report = validate(out, settings.sources_dir)
    assert report.problems == [], "\n".join(report.problems[:20])
    try:
        version = loader.load_seed(driver, report.seed, settings, settings.neo4j_database, progress=False)
        assert version == loaded_graph
        assert dump(driver, settings) == original
    finally:
        reload_original(driver, settings, loaded_graph)


def test_relationship_ids_follow_the_convention(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN type(r) AS type, a.id AS a, b.id AS b, r.id AS id, r.key AS key",
        database_=settings.neo4j_database,
    )
    assert len({record["id"] for record in records}) == len(records), "relationship ids are unique"
    symmetric = [record for record in records if record["type"] == "COOPERATES_WITH"]
    assert symmetric
    for record in records:
        assert record["id"] == relationship_id(record["type"], record["a"], record["b"], record["key"] or "")
    for record in symmetric:
        assert record["a"] < record["b"], f"{record['id']}: symmetric facts run from the smaller id"
