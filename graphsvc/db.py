"""The Neo4j driver, the registry of named queries, and driver-error mapping.

Every Cypher statement the service runs lives in `cypher/queries/<name>.cypher`
and is loaded once at start-up (`cypher_files` gives the other folders'
statements to the command-line loads). Reads run as auto-commit statements
in read sessions (routed to followers on a `neo4j://` cluster URI) with a
per-query timeout; curated writes run their own write transactions
(curation/writes.py). Driver errors become the problems of `errors.py` here
and nowhere else.
"""

from __future__ import annotations

import asyncio
import functools
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

from neo4j import READ_ACCESS, AsyncDriver, AsyncGraphDatabase, AsyncResult, Query, Record, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graphsvc.deadline import note_unavailable
from graphsvc.errors import Problem
from graphsvc.settings import Settings

_DYNAMIC_PLACEHOLDER = re.compile(r"/\*\s*(\w+)\s*\*/")
# A line ending in `// filter: $name` is one optional filter, written to hold for
# every row when $name is null or false (`AND ($sectors IS NULL OR ...)`). For
# such parameters the service sends the statement without that line: the
# planner otherwise evaluates the parameter tests, and reads the properties
# they guard, on every relationship it walks (measured in benchmarks/notes.md).
# The whole file still runs as is in Neo4j Browser.
_OPTIONAL_FILTER = re.compile(r"//\s*filter:\s*\$(\w+)\s*$")

RowT = TypeVar("RowT")
ResultT = TypeVar("ResultT")
# The driver's own retry back-off for managed transactions (neo4j._conf).
_FIRST_RETRY_DELAY = 1.0
_RETRY_JITTER = 0.2
# Independent reads of one answer (the cooperation parts, the matrix's statements) run at most this many at
# once: Neo4j runs a read on one core, and on a small server more would only queue and be planned together.
READS_AT_ONCE: Final[int] = 2


async def at_most_at_once(calls: list[Callable[[], Awaitable[ResultT]]], at_once: int = READS_AT_ONCE) -> list[ResultT]:
    """Each call's result, in the calls' order; at most `at_once` of them running at a time, started in order.

    The first error cancels the calls still running or waiting and is raised as it is (not in a group, so
    that callers map driver errors as they would for one read).
    """
    running = asyncio.Semaphore(at_once)

    async def in_turn(call: Callable[[], Awaitable[ResultT]]) -> ResultT:
        async with running:
            return await call()

    tasks = [asyncio.ensure_future(in_turn(call)) for call in calls]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


class QueryRegistry:
    """The named `.cypher` files of one folder (`cypher/queries/` for the service), read once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._queries: dict[str, str] = {}
        # per query with optional filter lines: each line with the parameter that can leave it out
        self._filter_lines: dict[str, list[tuple[str, str | None]]] = {}
        for path in sorted(directory.glob("*.cypher")):
            text = path.read_text(encoding="utf-8")
            self._queries[path.stem] = text
            lines = [(line, optional_filter_parameter(line)) for line in text.splitlines(keepends=True)]
            if any(parameter for _, parameter in lines):
                self._filter_lines[path.stem] = lines

    def __getitem__(self, name: str) -> str:
        try:
            return self._queries[name]
        except KeyError as exc:
            raise KeyError(f"no query named {name!r} in {self.directory}") from exc

    def names(self) -> list[str]:
        return sorted(self._queries)

    def optional_filters(self, name: str) -> list[str]:
        """The parameters whose `// filter:` lines the query leaves out when they are null or false."""
        return sorted({parameter for _, parameter in self._filter_lines.get(name, ()) if parameter})

    def for_parameters(self, name: str, parameters: Mapping[str, Any] | None) -> str:
        """The query's text without the `// filter:` lines these parameters make true for every row."""
        lines = self._filter_lines.get(name)
        if lines is None:
            return self[name]
        given = parameters or {}
        return "".join(line for line, parameter in lines if parameter is None or not _unset(given.get(parameter)))


def cypher_files(settings: Settings, folder: str = "queries") -> QueryRegistry:
    """The named `.cypher` files of `cypher/<folder>`: `queries` (what the service runs), `load` (the seed
    and synthetic loads), "" for `cypher/` itself (`schema`). Every statement is read through one of these."""
    return _registry(settings.cypher_dir / folder if folder else settings.cypher_dir)


@functools.cache
def _registry(directory: Path) -> QueryRegistry:
    # once per folder and process: the command-line loads ask for a statement per batch
    return QueryRegistry(directory)


def _unset(value: Any) -> bool:
    # `is`, not `==`: 0 == False, and a filter on 0 is still a filter
    return value is None or value is False


def optional_filter_parameter(line: str) -> str | None:
    """The parameter of a line ending in `// filter: $name`, else None."""
    found = _OPTIONAL_FILTER.search(line)
    return found.group(1) if found else None


@dataclass(frozen=True)
class ConnectionInfo:
    uri: str
    user: str
    password: str
    database: str


