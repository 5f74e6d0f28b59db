"""Twenty curators writing at once to a real uvicorn server: one node per id, one
relationship per id, no lost update, an unbroken audit trail."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.citations import decode_locator
from graphsvc.curation.excerpts import excerpt_in_text
from graphsvc.curation.seedfiles import relationship_id
from graphsvc.settings import Settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    FACULTY_ID,
    SOURCE_002,
    UWED_ID,
    Keys,
    faculty_entity,
    faculty_part_of,
    keys,
    seed_state,
    write_settings,
)

WRITERS = 20
PART_OF_ID = relationship_id("PART_OF", FACULTY_ID, UWED_ID)


@pytest.fixture(scope="module")
def server(settings: Settings, keys: Keys, seed_state: str) -> Iterator[str]:
    """The app served by uvicorn in a thread, on a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(write_settings(settings, keys)), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=30)


def _sentences(settings: Settings, count: int) -> list[str]:
    """`count` distinct sentences of source 002, each verbatim in its text."""
    path = settings.sources_dir / "002_918ded3bb7b39d11.txt"
    text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?]) ", text):
        if 8 <= len(sentence.split()) <= 30 and sentence not in found and excerpt_in_text(sentence, path):
            found.append(sentence)
        if len(found) == count:
            return found
    raise AssertionError(f"source 002 has fewer than {count} usable sentences")


def _scalar(driver: Driver, settings: Settings, query: str, **params: object) -> object:
    records, _, _ = driver.execute_query(query, params, database_=settings.neo4j_database)
    return records[0][0]


def test_concurrent_writers(server: str, keys: Keys, driver: Driver, settings: Settings) -> None:
    key_of = [keys.alice if i % 2 == 0 else keys.bob for i in range(WRITERS)]
    start = threading.Barrier(WRITERS)

    def put_overlapping(i: int) -> tuple[int, int]:
        """Each writer creates-or-replaces the same entity (its own alias) and the same fact."""
        with httpx.Client(base_url=server, headers={"X-API-Key": key_of[i]}, timeout=60) as http:
            start.wait()
            entity = http.put(f"/entities/{FACULTY_ID}", json=faculty_entity(aliases=[f"FIEM writer {i}"]))
            fact = http.put("/relationships", json=faculty_part_of(sectors=["education", "economy"][: 1 + i % 2]))
            return entity.status_code, fact.status_code

    with ThreadPoolExecutor(WRITERS) as pool:
        statuses = list(pool.map(put_overlapping, range(WRITERS)))
    entity_statuses = sorted(s for s, _ in statuses)
    fact_statuses = sorted(s for _, s in statuses)
    # Exactly one writer created each; every other one replaced it.
    assert entity_statuses == [200] * (WRITERS - 1) + [201], statuses
    assert fact_statuses == [200] * (WRITERS - 1) + [201], statuses
    assert _scalar(driver, settings, "MATCH (n:Entity {id: $id}) RETURN count(n)", id=FACULTY_ID) == 1
    assert _scalar(driver, settings, "MATCH ()-[r {id: $id}]->() RETURN count(r)", id=PART_OF_ID) == 1

    # The stored entity is the one the last recorded write left.
    with httpx.Client(base_url=server, headers={"X-API-Key": keys.alice}, timeout=60) as http:
        log = http.get("/audit", params={"target": FACULTY_ID}).json()
        stored_aliases = _scalar(driver, settings, "MATCH (n:Entity {id: $id}) RETURN n.aliases", id=FACULTY_ID)
        assert log["items"][0]["after"]["props"]["aliases"] == stored_aliases
        assert [e["action"] for e in log["items"]].count("create") == 1

    # Twenty citations appended at once: none lost, none doubled.
    excerpts = _sentences(settings, WRITERS)

    def cite(i: int) -> int:
        with httpx.Client(base_url=server, headers={"X-API-Key": key_of[i]}, timeout=60) as http:
            start.wait()
            item = {"source": SOURCE_002, "excerpt": excerpts[i], "locator": f"writer {i}"}
            return http.post(f"/relationships/{PART_OF_ID}/evidence", json=item).status_code

    with ThreadPoolExecutor(WRITERS) as pool:
        assert list(pool.map(cite, range(WRITERS))) == [201] * WRITERS
    stored = _scalar(driver, settings, "MATCH ()-[r {id: $id}]->() RETURN properties(r)", id=PART_OF_ID)
    assert isinstance(stored, dict)
    assert sorted(stored["excerpts"][1:]) == sorted(excerpts)
    assert len(stored["sources"]) == len(stored["excerpts"]) == len(stored["locators"]) == WRITERS + 1
    sections = [decode_locator(stored_locator)[0]["section"] for stored_locator in stored["locators"][1:]]
    assert sorted(sections) == sorted(f"writer {i}" for i in range(WRITERS))

    # Writes ran one after another: the audit trail is 1..n without gaps or repeats.
    seqs = sorted(_scalar(driver, settings, "MATCH (a:AuditEntry) RETURN collect(a.seq)"))  # type: ignore[arg-type]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= 2 + WRITERS  # at least the two creates and the twenty citations
