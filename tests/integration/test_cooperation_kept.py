"""Rankings kept in Neo4j (graphsvc/kept_answers.py, docs/cooperation-scoring.md): a ranking that took
`cooperation_keep_after` seconds or more is kept per graph version; asked again, on any worker, it is read
back rather than walked again; a curation write makes a new graph version, and the next answer is the new one.
A kept answer is kept in pieces and streamed as they are read: the computing worker's bytes and headers, and a
body cut short of its Content-Length when a piece can no longer be read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from neo4j import Driver
from starlette.types import Message

from graphsvc.app import create_app
from graphsvc.cooperation_service import ranking_question
from graphsvc.errors import Problem
from graphsvc.graph.filters import graph_filters
from graphsvc.kept_answers import KeptAnswerStore, answer_key
from graphsvc.settings import Settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    SOURCE_002,
    Keys,
    keys,
    seed_state,
    write_settings,
)
from tests.integration.kept_support import kept_text, plant_answer

UZ = "state:uzbekistan"
KZ = "state:kazakhstan"
PARAMS = {"limit": "1000", "via_limit": "1000"}
# the curation test's excerpt of source 002: verbatim, so the write is accepted
EXCERPT = ("From the first years of independence to the present, Uzbekistan and Kazakhstan have been "
           "developing their relations steadily, without crises or conflicts.")
ADDED = "cooperates_with:state:kazakhstan->state:uzbekistan#kept-ranking-test"
PATIENT = {"cooperation_wait": 300.0, "request_timeout": 330.0, "query_timeout": 300.0}


# Kept answers of the seed graph cut as small as this read back in many reads, as a hub's ranking at scale
# does with the service's pieces (graphsvc/kept_answers.py: PIECE_BYTES, PIECES_PER_READ).
SMALL_PIECE_BYTES = 1000
SMALL_PER_READ = 3


def with_small_pieces(app: FastAPI) -> FastAPI:
    """`app` with its rankings and matrices kept in pieces of SMALL_PIECE_BYTES, read SMALL_PER_READ at a time."""
    store = KeptAnswerStore(piece_bytes=SMALL_PIECE_BYTES, per_read=SMALL_PER_READ)
    for jobs in (app.state.ranking_jobs, app.state.matrix_jobs):
        jobs.store = store
    return app


def ranking_key(actor_id: str, version: str, params: dict[str, str] = PARAMS) -> str:
    """The key the service keeps the actor's ranking under, for `params` and no filters, at this graph version."""
    no_filters = graph_filters(sectors=None, since=None, until=None)
    question = ranking_question(actor_id, no_filters, int(params["limit"]), int(params["via_limit"]))
    return answer_key("ranking", version, question)


def kept_rankings(driver: Driver, settings: Settings, version: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (k:KeptAnswer {what: 'ranking', version: $version, state: 'done'}) RETURN k.key AS key",
        version=version, database_=settings.neo4j_database,
    )
    return [{"key": r["key"], "answer": json.loads(kept_text(driver, settings, r["key"]) or b"null")}
            for r in records]


def direct_link_via(body: dict[str, Any], partner_id: str) -> list[str]:
    found = next(p for p in body["partners"] if p["id"] == partner_id)
    return next((part["via"] for part in found["parts"] if part["kind"] == "direct_link"), [])


