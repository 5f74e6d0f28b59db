"""Shared FastAPI dependencies."""

from __future__ import annotations

from fastapi import Request

from graphsvc.background_jobs import BackgroundJobs
from graphsvc.db import Database
from graphsvc.errors import Problem
from graphsvc.settings import Settings


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Database:
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


def get_matrix_jobs(request: Request) -> BackgroundJobs:
    return request.app.state.matrix_jobs


def get_ranking_jobs(request: Request) -> BackgroundJobs:
    return request.app.state.ranking_jobs
