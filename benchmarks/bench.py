"""The benchmark: `python -m benchmarks bench --scales 10k,100k,1m --concurrency 1,16 --requests 300`.

For each scale, a synthetic graph (`python -m benchmarks synth`) in the benchmark's own
Neo4j instance, and the same requests three ways, in the same run:

- **service**: the HTTP API (uvicorn in a subprocess on a free loopback port);
- **query-api**: the same Cypher, with the same parameters, sent to Neo4j's
  own HTTP Query API (`POST /db/neo4j/query/v2`): what a user does without
  this service;
- **driver**: the same Cypher through the async driver in this process
  (an auto-commit statement in a read session, as the service reads): the floor.

"The same Cypher" is captured, not re-typed: each request is first answered
by an in-process copy of the app whose Database hands every statement
to a `StatementLog` (after the checked `/*name*/` fills) and its parameters; the
Query-API and driver runs replay those statements in order. So when a route
runs three queries, the baseline runs the same three.

Inputs come from the synthetic graph, deterministically (`--seed`): random
connected entities, the biggest hubs, name prefixes for search. Each case has
a warm-up, then `--requests` requests by 1 and by 16 concurrent clients;
above one client, `--rounds` times, the three ways in turn in each round, and
the rounds pooled (`run_cases`).
Figures: p50, p95, p99 (ms), throughput (requests/s), errors, ratios
service/query-api and service/driver, and the service's peak RSS (VmHWM).
Then the bounded worst cases (depth-3 neighbourhood of the biggest hub, a
path between far-apart entities, a path that does not exist) with their
times, sizes and `truncated` flags.

Results go to `benchmarks/results-<scale>.json`; `BENCHMARKS.md` is rendered
from every results file there, so scales run on different days add up.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import httpx
from neo4j import READ_ACCESS, AsyncGraphDatabase, GraphDatabase, Query
from pydantic import SecretStr
from rich.console import Console

from benchmarks.report import render
from benchmarks.synth import BenchSettings, bench_instance, ensure_graph, reset_database, scale_label, stopped_after
from graphsvc.app import GC_THRESHOLDS
from graphsvc.cooperation_service import EVENT_ROSTERS, REACH
from graphsvc.db import Database, connection_info, cypher_files
from graphsvc.local_neo4j import LocalNeo4j
from graphsvc.settings import PROJECT_ROOT, Settings

RESULTS_DIR = PROJECT_ROOT / "benchmarks"
REPORT = PROJECT_ROOT / "BENCHMARKS.md"
DISTINCT_INPUTS = 60
MATRIX_CASE = "matrix"
console = Console()
T = TypeVar("T")


# -- capturing what the service runs ------------------------------------------------
class StatementLog:
    """What a Database reads, as `(statement text, parameters)`, while `calls` is a list.

    Given to the Database as its `on_read`: it sees the text sent (after the `// filter:` lines and the
    checked `/*name*/` fills) of every read, `read`, `read_each` and `graph_version` alike.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] | None = None

    def __call__(self, text: str, parameters: Mapping[str, Any]) -> None:
        if self.calls is not None:
            # a deep copy: the caller may change a list it passed once the statement has run (paths'
            # `exclude` grows between its statements), and the replay must send what was sent
            self.calls.append((text, copy.deepcopy(dict(parameters))))


@dataclass
class Request:
    path: str
    params: dict[str, Any]
    statements: list[tuple[str, dict[str, Any]]]
    status: int = 0
    seconds: float = 0.0  # how long the in-process answer took while captured


async def capture(settings: Settings, requests: list[tuple[str, dict[str, Any]]],
                  budget_s: float = float("inf"), minimum: int = 3) -> list[Request]:
    """Answer each request in-process, recording the statements the service runs for it.

    Stops taking further inputs after `budget_s` seconds (at least `minimum` inputs).
    """
    from graphsvc.app import create_app

    # the matrix and a hub's ranking are computed in the background: here the request waits for them
    # (past the usual request deadline too), so that their statements are recorded
    patient = settings.matrix_query_timeout * 8
    app = create_app(settings.model_copy(update={"matrix_wait": patient, "request_timeout": patient + 1}))
    log = StatementLog()
    database = Database(connection_info(settings), cypher_files(settings), settings, on_read=log)
    app.state.db, app.state.db_error = database, None
    captured: list[Request] = []
    transport = httpx.ASGITransport(app=app)
    try:
        if any(is_ranking(path) for path, _ in requests):
            # the statements of a ranking as the measured service runs them: with its rosters and reach arrays read
            version = await database.graph_version()
            await EVENT_ROSTERS.read(database, version, settings.cooperation_query_timeout)
            await REACH.read(database, version, settings.cooperation_query_timeout)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client:
            started = time.perf_counter()
            for path, params in requests:
                if len(captured) >= minimum and time.perf_counter() - started > budget_s:
                    break
                log.calls = []
                asked = time.perf_counter()
                response = await client.get(path, params=params)
                captured.append(Request(path, params, log.calls, response.status_code, time.perf_counter() - asked))
    finally:
        await database.close()
    return captured


