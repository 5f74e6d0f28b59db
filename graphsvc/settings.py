"""Every setting and limit of the service, read from the environment.

Neo4j connection settings use the names the Neo4j tools use (`NEO4J_URI`,
`NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`); everything else is
prefixed `GRAPHSVC_`. When `NEO4J_URI` is not set, the project's own local
Neo4j server (see `local_neo4j.py`) is used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The confidence an ingested candidate needs to enter the review queue. 0.3, not
# higher: the queue is read most confident first and a wrong candidate is one key
# press to reject, while a fact left out costs the curator reading the text
# again (docs/ingestion.md, "The default threshold").
DEFAULT_INGEST_THRESHOLD = 0.3

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRAPHSVC_", extra="ignore")

    # Neo4j connection. `neo4j://` URIs route reads to cluster followers.
    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME"))
    neo4j_password: SecretStr | None = Field(default=None, validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))

    # The HTTP service.
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    env: Literal["development", "production"] = "development"

    # Per-query time limit (seconds) sent with every read transaction; a query
    # over it answers 504. Connection attempts give up after this long (503).
    query_timeout: float = 10.0
    connection_timeout: float = 5.0
    # The whole request, however many queries and retries it takes (503/504
    # past it). Unset: connection_timeout + query_timeout.
    request_timeout: float | None = None

    # Browsers on these origins (comma-separated, e.g.
    # "https://atlas.example.org,http://localhost:5173") may call the API from
    # their pages; empty = no CORS. Cross-origin writes need CORS_ALLOW_WRITES.
    cors_origins: str = ""
    cors_allow_writes: bool = False
    # A longer path or query string answers 414.
    max_url_bytes: int = Field(default=8192, ge=256)

    # Caps on what one request may ask for.
    max_depth: int = 3
    max_hops: int = 6
    max_paths: int = 10
    max_limit: int = 1000
    default_limit: int = 200
    max_search_results: int = 100
    # /cooperation/matrix scores at most this many entities (the most connected
    # ones): the answer grows with the square of it and a heat map stops being
    # readable long before. Above it the answer says `truncated: true`.
    max_matrix_entities: int = 300
    # The matrix is computed in the background (background_jobs.py): a request
    # waits this long for it (unset: request deadline - 1 s), then answers
    # 503 Retry-After while the computation goes on. Its queries each get
    # matrix_query_timeout seconds rather than query_timeout.
    matrix_wait: float | None = Field(default=None, ge=0)
    matrix_query_timeout: float = Field(default=300.0, gt=0)
    # So is the ranking of /cooperation/{id} when it runs long (an actor
    # sharing hub events with tens of thousands of partners): a request waits
    # cooperation_wait (unset: request deadline - 1 s), then answers 503
    # Retry-After while at most cooperation_background rankings go on, their
    # queries with cooperation_query_timeout each; cooperation_keep of those
    # answers are kept in the process for the retry.
    cooperation_wait: float | None = Field(default=None, ge=0)
    cooperation_query_timeout: float = Field(default=120.0, gt=0)
    cooperation_background: int = Field(default=2, ge=0)
    cooperation_keep: int = Field(default=8, ge=1)
    # Rankings kept in Neo4j for every worker (kept_answers.py): those that
    # went on in the background, and those that took cooperation_keep_after
    # seconds or more, per graph version; the newest cooperation_shared_keep.
    # Asked again, they are an index read (docs/cooperation-scoring.md).
    cooperation_keep_after: float = Field(default=0.5, ge=0)
    cooperation_shared_keep: int = Field(default=256, ge=1)
    max_export_elements: int = 100_000
    # At start-up, in the background, have Neo4j plan the statements of the first requests
    # (plan_warmup.py): a fresh server otherwise plans each part of the first ranking for seconds.
    warm_plans: bool = True

    # GET answers cached by graph version (caching.py): a write or load shows
    # within cache_version_ttl seconds.
    cache_enabled: bool = True
    cache_max_entries: int = 1024
    cache_max_bytes: int = 64 * 1024 * 1024
    cache_max_entry_bytes: int = 4 * 1024 * 1024
    cache_version_ttl: float = 1.0

    # Curation writes (docs/curation.md). Keys are configured hashed only:
    # "name:sha256hex,name2:sha256hex" (`graphsvc apikey new NAME` makes one).
    # No keys configured: every write answers 401.
    api_keys: SecretStr = SecretStr("")
    write_rate_per_minute: int = Field(default=60, ge=1)
    max_write_body_bytes: int = Field(default=65536, ge=1024)

    # Ingestion (docs/ingestion.md): POST /ingest takes texts up to this size (its
    # own cap, not max_write_body_bytes), PDFs up to this many pages, and parses
    # within this time; candidates below the threshold are not proposed.
    ingest_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    ingest_max_pdf_pages: int = Field(default=300, ge=1)
    ingest_max_seconds: float = Field(default=10.0, gt=0)
    ingest_threshold: float = Field(default=DEFAULT_INGEST_THRESHOLD, ge=0, le=1)

    # Where the curated facts and the source texts live.
    seed_dir: Path = PROJECT_ROOT / "seed"
    sources_dir: Path = PROJECT_ROOT.parent / "shared" / "sources"
    cypher_dir: Path = PROJECT_ROOT / "cypher"

    # The project's local Neo4j server (used when NEO4J_URI is not set).
    local_neo4j_dir: Path = PROJECT_ROOT / ".local" / "neo4j"
    local_neo4j_instance: str = "dev"
    local_bolt_port: int = 7687
    local_http_port: int = 7474
    local_heap: str = "1g"
    local_pagecache: str = "512m"
    local_start_timeout: float = 120.0
    local_auth_max_failed_attempts: int = 3
    # Class data sharing for the local Neo4j's JVM (local_neo4j.py): starts in
    # about half the time from the second start on.
    local_class_archive: bool = True


    @property
    def request_deadline(self) -> float:
        return self.request_timeout or (self.connection_timeout + self.query_timeout)

    @property
    def matrix_request_wait(self) -> float:
        return self._background_wait(self.matrix_wait)

    @property
    def cooperation_request_wait(self) -> float:
        return self._background_wait(self.cooperation_wait)

    def _background_wait(self, configured: float | None) -> float:
        """How long a request waits for a background computation: as configured, else just under its deadline."""
        return configured if configured is not None else max(0.0, self.request_deadline - 1.0)

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()]

    def production_problems(self) -> list[str]:
        """Why this configuration must not serve in production (GRAPHSVC_ENV=production)."""
        if self.env != "production":
            return []
        password = self.neo4j_password.get_secret_value() if self.neo4j_password else None
        problems = []
        if password == DEFAULT_NEO4J_PASSWORD:
            problems.append("NEO4J_PASSWORD is Neo4j's default password; set a strong one")
        elif self.neo4j_uri and not password:
            problems.append("NEO4J_URI is set but NEO4J_PASSWORD is empty")
        if "*" in self.cors_origin_list:
            problems.append("GRAPHSVC_CORS_ORIGINS holds '*'; list the origins that may call the API")
        return problems


DEFAULT_NEO4J_PASSWORD = "neo4j"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
