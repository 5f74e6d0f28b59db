"""Shared by the curation tests: API keys, an app that accepts writes, and putting
the test database back to the seed state afterwards (other tests share it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from pydantic import SecretStr

from graphsvc.app import create_app
from graphsvc.curation import loader
from graphsvc.curation.access import new_key
from graphsvc.settings import Settings

# Test-only clean-up statements (the service never runs these).
_CLEANUP = (
    "MATCH (a:AuditEntry) DETACH DELETE a",
    "MATCH ()-[r]->() WHERE r.origin = 'curation' DELETE r",
    "MATCH (n:Entity) WHERE n.origin = 'curation' DETACH DELETE n",
    "MATCH (s:Source) WHERE s.origin = 'curation' DETACH DELETE s",
    "MATCH (m:GraphMeta {id: 'graph'}) REMOVE m.audit_seq, m.written_at",
)

# The faculty a curator adds: named in source 002's author line, not in seed/.
FACULTY_ID = "org:uwed-faculty-of-international-economics-and-management"
UWED_ID = "org:university-of-world-economy-and-diplomacy"
SOURCE_002 = "src:khamdamov-alieva-2025-uzbekistan-kazakhstan"
FACULTY_EXCERPT = (
    "Dean of the Faculty of International Economics and Management, University of World Economy and Diplomacy"
)


def faculty_entity(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "id": FACULTY_ID,
        "type": "Organisation",
        "kind": "faculty",
        "name": "Faculty of International Economics and Management (UWED)",
        "aliases": ["Faculty of International Economics and Management"],
        "sources": [SOURCE_002],
        "evidence": [{"source": SOURCE_002, "excerpt": FACULTY_EXCERPT, "locator": ""}],
    }
    body.update(changes)
    return body


def faculty_part_of(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "type": "PART_OF",
        "from": FACULTY_ID,
        "to": UWED_ID,
        "sectors": ["education"],
        "evidence": [{"source": SOURCE_002, "excerpt": FACULTY_EXCERPT, "locator": ""}],
    }
    body.update(changes)
    return body


@dataclass(frozen=True)
class Keys:
    alice: str
    bob: str
    config: str

    def header(self, who: str = "alice") -> dict[str, str]:
        return {"X-API-Key": getattr(self, who)}


def make_keys() -> Keys:
    alice, alice_entry = new_key("alice")
    bob, bob_entry = new_key("bob")
    return Keys(alice=alice, bob=bob, config=f"{alice_entry},{bob_entry}")


def write_settings(settings: Settings, keys: Keys, **changes: object) -> Settings:
    update: dict[str, object] = {"api_keys": SecretStr(keys.config), "write_rate_per_minute": 100_000}
    update.update(changes)
    return settings.model_copy(update=update)


def reset_to_seed(driver: Driver, settings: Settings, seed_report) -> str:
    """Remove every curated write and audit entry, and reload the seed."""
    for statement in _CLEANUP:
        driver.execute_query(statement, database_=settings.neo4j_database)  # type: ignore[arg-type]
    return loader.load_seed(driver, seed_report.seed, settings, settings.neo4j_database, progress=False)


@pytest.fixture(scope="module")
def keys() -> Keys:
    return make_keys()


@pytest.fixture(scope="module")
def seed_state(driver: Driver, settings: Settings, seed_report, loaded_graph: str) -> Iterator[str]:
    """The seed loaded and nothing curated at the start; the same again at the end of the module."""
    version = reset_to_seed(driver, settings, seed_report)
    assert version == loaded_graph
    yield version
    assert reset_to_seed(driver, settings, seed_report) == loaded_graph


@pytest.fixture(scope="module")
def writer(settings: Settings, keys: Keys, seed_state: str) -> Iterator[TestClient]:
    """A client of an app with curation keys configured (rate limit out of the way)."""
    with TestClient(create_app(write_settings(settings, keys)), raise_server_exceptions=False) as test_client:
        yield test_client
