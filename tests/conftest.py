"""Test fixtures: a real Neo4j 5.26 server of the tests' own, isolated from the
development one (own ports and data folder, wiped at the start of every test
session), the seed loaded into it, and the app talking to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

from graphsvc.app import create_app
from graphsvc.curation import loader
from graphsvc.curation.seedfiles import validate
from graphsvc.local_neo4j import LocalNeo4j
from graphsvc.settings import Settings

TEST_BOLT_PORT = int(os.environ.get("GRAPHSVC_TEST_BOLT_PORT", "17687"))
TEST_HTTP_PORT = int(os.environ.get("GRAPHSVC_TEST_HTTP_PORT", "17474"))
TEST_INSTANCE = os.environ.get("GRAPHSVC_TEST_INSTANCE", "test")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _base_settings() -> Settings:
    return Settings(
        local_neo4j_instance=TEST_INSTANCE,
        local_bolt_port=TEST_BOLT_PORT,
        local_http_port=TEST_HTTP_PORT,
        local_heap=os.environ.get("GRAPHSVC_TEST_HEAP", "1g"),
        local_pagecache=os.environ.get("GRAPHSVC_TEST_PAGECACHE", "256m"),
        # Tests present wrong passwords on purpose; Neo4j's lock after three
        # failures would then refuse the next test's correct login for 5 s.
        local_auth_max_failed_attempts=0,
    )


@pytest.fixture(scope="session")
def test_neo4j() -> Iterator[LocalNeo4j]:
    """The tests' Neo4j: wiped, started once per session, stopped at the end."""
    local = LocalNeo4j.from_settings(_base_settings(), TEST_INSTANCE)
    local.wipe()
    local.start()
    yield local
    local.stop()


@pytest.fixture(scope="session")
def settings(test_neo4j: LocalNeo4j) -> Settings:
    return _base_settings().model_copy(
        update={"neo4j_uri": test_neo4j.bolt_uri, "neo4j_password": SecretStr(test_neo4j.password())}
    )


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[Driver]:
    assert settings.neo4j_password is not None
    with GraphDatabase.driver(
        settings.neo4j_uri or "", auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value())
    ) as drv:
        yield drv


@pytest.fixture(scope="session")
def seed_report(settings: Settings):
    report = validate(settings.seed_dir, settings.sources_dir)
    assert report.problems == [], "\n".join(report.problems)
    return report


@pytest.fixture(scope="session")
def loaded_graph(driver: Driver, settings: Settings, seed_report) -> str:
    """The curated seed loaded into the test database; its graph version."""
    loader.apply_schema(driver, settings, settings.neo4j_database)
    return loader.load_seed(driver, seed_report.seed, settings, settings.neo4j_database, progress=False)


@pytest.fixture(scope="session")
def client(settings: Settings, loaded_graph: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
