"""Backup and restore of the whole graph: the round trip is exact."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.cli import main
from graphsvc.curation import backup
from graphsvc.settings import Settings, get_settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    FACULTY_ID,
    Keys,
    faculty_entity,
    faculty_part_of,
    keys,
    seed_state,
    writer,
)


def _lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [line for index, line in enumerate(lines) if index > 0]  # the header holds the time


def _scalar(driver: Driver, settings: Settings, query: str) -> object:
    records, _, _ = driver.execute_query(query, database_=settings.neo4j_database)
    return records[0][0]


# Every node but the write rate limit's windows, which backups leave out.
GRAPH_NODES = "MATCH (n) WHERE NOT n:RateWindow AND NOT n:KeptAnswer RETURN count(n)"


def test_round_trip(writer: TestClient, keys: Keys, driver: Driver, settings: Settings, tmp_path: Path) -> None:
    # Curated writes and their audit entries are part of the graph to keep.
    assert writer.put(f"/entities/{FACULTY_ID}", json=faculty_entity(), headers=keys.header()).status_code == 201
    assert writer.put("/relationships", json=faculty_part_of(), headers=keys.header()).status_code == 201
    version = writer.get("/health").json()["graph"]["version"]
    first = tmp_path / "graph.jsonl.gz"
    counts = backup.write_backup(driver, settings, settings.neo4j_database, first)
    assert counts["nodes"] == _scalar(driver, settings, GRAPH_NODES)
    assert counts["relationships"] == _scalar(driver, settings, "MATCH ()-[r]->() RETURN count(r)")
    items = [json.loads(line) for line in _lines(first)]
    labels = {label for item in items if "node" in item for label in item["node"]["labels"]}
    assert {"Entity", "Source", "AuditEntry", "GraphMeta"} <= labels
    # the writes above were counted by the rate limit in the database, and that count is not kept
    assert _scalar(driver, settings, "MATCH (w:RateWindow) RETURN count(w)") >= 1 and "RateWindow" not in labels

    driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)
    assert _scalar(driver, settings, GRAPH_NODES) == 0
    restored = backup.restore(driver, settings, settings.neo4j_database, first)
    assert restored == {"replaced": 0, **counts}

    second = tmp_path / "again.jsonl.gz"
    backup.write_backup(driver, settings, settings.neo4j_database, second)
    assert _lines(second) == _lines(first)
    # The service sees the same graph: version, curated facts, the audit trail, search.
    assert writer.get("/health").json()["graph"]["version"] == version
    assert writer.get("/audit", headers=keys.header()).json()["total"] == 2
    assert _scalar(driver, settings, "CALL db.index.fulltext.queryNodes('entity_names', 'Faculty') "
                                     "YIELD node RETURN count(node)") >= 1


def test_restore_replaces_a_non_empty_graph(writer: TestClient, keys: Keys, driver: Driver, settings: Settings,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # Through the command line, configured as an operator would: NEO4J_* in the environment.
    assert settings.neo4j_uri and settings.neo4j_password
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password.get_secret_value())
    get_settings.cache_clear()
    try:
        saved = tmp_path / "before.jsonl.gz"
        assert main(["backup", str(saved)]) == 0
        nodes = _scalar(driver, settings, GRAPH_NODES)
        assert f"backed up {nodes} nodes" in capsys.readouterr().out
        deleted = writer.delete(f"/entities/{FACULTY_ID}", params={"detach": "true"}, headers=keys.header())
        assert deleted.status_code == 200
        assert main(["restore", str(saved), "--yes"]) == 0
        # The faculty went and an audit entry came: as many nodes replaced as there were.
        assert f"(replacing {nodes} nodes)" in capsys.readouterr().out
        assert _scalar(driver, settings, f"MATCH (n:Entity {{id: '{FACULTY_ID}'}}) RETURN count(n)") == 1
        again = tmp_path / "after.jsonl.gz"
        assert main(["backup", str(again)]) == 0
        assert _lines(again) == _lines(saved)
        assert main(["restore", str(tmp_path / "missing.jsonl.gz"), "--yes"]) == 1
        assert "cannot read the backup" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_a_damaged_backup_changes_nothing(driver: Driver, settings: Settings, writer: TestClient,
                                          tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl.gz"
    backup.write_backup(driver, settings, settings.neo4j_database, good)
    lines = gzip.open(good, "rt", encoding="utf-8").read().splitlines()
    truncated = tmp_path / "truncated.jsonl.gz"
    with gzip.open(truncated, "wt", encoding="utf-8") as out:
        out.write("\n".join(lines[: len(lines) // 2]) + "\n")
    not_a_backup = tmp_path / "seed.yaml"
    not_a_backup.write_text("entities: []\n", encoding="utf-8")
    for path in (truncated, not_a_backup, tmp_path / "missing.jsonl.gz"):
        with pytest.raises(backup.BackupError):
            backup.restore(driver, settings, settings.neo4j_database, path)
    # A relationship whose entity the file lacks: the restore rolls back whole.
    orphan = tmp_path / "orphan.jsonl.gz"
    header = json.loads(lines[0])
    kept = [line for line in lines[1:] if f'"id": "{FACULTY_ID}"' not in line or '"relationship"' in line]
    header["nodes"] -= 1
    with gzip.open(orphan, "wt", encoding="utf-8") as out:
        out.write("\n".join([json.dumps(header), *kept]) + "\n")
    with pytest.raises(backup.BackupError, match="relationships"):
        backup.restore(driver, settings, settings.neo4j_database, orphan)
    after = tmp_path / "after.jsonl.gz"
    backup.write_backup(driver, settings, settings.neo4j_database, after)
    assert _lines(after) == _lines(good)
