"""GET /entities?ids=: several entities by id in one answer (what the matrix panel names its shared things
with), against the real Neo4j: in the order asked, unknown ids left out, bounded by GRAPHSVC_MAX_LIMIT, bad
input a problem+json 422 that changes nothing, an unreachable database a 503; and GET
/explorer/assets/limits.json, the caps the pages keep to."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.settings import Settings

KZ, TURKSOY, UZ = "state:kazakhstan", "org:turksoy", "state:uzbekistan"


def _problem_naming(response: Any, parameter: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert parameter in [error["parameter"] for error in body["errors"]], body
    return body


def _stored_ids(driver: Driver, settings: Settings, limit: int) -> list[str]:
    records, _, _ = driver.execute_query("MATCH (n:Entity) RETURN n.id AS id ORDER BY id LIMIT $limit",
                                         {"limit": limit}, database_=settings.neo4j_database)
    return [record["id"] for record in records]


def test_the_entities_in_the_order_asked_as_get_entities_shows_each(client: TestClient) -> None:
    response = client.get("/entities", params={"ids": f"{TURKSOY},{KZ},{UZ}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["id"] for item in body["items"]] == [TURKSOY, KZ, UZ]
    assert body["total"] == 3
    for item in body["items"]:
        one = client.get(f"/entities/{item['id']}").json()
        one.pop("relationship_counts")
        assert item == one


def test_unknown_ids_are_left_out_and_repeated_ones_answered_once(client: TestClient) -> None:
    body = client.get("/entities", params={"ids": f"state:atlantis,{KZ}, {UZ} ,{KZ},relationship:x"}).json()
    assert [item["id"] for item in body["items"]] == [KZ, UZ]
    assert body["total"] == 2
    nothing = client.get("/entities", params={"ids": "state:atlantis"})
    assert nothing.status_code == 200
    assert nothing.json() == {"items": [], "total": 0}


def test_names_are_what_the_graph_stores(client: TestClient, driver: Driver, settings: Settings) -> None:
    ids = _stored_ids(driver, settings, 60)
    records, _, _ = driver.execute_query("MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.name AS name",
                                         {"ids": ids}, database_=settings.neo4j_database)
    stored = {record["id"]: record["name"] for record in records}
    body = client.get("/entities", params={"ids": ",".join(reversed(ids))}).json()
    assert [(item["id"], item["name"]) for item in body["items"]] == [(id_, stored[id_]) for id_ in reversed(ids)]


def test_at_most_max_limit_ids(settings: Settings, driver: Driver, loaded_graph: str) -> None:
    low = settings.model_copy(update={"max_limit": 5})
    ids = _stored_ids(driver, settings, 6)
    with TestClient(create_app(low), raise_server_exceptions=False) as api:
        five = api.get("/entities", params={"ids": ",".join(ids[:5])}).json()
        assert [item["id"] for item in five["items"]] == ids[:5]
        body = _problem_naming(api.get("/entities", params={"ids": ",".join(ids)}), "ids")
        assert "at most 5" in body["detail"]
        assert api.get("/explorer/assets/limits.json").json() == {"max_limit": 5,
                                                                 "max_url_bytes": settings.max_url_bytes}


def test_the_pages_limits_are_the_settings(client: TestClient, settings: Settings) -> None:
    response = client.get("/explorer/assets/limits.json")
    assert response.status_code == 200
    assert response.json() == {"max_limit": settings.max_limit, "max_url_bytes": settings.max_url_bytes}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"ids": ""}, "ids"),
        ({"ids": f"{KZ},,{UZ}"}, "ids"),
        ({"ids": f"{KZ}, "}, "ids"),
        ({"ids": "x" * 301}, "ids"),
        ({"ids": KZ, "q": "Kazakhstan"}, "ids"),
        ({"ids": KZ, "type": "State"}, "ids"),
        ({"ids": KZ, "limit": "3"}, "ids"),
        ({}, "q"),
        ({"type": "State"}, "q"),
    ],
)
def test_bad_input_is_a_problem_naming_the_parameter(client: TestClient, params: dict[str, str],
                                                     parameter: str) -> None:
    _problem_naming(client.get("/entities", params=params), parameter)


def test_injections_are_ids_that_name_nothing(client: TestClient, driver: Driver, settings: Settings) -> None:
    def count() -> int:
        records, _, _ = driver.execute_query("MATCH (n:Entity) RETURN count(n) AS n", database_=settings.neo4j_database)
        return int(records[0]["n"])

    before = count()
    for injection in ["}) MATCH (n) DETACH DELETE n //", "' OR 1=1 //", "$ids", "`Entity`", "%00", "\x00", "\\"]:
        response = client.get("/entities", params={"ids": f"{injection},{KZ}"})
        assert response.status_code == 200, (injection, response.text[:300])
        assert [item["id"] for item in response.json()["items"]] == [KZ]
    assert count() == before


def test_an_unreachable_database_answers_503(settings: Settings) -> None:
    unreachable = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1", "connection_timeout": 1.0})
    with TestClient(create_app(unreachable), raise_server_exceptions=False) as offline:
        response = offline.get("/entities", params={"ids": KZ})
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
