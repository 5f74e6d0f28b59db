"""The service as `GRAPHSVC_WORKERS > 1` runs it: uvicorn with several worker
processes in a subprocess, against the tests' Neo4j, for tests of the state
every worker must share (the write rate limit; the cooperation retry protocol).

Every answer carries `X-Worker-Pid`, the process that gave it, so that a test
can tell which worker answered. The header is added by `worker_app`, the
factory the subprocess serves around `graphsvc.app.create_app`; the service
itself sends no such header.

    with service_workers(settings, {"GRAPHSVC_WRITE_RATE_PER_MINUTE": "3"}) as workers:
        response = workers.get("/health")      # a new connection per request
        workers.pid(response)                  # which worker answered
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.settings import PROJECT_ROOT, Settings
from tests.integration.live_server import free_port

WORKER_HEADER = "x-worker-pid"


def worker_app() -> ASGIApp:
    """The service's app (settings from the environment), its answers marked with this worker's pid."""
    from graphsvc.app import create_app

    app = create_app()
    pid = str(os.getpid()).encode()

    async def marked(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (WORKER_HEADER.encode(), pid)]}
            await send(message)

        await app(scope, receive, send_marked)

    return marked


@dataclass
class Workers:
    """A running multi-worker service: its URL, and requests that each open a new connection (a kept-alive
    connection stays with the worker that accepted it)."""

    url: str
    process: subprocess.Popen[bytes]
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.url, timeout=60.0, limits=httpx.Limits(max_keepalive_connections=0))

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.request(method, path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    @staticmethod
    def pid(response: httpx.Response) -> int:
        return int(response.headers[WORKER_HEADER])


def service_environment(settings: Settings, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment that points a service subprocess at the tests' Neo4j (and their seed and Cypher)."""
    assert settings.neo4j_uri and settings.neo4j_password is not None
    return {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "GRAPHSVC_SEED_DIR": str(settings.seed_dir),
        "GRAPHSVC_SOURCES_DIR": str(settings.sources_dir),
        "GRAPHSVC_CYPHER_DIR": str(settings.cypher_dir),
        **(extra or {}),
    }


@contextmanager
def service_workers(
    settings: Settings, env: Mapping[str, str] | None = None, workers: int = 2, start_timeout: float = 120.0
) -> Iterator[Workers]:
    """uvicorn with `workers` processes on a free port; yields once every worker has answered /health."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "tests.integration.workers:worker_app", "--factory",
        "--workers", str(workers), "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", "--no-access-log",
    ]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=service_environment(settings, env), stdin=subprocess.DEVNULL,
        start_new_session=True,  # its workers are its children: stopped together below
    )
    running = Workers(f"http://127.0.0.1:{port}", process)
    try:
        _wait_for_every_worker(running, workers, time.monotonic() + start_timeout)
        yield running
    finally:
        running.client.close()
        _stop(process)


def _wait_for_every_worker(running: Workers, workers: int, deadline: float) -> None:
    seen: set[int] = set()
    while len(seen) < workers:
        if running.process.poll() is not None:
            raise RuntimeError(f"uvicorn exited during start-up (code {running.process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(seen)} of {workers} workers answered /health in time")
        try:
            response = running.get("/health")
            if response.status_code == 200:
                seen.add(running.pid(response))
                continue
        except httpx.HTTPError:
            pass
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # the supervisor and its workers
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
