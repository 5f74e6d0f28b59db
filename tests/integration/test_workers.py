"""State that every worker must share, tested with two real uvicorn workers
(tests/integration/workers.py) against the tests' Neo4j."""

from __future__ import annotations

import time

from neo4j import Driver

from graphsvc.curation.access import ApiKeys
from graphsvc.settings import Settings
from tests.integration.curation_support import FACULTY_ID, make_keys
from tests.integration.workers import Workers, service_workers

PER_MINUTE = 3
MAX_ATTEMPTS = 40


def _wait_for_a_fresh_window(driver: Driver, settings: Settings, needed_s: float = 40.0) -> None:
    """Start at a time when the limit's current minute (the database's clock) has `needed_s` left, so
    that the attempts below all fall into one window."""
    records, _, _ = driver.execute_query("RETURN datetime.realtime().epochMillis % 60000 AS ms",
                                         database_=settings.neo4j_database)
    left = (60_000 - records[0]["ms"]) / 1000
    if left < needed_s:
        time.sleep(left + 0.5)


def test_the_write_rate_limit_holds_across_workers(settings: Settings, driver: Driver, loaded_graph: str) -> None:
    keys = make_keys()  # of this test's own: the database counts writes per key
    env = {"GRAPHSVC_API_KEYS": keys.config, "GRAPHSVC_WRITE_RATE_PER_MINUTE": str(PER_MINUTE),
           "GRAPHSVC_CACHE_ENABLED": "false"}
    with service_workers(settings, env, workers=2) as workers:
        _wait_for_a_fresh_window(driver, settings)
        # A body the service refuses (422) after the limit has counted it: nothing in the graph changes.
        answers: list[tuple[int, int, str | None]] = []
        limited_by: set[int] = set()
        while len(answers) < MAX_ATTEMPTS and (len(answers) <= PER_MINUTE or len(limited_by) < 2):
            response = workers.put(f"/entities/{FACULTY_ID}", json={"id": "wrong"}, headers=keys.header())
            answers.append((response.status_code, Workers.pid(response), response.headers.get("retry-after")))
            if response.status_code == 429:
                limited_by.add(Workers.pid(response))

    statuses = [status for status, _, _ in answers]
    # The first PER_MINUTE writes go through (to validation), every later one is refused, whichever worker
    # answers it: one count for both processes, not one per process.
    assert statuses[:PER_MINUTE] == [422] * PER_MINUTE, answers
    assert set(statuses[PER_MINUTE:]) == {429}, answers
    assert len(limited_by) == 2, f"both workers should have refused a write: {answers}"
    assert len({pid for _, pid, _ in answers}) == 2
    assert all(1 <= int(retry) <= 60 for status, _, retry in answers if status == 429 and retry is not None)
    assert all(retry is not None for status, _, retry in answers if status == 429)
    # One window in the database counted every attempt (no window ended meanwhile, no count lost).
    records, _, _ = driver.execute_query(
        "MATCH (w:RateWindow) WHERE w.key STARTS WITH 'alice:' RETURN w.key AS key, w.count AS count",
        database_=settings.neo4j_database,
    )
    counts = {record["key"]: record["count"] for record in records}
    assert counts.get(ApiKeys.from_config(keys.config).limiter_key("alice")) == len(answers)
