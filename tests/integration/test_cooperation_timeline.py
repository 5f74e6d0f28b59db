"""GET /cooperation/{id}/timeline against the real Neo4j with the seed loaded.

The timeline's facts are the relationships that state the cooperation the
ranking scores: checked against the ranking's own evidence, and each placed
in the year of its t_from read straight from Neo4j. The facts asserted by
name: Kazakhstan and Uzbekistan are parties to a higher-education agreement
dated 2022-12-22 and to the undated Treaty on Eternal Friendship (Khamdamov
& Alieva 2025).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphsvc.app import create_app
from graphsvc.graph.cooperation.definition import KINDS
from graphsvc.settings import Settings
from tests.integration.cooperation_support import asked

KZ = "state:kazakhstan"
UZ = "state:uzbekistan"
TR = "state:turkiye"
ETERNAL_FRIENDSHIP = "agreement:treaty-on-eternal-friendship-kazakhstan-uzbekistan"
HIGHER_EDUCATION_2022 = "agreement:kazakhstan-uzbekistan-higher-postgraduate-education-2022"
# The relationships that only say who acts for whom or where things are: never a fact of the timeline.
CONTEXT_TYPES = {"HOLDS_POSITION", "PART_OF", "ESTABLISHED_BY", "RUNS"}


@pytest.fixture(scope="module")
def client(settings: Settings, loaded_graph: str) -> Iterator[TestClient]:
    """The app with room for a cold server's first plans on a loaded machine (the timeline is not
    computed in the background: it reads the facts of one actor, as the ranking's evidence does)."""
    patient = settings.model_copy(update={"query_timeout": 120.0, "request_timeout": 150.0})
    with TestClient(create_app(patient), raise_server_exceptions=False) as test_client:
        yield test_client


def timeline(client: TestClient, actor: str, **params: str) -> dict[str, Any]:
    response = client.get(f"/cooperation/{actor}/timeline", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ranking(client: TestClient, actor: str, **params: str) -> dict[str, Any]:
    response = asked(client, f"/cooperation/{actor}", {"limit": "1000", "via_limit": "1000", **params})
    assert response.status_code == 200, response.text
    return response.json()


def all_facts(body: dict[str, Any]) -> list[str]:
    return [fact for year in body["years"] for fact in year["facts"]] + body["undated_facts"]


def facts_by_kind(body: dict[str, Any]) -> dict[str, int]:
    counts = dict(body["undated_parts"])
    for year in body["years"]:
        for kind, count in year["parts"].items():
            counts[kind] = counts.get(kind, 0) + count
    return counts


def relationships_of(driver: Driver, ids: list[str]) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "UNWIND $ids AS id MATCH ()-[r {id: id}]->() RETURN r.id AS id, type(r) AS type, r.t_from AS t_from",
        ids=ids,
    )
    return {record["id"]: {"type": record["type"], "t_from": record["t_from"]} for record in records}


def test_kazakhstan_and_uzbekistan_by_year(client: TestClient) -> None:
    body = timeline(client, KZ, partner=UZ)
    assert body["actor"]["id"] == KZ and body["partner"]["id"] == UZ
    years = {year["year"]: year for year in body["years"]}
    # the 2022 agreement: both parties' PARTY_TO of 2022-12-22, in 2022, part shared_agreement
    assert {f"party_to:{KZ}->{HIGHER_EDUCATION_2022}", f"party_to:{UZ}->{HIGHER_EDUCATION_2022}"} <= set(
        years[2022]["facts"])
    assert years[2022]["parts"]["shared_agreement"] >= 2
    # the Treaty on Eternal Friendship is undated: counted beside the years, in no year
    assert {f"party_to:{KZ}->{ETERNAL_FRIENDSHIP}", f"party_to:{UZ}->{ETERNAL_FRIENDSHIP}"} <= set(
        body["undated_facts"])
    assert body["undated"] == len(body["undated_facts"]) >= 2
    assert body["undated_parts"]["shared_agreement"] >= 2
    assert [year["year"] for year in body["years"]] == sorted(years)
    assert "first year" in body["dating"]