def collector_as_the_service_sets_it() -> None:
    """This process's cyclic garbage collector, from the measurements on, as the service's (graphsvc/app.py,
    `GC_THRESHOLDS`), what it holds so far frozen out of its way.

    This process is the client of every way, and the driver replaying the
    statements above all: its CPU per answer is the floor the service is
    compared with. The benchmark's own bookkeeping lives through the run (the
    graph's entities, the captured statements, a hub's with tens of thousands
    of ids): unfrozen, every full collection walks it, and one that falls in a
    measurement is counted as that way's client CPU (benchmarks/notes.md says
    what one costs). Frozen, it is never collected: the process ends with the run.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def is_ranking(path: str) -> bool:
    """A /cooperation/{id}: unfiltered (as the benchmark asks them), ranked from the hub-event rosters once
    a process has read them."""
    return path.startswith("/cooperation/") and path != "/cooperation/matrix"


# /health's `query_plans` once the start-up warm-up has nothing left to do (done, given up, or switched off)
PLANS_SETTLED = ("warmed", "failed", "off")


async def started_up(service: Service, wait_s: float) -> tuple[float | None, float | None, float | None]:
    """Wait until the service's /health says its hub-event rosters and its reach arrays are `ready` and its
    query plans warmed (it does all three in the background when it starts, docs/cooperation-scoring.md), so
    that the cases measure a service that has been up a while: the seconds from the service's start at which
    each was seen, its own start-up included, None for one not done within `wait_s` (rankings are then
    measured walking every event, or their programmes and institutions, or planning their statements)."""
    rosters_s = reach_s = plans_s = None
    async with httpx.AsyncClient(base_url=service.url, timeout=wait_s) as client:
        deadline = time.perf_counter() + wait_s
        while time.perf_counter() < deadline and (rosters_s is None or reach_s is None or plans_s is None):
            health = (await client.get("/health")).json()
            if rosters_s is None and health.get("hub_event_rosters") == "ready":
                rosters_s = time.perf_counter() - service.started
            if reach_s is None and health.get("reach_arrays") == "ready":
                reach_s = time.perf_counter() - service.started
            if plans_s is None and health.get("query_plans") in PLANS_SETTLED:
                plans_s = time.perf_counter() - service.started
            await asyncio.sleep(0.2)
    return rosters_s, reach_s, plans_s


async def every_worker_ready(service: Service, wait_s: float) -> float | None:
    """Seconds from the service's start until each of its workers had said on /health that it holds the rosters
    and reach arrays and has warmed its plans; None if not within `wait_s`. Each worker answers for itself
    (`worker`), and which one answers is the kernel's choice: every answer comes on a new connection."""
    latest: dict[str, bool] = {}
    async with httpx.AsyncClient(base_url=service.url, timeout=wait_s, headers={"Connection": "close"}) as client:
        deadline = time.perf_counter() + wait_s
        while time.perf_counter() < deadline:
            health = (await client.get("/health")).json()
            latest[health.get("worker", "")] = (
                health.get("hub_event_rosters") == "ready" and health.get("reach_arrays") == "ready"
                and health.get("query_plans") in PLANS_SETTLED)
            if len(latest) >= service.workers and all(latest.values()):
                return time.perf_counter() - service.started
            await asyncio.sleep(0.05)
    return None


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# -- measuring -------------------------------------------------------------------
@dataclass
class Stats:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    # CPU seconds each process used while the requests ran (`CpuClock`): empty when not measured
    cpu_s: dict[str, float] = field(default_factory=dict)

    def percentile(self, q: float) -> float:
        values = sorted(self.latencies_ms)
        if not values:
            return float("nan")
        index = min(len(values) - 1, max(0, int(round(q / 100 * len(values) + 0.5)) - 1))
        return values[index]

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_ms": round(sum(self.latencies_ms) / max(1, len(self.latencies_ms)), 2),
            "throughput_rps": round(self.requests / self.seconds, 1) if self.seconds else None,
            **({"cpu_ms_per_request": {who: round(seconds * 1000 / self.requests, 2)
                                       for who, seconds in self.cpu_s.items()}}
               if self.cpu_s and self.requests else {}),
        }

    @staticmethod
    def pooled(parts: Sequence[Stats]) -> Stats:
        """One measurement's rounds as one: their requests, errors, seconds and latencies together."""
        cpu_s = ({who: sum(p.cpu_s[who] for p in parts) for who in parts[0].cpu_s}
                 if parts and all(p.cpu_s.keys() == parts[0].cpu_s.keys() for p in parts) else {})
        return Stats(sum(p.requests for p in parts), sum(p.errors for p in parts), sum(p.seconds for p in parts),
                     [latency for p in parts for latency in p.latencies_ms], cpu_s)


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a process has used, all its threads (0 if it is gone): /proc/<pid>/stat."""
    try:
        # the fields after the command's name in parentheses (which may hold spaces): utime and stime are the
        # 14th and 15th of the line, the 12th and 13th after it
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


class CpuClock:
    """The CPU used by the service's processes, Neo4j's and this one (the client: the HTTP client or the
    driver replaying the statements), read before and after a measurement.

    On a machine the three share, a ratio of latencies says that one way is
    slower, not where its time goes: these say which process spends the CPU
    per request, and so what a way's throughput is bound by.
    """

    def __init__(self, service: Callable[[], Sequence[int]], neo4j: Callable[[], int | None]) -> None:
        self._service = service
        self._neo4j = neo4j

    def read(self) -> dict[str, float]:
        neo4j = self._neo4j()
        return {"service": sum(cpu_seconds(pid) for pid in self._service()),
                "neo4j": cpu_seconds(neo4j) if neo4j is not None else 0.0,
                "client": time.process_time()}

    @staticmethod
    def used(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, float]:
        return {who: max(0.0, after[who] - before[who]) for who in before}


def rotated(items: Sequence[T], round_: int) -> list[T]:
    """`items` in the order of round `round_`: each round starts one further on, so none is always first."""
    shift = round_ % len(items) if items else 0
    return [*items[shift:], *items[:shift]]


async def measure(call: Callable[[int], Awaitable[bool]], inputs: int, concurrency: int, requests: int,
                  warmup: int, max_seconds: float = float("inf"), min_requests: int = 5, first: int = 0,
                  cpu: CpuClock | None = None) -> Stats:
    """`warmup` unmeasured calls, then `requests` calls from `concurrency` workers, cycling through the inputs
    from input `first` (a later round goes on where the one before stopped). `cpu`: the CPU each process
    used while the measured calls ran (the warm-up not counted).

    No new request starts after `max_seconds` once `min_requests` are done (slow cases stay bounded);
    the figures say how many were measured.
    """
    warm_started = time.perf_counter()
    for i in range(warmup):
        try:
            await call(i % inputs)
        except Exception:  # unmeasured: a statement cut at its time limit on a busy machine must not end the run
            pass
        if time.perf_counter() - warm_started > max_seconds / 4:
            break
    latencies: list[float] = []
    errors = 0
    next_index = 0

    async def worker() -> None:
        nonlocal next_index, errors
        while next_index < requests:
            if next_index >= min_requests and time.perf_counter() - run_started > max_seconds:
                return
            i = next_index
            next_index += 1
            started = time.perf_counter()
            try:
                ok = await call((first + i) % inputs)
            except Exception:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            if not ok:
                errors += 1

    cpu_before = cpu.read() if cpu is not None else {}
    run_started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - run_started
    cpu_used = CpuClock.used(cpu_before, cpu.read()) if cpu is not None else {}
    return Stats(len(latencies), errors, seconds, latencies, cpu_used)


@dataclass(frozen=True)
class Answer:
    """What an HTTP target answered, read whole."""

    status_code: int
    content: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        return json.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class HttpTarget:
    """The benchmark's HTTP client: aiohttp, with as many kept-alive connections as concurrent clients.

    Not httpx: its requests cost this process more CPU than the service spends answering them (measured in
    benchmarks/notes.md), taken from the cores the service and Neo4j run on, while the driver floor it is
    compared with pays none of it. aiohttp's client (its HTTP parser in C) costs a small part of that.
    """

    def __init__(self, connections: int, base_url: str = "", auth: tuple[str, str] | None = None) -> None:
        self.base_url = base_url
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=connections),
            timeout=aiohttp.ClientTimeout(total=120),
            headers={"Authorization": aiohttp.encode_basic_auth(*auth)} if auth else None,
        )

    async def get(self, path: str, params: Mapping[str, Any] | None = None) -> Answer:
        async with self.session.get(self.base_url + path, params=_query(params)) as response:
            return Answer(response.status, await response.read(), response.headers)

    async def post_json(self, url: str, body: Any) -> Answer:
        async with self.session.post(url, json=body) as response:
            return Answer(response.status, await response.read(), response.headers)

    async def close(self) -> None:
        await self.session.close()


def _query(params: Mapping[str, Any] | None) -> dict[str, str | int | float]:
    """Query parameters as the service's clients write them: booleans `true`/`false`, as httpx did."""
    return {name: str(value).lower() if isinstance(value, bool) else value for name, value in (params or {}).items()}


