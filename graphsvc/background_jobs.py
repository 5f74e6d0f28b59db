"""Answers computed in the background, once per graph version and question.

Some answers take longer than a request may wait on a large graph: a
cooperation matrix (10–41 s for the 195 states of the 1M-relationship
synthetic graphs, BENCHMARKS.md), or the ranking of an actor that shares hub events with
tens of thousands of partners. Every client asking would otherwise start the
same computation again, and each would be cut at the request deadline. So the
route hands the computation to a task keyed by (graph version, question) and
waits for it up to `wait` seconds:

- done in time: the answer, as before;
- still running: `503` with `Retry-After` (problem type `<what>-in-progress`,
  e.g. `matrix-in-progress`); the task goes on, and a later request with the
  same question gets its answer (or waits for it again); concurrent requests
  share one task;
- failed (Neo4j down, a query over its time limit): that request gets the
  failure as a problem, and the next one starts again.

At most `keep` questions are remembered (least recently asked dropped first,
a task still running cancelled with it; one that a request still waits for is
not yet remembered); a new graph version is a new key, so a
write or load never serves an old answer. With `keep_prompt=False` an answer
ready within `wait` is not kept (the HTTP cache keeps it; only the slow ones
need keeping for the retry). With `max_overdue`, at most that many tasks go
on past their first request's wait: one more is cancelled and its request
answers `503` `<what>-queue-full` with `Retry-After`, so that a burst of
questions about hubs cannot occupy Neo4j indefinitely. Each service process
(worker or replica) runs its own; graphsvc/kept_answers.py shares their
running markers and answers between processes through Neo4j.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from graphsvc.deadline import time_left
from graphsvc.errors import Problem

log = logging.getLogger("graphsvc")

# Seconds before a request's deadline at which waiting for a job stops: the 503 must still leave
# in time, after the claim that shares the job with the other workers (a write, kept_answers.py).
_DEADLINE_MARGIN = 3.0

AnswerT = TypeVar("AnswerT")


@dataclass
class _Job(Generic[AnswerT]):
    task: asyncio.Task[AnswerT]
    started: float
    overdue: bool = False  # went on past its first request's wait


@dataclass(frozen=True)
class JobKind:
    """What the jobs compute, for their problems: `name` in the problem types, `doing` in the titles."""

    name: str  # "matrix": problem types matrix-in-progress, matrix-queue-full
    doing: str  # "The matrix is being computed"
    why: str  # "Scoring every pair takes a while on a graph this size"


MATRIX = JobKind("matrix", "The matrix is being computed", "Scoring every pair takes a while on a graph this size")
RANKING = JobKind(
    "ranking", "The ranking is being computed",
    "This actor shares things with very many partners; counting them all takes a while on a graph this size",
)


def in_progress(kind: JobKind, elapsed: float, retry_after: int) -> Problem:
    return Problem(
        503,
        kind.doing,
        f"{kind.why}; the computation started {elapsed:.0f} s ago and goes on. "
        f"Ask again after {retry_after} s: the answer is kept for this graph version.",
        type_=f"{kind.name}-in-progress",
        headers={"Retry-After": str(retry_after)},
    )


def dropped(kind: JobKind) -> Problem:
    return Problem(
        503,
        "The computation was dropped",
        f"{kind.why}; this computation was dropped while the request waited for it (more recent questions "
        "took its place, or the service is stopping). Ask again to start it anew.",
        type_=f"{kind.name}-dropped",
        headers={"Retry-After": "1"},
    )


def queue_full(kind: JobKind, running: int, retry_after: int) -> Problem:
    return Problem(
        503,
        "Too many long computations",
        f"{kind.why}, and {running} such computations are already running here; this one was not started. "
        f"Ask again after {retry_after} s.",
        type_=f"{kind.name}-queue-full",
        headers={"Retry-After": str(retry_after)},
    )


class BackgroundJobs(Generic[AnswerT]):
    def __init__(
        self, wait: float, *, kind: JobKind = MATRIX, keep: int = 32, keep_prompt: bool = True,
        max_overdue: int | None = None,
    ) -> None:
        self.wait = wait
        self.kind = kind
        self.keep = keep
        self.keep_prompt = keep_prompt
        self.max_overdue = max_overdue
        self._jobs: OrderedDict[Hashable, _Job[AnswerT]] = OrderedDict()

    def _job(self, key: Hashable, compute: Callable[[], Awaitable[AnswerT]]) -> _Job[AnswerT]:
        job = self._jobs.get(key)
        if job is None or (job.task.done() and (job.task.cancelled() or job.task.exception() is not None)):
            job = _Job(asyncio.get_running_loop().create_task(compute()), time.monotonic())
            # a failure is answered to the requests waiting for it; nobody else needs to hear of it
            job.task.add_done_callback(lambda task: task.cancelled() or task.exception())
            self._jobs[key] = job
        self._jobs.move_to_end(key)
        self._evict()
        return job

    def _evict(self) -> None:
        """Drop the least recently asked kept questions beyond `keep`, cancelling them if running.

        A task that a request still waits for within its `wait` is not kept yet, so never dropped.
        """
        kept = [key for key, job in self._jobs.items() if job.overdue or job.task.done()]
        for key in kept[: max(0, len(kept) - self.keep)]:
            self._jobs.pop(key).task.cancel()

    def _overdue_running(self) -> int:
        return sum(1 for job in self._jobs.values() if job.overdue and not job.task.done())

    def request_wait(self) -> float:
        """`wait`, or less when the request's deadline is nearer (graphsvc/deadline.py): `_DEADLINE_MARGIN` before it."""
        left = time_left()
        return self.wait if left is None else max(0.0, min(self.wait, left - _DEADLINE_MARGIN))

    async def answer(self, key: Hashable, compute: Callable[[], Awaitable[AnswerT]]) -> AnswerT:
        """The computed answer for `key`, waiting at most `wait` seconds; else 503 Retry-After."""
        job = self._job(key, compute)
        try:
            # shield: a request that gives up (or is cut by its deadline) leaves the task running
            answer = await asyncio.wait_for(asyncio.shield(job.task), timeout=self.request_wait())
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # this request itself is cancelled (its deadline, the client gone)
            raise dropped(self.kind) from None  # the task was, while this request waited for it
        except TimeoutError:
            elapsed = time.monotonic() - job.started
            running = self._overdue_running()
            if not job.overdue and self.max_overdue is not None and running >= self.max_overdue:
                if self._jobs.get(key) is job:
                    del self._jobs[key]
                job.task.cancel()
                log.warning("%s %s not started in the background: %d already running", self.kind.name, key, running)
                raise queue_full(self.kind, running, max(1, math.ceil(self.wait))) from None
            job.overdue = True
            self._evict()
            retry_after = max(1, min(30, math.ceil(elapsed / 4)))
            log.info("%s %s still being computed after %.1f s", self.kind.name, key, elapsed)
            raise in_progress(self.kind, elapsed, retry_after) from None
        if not self.keep_prompt and not job.overdue and self._jobs.get(key) is job:
            del self._jobs[key]
        return answer

    def task(self, key: Hashable) -> asyncio.Task[AnswerT] | None:
        """The computation of `key` this process runs or keeps, if any."""
        job = self._jobs.get(key)
        return job.task if job is not None else None

    def cancel(self, key: Hashable) -> None:
        """Stop and forget the computation of `key` (another process computes it: graphsvc/kept_answers.py)."""
        job = self._jobs.pop(key, None)
        if job is not None:
            job.task.cancel()

    async def close(self) -> None:
        """Cancel what is still running (the service is stopping)."""
        tasks = [job.task for job in self._jobs.values() if not job.task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._jobs.clear()
