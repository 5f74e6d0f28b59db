"""GET /entities?q=: search by any name or alias, forgiving of how Turkic names are typed."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.curation import loader
from graphsvc.db import Database, connection_info, cypher_files
from graphsvc.graph import search
from graphsvc.settings import Settings


def ids(client: TestClient, q: str, **params: object) -> list[str]:
    response = client.get("/entities", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("q", ["Türkiye", "Turkiye", "Turkey", "Türkiyə", "Турция", "Turtsiya", "TÜRKİYE"])
def test_turkiye_is_found_first_by_every_spelling(client: TestClient, q: str) -> None:
    assert ids(client, q)[0] == "state:turkiye"


@pytest.mark.parametrize(
    ("case", "q", "expected"),
    [
        ("diacritics", "Nigde", "place:nigde"),
        ("diacritics", "Niğde", "place:nigde"),
        ("azerbaijani schwa", "Azərbaycan", "state:azerbaijan"),
        ("azerbaijani schwa", "Azerbaycan", "state:azerbaijan"),
        ("dotless i", "TİKA", "org:tika"),
        ("dotless i", "TIKA", "org:tika"),
        ("dotless i", "Tika", "org:tika"),
        ("dotless i", "Kirgizistan", "state:kyrgyzstan"),
        ("kazakh cyrillic", "Қазақстан", "state:kazakhstan"),
        ("kyrgyz cyrillic", "Кыргызстан", "state:kyrgyzstan"),
        ("russian", "Казахстан", "state:kazakhstan"),
        ("russian", "ТЮРКСОЙ", "org:turksoy"),
        ("transliteration", "Qazaqstan", "state:kazakhstan"),
        ("transliteration", "Kazakhstan", "state:kazakhstan"),
        ("apostrophe", "O'zbekiston", "state:uzbekistan"),
        ("apostrophe", "Oʻzbekiston", "state:uzbekistan"),
        ("apostrophe", "Ozbekiston", "state:uzbekistan"),
        ("abbreviation", "OTS", "org:ots"),
        ("abbreviation", "TDT", "org:ots"),
        ("former name", "Turkic Council", "org:ots"),
        ("typo", "Kazakstan", "state:kazakhstan"),
        ("typo", "Turksoi", "org:turksoy"),
        ("typo", "Tursoy", "org:turksoy"),
        ("typo", "Uzbkeistan", "state:uzbekistan"),
        ("alias", "International Kazakh-Turkish University", "org:khoja-akhmet-yassawi-university"),
        ("other script", "中国", "state:china"),
        ("id", "state:kazakhstan", "state:kazakhstan"),
    ],
)
def test_search_finds_by_case(client: TestClient, case: str, q: str, expected: str) -> None:
    assert ids(client, q)[0] == expected, case


def test_exact_hits_come_before_prefix_and_word_matches(client: TestClient) -> None:
    found = ids(client, "Kazakhstan", limit=20)
    assert found[0] == "state:kazakhstan"
    # Entities whose names contain the word follow (the Union of Writers of Kazakhstan, ...).
    assert "org:union-of-writers-of-kazakhstan" in found[1:]


def test_prefix_finds_as_you_type(client: TestClient) -> None:
    assert "org:khoja-akhmet-yassawi-university" in ids(client, "Yassa")


def test_total_counts_every_match_and_limit_bounds_items(client: TestClient) -> None:
    body = client.get("/entities", params={"q": "Kazakhstan", "limit": 2}).json()
    assert len(body["items"]) == 2
    assert body["total"] > 2


def test_type_filter(client: TestClient) -> None:
    found = ids(client, "Kazakhstan", type="Organisation", limit=50)
    assert found and "state:kazakhstan" not in found
    assert all(i.startswith("org:") for i in found)
    assert ids(client, "Kazakhstan", type="state")[0] == "state:kazakhstan"  # case-insensitive


def test_items_are_entities(client: TestClient) -> None:
    item = client.get("/entities", params={"q": "TURKSOY"}).json()["items"][0]
    assert item["id"] == "org:turksoy"
    assert item["type"] == "Organisation"
    assert "Türksoy" in item["aliases"]
    assert "search_keys" not in item


def test_no_match_is_an_empty_list(client: TestClient) -> None:
    body = client.get("/entities", params={"q": "Zzyzx Qwvbnm"}).json()
    assert body == {"items": [], "total": 0}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({}, "q"),
        ({"q": "Baku", "type": "Country"}, "type"),
        ({"q": "Baku", "limit": 0}, "limit"),
        ({"q": "Baku", "limit": 101}, "limit"),
        ({"q": "Baku", "limit": "many"}, "limit"),
    ],
)
def test_bad_parameters_are_422_naming_them(client: TestClient, params: dict, parameter: str) -> None:
    response = client.get("/entities", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert parameter in [e["parameter"] for e in response.json()["errors"]]


@pytest.mark.parametrize(
    "q",
    ['"', "AND(", "*", "?", "~", "\\", "a:b", "OR", "NOT NOT", "[1 TO 5]", "{!}", "/regex/", "'; MATCH (n) DETACH DELETE n //",
     "\" OR 1=1 --", "x" * 300, "Kazakhstan~~~^2", "+-&&||!(){}[]^\"~*?:\\/"],
)
def test_lucene_and_cypher_syntax_in_queries_is_harmless(client: TestClient, q: str) -> None:
    response = client.get("/entities", params={"q": q})
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["items"], list)
    # The graph is still there.
    assert ids(client, "Baku")[0] == "place:baku"


def test_a_query_over_the_time_limit_answers_504(settings: Settings, loaded_graph: str, tmp_path: Path) -> None:
    """The server stops a query at GRAPHSVC_QUERY_TIMEOUT and the client gets a 504 problem.

    Neo4j checks transaction time limits every couple of seconds, and every real query on the
    seed graph finishes far sooner (the neighbourhood and path searches are bounded by design),
    so this app's copy of the named queries has `search_fulltext` made slow by a counting loop
    in front of the real query. Everything else — the route, the driver, the server's timeout,
    the error mapping — is the real thing.
    """
    cypher = tmp_path / "cypher"
    shutil.copytree(settings.cypher_dir, cypher)
    query = cypher / "queries" / "search_fulltext.cypher"
    spin = "CALL () { UNWIND range(1, 2000000000) AS i WITH i WHERE i % 7 = 3 RETURN count(*) AS spin }\n"
    query.write_text(spin + query.read_text(encoding="utf-8"), encoding="utf-8")
    hasty = settings.model_copy(update={"query_timeout": 1.0, "cypher_dir": cypher})
    with TestClient(create_app(hasty), raise_server_exceptions=False) as client:
        started = time.monotonic()
        response = client.get("/entities", params={"q": "Kazakhstan"})
        elapsed = time.monotonic() - started
    assert response.status_code == 504
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("query-timeout")
    assert "Traceback" not in response.text
    assert elapsed < 30


@pytest.mark.parametrize("q", ["Turk", "university", "Kazakstan", "Баку", "theatre"])
def test_items_are_whole_entities_in_rank_order(client: TestClient, q: str) -> None:
    """Ranking reads only ids and keys; the items shown are then read whole (`entities_by_ids`).

    Each item must be the entity as GET /entities/{id} answers it (without the relationship
    counts, which only that route gives), and the second read must keep the ranked order.
    """
    found = client.get("/entities", params={"q": q, "limit": 50}).json()
    assert found["items"], q
    for item in found["items"]:
        entity = client.get(f"/entities/{item['id']}").json()
        assert item == {key: value for key, value in entity.items() if key in item}
        assert set(entity) - set(item) <= {"relationship_counts"}, set(entity) - set(item)
    ranked = [item["id"] for item in found["items"]]
    limited = client.get("/entities", params={"q": q, "limit": 3}).json()
    assert [item["id"] for item in limited["items"]] == ranked[:3]
    assert limited["total"] == found["total"]


# Exact names (a key of one entity, of several words, in another script, an id), and words
# that are only part of keys.
EXACT_STEP_QUERIES = ["Baku", "Turkic Council", "OTS", "Qazaqstan", "TURKSOY", "中国", "state:kazakhstan",
                      "Turkic", "university", "Kazak"]


def _exact_rows(settings: Settings, index: str) -> dict[str, list[dict[str, object]]]:
    """`search_exact` of each query, reading exact names from `index`."""

    async def read_all() -> dict[str, list[dict[str, object]]]:
        db = Database(connection_info(settings), cypher_files(settings), settings)
        try:
            found = {}
            for q in EXACT_STEP_QUERIES:
                query = search.Query.of(q)
                found[q] = await db.read("search_exact", {"id": query.raw, "key": query.key, "key_index": index,
                                                          "type": None, "limit": search.CANDIDATES})
            return found
        finally:
            await db.close()

    return asyncio.run(read_all())


def test_the_exact_step_reads_the_key_index_and_finds_what_the_phrase_finds(
    settings: Settings, loaded_graph: str
) -> None:
    """`entity_search_keys` (one term per folded key) gives the rows, scores and order the phrase
    query over `entity_names` gives, which the service falls back to while that index is missing."""
    keyed = _exact_rows(settings, search.KEY_INDEX)
    assert keyed == _exact_rows(settings, search.FALLBACK_KEY_INDEX)
    named = {q: [row["id"] for row in rows if not row["by_id"]] for q, rows in keyed.items()}
    assert named["Turkic Council"] == ["org:ots"]  # a key of several words is one term
    assert named["Qazaqstan"] == ["state:kazakhstan"]
    assert named["中国"] == ["state:china"]
    assert named["Turkic"] == named["university"] == named["Kazak"] == []  # a word of a key is not the key
    assert [row["id"] for row in keyed["state:kazakhstan"] if row["by_id"]] == ["state:kazakhstan"]


def test_without_the_key_index_search_answers_the_same_and_uses_it_once_it_is_online(
    driver: Driver, settings: Settings, loaded_graph: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph whose schema predates `entity_search_keys` (or a service started while it is built)."""
    monkeypatch.setattr(search, "KEY_INDEX_RECHECK_SECONDS", 0.0)
    queries = EXACT_STEP_QUERIES + ["Kazakstan", "Turk", "theatre"]

    async def answers(db: Database) -> list[dict[str, object]]:
        single = [await search.search_entities(db, q, None, 50) for q in queries]
        return single + await search.search_many(db, [(q, None) for q in queries], 50)

    async def run() -> None:
        db = Database(connection_info(settings), cypher_files(settings), settings)
        try:
            assert await search.key_index(db) == search.KEY_INDEX
            with_index = await answers(db)
            assert any(answer["items"] for answer in with_index)
            driver.execute_query("DROP INDEX entity_search_keys", database_=settings.neo4j_database)
            fresh = Database(connection_info(settings), cypher_files(settings), settings)
            try:
                assert await search.key_index(fresh) == search.FALLBACK_KEY_INDEX
                assert await answers(fresh) == with_index
                loader.apply_schema(driver, settings, settings.neo4j_database)  # creates it, waits until online
                assert await search.key_index(fresh) == search.KEY_INDEX
                assert await answers(fresh) == with_index
            finally:
                await fresh.close()
        finally:
            await db.close()
            loader.apply_schema(driver, settings, settings.neo4j_database)

    asyncio.run(run())