def connection_info(settings: Settings) -> ConnectionInfo:
    """The configured Neo4j, or the project's local server when NEO4J_URI is unset."""
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        return ConnectionInfo(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database)
    from graphsvc.local_neo4j import LocalNeo4j

    local = LocalNeo4j.from_settings(settings)
    password = (
        settings.neo4j_password.get_secret_value() if settings.neo4j_password else local.password()
    )
    return ConnectionInfo(local.bolt_uri, "neo4j", password, settings.neo4j_database)


def _as_dicts(records: list[Record]) -> list[dict[str, Any]]:
    """Records as dicts of their values as received.

    Not `record.data()`: that walks every value recursively to turn graph
    objects into dicts (a fifth of the Python time of a depth-2
    neighbourhood), and the queries return none: only maps, lists and
    scalars (`properties(n)`, never `n`).
    """
    if not records:
        return []
    keys = records[0].keys()
    return [dict(zip(keys, record, strict=True)) for record in records]


class Database:
    """One async driver per process and the queries it runs."""

    def __init__(
        self,
        info: ConnectionInfo,
        queries: QueryRegistry,
        settings: Settings,
        *,
        on_read: Callable[[str, Mapping[str, Any]], None] | None = None,
    ) -> None:
        self.info = info
        self.queries = queries
        self.settings = settings
        # Told the text and parameters of every read statement before it runs (the benchmark's
        # capture replays them against the Query API and the driver).
        self.on_read = on_read
        self.driver: AsyncDriver = AsyncGraphDatabase.driver(
            info.uri,
            auth=(info.user, info.password),
            connection_timeout=settings.connection_timeout,
            connection_acquisition_timeout=settings.connection_timeout + settings.query_timeout,
            max_transaction_retry_time=settings.connection_timeout,
            # Lets the service notice a restarted server quickly.
            liveness_check_timeout=30.0,
            # The queries name every type of the vocabulary (entity_by_id counts each
            # one); a graph that has none of a type yet is normal, not worth a
            # warning in the log on every request.
            notifications_disabled_classifications=["UNRECOGNIZED"],
        )

    async def close(self) -> None:
        await self.driver.close()

    def text(self, name: str, parameters: Mapping[str, Any] | None = None, /, **dynamic: str) -> str:
        """The query's text for these parameters (see `_OPTIONAL_FILTER`), with `/*name*/` placeholders
        filled from checked vocabulary (or another named query's text)."""
        text = self.queries.for_parameters(name, parameters)
        if dynamic:
            text = _DYNAMIC_PLACEHOLDER.sub(lambda m: dynamic.get(m.group(1), m.group(0)), text)
        return text

    async def read(
        self,
        name: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        **dynamic: str,
    ) -> list[dict[str, Any]]:
        """Run a named read query; the records as dicts."""
        query = Query(self.text(name, parameters, **dynamic), timeout=timeout or self.settings.query_timeout)  # type: ignore[arg-type]

        async def all_records(result: AsyncResult) -> list[Record]:
            return [record async for record in result]

        return _as_dicts(await self._auto_commit_read(query, parameters, all_records))

    async def graph_version(self) -> str | None:
        """The loaded graph's content version (`graph_version.cypher`), None if none is recorded."""
        rows = await self.read("graph_version")
        version = rows[0]["version"] if rows else None
        return str(version) if version else None

    async def read_each(
        self,
        name: str,
        parameters: Mapping[str, Any] | None,
        row: Callable[[dict[str, Any]], RowT],
        *,
        timeout: float | None = None,
        **dynamic: str,
    ) -> list[RowT]:
        """Run a named read query; `row` of each record, applied as the records arrive.

        For large answers: only the driver's current batch of records is held
        at a time, not every record before `row` makes it smaller.
        """
        query = Query(self.text(name, parameters, **dynamic), timeout=timeout or self.settings.query_timeout)  # type: ignore[arg-type]

        async def each_row(result: AsyncResult) -> list[RowT]:
            keys = result.keys()
            return [row(dict(zip(keys, record, strict=True))) async for record in result]

        return await self._auto_commit_read(query, parameters, each_row)

    async def _auto_commit_read(
        self, query: Query, parameters: Mapping[str, Any] | None, consume: Callable[[AsyncResult], Awaitable[ResultT]]
    ) -> ResultT:
        """One read statement in an auto-commit transaction, retried as the driver retries managed ones.

        Not `execute_query`: its managed transaction costs two round trips
        (BEGIN, RUN and PULL; then COMMIT), an auto-commit read one (RUN and
        PULL); the gain is measured in benchmarks/notes.md. What the managed
        transaction gave is kept: a read that fails transiently (a server or
        cluster member gone, a leader switch) runs again with the driver's
        back-off (1 s, doubling, 20% jitter) within GRAPHSVC_CONNECTION_TIMEOUT;
        reads go to readers of a cluster; and the bookmarks of the driver's
        `execute_query` chain keep reads causally after this process's writes.
        """
        if self.on_read is not None:
            self.on_read(query.text, parameters or {})
        deadline = time.monotonic() + self.settings.connection_timeout
        delay = _FIRST_RETRY_DELAY
        while True:
            try:
                async with self.driver.session(
                    database=self.info.database,
                    default_access_mode=READ_ACCESS,
                    bookmark_manager=self.driver.execute_query_bookmark_manager,
                ) as session:
                    result = await session.run(query, dict(parameters or {}))
                    return await consume(result)
            except (Neo4jError, DriverError) as exc:
                pause = delay * random.uniform(1 - _RETRY_JITTER, 1 + _RETRY_JITTER)
                if not exc.is_retryable() or time.monotonic() + pause > deadline:
                    raise problem_from_driver_error(exc) from exc
            except Exception as exc:  # mapped to a problem, never a traceback
                raise problem_from_driver_error(exc) from exc
            await asyncio.sleep(pause)
            delay *= 2

    async def write(
        self,
        name: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """Run a named write query in one write transaction."""
        query = Query(self.text(name, parameters), timeout=timeout or self.settings.query_timeout)  # type: ignore[arg-type]
        try:
            records, _, _ = await self.driver.execute_query(
                query,
                parameters_=dict(parameters or {}),
                routing_=RoutingControl.WRITE,
                database_=self.info.database,
            )
        except Exception as exc:
            raise problem_from_driver_error(exc) from exc
        return _as_dicts(records)

    async def server_version(self) -> str:
        try:
            info = await self.driver.get_server_info()
        except Exception as exc:
            raise problem_from_driver_error(exc) from exc
        # agent looks like "Neo4j/5.26.30"
        return info.agent.split("/", 1)[-1]


_TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.TransactionTimedOut",
    "Neo.TransientError.Transaction.LockClientStopped",
    # A transaction stopped while it waited for a lock: its time limit, an
    # operator, or a server shutting down. Seen when Neo4j stops under writes.
    "Neo.ClientError.Transaction.LockClientStopped",
)
# The server ended the transaction (shutting down, or an operator): try again.
_TERMINATED_CODES = (
    "Neo.ClientError.Transaction.Terminated",
    "Neo.TransientError.Transaction.Terminated",
    "Neo.ClientError.Database.DatabaseNotFound",  # while a restarting server has not opened it yet
)


