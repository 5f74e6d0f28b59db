"""Shared FastAPI dependencies, and the Annotated forms routes declare them with.

They are `async def` though most await nothing: FastAPI runs a plain `def`
dependency in its thread pool, a hand-off to a thread and back per dependency
and request (measured in benchmarks/notes.md). Every route's dependencies are
(tests/unit/test_route_dependencies.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphsvc.caching import GRAPH_VERSION_STATE
from graphsvc.db import Database
from graphsvc.errors import Problem, invalid_parameter
from graphsvc.kept_answers import SharedJobs
from graphsvc.settings import Settings


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_db(request: Request) -> Database:
    database: Database | None = request.app.state.db
    if database is None:
        raise Problem(
            503,
            "Neo4j is not configured",
            request.app.state.db_error or "The service has no Neo4j connection.",
            type_="neo4j-unavailable",
            headers={"Retry-After": "5"},
        )
    return database


async def get_matrix_jobs(request: Request) -> SharedJobs:
    return request.app.state.matrix_jobs


async def get_ranking_jobs(request: Request) -> SharedJobs:
    return request.app.state.ranking_jobs


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DbDep = Annotated[Database, Depends(get_db)]


async def get_graph_version(request: Request, db: DbDep) -> str | None:
    """The graph version this request's answer is keyed by: the one the response cache read for it
    (graphsvc/caching.py), else read now. Read once per request either way."""
    version = getattr(request.state, GRAPH_VERSION_STATE, None)
    if version is not None:
        return str(version)
    return await db.graph_version()


GraphVersionDep = Annotated[str | None, Depends(get_graph_version)]


def asked_limit(name: str, asked: int | None, default: int, most: int) -> int:
    """The limit a request asks, from 1 to `most` (GRAPHSVC_MAX_LIMIT), 422 outside; when it asks none, the
    default, lowered to `most` on a service configured below it, so that a request asking for no limit is never
    refused for one."""
    if asked is None:
        return min(default, most)
    if not 1 <= asked <= most:
        raise invalid_parameter(name, f"must be between 1 and {most}")
    return asked