@pytest.mark.parametrize("params", [{}, {"sectors": "education"}, {"sectors": "politics,trade"}])
@pytest.mark.parametrize("partner_id", [UZ, TR, None])
def test_the_facts_are_the_stating_relationships_of_the_ranking(
    client: TestClient, driver: Driver, partner_id: str | None, params: dict[str, str]
) -> None:
    """Every fact is a relationship of the ranking's evidence for that partner, of a part it scores;
    every part the ranking scores has facts; each fact is counted once, in the year of its t_from."""
    body = timeline(client, KZ, **({"partner": partner_id} if partner_id else {}), **params)
    ranked = ranking(client, KZ, **params)
    partners = [p for p in ranked["partners"] if partner_id is None or p["id"] == partner_id]
    assert ranked["truncated"] is False
    evidenced = {item["relationship"]: part["kind"] for p in partners for part in p["parts"]
                 for item in part["evidence"]}
    scored_kinds = {part["kind"] for p in partners for part in p["parts"]}
    facts = all_facts(body)
    assert len(facts) == len(set(facts)), "a fact is counted once"
    assert set(facts) <= set(evidenced)
    assert set(facts_by_kind(body)) == scored_kinds
    stored = relationships_of(driver, facts)
    assert set(stored) == set(facts)
    assert not {stored[fact]["type"] for fact in facts} & CONTEXT_TYPES
    for year in body["years"]:
        assert year["facts"] and sum(year["parts"].values()) == len(year["facts"])
        assert set(year["parts"]) <= set(KINDS)
        for fact in year["facts"]:
            assert int(stored[fact]["t_from"][:4]) == year["year"]
    for fact in body["undated_facts"]:
        assert stored[fact]["t_from"] is None
    if not partners:
        assert body["years"] == [] and body["undated"] == 0


def test_csv_has_a_row_per_year_and_the_undated_row(client: TestClient) -> None:
    body = timeline(client, KZ, partner=UZ)
    response = client.get(f"/cooperation/{KZ}/timeline", params={"partner": UZ, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["year"] for row in rows] == [str(year["year"]) for year in body["years"]] + ["undated"]
    for row, year in zip(rows, body["years"], strict=False):
        assert {kind: int(row[kind]) for kind in KINDS if int(row[kind])} == year["parts"]
        assert row["facts"].split() == year["facts"]
    assert rows[-1]["facts"].split() == body["undated_facts"]


def test_a_name_resolves_and_filters_narrow(client: TestClient) -> None:
    by_name = timeline(client, "Kazakhstan", partner="Uzbekistan")
    assert by_name == timeline(client, KZ, partner=UZ)
    education = timeline(client, KZ, partner=UZ, sectors="education")
    assert set(all_facts(education)) < set(all_facts(by_name))
    assert f"party_to:{KZ}->{ETERNAL_FRIENDSHIP}" not in all_facts(education)


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        (f"/cooperation/{KZ}/timeline?partner=state:atlantis", 404, "partner"),
        ("/cooperation/state:atlantis/timeline", 404, "id"),
        (f"/cooperation/{KZ}/timeline?partner=place:astana", 422, "partner"),
        (f"/cooperation/{KZ}/timeline?partner=Kazakhstan", 422, "partner"),  # the actor itself
        ("/cooperation/place:astana/timeline", 422, "id"),
        (f"/cooperation/{KZ}/timeline?format=xml", 422, "format"),
        (f"/cooperation/{KZ}/timeline?sectors=cooking", 422, "sectors"),
        (f"/cooperation/{KZ}/timeline?since=2024&until=2020", 422, "since"),
    ],
)
def test_bad_input_is_a_problem_naming_the_parameter(client: TestClient, url: str, status: int, parameter: str) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert parameter in response.json()["detail"]
