"""How driver errors become the problems clients see (graphsvc/db.py, `problem_from_driver_error`).

The outage and time-limit paths are exercised against a real Neo4j in
tests/integration (test_faults.py, test_search.py); a server refusing a query
memory needs a graph far larger than the seed, so its mapping is checked here.
"""

from __future__ import annotations

import pytest
from neo4j.exceptions import Neo4jError

from graphsvc.db import problem_from_driver_error


@pytest.mark.parametrize(
    "code",
    [
        "Neo.ClientError.General.TransactionOutOfMemoryError",
        "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
    ],
)
def test_a_query_refused_memory_is_a_503_that_says_so_not_a_bug_or_an_outage(code: str) -> None:
    error = Neo4jError._hydrate_neo4j(code=code, message="The allocation of an extra 2.0 MiB would use more than the limit")
    problem = problem_from_driver_error(error)
    assert problem.status == 503
    assert problem.type.endswith("query-memory-limit")
    assert "Narrow it" in problem.detail


def test_a_broken_query_is_still_our_bug() -> None:
    error = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="Invalid input")
    assert problem_from_driver_error(error).status == 500
