"""What any request may be: a cap on the URL, and which other web sites may call the API.

- `UrlLimit`: a request whose path or query string is longer than
  `GRAPHSVC_MAX_URL_BYTES` answers 414 (problem+json) before any route runs.
  (Write bodies have their own cap: graphsvc.curation.access.WriteBodyLimit.)
- `add_cors`: browsers on the origins of `GRAPHSVC_CORS_ORIGINS` may read the
  API from their pages; nobody else. Cross-origin writes stay closed unless
  `GRAPHSVC_CORS_ALLOW_WRITES=true`. With no origins configured there is no
  CORS at all (same-origin only), which is the default.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from graphsvc.errors import Problem
from graphsvc.settings import Settings

READ_METHODS = ["GET", "HEAD", "OPTIONS"]
WRITE_METHODS = ["PUT", "POST", "DELETE"]


def uri_too_long(max_bytes: int) -> Problem:
    return Problem(
        414,
        "URI too long",
        f"The request's path and query string may each hold at most {max_bytes} bytes "
        "(GRAPHSVC_MAX_URL_BYTES).",
        type_="uri-too-long",
    )


class UrlLimit:
    """ASGI middleware: 414 for a path or query string over `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
            if len(scope.get("query_string", b"")) > self.max_bytes or len(path) > self.max_bytes:
                # Not echoed back: `instance` would repeat the oversized path.
                await uri_too_long(self.max_bytes).response()(scope, receive, send)
                return
        await self.app(scope, receive, send)


def add_cors(app: FastAPI, settings: Settings) -> None:
    """The CORS allow-list of the settings; nothing when no origin is configured."""
    origins = settings.cors_origin_list
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=READ_METHODS + (WRITE_METHODS if settings.cors_allow_writes else []),
        allow_headers=["Content-Type", "X-API-Key"] if settings.cors_allow_writes else [],
        expose_headers=["Retry-After", "Content-Disposition"],
        allow_credentials=False,
        max_age=600,
    )
