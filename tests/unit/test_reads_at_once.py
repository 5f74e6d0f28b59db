"""Independent reads of one answer run at most READS_AT_ONCE at a time (graphsvc/db.py, `at_most_at_once`).

The cooperation parts and the matrix's statements use it; what it must keep: the results in the calls'
order whatever ends first, no more running at once than asked, and the first error raised as it is (the
callers map driver errors, not exception groups) with the other calls stopped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from neo4j.exceptions import ServiceUnavailable

from graphsvc.db import READS_AT_ONCE, at_most_at_once


def test_results_in_the_calls_order_and_never_more_running_than_asked() -> None:
    running: list[int] = []
    most = 0
    started: list[int] = []

    def call(i: int, delay: float) -> Callable[[], Awaitable[int]]:
        async def read() -> int:
            nonlocal most
            started.append(i)
            running.append(i)
            most = max(most, len(running))
            await asyncio.sleep(delay)
            running.remove(i)
            return i * 10
        return read

    # the first calls take longest, so later ones end first
    delays = [0.05, 0.04, 0.01, 0.0, 0.02, 0.0]
    results = asyncio.run(at_most_at_once([call(i, d) for i, d in enumerate(delays)]))
    assert results == [0, 10, 20, 30, 40, 50]
    assert most == READS_AT_ONCE == 2
    assert started == sorted(started)  # started in order as slots free up
    assert running == []


def test_one_at_a_time_when_asked() -> None:
    most = 0
    now = 0

    async def read() -> None:
        nonlocal most, now
        now += 1
        most = max(most, now)
        await asyncio.sleep(0)
        now -= 1

    asyncio.run(at_most_at_once([read] * 4, at_once=1))
    assert most == 1


def test_the_first_error_is_raised_as_it_is_and_stops_the_others() -> None:
    finished: list[str] = []
    cancelled: list[str] = []

    def slow(name: str) -> Callable[[], Awaitable[str]]:
        async def read() -> str:
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                cancelled.append(name)
                raise
            finished.append(name)
            return name
        return read

    async def failing() -> str:
        await asyncio.sleep(0.01)
        raise ServiceUnavailable("down")

    async def scenario() -> None:
        with pytest.raises(ServiceUnavailable):  # not an ExceptionGroup: callers map it as one read's error
            await at_most_at_once([slow("running"), failing, slow("waiting")])

    asyncio.run(scenario())
    assert finished == []
    # the running call is stopped; the waiting one is stopped before or just after the failed call's slot frees
    assert "running" in cancelled and set(cancelled) <= {"running", "waiting"}
