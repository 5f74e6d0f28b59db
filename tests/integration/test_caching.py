"""The response cache against the real Neo4j with the seed loaded: ETags,
304 on If-None-Match, and fresh answers once the graph version changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.settings import Settings

KAZAKHSTAN = "/entities/state:kazakhstan"


@pytest.fixture()
def cached_client(settings: Settings, loaded_graph: str) -> Iterator[TestClient]:
    # version_ttl=0: the version is read on every request, so the test needs no sleeping.
    app = create_app(settings.model_copy(update={"cache_version_ttl": 0.0, "cache_max_entries": 16}))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def set_version(driver: Driver, database: str, version: str) -> None:
    driver.execute_query("MATCH (m:GraphMeta {id: 'graph'}) SET m.version = $v", v=version, database_=database)


def test_answer_carries_an_etag_and_the_graph_version(cached_client: TestClient, loaded_graph: str) -> None:
    first = cached_client.get(KAZAKHSTAN)
    assert first.status_code == 200
    assert first.json()["name"] == "Kazakhstan"
    assert first.headers["etag"].startswith('"')
    assert first.headers["x-graph-version"] == loaded_graph
    assert first.headers["cache-control"] == "no-cache"
    second = cached_client.get(KAZAKHSTAN)
    assert second.headers["x-cache"] == "hit"
    assert second.headers["etag"] == first.headers["etag"]
    assert second.json() == first.json()


def test_if_none_match_answers_304_without_a_body(cached_client: TestClient) -> None:
    etag = cached_client.get(KAZAKHSTAN).headers["etag"]
    revalidated = cached_client.get(KAZAKHSTAN, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated.headers["etag"] == etag
    other = cached_client.get("/entities/state:turkiye", headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.json()["id"] == "state:turkiye"


def test_a_new_graph_version_gives_a_new_etag_and_a_fresh_answer(
    cached_client: TestClient, driver: Driver, settings: Settings, loaded_graph: str
) -> None:
    old = cached_client.get(KAZAKHSTAN).headers["etag"]
    set_version(driver, settings.neo4j_database, loaded_graph + "-changed")
    try:
        answer = cached_client.get(KAZAKHSTAN, headers={"If-None-Match": old})
        assert answer.status_code == 200
        assert answer.headers["etag"] != old
        assert answer.headers["x-cache"] == "miss"
        assert answer.headers["x-graph-version"] == loaded_graph + "-changed"
    finally:
        set_version(driver, settings.neo4j_database, loaded_graph)
    assert cached_client.get(KAZAKHSTAN).headers["etag"] == old


def test_errors_are_not_cached_and_carry_no_etag(cached_client: TestClient) -> None:
    missing = cached_client.get("/entities/state:atlantis")
    assert missing.status_code == 404
    assert "etag" not in missing.headers
    assert cached_client.get("/entities/state:atlantis").headers.get("x-cache") is None


def test_health_is_never_cached(cached_client: TestClient) -> None:
    assert "etag" not in cached_client.get("/health").headers
