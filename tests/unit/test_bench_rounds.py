"""The benchmark's rounds (benchmarks/bench.py `run_cases`): above one client, the service, the Query API and
the driver are measured in turn in each round, the first rotating, and each row pools its rounds; with a
`CpuClock`, each way's row says the CPU each process spent per request."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from typing import Any

from benchmarks.bench import CpuClock, Request, Stats, cpu_seconds, rotated, run_cases


class RecordingTargets:
    """Targets that answer at once and record which way each measured call went, in order; each call also
    adds to `cpu`, as a `CountingClock` reads it: 1 ms of the service's CPU per call through the service,
    2 ms of the client's per call of any way."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.cpu = {"service": 0.0, "neo4j": 0.0, "client": 0.0}

    async def _call(self, way: str, request: Request) -> bool:
        self.calls.append((way, request.path))
        if way == "service":
            self.cpu["service"] += 0.001
        self.cpu["client"] += 0.002
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


class CountingClock(CpuClock):
    """A CpuClock reading the CPU the recording targets count rather than processes'."""

    def __init__(self, targets: RecordingTargets) -> None:
        super().__init__(list, lambda: None)
        self._targets = targets

    def read(self) -> dict[str, float]:
        return dict(self._targets.cpu)


def _run(concurrency: int, requests: int, warmup: int, rounds: int, inputs: int = 3,
         counted: bool = False) -> tuple[RecordingTargets, dict[str, Any]]:
    targets = RecordingTargets()
    captured = {"entity": [Request(f"/entities/e{i}", {}, [], status=200) for i in range(inputs)]}
    results = asyncio.run(run_cases(targets, captured, concurrency, requests, warmup, 60.0,  # type: ignore[arg-type]
                                    rounds=rounds, cpu=CountingClock(targets) if counted else None))
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


def test_each_way_says_the_cpu_each_process_spent_per_measured_request() -> None:
    # warmed up with 2 calls per way (counted by the targets, not measured): they must not count
    _, row = _run(concurrency=2, requests=4, warmup=2, rounds=3, counted=True)
    assert row["service"]["cpu_ms_per_request"] == {"service": 1.0, "neo4j": 0.0, "client": 2.0}
    for way in ("query_api", "driver"):
        assert row[way]["cpu_ms_per_request"] == {"service": 0.0, "neo4j": 0.0, "client": 2.0}


def test_without_a_clock_no_cpu_is_reported() -> None:
    _, row = _run(concurrency=2, requests=2, warmup=0, rounds=2)
    assert "cpu_ms_per_request" not in row["service"]


def test_pooled_stats_add_up_their_cpu() -> None:
    pooled = Stats.pooled([Stats(2, 0, 1.0, [1.0, 2.0], {"service": 0.01, "client": 0.002}),
                           Stats(3, 0, 1.0, [1.0, 2.0, 3.0], {"service": 0.02, "client": 0.003})])
    assert pooled.summary()["cpu_ms_per_request"] == {"service": 6.0, "client": 1.0}
    # rounds of which one was not clocked pool to no CPU figure, rather than a wrong one
    assert Stats.pooled([Stats(1, 0, 1.0, [1.0], {"service": 0.01}), Stats(1, 0, 1.0, [1.0])]).cpu_s == {}


def test_cpu_seconds_reads_a_process_s_user_and_system_time() -> None:
    busy = ("import time\nend = time.process_time() + 0.3\n"
            "while time.process_time() < end: pass\nimport sys; sys.stdin.read()")
    child = subprocess.Popen([sys.executable, "-c", busy], stdin=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while cpu_seconds(child.pid) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        used = cpu_seconds(child.pid)
        # the child's busy loop and its start, but not this process's CPU
        assert 0.3 <= used < 0.3 + 5.0
        assert cpu_seconds(os.getpid()) > 0
    finally:
        child.communicate(b"")
    assert cpu_seconds(child.pid) == 0.0  # reaped: gone
