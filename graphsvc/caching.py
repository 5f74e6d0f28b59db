"""Caching read answers by graph version, with ETags and `If-None-Match` -> 304.

The graph only changes when it is loaded or a curator writes, and every such
change gives it a new content version (`:GraphMeta {id: 'graph'}.version`).
So an answer to `GET <path>?<query>` is valid exactly as long as the version
it was computed from:

- the cache key is (path, sorted query parameters, graph version);
- the ETag is a hash of (graph version, path, sorted query), so a client
  that sends `If-None-Match` with it gets `304 Not Modified` and no body until
  the graph changes, without the service touching the graph;
- the version is read from Neo4j at most once per `version_ttl` seconds
  (`graph_version.cypher`), so a write shows within that interval; when the
  version changes the whole cache is dropped;
- memory is bounded: at most `max_entries` answers and `max_bytes` in all
  (least recently used evicted first); answers larger than `max_entry_bytes`
  are served but not kept.

Only successful (200) GET answers under the configured path prefixes are
cached; errors, other methods, and requests carrying credentials pass through
untouched. When Neo4j cannot be reached the version is unknown and nothing is
cached or answered from the cache. Answers carry `ETag`, `Cache-Control:
no-cache` (clients must revalidate: the graph may change) and `X-Cache: hit`
or `miss`.

Installed by `app.py` with `install_cache(app, settings)`; settings
`GRAPHSVC_CACHE_ENABLED` (true), `GRAPHSVC_CACHE_MAX_ENTRIES` (1024),
`GRAPHSVC_CACHE_MAX_BYTES` (64 MiB), `GRAPHSVC_CACHE_MAX_ENTRY_BYTES` (4 MiB),
`GRAPHSVC_CACHE_VERSION_TTL` (1.0 s).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from graphsvc.settings import Settings

log = logging.getLogger("graphsvc")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_PREFIXES: tuple[str, ...] = ("/entities", "/paths", "/cooperation", "/export")
# Headers of a stored answer that are replayed; the rest (date, server, content-length) are rebuilt.
_KEPT_HEADERS = frozenset({b"content-type", b"content-disposition", b"content-language", b"link"})
_CREDENTIAL_HEADERS = frozenset({b"authorization", b"x-api-key", b"cookie"})


@dataclass(frozen=True)
class CachedAnswer:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class LRUCache:
    """A least-recently-used map bounded by entry count and total bytes."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max(0, max_entries)
        self.max_bytes = max(0, max_bytes)
        self._items: OrderedDict[Any, CachedAnswer] = OrderedDict()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Any) -> CachedAnswer | None:
        answer = self._items.get(key)
        if answer is not None:
            self._items.move_to_end(key)
        return answer

    def put(self, key: Any, answer: CachedAnswer) -> None:
        size = len(answer.body)
        if self.max_entries == 0 or size > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self._items[key] = answer
        self.bytes += size
        while len(self._items) > self.max_entries or self.bytes > self.max_bytes:
            _, evicted = self._items.popitem(last=False)
            self.bytes -= len(evicted.body)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0


def sorted_query(query_string: bytes) -> str:
    """The query string with its parameters in a canonical order (`b=2&a=1` -> `a=1&b=2`)."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return urlencode(sorted(pairs))


def etag_for(version: str, path: str, query: str) -> str:
    digest = hashlib.sha256(f"{version}\n{path}\n{query}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _etag_matches(header: str, etag: str) -> bool:
    """`If-None-Match` (a list of tags, maybe weak, or `*`) against our strong tag."""
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


# The request-state key under which the middleware leaves the version it keyed the answer by.
GRAPH_VERSION_STATE = "graph_version"


class GraphVersion:
    """The loaded graph's content version, read at most once per `ttl` seconds."""

    def __init__(self, ttl: float, reader: Callable[[Scope], Awaitable[str | None]] | None = None) -> None:
        self.ttl = ttl
        self._reader = reader or _read_version_from_app
        self._value: str | None = None
        self._read_at = float("-inf")
        self._lock = asyncio.Lock()

    def expire(self) -> None:
        """Forget the version read, so the next request reads it again."""
        self._read_at = float("-inf")

    async def get(self, scope: Scope) -> str | None:
        if time.monotonic() - self._read_at < self.ttl:
            return self._value
        async with self._lock:  # one read per interval, however many requests wait
            if time.monotonic() - self._read_at < self.ttl:
                return self._value
            try:
                self._value = await self._reader(scope)
            except Exception as exc:  # Neo4j down: no version, no caching
                log.debug("graph version unavailable: %s", exc)
                self._value = None
            self._read_at = time.monotonic()
            return self._value