def test_a_kept_ranking_is_read_back_by_another_worker_and_a_curation_write_changes_it(
    settings: Settings, keys: Keys, seed_state: str, driver: Driver  # noqa: F811 (fixtures)
) -> None:
    # every ranking counts as slow here, no HTTP cache answers in front of the kept ones, and a
    # busy machine's slow ranking is waited for rather than sent to the background
    keeping = write_settings(settings, keys, cooperation_keep_after=0.0, cache_enabled=False, **PATIENT)
    with TestClient(create_app(keeping), raise_server_exceptions=False) as worker:
        first = worker.get(f"/cooperation/{UZ}", params=PARAMS)
        assert first.status_code == 200, first.text
        version = worker.get("/health").json()["graph"]["version"]
        kept = {k["key"]: k["answer"] for k in kept_rankings(driver, settings, version)}
        assert kept[ranking_key(UZ, version)] == first.json()

    # Another worker (a new process's app) reads the kept answer: marked here, so that
    # reading it back shows rather than a walk that would find the same partners.
    marked = {**first.json(), "total": first.json()["total"] + 1000}
    plant_answer(driver, settings, ranking_key(UZ, version), "ranking", version, json.dumps(marked).encode())
    with TestClient(create_app(keeping), raise_server_exceptions=False) as other:
        read_back = other.get(f"/cooperation/{UZ}", params=PARAMS)
        assert read_back.json() == marked
        assert read_back.content == json.dumps(marked).encode()  # sent as stored, not parsed and written again

        # A curation write is a new graph version: the next answer is walked anew and shows the write.
        assert ADDED not in direct_link_via(first.json(), KZ)
        body = {"type": "COOPERATES_WITH", "from": UZ, "to": KZ, "key": "kept-ranking-test",
                "sectors": ["diplomacy"], "evidence": [{"source": SOURCE_002, "excerpt": EXCERPT,
                                                       "locator": "MAIN PART"}]}
        written = other.put("/relationships", json=body, headers=keys.header())
        assert written.status_code == 201, written.text
        after = other.get(f"/cooperation/{UZ}", params=PARAMS)
        assert after.status_code == 200, after.text
        assert after.json()["total"] == first.json()["total"]  # not the marked answer of the old version
        assert ADDED in direct_link_via(after.json(), KZ)
        new_version = other.get("/health").json()["graph"]["version"]
        assert new_version != version
        # kept for the new version; the old version's answers are gone
        assert {k["key"]: k["answer"] for k in kept_rankings(driver, settings, new_version)} == {
            ranking_key(UZ, new_version): after.json()}
        assert kept_rankings(driver, settings, version) == []
        assert other.delete(f"/relationships/{ADDED.replace('#', '%23')}", headers=keys.header()).status_code == 200


def test_a_prompt_ranking_is_not_written_to_neo4j(
    settings: Settings, keys: Keys, seed_state: str, driver: Driver  # noqa: F811 (fixtures)
) -> None:
    # no ranking is slow enough to keep here: the answer cache's business, not Neo4j's
    never = write_settings(settings, keys, cooperation_keep_after=float("inf"), cache_enabled=False, **PATIENT)
    params = {"limit": "5", "via_limit": "1"}
    with TestClient(create_app(never), raise_server_exceptions=False) as worker:
        answer = worker.get("/cooperation/state:turkiye", params=params)
        assert answer.status_code == 200, answer.text
        assert answer.json()["partners"]
        version = worker.get("/health").json()["graph"]["version"]
    kept = {k["key"] for k in kept_rankings(driver, settings, version)}
    assert ranking_key("state:turkiye", version, params) not in kept


def test_a_kept_answer_is_served_as_stored_with_the_fresh_answers_bytes_and_headers(
    settings: Settings, keys: Keys, seed_state: str, driver: Driver  # noqa: F811 (fixtures)
) -> None:
    # A kept ranking and a kept matrix are sent as the JSON text Neo4j holds, not parsed and written
    # again (graphsvc/kept_answers.py): what another worker reads back must be the computing worker's
    # response, byte for byte, with the same validators. Each worker is a new app: its own response cache.
    keeping = write_settings(settings, keys, cooperation_keep_after=0.0, **PATIENT)
    ranking = (f"/cooperation/{KZ}", {"limit": "7", "via_limit": "3"})
    matrix = ("/cooperation/matrix", {"type": "Organisation", "since": "2012"})
    with TestClient(create_app(keeping), raise_server_exceptions=False) as worker:
        version = worker.get("/health").json()["graph"]["version"]
        driver.execute_query("MATCH (k:KeptAnswer {version: $version}) DETACH DELETE k", version=version,
                             database_=settings.neo4j_database)
        computed = [worker.get(path, params=params) for path, params in (ranking, matrix)]
        cytoscape = worker.get(ranking[0], params={**ranking[1], "format": "cytoscape"})
    assert [c.status_code for c in computed] == [200, 200], [c.text for c in computed]
    records, _, _ = driver.execute_query(
        "MATCH (k:KeptAnswer {version: $version, state: 'done'}) RETURN k.what AS what",
        version=version, database_=settings.neo4j_database,
    )
    assert sorted(r["what"] for r in records) == ["matrix", "ranking"]

    with TestClient(create_app(keeping), raise_server_exceptions=False) as other:
        read_back = [other.get(path, params=params) for path, params in (ranking, matrix)]
        cytoscape_read_back = other.get(ranking[0], params={**ranking[1], "format": "cytoscape"})
    for fresh, kept in zip(computed, read_back, strict=True):
        assert kept.status_code == 200, kept.text
        assert kept.content == fresh.content
        assert kept.headers["x-cache"] == "miss"  # not this worker's response cache: the kept answer
        assert dict(kept.headers) == dict(fresh.headers)
    assert computed[0].json()["actor"]["id"] == KZ and computed[0].json()["partners"]
    assert computed[1].json()["entities"] and computed[1].json()["scores"]
    # another format is built from the kept answer's values
    assert cytoscape_read_back.status_code == 200, cytoscape_read_back.text
    assert cytoscape_read_back.content == cytoscape.content


