"""Two uvicorn worker processes share one retry protocol for slow rankings (graphsvc/kept_answers.py).

A real `uvicorn --workers 2` against the tests' Neo4j, every ranking past its
wait at once (GRAPHSVC_COOPERATION_WAIT=0), no answer cache: the first request
claims the ranking for its worker and answers 503 ranking-in-progress; the
retries, on whichever worker the kernel hands them to, answer 503 naming that
same computing worker, then the kept answer, never starting it again.
Then a claim held by a third process: both workers wait for it rather than
computing, and both serve its answer once kept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from neo4j import Driver

from graphsvc.cooperation_service import ranking_question
from graphsvc.graph.filters import graph_filters
from graphsvc.kept_answers import answer_key
from graphsvc.settings import Settings
from tests.integration.kept_support import kept_text, plant_answer
from tests.integration.workers import service_workers


@pytest.fixture(scope="module")
def two_workers(settings: Settings, loaded_graph: str) -> Iterator[str]:
    """`uvicorn --workers 2` (tests/integration/workers.py), every ranking past its wait, no answer cache."""
    with service_workers(settings, {"GRAPHSVC_COOPERATION_WAIT": "0", "GRAPHSVC_CACHE_ENABLED": "false"}) as running:
        yield running.url


def ask(url: str, params: dict[str, str]) -> httpx.Response:
    # a new connection each time: the kernel picks the worker that accepts it
    return httpx.get(url, params=params, timeout=30, headers={"Connection": "close"})


def graph_version(driver: Driver) -> str:
    records, _, _ = driver.execute_query("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS version")
    return str(records[0]["version"])


def kept(driver: Driver, key: str) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query("MATCH (k:KeptAnswer {key: $key}) RETURN properties(k) AS props", key=key)
    return records[0]["props"] if records else None


def test_a_retry_on_either_worker_finds_the_one_ranking(two_workers: str, driver: Driver, settings: Settings) -> None:
    url = f"{two_workers}/cooperation/state:turkiye"
    params = {"sectors": "culture", "limit": "7"}
    key = answer_key("ranking", graph_version(driver), ranking_question(
        "state:turkiye", graph_filters(sectors="culture"), 7, 10))
    first = ask(url, params)
    assert first.status_code == 503, first.text
    problem = first.json()
    assert problem["type"].endswith("/ranking-in-progress") and int(first.headers["Retry-After"]) >= 1
    computing = problem["computed_by"]
    assert problem["answered_by"] == computing
    claim = kept(driver, key)
    assert claim is not None and claim["computed_by"] == computing
    token = claim["token"]

    answers: list[httpx.Response] = []
    # generous: a cold server plans the part queries first, slow on a loaded 2-core machine
    deadline = time.monotonic() + 300
    while not answers or answers[-1].status_code != 200:
        assert time.monotonic() < deadline, "the ranking never finished"
        answers.append(ask(url, params))
        if answers[-1].status_code == 503:
            retry = answers[-1].json()
            assert retry["type"].endswith("/ranking-in-progress"), answers[-1].text
            assert retry["computed_by"] == computing  # never started again, whichever worker answered
            time.sleep(0.1)
    body = answers[-1].json()
    assert body["actor"]["id"] == "state:turkiye" and len(body["partners"]) <= 7
    stored = kept(driver, key)
    assert stored is not None and stored["state"] == "done" and stored["token"] == token
    assert json.loads(kept_text(driver, settings, key) or b"null") == body
    # the kept answer, on both workers
    with ThreadPoolExecutor(8) as pool:
        again = list(pool.map(lambda _: ask(url, params), range(24)))
    assert all(response.status_code == 200 and response.json() == body for response in again)


def test_both_workers_wait_for_a_claim_held_elsewhere_and_serve_its_answer(
    two_workers: str, driver: Driver, settings: Settings
) -> None:
    url = f"{two_workers}/cooperation/state:azerbaijan"
    params = {"sectors": "education", "limit": "3"}
    key = answer_key("ranking", graph_version(driver), ranking_question(
        "state:azerbaijan", graph_filters(sectors="education"), 3, 10))
    driver.execute_query(
        "CREATE (:KeptAnswer {key: $key, state: 'running', what: 'ranking', version: $version, token: 'elsewhere', "
        "computed_by: 'elsewhere:1', started: timestamp(), heartbeat: timestamp()})",
        key=key, version=graph_version(driver),
    )
    try:
        with ThreadPoolExecutor(8) as pool:
            waiting = list(pool.map(lambda _: ask(url, params), range(40)))
        problems = [response.json() for response in waiting]
        assert all(response.status_code == 503 for response in waiting)
        assert {p["computed_by"] for p in problems} == {"elsewhere:1"}
        answered_by = {p["answered_by"] for p in problems}
        assert len(answered_by) == 2, f"both workers answered: {answered_by}"
        assert kept(driver, key)["token"] == "elsewhere"  # neither worker took the claim over
        answer = {"actor": {"id": "state:azerbaijan"}, "partners": [], "total": 0, "truncated": False,
                  "kept": "by the other process"}
        plant_answer(driver, settings, key, "ranking", graph_version(driver), json.dumps(answer).encode(),
                     token="elsewhere")
        with ThreadPoolExecutor(8) as pool:
            served = list(pool.map(lambda _: ask(url, params), range(16)))
        assert all(response.status_code == 200 and response.json() == answer for response in served)
    finally:
        driver.execute_query("MATCH (k:KeptAnswer {key: $key}) DELETE k", key=key)
