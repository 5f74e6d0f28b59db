"""EDTF dates end to end: a curated fact dated "199X" counts in a window from
1995, not in one from 2000; an invalid EDTF string in a curation write is a
422 naming the field, and nothing is written."""

from __future__ import annotations

from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.curation.seedfiles import relationship_id
from graphsvc.settings import Settings
from tests.integration.curation_support import (  # noqa: F401 (fixtures)
    FACULTY_EXCERPT,
    SOURCE_002,
    UWED_ID,
    Keys,
    keys,
    seed_state,
    writer,
)

PARTNER = "state:uzbekistan"
FACT = {
    "type": "OPERATES_IN",
    "from": UWED_ID,
    "to": PARTNER,
    "key": "edtf-test",
    "start": "199X",
    "sectors": ["education"],
    "evidence": [{"source": SOURCE_002, "excerpt": FACULTY_EXCERPT, "locator": {"section": "Authors"}}],
}
FACT_ID = relationship_id("OPERATES_IN", UWED_ID, PARTNER, "edtf-test")


def _edges(client: TestClient, **window: str) -> list[dict]:
    response = client.get(f"/entities/{UWED_ID}/neighbourhood", params={"depth": 1, "rel_types": "OPERATES_IN", **window})
    assert response.status_code == 200, response.text
    return [edge for edge in response.json()["edges"] if edge["id"] == FACT_ID]


def test_a_fact_of_the_1990s_counts_from_1995(writer: TestClient, keys: Keys, driver: Driver, settings: Settings) -> None:
    put = writer.put("/relationships", json=FACT, headers=keys.header())
    assert put.status_code == 201, put.text
    try:
        records, _, _ = driver.execute_query(
            "MATCH ()-[r {id: $id}]->() RETURN r.start AS start, r.start_lower AS lower, r.start_upper AS upper, "
            "r.t_from AS t_from, r.t_to AS t_to", id=FACT_ID, database_=settings.neo4j_database,
        )
        assert records[0].data() == {"start": "199X", "lower": "1990-01-01", "upper": "1999-12-31",
                                     "t_from": "1990-01-01", "t_to": None}
        (edge,) = _edges(writer, since="1995", until="1995")
        assert edge["start"] == "199X" and edge["dated"] is True
        assert edge["evidence"][0]["citation"] == "Khamdamov and Alieva (2025)"
        assert edge["evidence"][0]["locator"]["section"] == "Authors"
        assert _edges(writer, since="199X")  # a window may be EDTF too
        assert _edges(writer, until="1989") == []

        closed = writer.put("/relationships", json={**FACT, "end": "1999"}, headers=keys.header())
        assert closed.status_code == 200, closed.text
        assert _edges(writer, since="2000") == []
    finally:
        deleted = writer.delete(f"/relationships/{FACT_ID.replace('#', '%23')}", headers=keys.header())
        assert deleted.status_code == 200, deleted.text


def test_an_invalid_edtf_string_is_refused_naming_the_field(writer: TestClient, keys: Keys, driver: Driver,
                                                             settings: Settings) -> None:
    for field, value in (("start", "1993-13"), ("end", "the nineties")):
        response = writer.put("/relationships", json={**FACT, field: value}, headers=keys.header())
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert field in str(body["errors"]) and "EDTF" in str(body)
    records, _, _ = driver.execute_query("MATCH ()-[r {id: $id}]->() RETURN count(r) AS n", id=FACT_ID,
                                        database_=settings.neo4j_database)
    assert records[0]["n"] == 0


def test_an_old_figure_form_is_refused_in_a_curation_write(writer: TestClient, keys: Keys) -> None:
    response = writer.put("/relationships", json={**FACT, "props": {"students_more_than": 80}}, headers=keys.header())
    assert response.status_code == 422
    assert any(e["parameter"] == "props.students_more_than" for e in response.json()["errors"])
    bad_qualifier = writer.put("/relationships", json={**FACT, "props": {"students": 80, "students_qualifier": "roughly"}},
                               headers=keys.header())
    assert bad_qualifier.status_code == 422 and "qualifier" in bad_qualifier.text


def test_a_window_bound_that_names_no_day_is_a_422(client: TestClient) -> None:
    response = client.get(f"/entities/{UWED_ID}/neighbourhood", params={"since": "XXXX-04-23"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "since"