class Targets:
    """The three ways of asking: the service, Neo4j's Query API, the driver in-process."""

    def __init__(self, service_url: str, query_api_url: str, auth: tuple[str, str], bolt_uri: str,
                 query_timeout: float, concurrency: int) -> None:
        self.service = HttpTarget(concurrency, service_url)
        self.query_api = HttpTarget(concurrency, auth=auth)
        self.query_api_url = query_api_url
        # Configured like the service's driver (graphsvc/db.py): without it, every statement naming a
        # type the graph lacks would log a warning here and slow the floor the service is compared with.
        self.driver = AsyncGraphDatabase.driver(bolt_uri, auth=auth, max_connection_pool_size=max(16, concurrency),
                                                notifications_disabled_classifications=["UNRECOGNIZED"])
        self.query_timeout = query_timeout

    async def close(self) -> None:
        await self.service.close()
        await self.query_api.close()
        await self.driver.close()

    async def via_service(self, request: Request) -> bool:
        response = await self.service.get(request.path, request.params)
        return response.status_code == 200

    async def via_query_api(self, request: Request) -> bool:
        ok = True
        for statement, parameters in request.statements:
            response = await self.query_api.post_json(
                self.query_api_url, {"statement": statement, "parameters": parameters}
            )
            ok = ok and response.status_code in (200, 202) and not response.json().get("errors")
        return ok

    async def via_driver(self, request: Request, timeout: float | None = None) -> bool:
        # The cheapest read the driver offers, as the service reads (Database._auto_commit_read):
        # an auto-commit statement in a read session, its records consumed.
        for statement, parameters in request.statements:
            async with self.driver.session(database="neo4j", default_access_mode=READ_ACCESS) as session:
                result = await session.run(
                    Query(statement, timeout=timeout or self.query_timeout),  # type: ignore[arg-type]
                    parameters,
                )
                async for _ in result:
                    pass
        return True


# -- the service under test --------------------------------------------------------
def _resident_mib(pid: int) -> dict[str, float]:
    """VmHWM and VmRSS of one process, MiB (empty if it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    figures: dict[str, float] = {}
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            figures[key] = round(int(value.split()[0]) / 1024, 1)
    return figures


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (uvicorn's workers under its supervisor)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the fourth field, after the command's name in parentheses (which may hold spaces)
            parent = int(stat.read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid:
            children.append(int(stat.parent.name))
    return children


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """uvicorn in a subprocess against the bench Neo4j, with `workers` worker processes under uvicorn's
    supervisor when more than one."""

    def __init__(self, bolt_uri: str, password: str, extra_env: Mapping[str, str] | None = None,
                 workers: int = 1) -> None:
        self.port = free_port()
        self.started = time.perf_counter()
        self.workers = workers
        env = dict(os.environ, NEO4J_URI=bolt_uri, NEO4J_PASSWORD=password, NEO4J_USER="neo4j",
                   GRAPHSVC_CACHE_ENABLED="false", **(extra_env or {}))
        command = [sys.executable, "-m", "uvicorn", "graphsvc.app:create_app", "--factory", "--host", "127.0.0.1",
                   "--port", str(self.port), "--log-level", "warning", "--no-access-log"]
        if workers > 1:
            command += ["--workers", str(workers)]
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the service exited during start-up")
            try:
                if httpx.get(self.url + "/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("the service did not answer /health within 60 s")

    def pids(self) -> list[int]:
        """The service's processes: uvicorn's, and its workers' when it has several."""
        return [self.process.pid, *(children_of(self.process.pid) if self.workers > 1 else ())]

    def memory(self) -> dict[str, float]:
        """Peak and current resident memory of the service process, MiB. With several workers, those of the
        largest process (each worker holds its own rosters and reach arrays), and `VmRSS_total`: every
        process's, the supervisor's included."""
        processes = [_resident_mib(pid) for pid in (self.process.pid, *children_of(self.process.pid))]
        processes = [figures for figures in processes if figures]
        figures = {key: max(p.get(key, 0.0) for p in processes) for key in ("VmHWM", "VmRSS")} if processes else {}
        if self.workers > 1:
            figures["VmRSS_total"] = round(sum(p.get("VmRSS", 0.0) for p in processes), 1)
        return figures

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- inputs from the synthetic graph ---------------------------------------------
@dataclass
class Inputs:
    connected: list[tuple[str, str, str]]  # (id, type, name) of entities with at least one link
    hubs: list[tuple[str, str, int]]  # (id, type, degree), biggest first
    leaves: list[str]  # entities with exactly one link
    isolated: list[str]  # entities with no link


def pick_inputs(bolt_uri: str, auth: tuple[str, str]) -> Inputs:
    with GraphDatabase.driver(bolt_uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n:Entity) RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, "
            "n.name AS name, COUNT { (n)--(:Entity) } AS degree ORDER BY id"
        )
    rows = [(r["id"], r["type"], r["name"], r["degree"]) for r in records]
    hubs = sorted(((i, t, d) for i, t, _, d in rows), key=lambda h: (-h[2], h[0]))[:10]
    return Inputs(
        connected=[(i, t, n) for i, t, n, d in rows if d > 0],
        hubs=hubs,
        leaves=[i for i, _, _, d in rows if d == 1],
        isolated=[i for i, _, _, d in rows if d == 0],
    )


