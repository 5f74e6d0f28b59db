"""The whole API fuzzed from its own OpenAPI document (schemathesis), against
the real Neo4j with the seed loaded.

Every operation gets generated requests, valid and invalid; whatever it is
sent, it must never answer a 5xx (but the documented 503 of a computation
going on in the background), and every answer must be one the document
declares (status code, content type, body schema). Write routes are fuzzed
with a configured API key; the test database is put back to the seed state
afterwards (tests/integration/curation_support.py).

Bounded for CI on two cores: a fixed number of examples per operation,
derandomized so that a failure reproduces.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from graphsvc.app import create_app
from graphsvc.settings import Settings
from tests.integration.curation_support import Keys, make_keys, write_settings
from tests.integration.curation_support import seed_state  # noqa: F401 (fixture)


@schemathesis.check
def not_a_server_error_but_computing(ctx: CheckContext, response: Response, case: schemathesis.Case) -> bool | None:
    """A 5xx is a failure, except the documented 503 of a computation that goes on in the background (a
    ranking, a matrix, an analysis: `*-in-progress` or `*-queue-full`, with `Retry-After`): a cold test server
    plans a filtered ranking's part queries for longer than a request waits on two cores."""
    if response.status_code == 503 and response.headers.get("retry-after"):
        problem = json.loads(response.content)
        if str(problem.get("type", "")).endswith(("-in-progress", "-queue-full")):
            return None
    return not_a_server_error(ctx, response, case)


CHECKS = [not_a_server_error_but_computing, status_code_conformance, content_type_conformance,
          response_schema_conformance]
MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def fuzz_keys() -> Keys:
    return make_keys()


@pytest.fixture(scope="module")
def fuzzed_app(settings: Settings, fuzz_keys: Keys, seed_state: str) -> Iterator[FastAPI]:  # noqa: F811
    """The app under test, talking to the test Neo4j, accepting the fuzzer's key."""
    yield create_app(write_settings(settings, fuzz_keys))


# The OpenAPI document does not depend on the database: read it from an app
# built with default settings; the requests go to `fuzzed_app` (in-process, ASGI).
# (`schemathesis.pytest.from_fixture` does not work with pytest 9 yet.)
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case, fuzzed_app: FastAPI, fuzz_keys: Keys,
                                              settings: Settings) -> None:
    headers = fuzz_keys.header() if case.method.upper() in {"PUT", "POST", "DELETE"} or case.path == "/audit" else None
    # The client waits as long as the service may take to answer (its deadline), as a client should: schemathesis's
    # own 10 s is shorter, and a cold server plans a filtered ranking's part queries for longer than that on 2 cores.
    case.call_and_validate(headers=headers, checks=CHECKS, app=fuzzed_app, timeout=settings.request_deadline + 5)
