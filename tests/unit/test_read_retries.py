"""Reads run as auto-commit transactions and are retried on transient errors (graphsvc/db.py).

The outage itself is exercised against a real Neo4j in tests/integration/test_faults.py;
here a stand-in session fails on cue, to check the retry rule the service adds:
transient errors again within GRAPHSVC_CONNECTION_TIMEOUT, nothing else.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Self

import pytest
from neo4j import Record
from neo4j.exceptions import Neo4jError, ServiceUnavailable

import graphsvc.db as db_module
from graphsvc.db import ConnectionInfo, Database, QueryRegistry
from graphsvc.errors import Problem
from graphsvc.settings import Settings


class Result:
    def __init__(self, rows: list[Record]) -> None:
        self.rows = rows

    def keys(self) -> list[str]:
        return ["value"]

    def __aiter__(self) -> Any:
        async def records() -> Any:
            for row in self.rows:
                yield row
        return records()


class Session:
    def __init__(self, outcomes: list[Exception | None], calls: list[dict[str, Any]], **config: Any) -> None:
        self.outcomes, self.calls, self.config = outcomes, calls, config

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def run(self, query: Any, parameters: dict[str, Any]) -> Result:
        self.calls.append(self.config)
        outcome = self.outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return Result([Record({"value": parameters["x"]})])


class Driver:
    execute_query_bookmark_manager = object()

    def __init__(self, outcomes: list[Exception | None]) -> None:
        self.outcomes = outcomes
        self.calls: list[dict[str, Any]] = []

    def session(self, **config: Any) -> Session:
        return Session(self.outcomes, self.calls, **config)

    async def close(self) -> None:
        return None


def database(tmp_path: Path, outcomes: list[Exception | None], connection_timeout: float = 5.0) -> Database:
    (tmp_path / "echo.cypher").write_text("RETURN $x AS value\n", encoding="utf-8")
    settings = Settings(connection_timeout=connection_timeout)
    db = Database(ConnectionInfo("bolt://127.0.0.1:1", "neo4j", "pw", "neo4j"), QueryRegistry(tmp_path), settings)
    db.driver = Driver(outcomes)  # type: ignore[assignment]
    return db


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "_FIRST_RETRY_DELAY", 0.01)


def test_a_read_is_one_auto_commit_statement_on_a_reader_following_the_write_bookmarks(tmp_path: Path) -> None:
    db = database(tmp_path, [None])
    assert asyncio.run(db.read("echo", {"x": 7})) == [{"value": 7}]
    (config,) = db.driver.calls  # type: ignore[attr-defined]
    assert config["default_access_mode"] == "READ" and config["database"] == "neo4j"
    assert config["bookmark_manager"] is Driver.execute_query_bookmark_manager


def test_a_transient_failure_is_retried(tmp_path: Path) -> None:
    db = database(tmp_path, [ServiceUnavailable("gone"), ServiceUnavailable("gone"), None])
    assert asyncio.run(db.read_each("echo", {"x": 3}, lambda row: row["value"] * 2)) == [6]
    assert len(db.driver.calls) == 3  # type: ignore[attr-defined]


def test_a_query_error_is_not_retried(tmp_path: Path) -> None:
    error = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="Invalid input")
    db = database(tmp_path, [error, None])
    with pytest.raises(Problem) as raised:
        asyncio.run(db.read("echo", {"x": 1}))
    assert raised.value.status == 500 and len(db.driver.calls) == 1  # type: ignore[attr-defined]


def test_retries_stop_at_the_connection_timeout_with_a_503(tmp_path: Path) -> None:
    db = database(tmp_path, [ServiceUnavailable("gone")] * 50, connection_timeout=0.3)
    with pytest.raises(Problem) as raised:
        asyncio.run(db.read("echo", {"x": 1}))
    assert raised.value.status == 503
    assert 2 <= len(db.driver.calls) <= 6  # type: ignore[attr-defined]  # 0.01, 0.02, 0.04, 0.08, 0.16 s
