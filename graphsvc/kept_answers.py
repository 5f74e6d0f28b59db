"""Answers kept in Neo4j, so that every worker and replica of the service shares them.

A slow answer (a hub's ranking, a matrix on a large graph) is computed by one
worker in the background (graphsvc/background_jobs.py); its request answers
`503 <what>-in-progress` with Retry-After. The retry may land on another
worker process or replica. So the marker of the computation going on and the
finished answer live in the graph database, one `:KeptAnswer` node per
question, keyed by a digest of (what, graph version, question):

- `state: 'running'`: claimed by one worker (`token`, `computed_by`), which
  beats (`heartbeat`) while it computes; another worker asked the same
  question waits for it or answers 503 in-progress, and never starts it
  again. A claim whose worker stopped beating for `stale_after` seconds (the
  process died) is taken over by the next request.
- `state: 'done'`: the answer, as JSON text, served to every worker as
  it is stored: a hub's ranking is megabytes of JSON, and parsing it to
  write it out again per read cost more time and memory than reading it.
  The text is kept in pieces of at most `PIECE_BYTES` bytes (properties
  `piece_0`, `piece_1`, ... with `pieces` and `bytes`), and a response
  reads them from Neo4j a few at a time as it sends them (`KeptJson`), so
  that a process serving many readers of a large answer at once holds a
  few hundred kB per reader rather than the whole answer twice (the
  driver's string and the bytes sent). A done answer is never written
  again: a reader may be sending it.
- a failed computation releases its claim, so the next request starts anew.

Kept answers of other graph versions are deleted when an answer is kept, and
at most `keep` answers of one kind are kept (the oldest dropped first).
Nothing here knows what the answers are: `what` and the question key are the
caller's (graphsvc/cooperation_service.py keeps rankings and matrices).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

import orjson

from graphsvc.background_jobs import BackgroundJobs, dropped, in_progress
from graphsvc.db import Database
from graphsvc.errors import Problem

log = logging.getLogger("graphsvc")

# This process, as kept answers and in-progress problems name it.
WORKER = f"{socket.gethostname()}:{os.getpid()}"
# A kept answer's text is stored in pieces of at most this many bytes, and read back this many pieces per
# statement: what one reader of a kept answer holds at a time, whatever the answer's size.
PIECE_BYTES = 64 * 1024
PIECES_PER_READ = 4
# How kept answers are stored, part of their keys: an answer kept by a release that stored it otherwise
# (one `answer` property) is never found, only dropped as other answers are kept.
KEPT_FORMAT = "pieces"


def answer_key(what: str, version: str | None, question: Hashable) -> str:
    """The kept answer's key: a digest of the storage format, what is answered, the graph version and the question."""
    text = json.dumps([KEPT_FORMAT, what, version, repr(question)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AnswerJson:
    """An answer as its JSON text: what a response sends, byte for byte, whether computed here or kept.

    The text is orjson's, as `graphsvc.responses.JsonAnswer` writes the values,
    so a kept answer read back is the same body as the fresh one. `value()`
    parses it for a caller that needs the values (another format, the
    analysis's decoding); a process holds only the text.
    """

    __slots__ = ("text",)

    def __init__(self, text: bytes) -> None:
        self.text = text

    @classmethod
    def of(cls, value: dict[str, Any]) -> AnswerJson:
        return cls(orjson.dumps(value))

    @property
    def size(self) -> int:
        return len(self.text)

    async def pieces(self) -> AsyncIterator[bytes]:
        yield self.text

    async def whole(self) -> AnswerJson:
        return self

    def value(self) -> dict[str, Any]:
        parsed: dict[str, Any] = orjson.loads(self.text)
        return parsed


def json_pieces(text: bytes, piece_bytes: int = PIECE_BYTES) -> list[str]:
    """UTF-8 `text` cut into pieces of at most `piece_bytes` bytes, each cut before a character's first byte
    (Neo4j holds strings, not bytes: a piece must be whole characters)."""
    if piece_bytes < 4:  # one character takes up to 4 bytes
        raise ValueError("piece_bytes must be at least 4")
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + piece_bytes, len(text))
        while end < len(text) and text[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        pieces.append(text[start:end].decode())
        start = end
    return pieces


def answer_dropped() -> Problem:
    return Problem(
        503,
        "The kept answer was dropped",
        "The answer was dropped from the kept answers while it was read (the graph changed, or newer answers "
        "took its place). Ask again.",
        type_="kept-answer-dropped",
        headers={"Retry-After": "1"},
    )


@dataclass(frozen=True)
class KeptJson:
    """A done answer as kept in Neo4j: its size, and its text read piece by piece as a response sends it.

    The first `PIECES_PER_READ` pieces come with the read that found the
    answer; the others are read `PIECES_PER_READ` at a time, each read its
    own short transaction, so that a slow client holds no connection or
    transaction open. A read that fails raises its problem (503 Neo4j
    unavailable, 503 `kept-answer-dropped`); once a response has sent its
    status and first bytes, that can only cut the body short
    (graphsvc/responses.py, docs/cooperation-scoring.md).
    """

    store: KeptAnswerStore
    db: Database
    key: str
    token: str  # the keeping's: pieces of a later keeping under the same key are not mixed in
    size: int  # bytes of the whole text
    count: int  # pieces
    first: list[str]  # the first pieces, read with the answer

    async def pieces(self) -> AsyncIterator[bytes]:
        for piece in self.first:
            yield piece.encode()
        sent = len(self.first)
        while sent < self.count:
            stop = min(self.count, sent + self.store.per_read)
            read = await self.store.pieces(self.db, self.key, self.token, sent, stop)
            for piece in read:
                yield piece.encode()
            sent += len(read)

    async def whole(self) -> AnswerJson:
        """The whole text in this process (another format built from it, an analysis decoded)."""
        return AnswerJson(b"".join([piece async for piece in self.pieces()]))


# What a kept or computed answer gives a response: its size, and its text piece by piece.
AnswerBody = AnswerJson | KeptJson


@dataclass(frozen=True)
class Kept:
    """A kept answer as read: its state, the answer when done, and who computes it since when."""

    state: str
    answer: AnswerBody | None
    computed_by: str
    age: float  # seconds since the computation started, by the database's clock
    stale: bool = False
    mine: bool = False


class KeptAnswerStore:
    """The `:KeptAnswer` nodes: read, claim, beat, keep, release (cypher/queries/kept_answer_*.cypher).

    `piece_bytes` and `per_read`: how a kept answer is cut and read back (PIECE_BYTES, PIECES_PER_READ).
    """

    def __init__(
        self, *, stale_after: float = 30.0, piece_bytes: int = PIECE_BYTES, per_read: int = PIECES_PER_READ
    ) -> None:
        self.stale_ms = int(stale_after * 1000)
        self.piece_bytes = piece_bytes
        self.per_read = per_read

    def _kept(self, db: Database, key: str, row: dict[str, Any]) -> Kept:
        return Kept(
            state=row["state"],
            answer=KeptJson(self, db, key, row["token"], row["bytes"], row["pieces"], row["first_pieces"])
            if row["state"] == "done" else None,
            computed_by=row.get("computed_by") or "",
            age=max(0.0, (row.get("age_ms") or 0) / 1000.0),
            stale=bool(row.get("stale")),
            mine=bool(row.get("mine")),
        )

    async def get(self, db: Database, key: str) -> Kept | None:
        rows = await db.read("kept_answer_get", {"key": key, "stale_ms": self.stale_ms, "first": self.per_read})
        return self._kept(db, key, rows[0]) if rows else None

    async def pieces(self, db: Database, key: str, token: str, start: int, stop: int) -> list[str]:
        """Pieces `start` to `stop` (excluded) of the kept answer under `key` as kept by `token`."""
        rows = await db.read("kept_answer_pieces", {"key": key, "token": token, "start": start, "stop": stop})
        if not rows:  # dropped since it was found (another graph version kept, or past `keep`)
            raise answer_dropped()
        read: list[str] = rows[0]["pieces"]
        return read

    async def claim(self, db: Database, key: str, what: str, version: str | None, token: str) -> Kept:
        rows = await db.write("kept_answer_claim", {
            "key": key, "what": what, "version": version or "", "token": token, "worker": WORKER,
            "stale_ms": self.stale_ms, "first": self.per_read,
        })
        return self._kept(db, key, rows[0])

    async def beat(self, db: Database, key: str, token: str) -> bool:
        rows = await db.write("kept_answer_beat", {"key": key, "token": token})
        return bool(rows and rows[0]["beating"])

    async def keep(
        self, db: Database, key: str, what: str, version: str | None, token: str, answer: AnswerJson, keep: int
    ) -> None:
        await db.write("kept_answer_put", {
            "key": key, "what": what, "version": version or "", "token": token, "worker": WORKER,
            "pieces": json_pieces(answer.text, self.piece_bytes), "bytes": answer.size, "keep": keep,
        })

    async def release(self, db: Database, key: str, token: str) -> None:
        await db.write("kept_answer_release", {"key": key, "token": token})


class SharedJobs:
    """`BackgroundJobs` whose running markers and kept answers are shared through `KeptAnswerStore`.

    The local jobs run the computation and keep the per-process rules (the
    wait, the cap on background computations); the store makes a retry on
    any worker find the computation already going on, or its answer.
    Answers that went on in the background are always kept. `keep_after`:
    also keep an answer ready within the wait when computing it took at
    least this many seconds (0: every answer, a matrix: every worker would
    otherwise compute it once; a ranking: the slow ones, so that asking
    again, on any worker, is an index read rather than the walk again).
    """

    def __init__(
        self, jobs: BackgroundJobs[AnswerJson], store: KeptAnswerStore, *, what: str, keep: int, keep_after: float,
        beat_every: float = 5.0, poll_every: float = 0.2,
    ) -> None:
        self.jobs = jobs
        self.store = store
        self.what = what
        self.keep = keep
        self.keep_after = keep_after
        self.beat_every = beat_every
        self.poll_every = poll_every
        self._beats: set[asyncio.Task[None]] = set()

    async def answer(
        self, db: Database, version: str | None, question: Hashable,
        compute: Callable[[], Awaitable[dict[str, Any]]],
    ) -> AnswerBody:
        """The answer to `question` for graph `version`: kept, awaited from another worker, or computed here."""
        key = answer_key(self.what, version, question)
        kept = await self.store.get(db, key)
        if kept is not None and kept.state == "done" and kept.answer is not None:
            return kept.answer
        if kept is not None and not kept.stale:
            return await self._wait_for(db, key, kept)
        token = secrets.token_hex(8)
        claimed = False

        async def compute_and_keep() -> AnswerJson:
            started = time.monotonic()
            try:
                answer = AnswerJson.of(await compute())
            except Exception:
                if claimed:
                    await self.store.release(db, key, token)
                raise
            if claimed or time.monotonic() - started >= self.keep_after:
                await self.store.keep(db, key, self.what, version, token, answer, self.keep)
            return answer

        try:
            return await self.jobs.answer(key, compute_and_keep)
        except Problem as problem:
            if not problem.type.endswith(f"/{self.jobs.kind.name}-in-progress"):
                raise
            claim = await self.store.claim(db, key, self.what, version, token)
            if not claim.mine:
                # another worker claimed it meanwhile: its computation goes on, not this one
                self.jobs.cancel(key)
                if claim.state == "done" and claim.answer is not None:
                    return claim.answer
                raise self._in_progress(claim) from None
            claimed = True
            task = self.jobs.task(key)
            if task is not None and task.done() and not task.cancelled() and task.exception() is None:
                await self.store.keep(db, key, self.what, version, token, task.result(), self.keep)
            elif task is not None:
                self._beat_while(db, key, token, task)
            problem.extensions.update(computed_by=WORKER, answered_by=WORKER)
            raise

    def _beat_while(self, db: Database, key: str, token: str, task: asyncio.Task[AnswerJson]) -> None:
        async def beat() -> None:
            while not task.done():
                await asyncio.sleep(self.beat_every)
                if not task.done():
                    try:
                        await self.store.beat(db, key, token)
                    except Problem as problem:  # Neo4j away for a moment: the next beat tries again
                        log.warning("kept answer %s: heartbeat failed: %s", key, problem.detail)

        beating = asyncio.get_running_loop().create_task(beat())
        self._beats.add(beating)
        beating.add_done_callback(self._beats.discard)

    async def _wait_for(self, db: Database, key: str, kept: Kept) -> AnswerBody:
        """Poll the kept answer another worker (or this one) computes, up to the jobs' wait; else 503."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.jobs.request_wait()
        while loop.time() + self.poll_every <= deadline:
            await asyncio.sleep(self.poll_every)
            found = await self.store.get(db, key)
            if found is None:  # released: the computation failed or was dropped
                raise dropped(self.jobs.kind)
            if found.state == "done" and found.answer is not None:
                return found.answer
            kept = found
        raise self._in_progress(kept)

    def _in_progress(self, kept: Kept) -> Problem:
        problem = in_progress(self.jobs.kind, kept.age, max(1, min(30, math.ceil(kept.age / 4))))
        problem.extensions.update(computed_by=kept.computed_by, answered_by=WORKER)
        return problem

    async def close(self) -> None:
        for beating in list(self._beats):
            beating.cancel()
        await asyncio.gather(*self._beats, return_exceptions=True)
        await self.jobs.close()
