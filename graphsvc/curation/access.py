"""Who may write, how often, and how much: API keys, a write rate limit, a body size limit.

Keys are random strings handed to curators once (`graphsvc apikey new NAME`).
The service only ever holds their SHA-256 digests, configured as
`GRAPHSVC_API_KEYS=name:sha256hex,name2:sha256hex`; a presented key is hashed
and compared with every configured digest in constant time
(`hmac.compare_digest`), so neither the key nor which entry it matched shows
in the timing. Keys are 256 random bits, so a plain SHA-256 (no slow KDF) is
enough: there is nothing to guess. Clear-text keys appear nowhere but in the
one line `apikey new` prints.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.curation.writes import WriteTx, in_write_transaction
from graphsvc.db import Database
from graphsvc.errors import Problem

KEY_PREFIX = "gsk_"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# -- keys ---------------------------------------------------------------------
def hash_key(key: str) -> str:
    """The SHA-256 hex digest under which a key is configured."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key(name: str) -> tuple[str, str]:
    """A fresh key for `name` and the `name:digest` entry that configures it."""
    check_key_name(name)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    return key, f"{name}:{hash_key(key)}"


def check_key_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError("a key name is 1-64 characters: lowercase letters, digits, '_', '.', '-'")
    return name


@dataclass(frozen=True)
class ApiKeys:
    """The configured key digests, by key name."""

    digests: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_config(cls, config: str) -> ApiKeys:
        """Parse `name:sha256hex,...`; errors name the entry's position, never its value."""
        entries: list[tuple[str, str]] = []
        for position, raw in enumerate((part.strip() for part in config.split(",")), start=1):
            if not raw:
                continue
            name, sep, digest = raw.partition(":")
            name, digest = name.strip(), digest.strip().lower()
            if not sep or not _NAME.match(name):
                raise ValueError(
                    f"GRAPHSVC_API_KEYS entry {position}: expected 'name:sha256hex' with a lowercase name"
                )
            if not _DIGEST.match(digest):
                raise ValueError(
                    f"GRAPHSVC_API_KEYS entry {position} ({name}): the part after ':' must be the 64-hex "
                    "SHA-256 digest of the key (never the key itself); `graphsvc apikey new NAME` prints it"
                )
            if any(existing == name for existing, _ in entries):
                raise ValueError(f"GRAPHSVC_API_KEYS entry {position}: the name '{name}' is configured twice")
            entries.append((name, digest))
        return cls(tuple(entries))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.digests]

    def limiter_key(self, name: str) -> str:
        """The write rate limit's name for key `name`: the name and a hash of its digest, so that a key
        issued again under the same name starts a fresh count, and no digest is stored in the graph."""
        digest = dict(self.digests)[name]
        return f"{name}:{hash_key(digest)[:16]}"

    def verify(self, presented: str | None) -> str | None:
        """The name of the key presented, or None. Compares against every digest."""
        if not presented:
            return None
        digest = hash_key(presented)
        matched: str | None = None
        for name, expected in self.digests:
            if hmac.compare_digest(digest, expected):
                matched = name
        return matched


def unauthorized(detail: str) -> Problem:
    return Problem(
        401,
        "API key required",
        detail,
        type_="unauthorized",
        headers={"WWW-Authenticate": 'APIKey realm="graphsvc", header="X-API-Key"'},
    )


# -- write rate limit ---------------------------------------------------------
@dataclass(frozen=True)
class WriteRateLimiter:
    """`per_minute` writes per key and minute, counted in Neo4j (`write_rate_hit.cypher`).

    The count lives in the database, not in this process, so every uvicorn
    worker and every replica of the service shares one limit per key: a
    curator gets `per_minute` writes whichever process answers. Fixed windows
    of the database's clock: a window's count starts again at the next minute.
    """

    per_minute: int
    window_seconds: int = 60

    async def acquire(self, db: Database, keys: ApiKeys, name: str) -> float:
        """Count one write of key `name`: 0.0 when allowed, else the seconds until its window ends."""
        key = keys.limiter_key(name)

        async def hit(tx: WriteTx) -> list[dict[str, Any]]:
            return await tx.run("write_rate_hit", key=key, window_seconds=self.window_seconds)

        [row] = await in_write_transaction(db, hit)
        if int(row["count"]) <= self.per_minute:
            return 0.0
        return max(float(row["seconds_left"]), 0.001)


def too_many_writes(retry_after: float, per_minute: int) -> Problem:
    seconds = max(1, math.ceil(retry_after))
    return Problem(
        429,
        "Too many writes",
        f"This key may make {per_minute} writes a minute (GRAPHSVC_WRITE_RATE_PER_MINUTE); "
        f"try again in {seconds} s.",
        type_="rate-limited",
        headers={"Retry-After": str(seconds)},
    )


# -- request body size --------------------------------------------------------
def body_too_large(max_bytes: int) -> Problem:
    return Problem(
        413,
        "Request too large",
        f"A write request body may hold at most {max_bytes} bytes (GRAPHSVC_MAX_WRITE_BODY_BYTES).",
        type_="request-too-large",
    )


class WriteBodyLimit:
    """ASGI middleware: 413 for write requests whose body exceeds `max_bytes`.

    Checks the declared Content-Length before the app runs, and counts the
    bytes actually streamed (chunked requests declare no length).
    """

    def __init__(self, app: ASGIApp, max_bytes: int, own_limits: tuple[str, ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Paths that bound their bodies themselves (POST /ingest takes whole texts).
        self.own_limits = own_limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS or scope["path"] in self.own_limits:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await body_too_large(self.max_bytes).response(scope.get("path"))(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised inside the body read: FastAPI passes HTTPExceptions
                    # through to the problem handlers (errors.py).
                    problem = body_too_large(self.max_bytes)
                    raise HTTPException(413, problem.detail)
            return message

        await self.app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
