"""Answers computed in the background (graphsvc/background_jobs.py): shared, kept, retried, bounded."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graphsvc.background_jobs import MATRIX, RANKING, BackgroundJobs, JobKind
from graphsvc.errors import Problem


class Computation:
    """A stand-in for the matrix queries: counts its runs, finishes when told to."""

    def __init__(self, fail_first: bool = False) -> None:
        self.runs = 0
        self.release = asyncio.Event()
        self.fail_first = fail_first

    async def __call__(self) -> dict[str, Any]:
        self.runs += 1
        await self.release.wait()
        if self.fail_first and self.runs == 1:
            raise Problem(504, "Gateway timeout", "over the limit")
        return {"run": self.runs}


def ranking_jobs(wait: float, *, keep: int = 8, max_overdue: int | None = 1) -> BackgroundJobs:
    return BackgroundJobs(wait, kind=RANKING, keep=keep, keep_prompt=False, max_overdue=max_overdue)


@pytest.mark.parametrize("kind", [MATRIX, RANKING], ids=["matrix", "ranking"])
def test_a_slow_computation_answers_503_retry_after_then_the_kept_answer(kind: JobKind) -> None:
    async def scenario() -> None:
        jobs = BackgroundJobs(wait=0.01) if kind is MATRIX else ranking_jobs(wait=0.01)
        compute = Computation()
        with pytest.raises(Problem) as first:
            await jobs.answer("k", compute)
        assert first.value.status == 503 and first.value.type.endswith(f"/{kind.name}-in-progress")
        assert first.value.title == kind.doing
        assert int(first.value.headers["Retry-After"]) >= 1
        # a second request while it runs joins the same computation
        with pytest.raises(Problem):
            await jobs.answer("k", compute)
        compute.release.set()
        await asyncio.sleep(0)
        assert await jobs.answer("k", compute) == {"run": 1}
        assert await jobs.answer("k", compute) == {"run": 1}
        assert compute.runs == 1
        await jobs.close()

    asyncio.run(scenario())


def test_concurrent_requests_share_one_computation() -> None:
    async def scenario() -> None:
        jobs = BackgroundJobs(wait=5.0)
        compute = Computation()
        waiting = [asyncio.create_task(jobs.answer("k", compute)) for _ in range(16)]
        await asyncio.sleep(0.01)
        compute.release.set()
        assert await asyncio.gather(*waiting) == [{"run": 1}] * 16
        assert compute.runs == 1
        await jobs.close()

    asyncio.run(scenario())


def test_a_failed_computation_is_answered_and_started_again_on_the_next_request() -> None:
    async def scenario() -> None:
        jobs = BackgroundJobs(wait=5.0)
        compute = Computation(fail_first=True)
        compute.release.set()
        with pytest.raises(Problem) as failed:
            await jobs.answer("k", compute)
        assert failed.value.status == 504
        assert await jobs.answer("k", compute) == {"run": 2}
        await jobs.close()

    asyncio.run(scenario())


def test_questions_are_kept_up_to_a_bound_and_dropped_running_ones_are_cancelled() -> None:
    async def scenario() -> None:
        jobs = BackgroundJobs(wait=0.0, keep=2)
        computations = {key: Computation() for key in "abc"}
        for key, compute in computations.items():
            with pytest.raises(Problem):
                await jobs.answer(key, compute)
        await asyncio.sleep(0)
        # "a" was asked longest ago: dropped and its task cancelled; asking again starts it anew
        computations["a"].release.set()
        with pytest.raises(Problem):
            await jobs.answer("a", computations["a"])
        assert computations["a"].runs == 2
        await jobs.close()

    asyncio.run(scenario())


def test_a_prompt_answer_is_not_kept_when_asked_so() -> None:
    async def scenario() -> None:
        jobs = ranking_jobs(wait=5.0)
        compute = Computation()
        compute.release.set()
        assert await jobs.answer("k", compute) == {"run": 1}
        # the HTTP cache keeps prompt answers; a second request computes again
        assert await jobs.answer("k", compute) == {"run": 2}
        await jobs.close()

    asyncio.run(scenario())


def test_past_max_overdue_a_further_slow_ranking_is_cancelled_and_answered_queue_full() -> None:
    async def scenario() -> None:
        jobs = ranking_jobs(wait=0.01, max_overdue=1)
        slow, second = Computation(), Computation()
        with pytest.raises(Problem) as first:
            await jobs.answer("a", slow)
        assert first.value.type.endswith("/ranking-in-progress")
        with pytest.raises(Problem) as refused:
            await jobs.answer("b", second)
        assert refused.value.status == 503 and refused.value.type.endswith("/ranking-queue-full")
        assert int(refused.value.headers["Retry-After"]) >= 1
        await asyncio.sleep(0)
        # "b" was cancelled, not left running: once "a" is done, asking again starts it anew
        slow.release.set()
        await asyncio.sleep(0)
        assert await jobs.answer("a", slow) == {"run": 1}
        second.release.set()
        assert await jobs.answer("b", second) == {"run": 2}
        assert second.runs == 2
        await jobs.close()

    asyncio.run(scenario())


def test_running_prompt_tasks_are_never_dropped_to_make_room() -> None:
    async def scenario() -> None:
        jobs = ranking_jobs(wait=5.0, keep=1, max_overdue=None)
        computations = {key: Computation() for key in "abcd"}
        waiting = [asyncio.create_task(jobs.answer(key, compute)) for key, compute in computations.items()]
        await asyncio.sleep(0.01)
        for compute in computations.values():
            compute.release.set()
        assert await asyncio.gather(*waiting) == [{"run": 1}] * 4
        await jobs.close()

    asyncio.run(scenario())


def test_a_request_waiting_for_a_dropped_computation_gets_a_problem_not_a_cancellation() -> None:
    async def scenario() -> None:
        jobs = ranking_jobs(wait=5.0)
        waiting = asyncio.create_task(jobs.answer("k", Computation()))
        await asyncio.sleep(0.01)
        await jobs.close()  # as when newer questions displace it
        with pytest.raises(Problem) as dropped:
            await waiting
        assert dropped.value.status == 503 and dropped.value.type.endswith("/ranking-dropped")
        # a request cancelled itself (its deadline) is still cancelled
        again = asyncio.create_task(jobs.answer("k", Computation()))
        await asyncio.sleep(0.01)
        again.cancel()
        with pytest.raises(asyncio.CancelledError):
            await again
        await jobs.close()

    asyncio.run(scenario())
