"""Shared FastAPI dependencies.

They are `async def` though none awaits anything: FastAPI runs a plain `def`
dependency in its thread pool, a hand-off to a thread and back per dependency
and request (measured in benchmarks/notes.md). Every route's dependencies are
(tests/unit/test_route_dependencies.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphsvc.background_jobs import BackgroundJobs
from graphsvc.db import Database
from graphsvc.errors import Problem
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


# The one way a route takes the settings and the database: `settings: SettingsDep`, `db: DbDep`.
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DbDep = Annotated[Database, Depends(get_db)]


async def get_matrix_jobs(request: Request) -> BackgroundJobs:
    return request.app.state.matrix_jobs


async def get_ranking_jobs(request: Request) -> BackgroundJobs:
    return request.app.state.ranking_jobs
