"""JSON answers written straight from the dicts the domain layer builds.

Read routes return `JsonAnswer(answer)` rather than the dict. FastAPI then
skips its response-model round trip (validate every node and edge into
pydantic objects, dump them back to dicts, encode), which cost more than the
database on large graph answers (profiles in benchmarks/notes.md). The models stay on the routes for the OpenAPI description;
tests check that the answers are what the models would give
(tests/integration/test_answer_models.py) and schemathesis checks them
against the published schema.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response


class JsonAnswer(Response):
    """application/json, serialised by orjson in one call."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class JsonText(Response):
    """application/json whose body is JSON text already written (a kept answer, graphsvc/kept_answers.py)."""

    media_type = "application/json"
