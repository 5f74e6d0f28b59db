"""A time limit on every request, so that no client ever waits on a hung database.

Each Cypher statement has its own limit (GRAPHSVC_QUERY_TIMEOUT) and each
connection attempt its own (GRAPHSVC_CONNECTION_TIMEOUT), but a route may run
several statements one after the other, and the driver retries transient
failures. `RequestDeadline` bounds the whole request: when it runs over
`GRAPHSVC_REQUEST_TIMEOUT` (by default connection_timeout + query_timeout) the
work is cancelled and the client gets a problem+json answer: 503 with
Retry-After when Neo4j was found unreachable while answering, else 504.
"""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.errors import Problem

log = logging.getLogger("graphsvc")

# Per request: whether Neo4j was found unavailable while answering it.
_unavailable: ContextVar[list[bool] | None] = ContextVar("graphsvc_neo4j_unavailable", default=None)
# Per request: when (event-loop time) its deadline falls.
_deadline: ContextVar[float | None] = ContextVar("graphsvc_request_deadline", default=None)


def time_left() -> float | None:
    """Seconds left before this request's deadline, None outside a request (or without one).

    A route waiting for background work (background_jobs.py) waits at most
    this long less a margin, so it answers 503 in-progress rather than being
    cut at the deadline with a 504 after reads that took longer than usual.
    """
    deadline = _deadline.get()
    return None if deadline is None else deadline - asyncio.get_running_loop().time()


def note_unavailable() -> None:
    """Called where driver errors are mapped: this request met an unreachable Neo4j."""
    flag = _unavailable.get()
    if flag is not None:
        flag[0] = True


def over_time(seconds: float, unavailable: bool) -> Problem:
    if unavailable:
        return Problem(
            503,
            "Neo4j is unavailable",
            "The graph database cannot be reached right now; the service reconnects by itself. "
            "Try again shortly.",
            type_="neo4j-unavailable",
            headers={"Retry-After": "5"},
        )
    return Problem(
        504,
        "Request time limit exceeded",
        f"The request ran longer than {seconds:g} s (GRAPHSVC_REQUEST_TIMEOUT). Narrow it: fewer hops, "
        "a smaller depth or limit, or filters by type, sector or time.",
        type_="request-timeout",
    )


class RequestDeadline:
    """ASGI middleware: answer within `seconds`, whatever the database does."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        flag = [False]
        token = _unavailable.set(flag)
        deadline_token = _deadline.set(asyncio.get_running_loop().time() + self.seconds)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, tracking_send)
        except TimeoutError:
            if started:  # the answer is on its way; nothing better to send
                raise
            problem = over_time(self.seconds, flag[0])
            log.warning("problem %s on %s: %s (request over %g s)", problem.status, scope.get("path"),
                        problem.title, self.seconds)
            await problem.response(scope.get("path"))(scope, receive, send)
        finally:
            _unavailable.reset(token)
            _deadline.reset(deadline_token)
