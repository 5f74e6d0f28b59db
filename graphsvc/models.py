"""Pydantic models of the HTTP answers (the shapes of shared/design/api.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Neo4jStatus(BaseModel):
    connected: bool
    version: str | None = Field(description="Neo4j server version, e.g. 5.26.30")


class GraphStatus(BaseModel):
    nodes: int | None = Field(description="number of :Entity nodes")
    relationships: int | None = Field(description="number of relationships")
    version: str | None = Field(description="content version of the loaded graph; changes when the content changes")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    neo4j: Neo4jStatus
    graph: GraphStatus