async def _read_version_from_app(scope: Scope) -> str | None:
    app = scope.get("app")
    database = getattr(getattr(app, "state", None), "db", None)
    if database is None:
        return None
    return await database.graph_version()


class ResponseCacheMiddleware:
    """ASGI middleware: cache 200 GET answers by (path, sorted query, graph version)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_entries: int = 1024,
        max_bytes: int = 64 * 1024 * 1024,
        max_entry_bytes: int = 4 * 1024 * 1024,
        version_ttl: float = 1.0,
        prefixes: Iterable[str] = DEFAULT_PREFIXES,
        version_reader: Callable[[Scope], Awaitable[str | None]] | None = None,
    ) -> None:
        self.app = app
        self.cache = LRUCache(max_entries, max_bytes)
        self.max_entry_bytes = max_entry_bytes
        self.version = GraphVersion(version_ttl, version_reader)
        self.prefixes = tuple(prefixes)
        self._cached_version: str | None = None

    def _cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET":
            return False
        path: str = scope["path"]
        if not any(path == p or path.startswith(p + "/") for p in self.prefixes):
            return False
        return not any(name in _CREDENTIAL_HEADERS for name, _ in scope.get("headers", ()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            try:
                await self.app(scope, receive, send)
            finally:
                # A write through this process changes the version: the next
                # read must not wait for the TTL to see it.
                if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                    self.version.expire()
            return
        version = await self.version.get(scope)
        if version is None:
            await self.app(scope, receive, send)
            return
        # the route reads the version from here rather than asking Neo4j again (graphsvc/deps.py)
        scope.setdefault("state", {})[GRAPH_VERSION_STATE] = version
        if version != self._cached_version:
            self.cache.clear()
            self._cached_version = version
        path: str = scope["path"]
        query = sorted_query(scope.get("query_string", b""))
        etag = etag_for(version, path, query)
        validators = [
            (b"etag", etag.encode()),
            (b"cache-control", b"no-cache"),
            (b"x-graph-version", version.encode()),
        ]
        if_none_match = next(
            (value.decode("latin-1") for name, value in scope.get("headers", ()) if name == b"if-none-match"), None
        )
        if if_none_match is not None and _etag_matches(if_none_match, etag):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        key = (path, query, version)
        answer = self.cache.get(key)
        if answer is not None:
            headers = [*answer.headers, *validators, (b"x-cache", b"hit"),
                       (b"content-length", str(len(answer.body)).encode())]
            await send({"type": "http.response.start", "status": answer.status, "headers": headers})
            await send({"type": "http.response.body", "body": answer.body})
            return
        await self._miss(scope, receive, send, key, validators)

    async def _miss(self, scope: Scope, receive: Receive, send: Send, key: Any,
                    validators: list[tuple[bytes, bytes]]) -> None:
        status = 0
        kept: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal status, keep, size
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if status == 200:
                    kept.extend((n, v) for n, v in headers if n.lower() in _KEPT_HEADERS)
                    headers = [*headers, *validators, (b"x-cache", b"miss")]
                else:
                    keep = False
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > self.max_entry_bytes:
                    keep, chunks[:] = False, []
                else:
                    chunks.append(body)
                if not message.get("more_body", False) and keep:
                    self.cache.put(key, CachedAnswer(status, tuple(kept), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)


def install_cache(app: Any, settings: Settings) -> None:
    """Add the response cache to a FastAPI app, configured from the settings."""
    if not settings.cache_enabled:
        return
    app.add_middleware(
        ResponseCacheMiddleware,
        max_entries=settings.cache_max_entries,
        max_bytes=settings.cache_max_bytes,
        max_entry_bytes=settings.cache_max_entry_bytes,
        version_ttl=settings.cache_version_ttl,
    )
