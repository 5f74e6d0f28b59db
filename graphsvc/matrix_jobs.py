"""Cooperation matrices computed in the background, once per graph version and question.

A matrix over a large graph takes longer than a request may (41 s for the
195 states of the 1M-relationship synthetic graph, BENCHMARKS.md), and every
client asking for it would otherwise start the same computation again. So
`GET /cooperation/matrix` hands the computation to a task keyed by (graph
version, type, filters, cap) and waits for it up to GRAPHSVC_MATRIX_WAIT
seconds:

- done in time: the answer, as before;
- still running: `503` with `Retry-After` (problem type `matrix-in-progress`);
  the task goes on, and a later request with the same question gets its
  answer (or waits for it again); concurrent requests share one task;
- failed (Neo4j down, a query over GRAPHSVC_MATRIX_QUERY_TIMEOUT): that
  request gets the failure as a problem, and the next one starts again.

At most `keep` questions are remembered (least recently asked dropped first,
a running task cancelled with it); a new graph version is a new key, so a
write or load never serves an old matrix. Each service process (worker or
replica) keeps its own.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from graphsvc.errors import Problem

log = logging.getLogger("graphsvc")


@dataclass
class _Job:
    task: asyncio.Task[dict[str, Any]]
    started: float


def matrix_in_progress(elapsed: float, retry_after: int) -> Problem:
    return Problem(
        503,
        "The matrix is being computed",
        f"Scoring every pair takes a while on a graph this size; the computation started {elapsed:.0f} s ago "
        f"and goes on. Ask again after {retry_after} s: the answer is kept for this graph version.",
        type_="matrix-in-progress",
        headers={"Retry-After": str(retry_after)},
    )


class MatrixJobs:
    def __init__(self, wait: float, keep: int = 32) -> None:
        self.wait = wait
        self.keep = keep
        self._jobs: OrderedDict[Hashable, _Job] = OrderedDict()

    def _job(self, key: Hashable, compute: Callable[[], Awaitable[dict[str, Any]]]) -> _Job:
        job = self._jobs.get(key)
        if job is None or (job.task.done() and (job.task.cancelled() or job.task.exception() is not None)):
            job = _Job(asyncio.get_running_loop().create_task(compute()), time.monotonic())
            # a failure is answered to the requests waiting for it; nobody else needs to hear of it
            job.task.add_done_callback(lambda task: task.cancelled() or task.exception())
            self._jobs[key] = job
        self._jobs.move_to_end(key)
        while len(self._jobs) > self.keep:
            _, dropped = self._jobs.popitem(last=False)
            dropped.task.cancel()
        return job

    async def answer(self, key: Hashable, compute: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
        """The computed answer for `key`, waiting at most `wait` seconds; else 503 Retry-After."""
        job = self._job(key, compute)
        try:
            # shield: a request that gives up (or is cut by its deadline) leaves the task running
            return await asyncio.wait_for(asyncio.shield(job.task), timeout=self.wait)
        except TimeoutError:
            elapsed = time.monotonic() - job.started
            retry_after = max(1, min(30, math.ceil(elapsed / 4)))
            log.info("matrix %s still being computed after %.1f s", key, elapsed)
            raise matrix_in_progress(elapsed, retry_after) from None

    async def close(self) -> None:
        """Cancel what is still running (the service is stopping)."""
        tasks = [job.task for job in self._jobs.values() if not job.task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._jobs.clear()
