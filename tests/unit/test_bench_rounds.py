"""The benchmark's rounds (benchmarks/bench.py `run_cases`): above one client, the service, the Query API and
the driver are measured in turn in each round, the first rotating, and each row pools its rounds."""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks.bench import Request, Stats, rotated, run_cases


class RecordingTargets:
    """Targets that answer at once and record which way each measured call went, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def _call(self, way: str, request: Request) -> bool:
        self.calls.append((way, request.path))
        return True

    async def via_service(self, request: Request) -> bool:
        return await self._call("service", request)

    async def via_query_api(self, request: Request) -> bool:
        return await self._call("query_api", request)

    async def via_driver(self, request: Request) -> bool:
        return await self._call("driver", request)


def _ways_in_order(calls: list[tuple[str, str]]) -> list[str]:
    """The ways in the order their measurements ran (consecutive calls of one way are one measurement)."""
    order: list[str] = []
    for way, _ in calls:
        if not order or order[-1] != way:
            order.append(way)
    return order


def _run(concurrency: int, requests: int, warmup: int, rounds: int, inputs: int = 3) -> tuple[
        RecordingTargets, dict[str, Any]]:
    targets = RecordingTargets()
    captured = {"entity": [Request(f"/entities/e{i}", {}, [], status=200) for i in range(inputs)]}
    results = asyncio.run(run_cases(targets, captured, concurrency, requests, warmup, 60.0,  # type: ignore[arg-type]
                                    rounds=rounds))
    return targets, results["entity"]


def test_rotated_starts_each_round_one_further_on() -> None:
    ways = ("service", "query_api", "driver")
    assert [rotated(ways, r) for r in range(4)] == [
        ["service", "query_api", "driver"],
        ["query_api", "driver", "service"],
        ["driver", "service", "query_api"],
        ["service", "query_api", "driver"],
    ]
    assert rotated((), 2) == []


def test_pooled_stats_add_up_their_rounds() -> None:
    pooled = Stats.pooled([Stats(2, 1, 1.0, [10.0, 30.0]), Stats(3, 0, 2.0, [20.0, 40.0, 50.0])])
    assert (pooled.requests, pooled.errors, pooled.seconds) == (5, 1, 3.0)
    assert sorted(pooled.latencies_ms) == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert pooled.summary()["throughput_rps"] == round(5 / 3.0, 1)
    assert pooled.summary()["p50_ms"] == 30.0


def test_above_one_client_the_ways_take_turns_and_each_row_pools_its_rounds() -> None:
    targets, row = _run(concurrency=2, requests=4, warmup=2, rounds=3)
    assert _ways_in_order(targets.calls) == [
        "service", "query_api", "driver",
        "query_api", "driver", "service",
        "driver", "service", "query_api",
    ]
    assert row["rounds"] == 3
    for way in ("service", "query_api", "driver"):
        assert row[way]["requests"] == 12  # three rounds of 4, pooled
        # warmed up in the first round only: 2 + 3 * 4 calls
        assert sum(1 for called, _ in targets.calls if called == way) == 14


def test_a_later_round_goes_on_through_the_inputs_where_the_one_before_stopped() -> None:
    targets, _ = _run(concurrency=2, requests=2, warmup=0, rounds=3, inputs=3)
    service = [path for way, path in targets.calls if way == "service"]
    # the first round asks inputs 0 and 1, the second 2 and 0, the third 1 and 2: each input twice
    assert sorted(service) == sorted([f"/entities/e{i}" for i in (0, 1, 2, 0, 1, 2)])
    assert sorted(service[2:4]) == ["/entities/e0", "/entities/e2"]


def test_one_client_is_measured_once_whatever_the_rounds() -> None:
    targets, row = _run(concurrency=1, requests=4, warmup=0, rounds=3)
    assert _ways_in_order(targets.calls) == ["service", "query_api", "driver"]
    assert row["rounds"] == 1
    assert row["service"]["requests"] == 4
