"""The audit trail: one entry per write, in the write's transaction, newest first."""

from __future__ import annotations

from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.settings import Settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    FACULTY_ID,
    SOURCE_002,
    Keys,
    faculty_entity,
    keys,
    seed_state,
    writer,
)


def _count(driver: Driver, settings: Settings, query: str) -> int:
    records, _, _ = driver.execute_query(query, database_=settings.neo4j_database)
    return records[0][0]


def test_audit_needs_a_key(writer: TestClient) -> None:
    response = writer.get("/audit")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_every_write_is_recorded_newest_first(writer: TestClient, keys: Keys, driver: Driver,
                                              settings: Settings) -> None:
    nodes_before = writer.get("/health").json()["graph"]["nodes"]
    url = f"/entities/{FACULTY_ID}"
    created = writer.put(url, json=faculty_entity(), headers=keys.header("alice")).json()
    updated = writer.put(url, json=faculty_entity(aliases=["FIEM"]), headers=keys.header("bob")).json()
    unchanged = writer.put(url, json=faculty_entity(aliases=["FIEM"]), headers=keys.header("bob")).json()
    deleted = writer.delete(url, headers=keys.header("alice")).json()
    assert unchanged["audit_id"] is None

    log = writer.get("/audit", params={"target": FACULTY_ID}, headers=keys.header()).json()
    assert log["total"] == 3
    entries = log["items"]
    assert [e["id"] for e in entries] == [deleted["audit_id"], updated["audit_id"], created["audit_id"]]
    assert [e["action"] for e in entries] == ["delete", "update", "create"]
    assert [e["actor"] for e in entries] == ["alice", "bob", "alice"]
    assert entries[0]["seq"] > entries[1]["seq"] > entries[2]["seq"]
    assert all(e["target_kind"] == "entity" and e["at"].endswith("Z") for e in entries)

    create, update, delete = reversed(entries)
    assert create["before"] is None
    assert create["after"]["type"] == "Organisation"
    assert create["after"]["props"]["evidence_sources"] == [SOURCE_002]
    assert update["before"] == create["after"]
    assert update["after"]["props"]["aliases"] == ["FIEM"]
    assert delete["before"]["props"] == update["after"]["props"] and delete["after"] is None
    # Audit entries are not entities: nothing of them shows in the graph's size.
    assert writer.get("/health").json()["graph"]["nodes"] == nodes_before
    assert _count(driver, settings, "MATCH (a:AuditEntry:Entity) RETURN count(a)") == 0
    # Each write made its own graph version.
    assert len({created["version"], updated["version"], deleted["version"]}) == 3
    assert writer.get("/health").json()["graph"]["version"] == deleted["version"]


def test_a_refused_write_records_nothing(writer: TestClient, keys: Keys, driver: Driver,
                                         settings: Settings) -> None:
    entries = _count(driver, settings, "MATCH (a:AuditEntry) RETURN count(a)")
    version = writer.get("/health").json()["graph"]["version"]
    bad = faculty_entity(evidence=[{"source": SOURCE_002, "excerpt": "words no source wrote"}])
    assert writer.put(f"/entities/{FACULTY_ID}", json=bad, headers=keys.header()).status_code == 422
    assert writer.delete("/entities/org:no-such-thing", headers=keys.header()).status_code == 404
    assert _count(driver, settings, "MATCH (a:AuditEntry) RETURN count(a)") == entries
    assert writer.get("/health").json()["graph"]["version"] == version


def test_audit_filters(writer: TestClient, keys: Keys) -> None:
    everything = writer.get("/audit", headers=keys.header()).json()
    assert everything["total"] >= 3
    newest = everything["items"][0]
    since_newest = writer.get("/audit", params={"since": newest["at"]}, headers=keys.header()).json()
    assert [e["id"] for e in since_newest["items"]] == [newest["id"]]
    assert writer.get("/audit", params={"since": "2999"}, headers=keys.header()).json() == {"items": [], "total": 0}
    assert writer.get("/audit", params={"since": "2000-01"}, headers=keys.header()).json()["total"] == \
        everything["total"]
    one = writer.get("/audit", params={"limit": 1}, headers=keys.header()).json()
    assert len(one["items"]) == 1 and one["total"] == everything["total"]
    for params, name in (({"since": "yesterday"}, "since"), ({"since": "2025-13"}, "since"),
                         ({"limit": 0}, "limit"), ({"limit": 100000}, "limit")):
        response = writer.get("/audit", params=params, headers=keys.header())
        assert response.status_code == 422
        assert response.json()["errors"][0]["parameter"] == name