def case_requests(inputs: Inputs, seed: int, count: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Each case's distinct requests, deterministic for the seed."""
    rng = random.Random(seed)
    sample = [inputs.connected[i] for i in rng.sample(range(len(inputs.connected)), min(count * 2, len(inputs.connected)))]
    ids = [i for i, _, _ in sample]
    actors = [i for i, t, _ in inputs.connected if t in ("State", "Organisation")]
    actor_sample = [actors[i] for i in rng.sample(range(len(actors)), min(count, len(actors)))]
    prefixes = []
    for _, _, name in sample[:count]:
        word = name.split()[0] if rng.random() < 0.5 else name.split()[-1]
        prefixes.append(word[: rng.randint(4, max(4, len(word)))] if len(word) > 4 else word)
    pairs = [(ids[i], ids[-1 - i]) for i in range(count)]
    return {
        "search": [("/entities", {"q": p, "limit": 20}) for p in prefixes],
        "entity": [(f"/entities/{i}", {}) for i in ids[:count]],
        "neighbourhood_d1": [(f"/entities/{i}/neighbourhood", {"depth": 1}) for i in ids[:count]],
        "neighbourhood_d2": [(f"/entities/{i}/neighbourhood", {"depth": 2}) for i in ids[:count]],
        "shortest_path": [("/paths", {"from": a, "to": b, "k": 1}) for a, b in pairs],
        "paths_k5": [("/paths", {"from": a, "to": b, "k": 5}) for a, b in pairs],
        "cooperation": [(f"/cooperation/{i}", {}) for i in actor_sample],
        MATRIX_CASE: [("/cooperation/matrix", {"type": "State"})],
    }


def worst_case_requests(inputs: Inputs, seed: int, settings: Settings) -> dict[str, tuple[str, dict[str, Any]]]:
    rng = random.Random(seed + 1)
    hub = inputs.hubs[0][0]
    cases: dict[str, tuple[str, dict[str, Any]]] = {
        "neighbourhood_d3_biggest_hub": (f"/entities/{hub}/neighbourhood", {"depth": settings.max_depth}),
        "paths_between_two_biggest_hubs_k5": ("/paths", {"from": hub, "to": inputs.hubs[1][0], "k": 5}),
    }
    if len(inputs.leaves) >= 2:
        a, b = rng.sample(inputs.leaves, 2)
        cases["paths_leaf_to_leaf_max_hops_k5"] = ("/paths", {"from": a, "to": b, "k": 5, "max_hops": settings.max_hops})
    if inputs.isolated:
        cases["paths_isolated_to_hub_none"] = ("/paths", {"from": rng.choice(inputs.isolated), "to": hub,
                                                          "max_hops": settings.max_hops})
    return cases


# -- one scale ------------------------------------------------------------------
async def run_cases(targets: Targets, captured: dict[str, list[Request]], concurrency: int, requests: int,
                    warmup: int, max_seconds: float,
                    memory: Callable[[], dict[str, float]] | None = None, rounds: int = 1,
                    cpu: CpuClock | None = None) -> dict[str, Any]:
    """Each case measured three ways: the service, the Query API and the driver (`cpu`: with the CPU each
    process used per request).

    Above one client, in `rounds` rounds: each round measures the three in
    turn, `requests` requests each, the one going first rotating from round
    to round, and a row pools its rounds. The machine's speed drifts within
    minutes; three measurements taken one after the other, each once, compare
    different minutes, and the ratio of two saturated p95s moves with them.
    """
    results: dict[str, Any] = {}
    rounds = rounds if concurrency > 1 else 1
    for case, reqs in captured.items():
        if case == MATRIX_CASE:  # a computation kept per graph version, not a request: run_matrix_case
            continue
        good = [r for r in reqs if r.status == 200]
        if not good:
            statuses = sorted({r.status for r in reqs})
            results[case] = {"skipped": f"the service answered {statuses} to every input"}
            console.print(f"  [yellow]{case}: skipped (statuses {statuses})[/]")
            continue
        row: dict[str, Any] = {"inputs": len(good), "statements_per_request": round(
            sum(len(r.statements) for r in good) / len(good), 2), "load_before": os.getloadavg()[0]}
        ways = (("service", targets.via_service), ("query_api", targets.via_query_api),
                ("driver", targets.via_driver))
        measured: dict[str, list[Stats]] = {name: [] for name, _ in ways}
        for round_ in range(rounds):
            for name, fn in rotated(ways, round_):
                done = sum(stats.requests for stats in measured[name])
                measured[name].append(await measure(lambda i, fn=fn: fn(good[i]), len(good), concurrency, requests,
                                                    warmup if round_ == 0 else 0, max_seconds, first=done, cpu=cpu))
        for name, _ in ways:
            row[name] = Stats.pooled(measured[name]).summary()
        row["rounds"] = rounds
        row["load_after"] = os.getloadavg()[0]
        if memory is not None:  # VmHWM only grows: the case that raises it is the one that needed the memory
            row["service_memory_mib"] = memory()
        for base in ("query_api", "driver"):
            for q in ("p50_ms", "p95_ms"):
                b = row[base][q]
                row[f"service_over_{base}_{q[:3]}"] = round(row["service"][q] / b, 2) if b else None
        results[case] = row
        console.print(
            f"  {case:<18} c={concurrency:<3} service p95 {row['service']['p95_ms']:8.1f} ms "
            f"({row['service']['throughput_rps']:7.1f}/s)  query-api p95 {row['query_api']['p95_ms']:8.1f}  "
            f"driver p95 {row['driver']['p95_ms']:8.1f}  svc/qapi {row['service_over_query_api_p95']}  "
            f"svc/drv {row['service_over_driver_p95']}  errors {row['service']['errors']}/"
            f"{row['query_api']['errors']}/{row['driver']['errors']}"
        )
    return results


async def run_background_case(targets: Targets, request: Request, statement_timeout: float, kept: int = 20,
                              poll_s: float = 0.5, label: str = "matrix") -> dict[str, Any]:
    """A computation the service finishes in the background (the state matrix, a hub's ranking): how long it
    takes, three ways, once each, and then the kept answer.

    The service computes it once per graph version in the background
    (graphsvc/background_jobs.py) and answers 503 Retry-After until it is ready,
    so repeating the request measures the kept answer, not the computation.
    Measured: the time from the first request to the first 200 (polling every
    `poll_s` seconds), the same statements run one after the other through
    the Query API and through the driver, then `kept` requests for the kept answer.
    """
    row: dict[str, Any] = {"path": request.path, "params": request.params, "statements": len(request.statements)}
    started = time.perf_counter()
    deadline = started + statement_timeout * len(request.statements)
    statuses: list[int] = []
    while True:
        response = await targets.service.get(request.path, request.params)
        statuses.append(response.status_code)
        if response.status_code != 503 or time.perf_counter() > deadline:
            break
        await asyncio.sleep(poll_s)
    row["service_s"] = round(time.perf_counter() - started, 2)
    row["http_status"] = response.status_code
    row["answers_503_while_computing"] = statuses.count(503)
    if response.status_code == 200:
        body = response.json()
        row["entities"] = len(body["entities"]) if "entities" in body else None
        row["total"] = body.get("total")
        row["bytes"] = len(response.content)
    started = time.perf_counter()
    ok = await targets.via_query_api(request)
    row["query_api_s"] = round(time.perf_counter() - started, 2) if ok else "error"
    started = time.perf_counter()
    try:
        await targets.via_driver(request, timeout=statement_timeout)
        row["driver_s"] = round(time.perf_counter() - started, 2)
    except Exception as exc:  # e.g. over the time limit
        row["driver_s"] = f"error: {type(exc).__name__}"
    for base in ("query_api", "driver"):
        value = row[f"{base}_s"]
        row[f"service_over_{base}"] = round(row["service_s"] / value, 2) if isinstance(value, float) and value else None
    times = []
    for _ in range(kept):
        t0 = time.perf_counter()
        await targets.service.get(request.path, request.params)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    row["kept_answer_p50_ms"] = round(times[len(times) // 2], 1)
    console.print(f"  {label}: {row}")
    return row


async def run_worst_cases(targets: Targets, captured: dict[str, Request], service: Service,
                          repeats: int = 3) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for case, request in captured.items():
        row: dict[str, Any] = {"path": request.path, "params": request.params, "status": request.status,
                               "statements": len(request.statements)}
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = await targets.service.get(request.path, request.params)
            times.append((time.perf_counter() - started) * 1000)
        row["service_ms"] = [round(t, 1) for t in times]
        row["http_status"] = response.status_code
        row["bytes"] = len(response.content)
        if response.status_code == 200:
            body = response.json()
            if "paths" in body:
                row["paths"] = len(body["paths"])
                row["lengths"] = [p["length"] for p in body["paths"]]
            else:
                row["nodes"], row["edges"] = len(body.get("nodes", [])), len(body.get("edges", []))
            row["truncated"] = body.get("truncated")
        else:
            row["problem"] = response.json().get("title") if response.headers.get("content-type", "").startswith(
                "application/problem") else response.text[:200]
        driver_times = []
        for _ in range(repeats):
            started = time.perf_counter()
            try:
                await targets.via_driver(request)
                driver_times.append(round((time.perf_counter() - started) * 1000, 1))
            except Exception as exc:  # e.g. the per-query timeout
                driver_times.append(f"error: {type(exc).__name__}")
        row["driver_ms"] = driver_times
        row["service_memory_mib"] = service.memory()
        results[case] = row
        console.print(f"  worst case {case}: {row}")
    return results


def measure_seed_load(local: Any, seed_dir: Path | None, settings: Settings) -> dict[str, Any]:
    """Time `graphsvc seed load` (the CLI, end to end) into the bench instance, three ways, and its parts."""
    env = dict(os.environ, NEO4J_URI=local.bolt_uri, NEO4J_PASSWORD=local.password())
    if seed_dir is not None:
        env["GRAPHSVC_SEED_DIR"] = str(seed_dir)
    auth = ("neo4j", local.password())

    def empty_warm() -> None:
        with GraphDatabase.driver(local.bolt_uri, auth=auth) as driver, driver.session() as session:
            # CALL … IN TRANSACTIONS needs an auto-commit transaction (session.run).
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    runs = []
    for label, prepare in (("freshly started server, empty database", lambda: reset_database(local)),
                           ("reload of the same seed", lambda: None),
                           ("warm server, emptied database", empty_warm)):
        prepare()
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "graphsvc.cli", "seed", "load", "--quiet"], cwd=PROJECT_ROOT,
                                env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        runs.append({"run": label, "cli_wall_s": round(wall, 2), "exit": result.returncode,
                     "output": (result.stdout + result.stderr).strip().splitlines()[-1:]})
        console.print(f"  seed load ({label}): {wall:.2f} s wall, {runs[-1]['output']}")
    # The parts, in-process (warm server, emptied database): validation, schema, the write transaction.
    from graphsvc.curation import loader, seedfiles

    empty_warm()
    parts: dict[str, float] = {}
    started = time.perf_counter()
    report = seedfiles.validate(seed_dir or settings.seed_dir, settings.sources_dir)
    parts["validate_s"] = round(time.perf_counter() - started, 2)
    with GraphDatabase.driver(local.bolt_uri, auth=auth) as driver:
        started = time.perf_counter()
        loader.apply_schema(driver, settings, "neo4j")
        parts["schema_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        loader.load_seed(driver, report.seed, settings, "neo4j", progress=False)
        parts["load_transaction_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import graphsvc.cli, graphsvc.curation.loader"], cwd=PROJECT_ROOT)
    parts["python_imports_s"] = round(time.perf_counter() - started, 2)
    console.print(f"  seed load parts (in-process, warm): {parts}")
    return {"runs": runs, "parts": parts}


async def bench_scale(settings: Settings, relationships: int, *, concurrency: list[int], requests: int,
                      warmup: int, seed: int, instance: str | None, reload: bool,
                      max_seconds: float, only: set[str] | None = None, rounds: int = 1) -> dict[str, Any]:
    """One scale's measurements: every case, or those `only` names (see `add_arguments`, `--cases`)."""
    label = scale_label(relationships)
    console.rule(f"scale {label}: {relationships:,} relationships")
    local, load = ensure_graph(settings, relationships, seed, instance, force=reload)
    auth = ("neo4j", local.password())
    result: dict[str, Any] = {"scale": label, "relationships": relationships, "seed": seed,
                              "requests_asked": requests, "max_seconds_per_measurement": max_seconds,
                              "rounds_above_one_client": rounds,
                              "date": dt.datetime.now().isoformat(timespec="seconds")}
    if load is not None:
        result["load"] = {
            "entities": load.nodes, "relationships": load.relationships,
            "generate_s": round(load.generate_seconds, 2), "entities_s": round(load.node_seconds, 2),
            "relationships_s": round(load.relationship_seconds, 2),
            "relationships_per_s": round(load.relationships_per_second),
            "fulltext_index_s": round(load.index_seconds, 2),
            "server_cpu_s": round(load.server_cpu_seconds, 2) if load.server_cpu_seconds else None,
            "method": load.method,
        }
        if load.method == "import":
            result["load"].update({"csv_s": round(load.csv_seconds, 2), "import_s": round(load.import_seconds, 2),
                                   "restart_s": round(load.restart_seconds, 2),
                                   "fixup_s": round(load.fixup_seconds, 2)})
        console.print(f"  loaded: {result['load']}")
    # Rankings are walked while the inputs are captured and measured, none kept by an earlier run is
    # read, and none is kept (see below); case `cooperation_kept` measures them kept. A matrix kept
    # by an earlier run would be captured as the read of it rather than its computation.
    for what in ("ranking", "matrix"):
        forget_kept(local.bolt_uri, auth, what)
    service_settings = settings.model_copy(update={"neo4j_uri": local.bolt_uri, "neo4j_password": SecretStr(auth[1]),
                                                   "cooperation_keep_after": math.inf})
    inputs = pick_inputs(local.bolt_uri, auth)
    result["graph"] = {"entities": len(inputs.connected) + len(inputs.isolated), "connected": len(inputs.connected),
                       "hubs": [list(h) for h in inputs.hubs[:5]]}
    # case `cooperation_workers` measures case `cooperation`'s inputs again, against several workers
    cases = {case: reqs for case, reqs in case_requests(inputs, seed, DISTINCT_INPUTS).items()
             if only is None or case in only or (case == "cooperation" and "cooperation_workers" in only)}
    captured = {case: await capture(service_settings, reqs, budget_s=max_seconds) for case, reqs in cases.items()}
    worst = worst_case_requests(inputs, seed, settings) if only is None or "worst" in only else {}
    worst_captured = {case: (await capture(service_settings, [req]))[0] for case, req in worst.items()}
    ranking_actor = biggest_actor(inputs) if only is None or "ranking" in only else None
    ranking_request = (await capture(service_settings, [(f"/cooperation/{ranking_actor}", {})]))[0] \
        if ranking_actor else None
    collector_as_the_service_sets_it()
    # Each measured request computes its ranking in full, or is cut at the wait, as before background
    # rankings: a kept answer would be compared with a driver replay that computes it again.
    service = Service(local.bolt_uri, auth[1], {"GRAPHSVC_COOPERATION_BACKGROUND": "0",
                                                "GRAPHSVC_COOPERATION_KEEP_AFTER": "inf"})
    try:
        result["service_memory_after_start_mib"] = service.memory()
        # Every case, not only the rankings, measures a service that has been up a while: its start-up reads
        # would otherwise share the cores with the first cases, and count in the service's CPU of every way.
        rosters_s, reach_s, plans_s = await started_up(service, settings.cooperation_query_timeout)
        result["hub_event_rosters_ready_s"], result["reach_arrays_ready_s"], result["query_plans_warmed_s"] = \
            _seconds(rosters_s), _seconds(reach_s), _seconds(plans_s)
        console.print(f"  hub-event rosters ready {result['hub_event_rosters_ready_s']} s, reach arrays "
                      f"{result['reach_arrays_ready_s']} s and query plans warmed "
                      f"{result['query_plans_warmed_s']} s after the service started")
        result["runs"] = {}
        cpu = CpuClock(service.pids, local.pid)

        def targets_for(clients: int) -> Targets:
            return Targets(service.url, f"{local.http_url}/db/neo4j/query/v2", auth, local.bolt_uri,
                           settings.query_timeout, clients)

        for c in concurrency:
            targets = targets_for(c)
            try:
                result["runs"][str(c)] = await run_cases(targets, captured, c, requests, warmup, max_seconds,
                                                         service.memory, rounds, cpu)
            finally:
                await targets.close()
        rankings = [(r.path, r.params) for r in captured.get("cooperation", []) if r.status == 200]
        result["quiet"] = {}
        if rankings:
            result["quiet"]["cooperation_kept"] = quiet_database(local.bolt_uri, auth, "cooperation_kept")
            result["cooperation_kept"] = await run_kept_ranking_case(
                service_settings, rankings, targets_for, concurrency, requests, warmup, max_seconds, service.memory,
                rounds, cpu)
        targets = targets_for(1)  # the matrix, then the worst cases, one request at a time
        try:
            matrix_requests = [r for r in captured.get(MATRIX_CASE, []) if r.status == 200]
            if matrix_requests:
                forget_kept(local.bolt_uri, auth, "matrix")  # kept by the capture: the first answer is measured
                result["quiet"]["matrix"] = quiet_database(local.bolt_uri, auth, "matrix")
                result["matrix"] = await run_background_case(targets, matrix_requests[0],
                                                             settings.matrix_query_timeout)
            else:
                result["matrix"] = {"skipped": "the in-process capture got no answer"}
            result["service_memory_after_load_mib"] = service.memory()
            result["worst_cases"] = await run_worst_cases(targets, worst_captured, service)
        finally:
            await targets.close()
        result["service_memory_end_mib"] = service.memory()
    finally:
        service.stop()
    workers = os.cpu_count() or 1
    if rankings and workers > 1 and (only is None or "cooperation_workers" in only):
        forget_kept(local.bolt_uri, auth, "ranking")  # kept by case cooperation_kept: each is ranked again
        result["quiet"]["cooperation_workers"] = quiet_database(local.bolt_uri, auth, "cooperation_workers")
        result["cooperation_workers"] = await run_workers_case(
            local, auth, [r for r in captured["cooperation"] if r.status == 200], concurrency, requests, warmup,
            max_seconds, settings.cooperation_query_timeout, settings.query_timeout, workers, rounds)
    if ranking_request is not None:
        result.setdefault("quiet", {})["ranking"] = quiet_database(local.bolt_uri, auth, "the biggest actor's ranking")
        result["ranking_biggest_actor"] = await run_ranking_case(
            local, auth, ranking_request, settings.cooperation_query_timeout, settings.query_timeout
        )
    return result


def quiet_database(bolt_uri: str, auth: tuple[str, str], what: str, max_wait_s: float = 300.0) -> dict[str, Any]:
    """Wait until Neo4j runs no statement but this one, before a case measured once (the matrix, the biggest
    actor) or right after the 16-client cases.

    A request cut at its wait (the service's or the driver replay's) ends for the client, but its statement
    runs on in Neo4j until its own time limit: measured then, a case would share the cores with them.
    """
    started = time.perf_counter()
    running_at_start = None
    with GraphDatabase.driver(bolt_uri, auth=auth) as driver:
        while True:
            records, _, _ = driver.execute_query(
                "SHOW TRANSACTIONS YIELD currentQuery "
                "WHERE currentQuery <> '' AND NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' RETURN count(*) AS n"
            )
            running = records[0]["n"]
            running_at_start = running if running_at_start is None else running_at_start
            if running == 0 or time.perf_counter() - started > max_wait_s:
                break
            time.sleep(1.0)
    quiet = {"running_at_start": running_at_start, "still_running": running,
             "waited_s": round(time.perf_counter() - started, 1)}
    console.print(f"  before {what}: {quiet}")
    return quiet


def forget_kept(bolt_uri: str, auth: tuple[str, str], what: str) -> None:
    """Drop the answers of one kind (ranking, matrix) kept in the bench graph (graphsvc/kept_answers.py)."""
    with GraphDatabase.driver(bolt_uri, auth=auth) as driver:
        driver.execute_query("MATCH (k:KeptAnswer {what: $what}) DELETE k", what=what)


async def run_kept_ranking_case(
    settings: Settings, rankings: list[tuple[str, dict[str, Any]]], targets_for: Callable[[int], Targets],
    concurrency: list[int], requests: int, warmup: int, max_seconds: float,
    memory: Callable[[], dict[str, float]] | None = None, rounds: int = 1, cpu: CpuClock | None = None,
) -> dict[str, Any]:
    """/cooperation/{id} for the cooperation case's inputs once their rankings are kept in Neo4j.

    The warm-up ranks and keeps each input (in-process, every answer kept: `cooperation_keep_after` 0),
    timed apart: what a first request costs. Then the inputs are captured again (the statements that read
    the kept answers back) and measured like any case, the Query API and the driver replaying those
    statements. The service keeps only rankings slower than `cooperation_keep_after` (docs/cooperation-scoring.md):
    its prompt ones are walked, as case `cooperation` measures them.
    """
    keeping = settings.model_copy(update={"cooperation_keep_after": 0.0})
    started = time.perf_counter()
    warmed = await capture(keeping, rankings)
    warm_up = Stats(len(warmed), sum(r.status != 200 for r in warmed), time.perf_counter() - started,
                    [r.seconds * 1000 for r in warmed]).summary()
    console.print(f"  cooperation_kept warm-up: {warm_up}")
    kept = await capture(keeping, rankings)
    runs: dict[str, Any] = {}
    for clients in concurrency:
        targets = targets_for(clients)
        try:
            runs[str(clients)] = await run_cases(targets, {"cooperation_kept": kept}, clients, requests, warmup,
                                                 max_seconds, memory, rounds, cpu)
        finally:
            await targets.close()
    return {"warm_up": warm_up, "runs": runs}


async def run_workers_case(
    local: Any, auth: tuple[str, str], rankings: list[Request], concurrency: list[int], requests: int, warmup: int,
    max_seconds: float, wait_s: float, query_timeout: float, workers: int, rounds: int = 1,
) -> dict[str, Any]:
    """Case `cooperation` again, at each concurrency above one, against a service of `workers` uvicorn workers:
    the service as the README deploys it (`GRAPHSVC_WORKERS` ≈ the cores), the other runs measuring one
    worker. The same captured inputs; the Query API and the driver measured again beside it, in the same
    minutes. Measured once every worker has read its rosters and reach arrays and warmed its plans."""
    service = Service(local.bolt_uri, auth[1], {"GRAPHSVC_COOPERATION_BACKGROUND": "0",
                                                "GRAPHSVC_COOPERATION_KEEP_AFTER": "inf"}, workers=workers)
    result: dict[str, Any] = {"workers": workers, "runs": {}}
    try:
        result["every_worker_ready_s"] = _seconds(await every_worker_ready(service, wait_s))
        console.print(f"  {workers} workers ready {result['every_worker_ready_s']} s after the service started")
        for clients in (c for c in concurrency if c > 1):
            targets = Targets(service.url, f"{local.http_url}/db/neo4j/query/v2", auth, local.bolt_uri, query_timeout,
                              clients)
            try:
                result["runs"][str(clients)] = await run_cases(targets, {"cooperation": rankings}, clients, requests,
                                                               warmup, max_seconds, service.memory, rounds,
                                                               CpuClock(service.pids, local.pid))
            finally:
                await targets.close()
        result["service_memory_mib"] = service.memory()
    finally:
        service.stop()
    return result


def biggest_actor(inputs: Inputs) -> str | None:
    """The most connected state or organisation: the slowest to rank."""
    return next((hub_id for hub_id, hub_type, _ in inputs.hubs if hub_type in ("State", "Organisation")), None)


async def run_ranking_case(local: Any, auth: tuple[str, str], request: Request, ranking_timeout: float,
                           query_timeout: float) -> dict[str, Any]:
    """/cooperation/{the biggest actor} as a client meets it: ranked in the background, 503 until ready.

    Its own service process with the default settings (the measured runs
    forbid background rankings, so that each request computes its answer as
    the driver replay does); its memory is reported with the row. Asked once
    the service has read the hub-event rosters, as a service that has been up
    for a while has (it reads them at start-up); how long after its start they
    were ready is reported with the row.
    """
    if request.status != 200:
        return {"path": request.path, "skipped": f"the in-process capture answered {request.status}"}
    service = Service(local.bolt_uri, auth[1])
    targets = Targets(service.url, f"{local.http_url}/db/neo4j/query/v2", auth, local.bolt_uri, query_timeout, 1)
    try:
        rosters_s, reach_s, plans_s = await started_up(service, ranking_timeout)
        row = await run_background_case(targets, request, ranking_timeout, label="ranking of the biggest actor")
        row["hub_event_rosters_ready_s"], row["reach_arrays_ready_s"], row["query_plans_warmed_s"] = \
            _seconds(rosters_s), _seconds(reach_s), _seconds(plans_s)
        row["service_memory_mib"] = service.memory()
        return row
    finally:
        await targets.close()
        service.stop()


# -- the machine and the report ------------------------------------------------------
def machine(bolt_uri: str | None = None, auth: tuple[str, str] | None = None) -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
    os_name = next((line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text().splitlines()
                    if line.startswith("PRETTY_NAME")), platform.platform())
    try:
        import neo4j._rust  # type: ignore[import-not-found]  # noqa: F401  (the neo4j-rust-ext package)
        rust_ext = True
    except ImportError:
        rust_ext = False
    info: dict[str, Any] = {
        "cores": os.cpu_count(), "memory_gib": round(mem_kib / 1024 / 1024, 1), "cpu": cpu, "os": os_name,
        "kernel": platform.release(), "python": platform.python_version(), "driver": neo4j.__version__,
        "neo4j_rust_ext": rust_ext, "aiohttp": aiohttp.__version__,
    }
    if bolt_uri and auth:
        with GraphDatabase.driver(bolt_uri, auth=auth) as driver:
            info["neo4j"] = driver.get_server_info().agent
    return info


def write_results(result: dict[str, Any], info: dict[str, Any], partial: bool = False) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{'partial' if partial else 'results'}-{result['scale']}.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    if "load" not in result and "load" in previous:  # the graph was not reloaded: keep its load figures
        result["load"] = {**previous["load"], "from_run": previous.get("date")}
    path.write_text(json.dumps({**result, "machine": info}, indent=2, ensure_ascii=False) + "\n")
    return path


def bench_command(settings: Settings, scales: list[int], concurrency: list[int], requests: int = 300,
                  warmup: int = 20, seed: int = 1, instance: str | None = None, reload: bool = False,
                  seed_load: bool = True, max_seconds: float = 20.0, keep_neo4j: bool = False,
                  only: set[str] | None = None, rounds: int = 3) -> int:
    """`python -m benchmarks bench`: every scale, every case, three ways; results and BENCHMARKS.md.

    The bench instance is stopped at the end if this run started it (its heap and page cache are
    large), unless `keep_neo4j`. With `only` (some cases), the results go to partial-<scale>.json
    and neither the full results nor BENCHMARKS.md change.
    """
    local = bench_instance(settings, instance)
    with stopped_after(local, keep=keep_neo4j):
        _bench_scales(settings, local, scales, concurrency, requests=requests, warmup=warmup, seed=seed,
                      instance=instance, reload=reload, seed_load=seed_load and only is None,
                      max_seconds=max_seconds, only=only, rounds=rounds)
    if only is None:
        REPORT.write_text(render(RESULTS_DIR), encoding="utf-8")
        console.print(f"report: {REPORT}")
    return 0


def _bench_scales(settings: Settings, local: LocalNeo4j, scales: list[int], concurrency: list[int], *,
                  requests: int, warmup: int, seed: int, instance: str | None, reload: bool, seed_load: bool,
                  max_seconds: float, only: set[str] | None, rounds: int) -> None:
    bench = BenchSettings()
    if seed_load:
        local.start()
        console.rule("curated seed load time")
        seed_result = measure_seed_load(local, settings.seed_dir, settings)
        seed_result["date"] = dt.datetime.now().isoformat(timespec="seconds")
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / "seed-load.json").write_text(json.dumps(seed_result, indent=2) + "\n")
    for relationships in sorted(scales):
        result = asyncio.run(bench_scale(settings, relationships, concurrency=concurrency, requests=requests,
                                         warmup=warmup, seed=seed, instance=instance, reload=reload,
                                         max_seconds=max_seconds, only=only, rounds=rounds))
        info = machine(local.bolt_uri, ("neo4j", local.password()))
        info["bench_instance"] = {"heap": bench.heap, "pagecache": bench.pagecache}
        console.print(f"  results: {write_results(result, info, partial=only is not None)}")


def _at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number}: at least 1")
    return number


