"""Hostile and broken input, by hand: Cypher injection in every parameter, limits
far out of range, malformed dates, unknown vocabulary, oversized and malformed
bodies, invalid UTF-8, NUL bytes, very long URLs. Whatever is sent, the answer
is a 4xx problem+json naming what is wrong, never a 500, and the graph is
unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.settings import Settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    FACULTY_ID,
    Keys,
    faculty_entity,
    faculty_part_of,
    keys,
    seed_state,
    write_settings,
)
from tests.integration.live_server import live_server, raw_request

KZ = "state:kazakhstan"
UZ = "state:uzbekistan"

INJECTIONS = [
    "' OR 1=1 //",
    "\" OR 1=1 //",
    "}) MATCH (n) DETACH DELETE n //",
    "x'}) MATCH (n) DETACH DELETE n RETURN 1 //",
    "state:kazakhstan' DETACH DELETE n //",
    "$x",
    "$window_from",
    "`Entity`",
    "`) DETACH DELETE n //",
    "*/ MATCH (n) DETACH DELETE n /*",
    "1; MATCH (n) DETACH DELETE n",
    "name:* OR id:*",  # Lucene syntax in the full-text search
    "\\",
    "\"",
    "a AND",
    "[",
]

# Every read route and its string parameters (path parameters marked by the placeholder).
READ_TARGETS: list[tuple[str, dict[str, str], list[str]]] = [
    ("/entities", {"q": "Kazakhstan"}, ["q", "type"]),
    ("/entities/{x}", {}, ["{x}"]),
    ("/entities/{x}/neighbourhood", {}, ["{x}", "types", "rel_types", "sectors", "since", "until", "format"]),
    ("/entities/" + KZ + "/neighbourhood", {}, ["types", "rel_types", "sectors", "since", "until"]),
    ("/paths", {"from": KZ, "to": UZ}, ["from", "to", "types", "rel_types", "sectors", "since", "until", "format"]),
    ("/cooperation/{x}", {}, ["{x}", "sectors", "since", "until", "format", "partner"]),
    ("/cooperation/matrix", {}, ["type", "sectors", "since", "until"]),
    ("/export", {}, ["types", "rel_types", "sectors", "since", "until", "format"]),
    ("/audit", {}, ["since", "target"]),
]


def _graph_state(driver: Driver, settings: Settings) -> dict[str, Any]:
    # a refused write is still counted by the write rate limit (:RateWindow): the limiter's, not the graph
    records, _, _ = driver.execute_query(
        """
        MATCH (n) WHERE NOT n:KeptAnswer AND NOT n:RateWindow  // the service's own state, not the graph
        WITH count(n) AS nodes
        MATCH ()-[r]->() WITH nodes, count(r) AS relationships
        OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
        RETURN nodes, relationships, m.version AS version
        """,
        database_=settings.neo4j_database,
    )
    return records[0].data()


def _is_problem(response, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["status"] == response.status_code
    assert "Traceback" not in response.text
    return body


def _names_parameter(response, name: str) -> None:
    body = _is_problem(response, 422)
    assert name in [error["parameter"] for error in body.get("errors", [])], body


@pytest.fixture(scope="module")
def api(settings: Settings, keys: Keys, seed_state: str) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(write_settings(settings, keys)), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def before(driver: Driver, settings: Settings, seed_state: str) -> dict[str, Any]:  # noqa: F811
    state = _graph_state(driver, settings)
    assert state["version"] == seed_state
    return state


# -- Cypher injection -----------------------------------------------------------


def test_injection_in_every_read_parameter_changes_nothing(
    api: TestClient, keys: Keys, driver: Driver, settings: Settings, before: dict[str, Any]
) -> None:
    statuses: dict[int, int] = {}
    for path, base, parameters in READ_TARGETS:
        for parameter in parameters:
            for payload in INJECTIONS:
                if parameter == "{x}":
                    url, params = path.replace("{x}", payload.replace("/", "%2F")), dict(base)
                else:
                    url, params = path.replace("{x}", KZ), {**base, parameter: payload}
                response = api.get(url, params=params, headers=keys.header())
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                assert response.status_code < 500, (url, params, response.status_code, response.text[:300])
                if response.status_code >= 400:
                    _is_problem(response, response.status_code)
    # The injections were read as data: names not found, values not in the vocabulary.
    assert set(statuses) <= {200, 404, 422}, statuses
    assert statuses.get(422, 0) > 0 and statuses.get(404, 0) > 0
    assert _graph_state(driver, settings) == before


def test_injection_as_a_search_is_a_plain_search(api: TestClient) -> None:
    nodes = api.get("/health").json()["graph"]["nodes"]
    response = api.get("/entities", params={"q": "}) MATCH (n) DETACH DELETE n //"})
    assert response.status_code == 200
    assert response.json()["total"] < nodes
    # Lucene operators are not interpreted: 'name:* OR id:*' does not match everything.
    everything = api.get("/entities", params={"q": "name:* OR id:*", "limit": 100}).json()
    assert everything["total"] < nodes


def test_injection_in_write_ids_and_bodies_changes_nothing(
    api: TestClient, keys: Keys, driver: Driver, settings: Settings, before: dict[str, Any]
) -> None:
    for payload in INJECTIONS:
        encoded = payload.replace("/", "%2F").replace("#", "%23").replace("?", "%3F")
        # 404 when the decoded id holds a '/' and so names no route.
        response = api.put(f"/entities/{encoded}", json=faculty_entity(id=payload), headers=keys.header())
        _is_problem(response, 404, 422)
        response = api.put("/entities/" + FACULTY_ID, json=faculty_entity(kind=payload), headers=keys.header())
        _is_problem(response, 422)
        response = api.put("/relationships", json=faculty_part_of(to=payload), headers=keys.header())
        _is_problem(response, 422)
        response = api.delete(f"/relationships/{encoded}", headers=keys.header())
        _is_problem(response, 404, 422)
        response = api.delete(f"/entities/{encoded}", headers=keys.header())
        _is_problem(response, 404, 422)
    assert _graph_state(driver, settings) == before


# -- limits, dates, vocabulary ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"/entities/{KZ}/neighbourhood?depth=1000000", "depth"),
        (f"/entities/{KZ}/neighbourhood?depth=0", "depth"),
        (f"/entities/{KZ}/neighbourhood?depth=-3", "depth"),
        (f"/entities/{KZ}/neighbourhood?depth=99999999999999999999999999999", "depth"),
        (f"/entities/{KZ}/neighbourhood?depth=1.5", "depth"),
        (f"/entities/{KZ}/neighbourhood?limit=100000000", "limit"),
        (f"/paths?from={KZ}&to={UZ}&max_hops=1000", "max_hops"),
        (f"/paths?from={KZ}&to={UZ}&k=100000", "k"),
        (f"/paths?from={KZ}&to={UZ}&k=1e9", "k"),
        ("/entities?q=turk&limit=1000000", "limit"),
        ("/entities?q=turk&limit=0", "limit"),
        (f"/cooperation/{KZ}?limit=1000000000", "limit"),
        (f"/cooperation/{KZ}?evidence_limit=1000000000", "evidence_limit"),
        (f"/cooperation/{KZ}?evidence_limit=0", "evidence_limit"),
        ("/audit?limit=1000000000", "limit"),
    ],
)
def test_limits_out_of_range_name_the_parameter(api: TestClient, keys: Keys, url: str, parameter: str) -> None:
    _names_parameter(api.get(url, headers=keys.header()), parameter)


@pytest.mark.parametrize("value", ["2025-13-01", "2023-02-30", "yesterday", "20255", "2025/01/01", "0000-00-00",
                                   "2025-1-1", "-2025", "2025-01-01T00:00:00Z", "１９９３"])
@pytest.mark.parametrize("parameter", ["since", "until"])
def test_malformed_dates_name_the_parameter(api: TestClient, parameter: str, value: str) -> None:
    _names_parameter(api.get(f"/entities/{KZ}/neighbourhood", params={parameter: value}), parameter)
    _names_parameter(api.get("/export", params={parameter: value}), parameter)
    _names_parameter(api.get(f"/cooperation/{KZ}", params={parameter: value}), parameter)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"/entities/{KZ}/neighbourhood?types=Dragon", "types"),
        (f"/entities/{KZ}/neighbourhood?rel_types=LOVES", "rel_types"),
        (f"/entities/{KZ}/neighbourhood?sectors=magic", "sectors"),
        (f"/entities/{KZ}/neighbourhood?format=pdf", "format"),
        ("/entities?q=turk&type=Dragon", "type"),
        ("/cooperation/matrix?type=Dragon", "type"),
        (f"/cooperation/{KZ}?format=xml", "format"),
        ("/export?format=svg", "format"),
        (f"/paths?from={KZ}&to={UZ}&types=State,Dragon", "types"),
    ],
)
def test_unknown_vocabulary_names_the_parameter(api: TestClient, url: str, parameter: str) -> None:
    _names_parameter(api.get(url), parameter)


# -- bodies ---------------------------------------------------------------------


def test_oversized_body_is_413(api: TestClient, keys: Keys, settings: Settings) -> None:
    big = faculty_entity(aliases=["x" * 1000] * 200)  # ~200 kB
    response = api.put("/entities/" + FACULTY_ID, json=big, headers=keys.header())
    _is_problem(response, 413)

    # Streamed without a Content-Length: counted as it arrives.
    def chunks() -> Iterator[bytes]:
        for _ in range(200):
            yield b"x" * 1024

    response = api.put("/entities/" + FACULTY_ID, content=chunks(),
                       headers={**keys.header(), "Content-Type": "application/json"})
    _is_problem(response, 413)


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b'{"id": ', b"not json", b"[]", b"null", b"42", b'{"id": "org:x", "type": }',
     b"\xff\xfe\x00{", b'{"name": "\xff"}', b'{"name": "\x00"}', "{\"name\": \"\ud800\"}".encode("utf-8", "surrogatepass")],
)
def test_malformed_json_bodies_are_422(api: TestClient, keys: Keys, body: bytes) -> None:
    for method, url in [("PUT", "/entities/" + FACULTY_ID), ("PUT", "/relationships"),
                        ("PUT", "/sources/src:ref-x"), ("POST", "/relationships/x/evidence")]:
        response = api.request(method, url, content=body,
                               headers={**keys.header(), "Content-Type": "application/json"})
        body_json = _is_problem(response, 422)
        assert any(e["parameter"].startswith("body") or e["in"] == "body" if "in" in e else e["parameter"] == "body"
                   for e in body_json["errors"]), body_json


def test_nul_bytes_and_odd_text_in_bodies_are_refused_not_crashed(
    api: TestClient, keys: Keys, driver: Driver, settings: Settings, before: dict[str, Any]
) -> None:
    for changes in [{"name": "Faculty\x00"}, {"kind": "fac\x00ulty"}, {"aliases": ["\x00"]},
                    {"evidence": [{"source": "src:\x00", "excerpt": "\x00", "locator": ""}]}]:
        response = api.put("/entities/" + FACULTY_ID, json=faculty_entity(**changes), headers=keys.header())
        assert response.status_code < 500, response.text
        assert response.status_code in (201, 200, 422), response.text
    # Whatever was accepted was a valid entity; put the graph back for the next tests.
    api.delete("/entities/" + FACULTY_ID, params={"detach": "true"}, headers=keys.header())
    state = _graph_state(driver, settings)
    assert (state["nodes"], state["relationships"]) == (before["nodes"] + _audit_nodes(driver, settings),
                                                       before["relationships"])


def _audit_nodes(driver: Driver, settings: Settings) -> int:
    records, _, _ = driver.execute_query("MATCH (a:AuditEntry) RETURN count(a) AS n",
                                         database_=settings.neo4j_database)
    return records[0]["n"]


# -- URLs: invalid UTF-8, NUL bytes, length ---------------------------------------------


@pytest.mark.parametrize("query", ["q=%ff", "q=%ff%fe%fd", "q=%c3%28", "q=%00", "q=Kazakh%00stan", "q=%ed%a0%80",
                                   "q=%", "q=%zz", "q=a&q=b", "q=%E2%80%AE"])
def test_odd_query_strings_never_500(api: TestClient, query: str) -> None:
    response = api.get("/entities?" + query)
    assert response.status_code in (200, 422), (query, response.status_code, response.text[:300])
    if response.status_code == 422:
        _is_problem(response, 422)


@pytest.mark.parametrize("url", [f"/entities/{KZ}%00", "/entities/%ff%fe", f"/entities/{KZ}/neighbourhood?types=%00",
                                 f"/paths?from=%ff&to={UZ}", "/cooperation/%00", "/export?since=%ff"])
def test_odd_bytes_in_other_parameters_never_500(api: TestClient, url: str) -> None:
    response = api.get(url)
    assert response.status_code in (200, 404, 422), (url, response.status_code, response.text[:300])
    if response.status_code != 200:
        _is_problem(response, response.status_code)


def test_very_long_query_strings_are_refused(api: TestClient, settings: Settings) -> None:
    long_q = "a" * 60_000  # httpx sends no query over 64 kB; 100 kB: see test_raw_bytes_on_the_wire
    response = api.get("/entities", params={"q": long_q})
    body = _is_problem(response, 414)
    assert "GRAPHSVC_MAX_URL_BYTES" in body["detail"]
    assert long_q[:1000] not in response.text
    # Under the URL cap, the parameter's own cap answers, naming it.
    _names_parameter(api.get("/entities", params={"q": "a" * 2000}), "q")
    _names_parameter(api.get(f"/entities/{KZ}/neighbourhood", params={"types": "State," * 1000}), "types")
    response = api.get("/entities/" + "a" * 20_000)
    _is_problem(response, 414)


def test_raw_bytes_on_the_wire(settings: Settings, loaded_graph: str) -> None:
    """Bytes no HTTP client library would send, through a real uvicorn server."""
    with live_server(create_app(settings)) as base_url:
        for target in [b"/entities?q=\xff\xfe", b"/entities?q=Kaz\x80akh", b"/entities/state:kazakhstan\xff",
                       b"/entities?q=%ff", b"/entities?q=a%00b"]:
            status, headers, body = raw_request(
                base_url, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            assert status < 500, (target, status, body[:300])
            if status >= 400 and headers.get("content-type", "").startswith("application"):
                assert headers["content-type"].startswith("application/problem+json"), (target, headers)
        status, headers, body = raw_request(
            base_url, b"GET /entities?q=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        assert status in (400, 414, 431), (status, body[:300])
