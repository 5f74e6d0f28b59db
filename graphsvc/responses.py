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

import logging
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

import orjson
from fastapi import Response
from fastapi.responses import StreamingResponse

log = logging.getLogger("graphsvc")


class JsonAnswer(Response):
    """application/json, serialised by orjson in one call."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class JsonPieces(StreamingResponse):
    """application/json whose body is JSON text already written, sent piece by piece as `pieces` yields it
    (a kept answer read from Neo4j as it is sent, graphsvc/kept_answers.py), with the Content-Length of its
    `size` bytes: the same status, headers and body as a `Response` of the whole text.

    The status and headers go first: when a piece then cannot be read (Neo4j
    unreachable, the answer dropped meanwhile), the server closes the
    connection with the body short of its Content-Length, which every HTTP
    client reports as an incomplete answer rather than taking it for a whole one.
    """

    media_type = "application/json"

    def __init__(self, pieces: AsyncIterable[bytes], size: int) -> None:
        super().__init__(_told_when_cut(pieces, size), headers={"content-length": str(size)})


async def _told_when_cut(pieces: AsyncIterable[bytes], size: int) -> AsyncIterator[bytes]:
    sent = 0
    try:
        async for piece in pieces:
            yield piece
            sent += len(piece)
    except Exception as exc:
        log.warning("answer cut short after %d of %d bytes: %s", sent, size, exc)
        raise