def add_arguments(parser: Any) -> None:
    """The options of `python -m benchmarks bench`."""
    parser.add_argument("--scales", default="10k,100k,1m", help="comma-separated sizes: 10k,100k,1m or numbers")
    parser.add_argument("--concurrency", default="1,16", help="comma-separated numbers of concurrent clients")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per case and concurrency")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests before each measurement")
    parser.add_argument("--rounds", type=_at_least_one, default=3,
                        help="above one client, each case is measured in this many rounds of --requests requests, "
                        "the service, the Query API and the driver in turn in each (which goes first rotating), "
                        "and the rounds pooled: a ratio compares figures taken in the same minutes")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic graphs and the inputs")
    parser.add_argument("--instance", default=None, help="local Neo4j instance (default: bench)")
    parser.add_argument("--reload", action="store_true", help="reload the synthetic graph even if it is there")
    parser.add_argument("--no-seed-load", action="store_true", help="skip timing the curated seed load")
    parser.add_argument("--keep-neo4j", action="store_true",
                        help="leave the bench Neo4j instance running at the end (it is stopped if this run started it)")
    parser.add_argument("--cases", default=None,
                        help="comma-separated cases to run (default: all): those of case_requests (search, entity, "
                        "neighbourhood_d1, neighbourhood_d2, shortest_path, paths_k5, cooperation, matrix), worst, "
                        "ranking (the biggest actor's), cooperation_workers (case cooperation against as many "
                        "workers as cores, above one client); results to benchmarks/partial-<scale>.json, "
                        "BENCHMARKS.md unchanged")
    parser.add_argument("--max-seconds", type=float, default=20.0,
                        help="time budget of one measurement, of each round of one above one client (and of "
                        "capturing one case's inputs): no new request starts after it once 5 are done")


def run_from_args(settings: Settings, args: Any) -> int:
    from benchmarks.synth import parse_scale

    return bench_command(
        settings,
        scales=[parse_scale(s) for s in args.scales.split(",") if s.strip()],
        concurrency=[int(c) for c in args.concurrency.split(",") if c.strip()],
        requests=args.requests, warmup=args.warmup, seed=args.seed, instance=args.instance,
        reload=args.reload, seed_load=not args.no_seed_load, max_seconds=args.max_seconds,
        keep_neo4j=args.keep_neo4j, rounds=args.rounds,
        only={c.strip() for c in args.cases.split(",") if c.strip()} if args.cases else None,
    )
