"""Curation writes against the real Neo4j: keys, the seed rules, idempotence,
conflicts, limits, and how curated facts travel through seed load and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.citations import decode_locator
from graphsvc.curation import loader
from graphsvc.curation.seedfiles import relationship_id, validate
from graphsvc.settings import Settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    FACULTY_EXCERPT,
    FACULTY_ID,
    SOURCE_002,
    UWED_ID,
    Keys,
    faculty_entity,
    faculty_part_of,
    keys,
    make_keys,
    seed_state,
    write_settings,
    writer,
)

PART_OF_ID = relationship_id("PART_OF", FACULTY_ID, UWED_ID)
CITATION_002 = "Khamdamov and Alieva (2025)"


def answered(item: dict, citation: str = CITATION_002) -> dict:
    """An evidence item as a write sends it, as the answer gives it back: a structured locator and the citation."""
    section = item.get("locator") or ""
    return {"source": item["source"], "excerpt": item["excerpt"], "citation": citation,
            "locator": {"section": section, "paragraph": None, "start": None, "end": None}}


def _node(driver: Driver, settings: Settings, entity_id: str) -> list[dict]:
    records, _, _ = driver.execute_query(
        "MATCH (n:Entity {id: $id}) RETURN labels(n) AS labels, properties(n) AS props",
        id=entity_id, database_=settings.neo4j_database,
    )
    return [r.data() for r in records]


def _relationships(driver: Driver, settings: Settings, rel_id: str) -> list[dict]:
    records, _, _ = driver.execute_query(
        "MATCH (a)-[r {id: $id}]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props",
        id=rel_id, database_=settings.neo4j_database,
    )
    return [r.data() for r in records]


def _version(client: TestClient) -> str:
    return client.get("/health").json()["graph"]["version"]


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    return body


# -- keys ----------------------------------------------------------------------------
def test_writes_need_a_configured_key(writer: TestClient, keys: Keys) -> None:
    missing = _problem(writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity()), 401)
    assert "X-API-Key" in missing["detail"]
    assert writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity()).headers["www-authenticate"].startswith(
        "APIKey")
    wrong_key = "gsk_not-a-key-anyone-was-given"
    wrong = writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity(), headers={"X-API-Key": wrong_key})
    _problem(wrong, 401)
    assert wrong_key not in wrong.text
    for method, path in (("DELETE", f"/entities/{UWED_ID}"), ("PUT", "/relationships"),
                         ("DELETE", f"/relationships/{PART_OF_ID}"), ("PUT", "/sources/src:ref-x"),
                         ("POST", f"/relationships/{PART_OF_ID}/evidence"), ("GET", "/audit")):
        _problem(writer.request(method, path, json={}), 401)
    # A key is refused before its body is looked at: an invalid body without a key is a 401.
    _problem(writer.put(f"/entities/{FACULTY_ID}", json={"id": 1}), 401)


def test_reads_stay_open(writer: TestClient) -> None:
    assert writer.get("/health").status_code == 200


def test_no_keys_configured_means_no_writes(settings: Settings, seed_state: str) -> None:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        _problem(client.put(f"/entities/{FACULTY_ID}", json=faculty_entity(),
                            headers={"X-API-Key": "gsk_anything"}), 401)


# -- entities ------------------------------------------------------------------------
def test_put_entity_creates_then_is_idempotent(writer: TestClient, keys: Keys, driver: Driver,
                                                settings: Settings) -> None:
    before_version = _version(writer)
    created = writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity(), headers=keys.header())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["action"] == "create" and body["kind"] == "entity" and body["id"] == FACULTY_ID
    assert body["entity"]["type"] == "Organisation"
    assert body["entity"]["evidence"] == [answered({"source": SOURCE_002, "excerpt": FACULTY_EXCERPT})]
    assert body["version"] != before_version
    assert _version(writer) == body["version"]

    [node] = _node(driver, settings, FACULTY_ID)
    assert set(node["labels"]) == {"Entity", "Organisation"}
    props = node["props"]
    assert props["origin"] == "curation"
    assert props["sources"] == [SOURCE_002]
    assert props["evidence_excerpts"] == [FACULTY_EXCERPT]
    assert "faculty of international economics and management uwed" in props["search_keys"]
    # The same properties a seeded organisation with evidence carries.
    [seeded] = _node(driver, settings, "person:mirzoumid-khamdamov")
    assert set(props) == set(seeded["props"]) - {"academic_title"}

    again = writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity(), headers=keys.header())
    assert again.status_code == 200
    assert again.json()["action"] == "unchanged"
    assert again.json()["audit_id"] is None
    assert _version(writer) == body["version"]
    assert len(_node(driver, settings, FACULTY_ID)) == 1


def test_put_entity_replaces_the_whole_entity(writer: TestClient, keys: Keys, driver: Driver,
                                              settings: Settings) -> None:
    aliases = ["Faculty of International Economics and Management", "Xalqaro iqtisodiyot va menejment fakulteti"]
    response = writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity(aliases=aliases), headers=keys.header("bob"))
    assert response.status_code == 200, response.text
    assert response.json()["action"] == "update"
    [node] = _node(driver, settings, FACULTY_ID)
    assert node["props"]["aliases"] == aliases
    # Found by search keys of the new alias too (the full-text index follows the write).
    assert "xalqaro iqtisodiyot va menejment fakulteti" in node["props"]["search_keys"]


@pytest.mark.parametrize(
    ("changes", "parameter", "reason"),
    [
        ({"type": "Company"}, "type", "unknown entity type"),
        ({"id": "state:uwed-faculty"}, "id", "differs from the path"),
        ({"kind": "Faculty Of"}, "kind", "snake_case"),
        ({"start": "2020", "end": "2019"}, "end", "after end"),
        ({"props": {"students": 262}, "evidence": []}, "evidence", "need evidence"),
        ({"evidence": [{"source": SOURCE_002, "excerpt": "Faculty of Imaginary Studies", "locator": ""}]},
         "evidence[0].excerpt", "not found in the text"),
        ({"evidence": [{"excerpt": FACULTY_EXCERPT, "locator": ""}]}, "evidence[0].source", "required"),
        ({"evidence": [{"source": "src:no-such-source", "excerpt": FACULTY_EXCERPT}]}, "evidence[0].source",
         "unknown source"),
        ({"sources": [], "evidence": []}, "sources", "at least one source"),
    ],
)
def test_put_entity_applies_the_seed_rules(writer: TestClient, keys: Keys, changes: dict, parameter: str,
                                           reason: str) -> None:
    entity_id = "org:uwed-test-faculty"
    body = {**faculty_entity(id=entity_id), **changes}
    problem = _problem(writer.put(f"/entities/{entity_id}", json=body, headers=keys.header()), 422)
    assert any(e["parameter"] == parameter and reason in e["reason"] for e in problem["errors"]), problem


def test_put_entity_rejects_malformed_bodies_with_422(writer: TestClient, keys: Keys) -> None:
    url = f"/entities/{FACULTY_ID}"
    _problem(writer.put(url, json={**faculty_entity(), "colour": "red"}, headers=keys.header()), 422)
    _problem(writer.put(url, json={**faculty_entity(), "start": "spring 2020"}, headers=keys.header()), 422)
    _problem(writer.put(url, json={**faculty_entity(), "props": {"Bad Key": 1}}, headers=keys.header()), 422)
    _problem(writer.put(url, content=b"{not json", headers={**keys.header(), "content-type": "application/json"}),
             422)
    _problem(writer.put(url, json=["a", "list"], headers=keys.header()), 422)


# -- relationships -------------------------------------------------------------------
def test_put_relationship_creates_with_the_seed_id(writer: TestClient, keys: Keys, driver: Driver,
                                                   settings: Settings) -> None:
    response = writer.put("/relationships", json=faculty_part_of(), headers=keys.header())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == PART_OF_ID == "part_of:org:uwed-faculty-of-international-economics-and-management->" \
                                       "org:university-of-world-economy-and-diplomacy"
    edge = body["relationship"]
    assert (edge["type"], edge["from"], edge["to"]) == ("PART_OF", FACULTY_ID, UWED_ID)
    assert edge["evidence"] == [answered({"source": SOURCE_002, "excerpt": FACULTY_EXCERPT})]
    assert edge["dated"] is False and edge["tier"] == "evidenced"
    [stored] = _relationships(driver, settings, PART_OF_ID)
    assert stored["props"]["origin"] == "curation"
    assert stored["props"]["sources"] == [SOURCE_002]
    # The same properties the loader gives a seeded relationship.
    row = loader.relationship_row(
        next(r for r in validate(settings.seed_dir, settings.sources_dir).seed.relationships.values()
             if not r.props and not r.start and not r.end and not r.key)
    )
    assert set(stored["props"]) == {k for k, v in row["props"].items() if v is not None}

    again = writer.put("/relationships", json=faculty_part_of(), headers=keys.header())
    assert again.status_code == 200 and again.json()["action"] == "unchanged"
    assert len(_relationships(driver, settings, PART_OF_ID)) == 1


def test_symmetric_relationships_are_normalised(writer: TestClient, keys: Keys, driver: Driver,
                                                settings: Settings) -> None:
    excerpt = ("From the first years of independence to the present, Uzbekistan and Kazakhstan have been "
               "developing their relations steadily, without crises or conflicts.")
    body = {"type": "COOPERATES_WITH", "from": "state:uzbekistan", "to": "state:kazakhstan", "key": "curated-test",
            "sectors": ["diplomacy", "culture"], "evidence": [{"source": SOURCE_002, "excerpt": excerpt,
                                                              "locator": "MAIN PART"}]}
    response = writer.put("/relationships", json=body, headers=keys.header())
    assert response.status_code == 201, response.text
    expected = "cooperates_with:state:kazakhstan->state:uzbekistan#curated-test"
    assert response.json()["id"] == expected
    edge = response.json()["relationship"]
    assert (edge["from"], edge["to"]) == ("state:kazakhstan", "state:uzbekistan")
    assert edge["sectors"] == ["culture", "diplomacy"]  # in vocabulary order, as the loader stores them
    # Sent the other way round it is the same fact.
    reversed_body = {**body, "from": "state:kazakhstan", "to": "state:uzbekistan"}
    again = writer.put("/relationships", json=reversed_body, headers=keys.header())
    assert again.json()["action"] == "unchanged"
    assert len(_relationships(driver, settings, expected)) == 1
    assert writer.delete(f"/relationships/{expected.replace('#', '%23')}", headers=keys.header()).status_code == 200
    assert _relationships(driver, settings, expected) == []


@pytest.mark.parametrize(
    ("changes", "parameter", "reason"),
    [
        ({"type": "LIKES"}, "type", "unknown relationship type"),
        ({"to": "org:no-such-university"}, "to", "dangling reference"),
        ({"from": "org:no-such-faculty"}, "from", "dangling reference"),
        ({"to": FACULTY_ID}, "to", "to itself"),
        ({"sectors": []}, "sectors", "at least one"),
        ({"sectors": ["education", "gastronomy"]}, "sectors", "not in the vocabulary"),
        ({"evidence": []}, "evidence", "cites at least one source"),
        ({"tier": "hearsay"}, "tier", "not one of"),
        ({"tier": "reference"}, "tier", "every source is a text"),
        ({"start": "2024-05", "end": "2023"}, "end", "after end"),
        ({"evidence": [{"source": SOURCE_002, "excerpt": "The faculty was founded in 1066.", "locator": ""}]},
         "evidence[0].excerpt", "not found in the text"),
        ({"evidence": [{"source": SOURCE_002, "excerpt": " ".join(["word"] * 50)}]}, "evidence[0].excerpt",
         "50 words"),
    ],
)
def test_put_relationship_applies_the_seed_rules(writer: TestClient, keys: Keys, changes: dict, parameter: str,
                                                 reason: str) -> None:
    version = _version(writer)
    problem = _problem(writer.put("/relationships", json=faculty_part_of(**changes), headers=keys.header()), 422)
    assert any(e["parameter"] == parameter and reason in e["reason"] for e in problem["errors"]), problem
    assert _version(writer) == version  # a refused write changes nothing


def test_evidence_is_appended_once(writer: TestClient, keys: Keys, driver: Driver, settings: Settings) -> None:
    item = {"source": SOURCE_002, "excerpt": "University of World Economy and Diplomacy, Uzbekistan",
            "locator": "author affiliations"}
    url = f"/relationships/{PART_OF_ID}/evidence"
    added = writer.post(url, json=item, headers=keys.header())
    assert added.status_code == 201, added.text
    assert added.json()["relationship"]["evidence"][-1] == answered(item)
    again = writer.post(url, json=item, headers=keys.header())
    assert again.status_code == 200 and again.json()["action"] == "unchanged"
    [stored] = _relationships(driver, settings, PART_OF_ID)
    assert [decode_locator(x) for x in stored["props"]["locators"]] == [
        ({"section": section, "paragraph": None, "start": None, "end": None}, CITATION_002)
        for section in ("", "author affiliations")
    ]
    _problem(writer.post(url, json={**item, "excerpt": "not in any text at all"}, headers=keys.header()), 422)
    _problem(writer.post("/relationships/part_of:org:nothing->org:nowhere/evidence", json=item,
                         headers=keys.header()), 404)


# -- sources -------------------------------------------------------------------------
REFERENCE_SOURCE = {
    "id": "src:ref-uwed-website",
    "title": "University of World Economy and Diplomacy: official website",
    "authors": ["University of World Economy and Diplomacy"],
    "url": "https://uwed.uz/",
    "note": "Official website of UWED, Tashkent, listing its faculties.",
    "tier": "reference",
}


def test_put_source_and_a_reference_fact(writer: TestClient, keys: Keys, driver: Driver,
                                         settings: Settings) -> None:
    created = writer.put(f"/sources/{REFERENCE_SOURCE['id']}", json=REFERENCE_SOURCE, headers=keys.header())
    assert created.status_code == 201, created.text
    assert created.json()["source"]["origin"] == "curation"
    assert writer.put(f"/sources/{REFERENCE_SOURCE['id']}", json=REFERENCE_SOURCE,
                      headers=keys.header()).json()["action"] == "unchanged"
    # A reference source cannot back an evidenced fact ...
    evidence = [{"source": REFERENCE_SOURCE["id"], "excerpt": "UWED lists its faculties on its website."}]
    problem = _problem(writer.put("/relationships", json=faculty_part_of(key="website", evidence=evidence),
                                  headers=keys.header()), 422)
    assert any("reference-tier source" in e["reason"] for e in problem["errors"])
    # ... a reference-tier one it can, and its excerpt is not looked for in the texts.
    response = writer.put("/relationships", json=faculty_part_of(key="website", evidence=evidence,
                                                                 tier="reference"), headers=keys.header())
    assert response.status_code == 201, response.text
    assert response.json()["relationship"]["tier"] == "reference"
    # A cited source keeps its tier.
    _problem(writer.put(f"/sources/{REFERENCE_SOURCE['id']}", json={
        **REFERENCE_SOURCE, "tier": "evidenced", "file": "002_918ded3bb7b39d11.txt"}, headers=keys.header()), 409)


@pytest.mark.parametrize(
    ("changes", "parameter"),
    [
        ({"tier": "evidenced"}, "file"),
        ({"tier": "evidenced", "file": "my-own-notes.txt"}, "file"),
        ({"tier": "evidenced", "file": "../../etc/passwd"}, "file"),
        ({"url": None, "note": ""}, "url"),
        ({"id": "src:something-else"}, "id"),
        ({"tier": "gossip"}, "tier"),
    ],
)
def test_put_source_rules(writer: TestClient, keys: Keys, changes: dict, parameter: str) -> None:
    body = {**REFERENCE_SOURCE, **changes}
    problem = _problem(writer.put(f"/sources/{REFERENCE_SOURCE['id']}", json=body, headers=keys.header()), 422)
    assert any(e["parameter"] == parameter for e in problem["errors"]), problem


# -- deletes -------------------------------------------------------------------------
def test_delete_entity_with_relationships_needs_detach(writer: TestClient, keys: Keys, driver: Driver,
                                                        settings: Settings) -> None:
    conflict = _problem(writer.delete(f"/entities/{FACULTY_ID}", headers=keys.header()), 409)
    assert PART_OF_ID in conflict["relationships"]
    assert len(_node(driver, settings, FACULTY_ID)) == 1
    deleted = writer.delete(f"/entities/{FACULTY_ID}", params={"detach": "true"}, headers=keys.header())
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["action"] == "delete"
    assert _node(driver, settings, FACULTY_ID) == []
    assert _relationships(driver, settings, PART_OF_ID) == []
    _problem(writer.delete(f"/entities/{FACULTY_ID}", headers=keys.header()), 404)


def test_delete_relationship(writer: TestClient, keys: Keys, driver: Driver, settings: Settings) -> None:
    assert writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity(), headers=keys.header()).status_code == 201
    assert writer.put("/relationships", json=faculty_part_of(), headers=keys.header()).status_code == 201
    assert writer.delete(f"/relationships/{PART_OF_ID}", headers=keys.header()).json()["action"] == "delete"
    assert _relationships(driver, settings, PART_OF_ID) == []
    _problem(writer.delete(f"/relationships/{PART_OF_ID}", headers=keys.header()), 404)
    _problem(writer.delete("/relationships/not an id", headers=keys.header()), 404)
    # Now without relationships, the entity goes without detach.
    assert writer.delete(f"/entities/{FACULTY_ID}", headers=keys.header()).status_code == 200


# -- limits --------------------------------------------------------------------------
def test_write_bodies_are_size_limited(settings: Settings, keys: Keys, seed_state: str) -> None:
    app = create_app(write_settings(settings, keys, max_write_body_bytes=2048))
    with TestClient(app, raise_server_exceptions=False) as client:
        big = faculty_entity(aliases=[f"alias {i}" for i in range(400)])
        declared = client.put(f"/entities/{FACULTY_ID}", json=big, headers=keys.header())
        assert "2048 bytes" in _problem(declared, 413)["detail"]

        def chunks():  # streamed without a Content-Length
            for _ in range(10):
                yield b" " * 1024

        streamed = client.put(f"/entities/{FACULTY_ID}", content=chunks(),
                              headers={**keys.header(), "content-type": "application/json"})
        _problem(streamed, 413)
        assert client.get("/health").status_code == 200  # reads are not limited


def test_writes_are_rate_limited_per_key(settings: Settings, seed_state: str) -> None:
    # keys of this test's own: the count is kept in the database, shared with the module's other writes
    keys = make_keys()
    app = create_app(write_settings(settings, keys, write_rate_per_minute=2))
    with TestClient(app, raise_server_exceptions=False) as client:
        url = f"/entities/{FACULTY_ID}"
        bad = {"id": "wrong"}  # refused with 422, but each attempt still spends a token
        assert client.put(url, json=bad, headers=keys.header()).status_code == 422
        assert client.put(url, json=bad, headers=keys.header()).status_code == 422
        limited = client.put(url, json=bad, headers=keys.header())
        problem = _problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert "2 writes a minute" in problem["detail"]
        assert client.put(url, json=bad, headers=keys.header("bob")).status_code == 422  # bob has his own bucket
        assert client.get("/audit", headers=keys.header()).status_code == 200  # reads are not limited


# -- curated facts, seed load and export -----------------------------------------------
def test_seed_load_keeps_curated_facts_and_export_carries_them(
    writer: TestClient, keys: Keys, driver: Driver, settings: Settings, seed_report, tmp_path: Path
) -> None:
    assert writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity(), headers=keys.header()).status_code == 201
    assert writer.put("/relationships", json=faculty_part_of(), headers=keys.header()).status_code == 201

    loader.load_seed(driver, seed_report.seed, settings, settings.neo4j_database, progress=False)
    assert _node(driver, settings, FACULTY_ID)[0]["props"]["origin"] == "curation"
    assert _relationships(driver, settings, PART_OF_ID)[0]["props"]["origin"] == "curation"

    graph = loader.read_graph(driver, settings, settings.neo4j_database)
    assert all(not e["props"]["id"].startswith("audit:") for e in graph["entities"])
    out = tmp_path / "seed-export"
    loader.export_seed(graph, out)
    exported_text = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.yaml"))
    assert FACULTY_ID in exported_text and "AuditEntry" not in exported_text and "audit:" not in exported_text
    report = validate(out, settings.sources_dir)
    assert report.problems == []
    assert FACULTY_ID in report.seed.entities and PART_OF_ID in report.seed.relationships

    # Committed back to seed/ and loaded, the curated facts become seed facts.
    loader.load_seed(driver, report.seed, settings, settings.neo4j_database, progress=False)
    assert _node(driver, settings, FACULTY_ID)[0]["props"]["origin"] == "seed"
    assert _relationships(driver, settings, PART_OF_ID)[0]["props"]["origin"] == "seed"
    # And loading the seed without them removes them again (they are seed facts now).
    loader.load_seed(driver, seed_report.seed, settings, settings.neo4j_database, progress=False)
    assert _node(driver, settings, FACULTY_ID) == []