def _unavailable(detail: str) -> Problem:
    note_unavailable()
    return Problem(
        503,
        "Neo4j is unavailable",
        detail,
        type_="neo4j-unavailable",
        headers={"Retry-After": "5"},
    )

# The server refused the memory a query asked for: one transaction over its
# limit (a ClientError, but not a bug of the query) or all transactions
# together over theirs (transient: other queries may have been holding it).
_MEMORY_CODES = (
    "Neo.ClientError.General.TransactionOutOfMemoryError",
    "Neo.TransientError.General.TransactionOutOfMemoryError",
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
)


def problem_from_driver_error(exc: BaseException) -> Problem:
    """Map what the driver raised to the HTTP problem a client sees."""
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, Neo4jError) and exc.code in _TIMEOUT_CODES:
        return Problem(
            504,
            "Query time limit exceeded",
            "The query ran longer than the per-query time limit "
            "(GRAPHSVC_QUERY_TIMEOUT). Narrow it: fewer hops, a smaller depth or limit, "
            "or filters by type, sector or time.",
            type_="query-timeout",
        )
    if isinstance(exc, Neo4jError) and exc.code in _MEMORY_CODES:
        return Problem(
            503,
            "Query memory limit exceeded",
            "The graph database could not give the query the memory it needed (its limit per "
            "transaction, or for all transactions together, was reached). Narrow it: a smaller "
            "depth or limit, or filters by type, sector or time; or try again when the server is less busy.",
            type_="query-memory-limit",
        )
    if isinstance(exc, AuthError):
        return Problem(
            503,
            "Neo4j refused the service's credentials",
            "The service could not authenticate to Neo4j; check NEO4J_USER and NEO4J_PASSWORD.",
            type_="neo4j-unavailable",
        )
    if isinstance(exc, Neo4jError) and exc.code in _TERMINATED_CODES:
        return _unavailable("The graph database ended the request (it may be restarting); try again shortly.")
    if isinstance(exc, (ServiceUnavailable, SessionExpired, DatabaseUnavailable, TransientError, OSError)):
        return _unavailable(
            "The graph database cannot be reached right now; the service reconnects by itself. "
            "Try again shortly."
        )
    if isinstance(exc, ClientError):
        # A query the service built is wrong: our fault, not the client's.
        return Problem(500, "Query failed", "The graph query failed; this is a bug in graphsvc.", type_="internal")
    if isinstance(exc, (DriverError, Neo4jError)):
        return _unavailable("The graph database did not complete the request; try again shortly.")
    return Problem(500, "Internal error", "An unexpected error occurred.", type_="internal")
