"""The FastAPI application factory and its lifespan (one driver in, one driver out)."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from fastapi import FastAPI

from graphsvc import __version__
from graphsvc.analysis_service import ANALYSIS, analysis_jobs
from graphsvc.background_jobs import MATRIX, RANKING, BackgroundJobs
from graphsvc.caching import install_cache
from graphsvc.cooperation_service import EVENT_ROSTERS, REACH, watch_arrays
from graphsvc.curation.access import ApiKeys, WriteBodyLimit, WriteRateLimiter
from graphsvc.db import Database, connection_info, cypher_files
from graphsvc.deadline import RequestDeadline
from graphsvc.errors import PROBLEM_MEDIA_TYPE, install_problem_handlers
from graphsvc.http_limits import UrlLimit, add_cors
from graphsvc.ingest.store import GazetteerCache
from graphsvc.kept_answers import KeptAnswerStore, SharedJobs
from graphsvc.plan_warmup import PlanWarmup
from graphsvc.reconcile.cors import OpenCorsForReconciliation
from graphsvc.routers import (
    analysis,
    cooperation,
    curation,
    entities,
    explorer,
    export,
    health,
    ingest,
    paths,
    reconcile,
    sources,
)
from graphsvc.settings import Settings, get_settings

log = logging.getLogger("graphsvc")

# Matrices kept per graph version (one per type and filter set asked).
MATRIX_KEEP = 32

# The cyclic garbage collector's thresholds while the service runs. A ranking allocates hundreds of
# thousands of containers (rows, facts, citations) that live until its answer is sent; at Python's
# defaults (700, 10, 10), concurrent rankings' objects were promoted to the oldest generation and full
# collections, pauses of tens of milliseconds, ran several times a second under load. Higher thresholds
# collect less often but let cyclic garbage pile up longer, which raises the process's peak memory: this is
# the compromise measured in benchmarks/notes.md. Reference counting frees nearly all of it anyway.
GC_THRESHOLDS: Final[tuple[int, int, int]] = (10_000, 10, 10)

DESCRIPTION = """
A knowledge graph of the actors of Turkic cooperation — states, organisations
(TURKSOY, the Organisation of Turkic States, the Turkic Academy, the Yunus Emre
Institute, TİKA, universities, theatres, unions), people, agreements, events,
programmes and places — built from five source texts. Every relationship
carries its evidence: the source, a short verbatim excerpt, a locator, dates.

Errors are `application/problem+json` (RFC 9457).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    problems = settings.production_problems()
    if problems:
        raise RuntimeError("graphsvc will not start with GRAPHSVC_ENV=production: " + "; ".join(problems))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)
        # The service starts even when Neo4j is down: the driver connects
        # lazily and requests answer 503 until the database is back.
        app.state.db = None
        app.state.db_error = None
        try:
            app.state.db = Database(
                connection_info(settings), cypher_files(settings), settings
            )
        except Exception as exc:  # e.g. the local server was never started
            app.state.db_error = str(exc)
            log.error("no Neo4j connection: %s", exc)
        # The events' rosters and the reach arrays read at start-up and after every write, in the
        # background, so that the first unfiltered rankings count through them rather than walk
        # (docs/cooperation-scoring.md).
        # The rosters first: every hub participant's ranking counts through them.
        arrays_watch = (
            asyncio.create_task(watch_arrays(
                (EVENT_ROSTERS, REACH), app.state.db, settings.cooperation_query_timeout,
                interval=max(settings.cache_version_ttl, 1.0),
            ))
            if app.state.db is not None else None
        )
        # Neo4j's plans of the first requests' statements, made in the background (plan_warmup.py).
        app.state.plan_warmup = PlanWarmup(settings.warm_plans and app.state.db is not None)
        plans_warmup = (
            asyncio.create_task(app.state.plan_warmup.run(app.state.db, settings, EVENT_ROSTERS))
            if app.state.db is not None else None
        )
        try:
            yield
        finally:
            if plans_warmup is not None:
                plans_warmup.cancel()
            if arrays_watch is not None:
                arrays_watch.cancel()
            await app.state.matrix_jobs.close()
            await app.state.ranking_jobs.close()
            await app.state.analysis_jobs.close()
            if app.state.db is not None:
                await app.state.db.close()
            gc.set_threshold(*thresholds)

    app = FastAPI(
        title="graphsvc",
        version=__version__,
        summary="Who cooperates with whom among the actors of Turkic cooperation, and on whose word.",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Every route: the URL's length is checked before any route runs (http_limits.py).
        responses={414: {"description": "The path or query string is over GRAPHSVC_MAX_URL_BYTES",
                         "content": {PROBLEM_MEDIA_TYPE: {}}}},
    )
    app.state.settings = settings
    # Curation writes: hashed keys (a malformed GRAPHSVC_API_KEYS stops start-up),
    # a per-key write rate, a cap on write bodies.
    app.state.api_keys = ApiKeys.from_config(settings.api_keys.get_secret_value())
    app.state.write_limiter = WriteRateLimiter(settings.write_rate_per_minute)
    # Cooperation matrices, and rankings that run long, computed in the
    # background once per graph version and question (background_jobs.py),
    # their running markers and answers kept in Neo4j for every worker (kept_answers.py).
    kept_answers = KeptAnswerStore()
    app.state.matrix_jobs = SharedJobs(
        BackgroundJobs(settings.matrix_request_wait, kind=MATRIX), kept_answers,
        what="matrix", keep=MATRIX_KEEP, keep_after=0.0,
    )
    app.state.ranking_jobs = SharedJobs(
        BackgroundJobs(
            settings.cooperation_request_wait, kind=RANKING, keep=settings.cooperation_keep, keep_prompt=False,
            max_overdue=settings.cooperation_background,
        ),
        kept_answers, what="ranking", keep=settings.cooperation_shared_keep, keep_after=settings.cooperation_keep_after,
    )
    # Network analyses (/analysis, metrics): once per graph version and filter set, kept for every worker
    # (graph/analysis.py).
    app.state.analysis_jobs = analysis_jobs(
        BackgroundJobs(settings.matrix_request_wait, kind=ANALYSIS, keep=8), kept_answers
    )
    # Innermost: GET answers cached by graph version, with ETag / If-None-Match.
    install_cache(app, settings)
    app.add_middleware(WriteBodyLimit, max_bytes=settings.max_write_body_bytes, own_limits=(ingest.INGEST_PATH,))
    app.add_middleware(RequestDeadline, seconds=settings.request_deadline)
    app.add_middleware(UrlLimit, max_bytes=settings.max_url_bytes)
    add_cors(app, settings)  # its headers reach every answer, errors included
    # Outermost: the reconciliation routes are open to every origin, as their specification requires.
    app.add_middleware(OpenCorsForReconciliation)
    install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(entities.router)
    app.include_router(paths.router)
    # /cooperation/matrix is declared before /cooperation/{id} inside the router.
    app.include_router(cooperation.router)
    app.include_router(export.router)
    app.include_router(analysis.router)
    app.include_router(explorer.router)
    app.include_router(curation.router)
    app.include_router(sources.router)
    app.include_router(ingest.router)
    # ingestion's gazetteer, rebuilt when the graph version changes (graphsvc/ingest/store.py)
    app.state.gazetteer = GazetteerCache()
    app.include_router(reconcile.router)
    return app