def test_a_kept_answer_of_many_pieces_is_streamed_with_the_fresh_answers_bytes_and_headers(
    settings: Settings, keys: Keys, seed_state: str, driver: Driver  # noqa: F811 (fixtures)
) -> None:
    # Cut small, a ranking and a matrix take many reads of pieces while they are sent; the body must still be
    # the computing worker's, byte for byte, and a piece never ends inside a character.
    keeping = write_settings(settings, keys, cooperation_keep_after=0.0, **PATIENT)
    ranking = (f"/cooperation/{KZ}", {"limit": "1000", "via_limit": "1000"})
    matrix = ("/cooperation/matrix", {"type": "Organisation"})
    with TestClient(with_small_pieces(create_app(keeping)), raise_server_exceptions=False) as worker:
        version = worker.get("/health").json()["graph"]["version"]
        driver.execute_query("MATCH (k:KeptAnswer {version: $version}) DETACH DELETE k", version=version,
                             database_=settings.neo4j_database)
        computed = [worker.get(path, params=params) for path, params in (ranking, matrix)]
    assert [c.status_code for c in computed] == [200, 200], [c.text for c in computed]
    records, _, _ = driver.execute_query(
        "MATCH (k:KeptAnswer {version: $version, state: 'done'}) RETURN k.what AS what, k.pieces AS pieces, "
        "k.bytes AS bytes", version=version, database_=settings.neo4j_database,
    )
    pieces = {r["what"]: r["pieces"] for r in records}
    assert pieces["ranking"] > 4 * SMALL_PER_READ and pieces["matrix"] > SMALL_PER_READ, pieces
    assert {r["what"]: r["bytes"] for r in records} == {"ranking": len(computed[0].content),
                                                        "matrix": len(computed[1].content)}
    assert any(byte >= 0x80 for byte in computed[0].content), "the ranking has characters of several bytes"

    with TestClient(with_small_pieces(create_app(keeping)), raise_server_exceptions=False) as other:
        read_back = [other.get(path, params=params) for path, params in (ranking, matrix)]
    for fresh, kept in zip(computed, read_back, strict=True):
        assert kept.status_code == 200, kept.text
        assert kept.headers["x-cache"] == "miss"  # not this worker's response cache: the kept answer
        assert kept.content == fresh.content
        assert dict(kept.headers) == dict(fresh.headers)
        assert int(kept.headers["content-length"]) == len(kept.content)


def test_a_kept_answer_dropped_while_it_is_sent_ends_short_of_its_content_length(
    settings: Settings, keys: Keys, seed_state: str, driver: Driver  # noqa: F811 (fixtures)
) -> None:
    # The status and headers of a kept answer go out before its later pieces are read. When a piece then
    # cannot be read (here the answer is dropped once its first bytes are sent; Neo4j unreachable fails the
    # same read the same way), the response ends short of its Content-Length with an error the server
    # answers by closing the connection: a client sees an incomplete body, never a whole-looking one.
    keeping = write_settings(settings, keys, cooperation_keep_after=0.0, cache_enabled=False, **PATIENT)
    params = {"limit": "1000", "via_limit": "1000"}
    path = f"/cooperation/{KZ}"
    app = with_small_pieces(create_app(keeping))
    with TestClient(app, raise_server_exceptions=False) as worker:
        assert worker.get(path, params=params).status_code == 200  # computed and kept
        version = worker.get("/health").json()["graph"]["version"]
        key = ranking_key(KZ, version, params)
        assert kept_text(driver, settings, key) is not None
        started: list[Message] = []
        body = bytearray()

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.append(message)
            elif message["type"] == "http.response.body":
                if not body:  # the first piece is on its way: drop the answer before the next are read
                    driver.execute_query("MATCH (k:KeptAnswer {key: $key}) DELETE k", key=key,
                                         database_=settings.neo4j_database)
                body.extend(message.get("body", b""))

        scope = {
            "type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
            "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
            "query_string": b"limit=1000&via_limit=1000", "headers": [(b"host", b"testserver")],
            "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        }

        async def ask() -> None:
            await app(scope, receive, send)

        assert worker.portal is not None
        with pytest.raises(Exception) as raised:
            worker.portal.call(ask)
    causes = []
    error: BaseException | None = raised.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    dropped = [c for c in causes if isinstance(c, Problem)]
    assert dropped and dropped[0].type.endswith("/kept-answer-dropped"), causes
    assert started[0]["status"] == 200
    length = int(dict(started[0]["headers"])[b"content-length"])
    assert 0 < len(body) < length
