"""Issue "The graph as a dataset", its acceptance on the curated seed: entities carry
the dates their texts give, the tier merge keeps a reference statement's date, and a
yearly fact counts only in its own year."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _edges(client: TestClient, entity: str, **params: str) -> list[dict]:
    response = client.get(f"/entities/{entity}/neighbourhood", params={"depth": 1, **params})
    assert response.status_code == 200, response.text
    return response.json()["edges"]


def test_turksoy_carries_its_founding_year(client: TestClient) -> None:
    response = client.get("/entities/org:turksoy")
    assert response.status_code == 200, response.text
    assert response.json()["start"] == "1993"


def test_ots_membership_of_its_founders_is_dated_2009(client: TestClient) -> None:
    members = {
        edge["from"]: edge.get("start")
        for edge in _edges(client, "org:ots", rel_types="MEMBER_OF")
        if edge["to"] == "org:ots"
    }
    for state in ("state:azerbaijan", "state:kazakhstan", "state:turkiye"):
        assert members.get(state) == "2009", (state, members)


def test_a_yearly_rank_counts_only_in_its_year(client: TestClient) -> None:
    every_year = [e for e in _edges(client, "state:turkiye", rel_types="RANKED_IN") if e["from"] == "state:turkiye"]
    in_2024 = [
        e for e in _edges(client, "state:turkiye", rel_types="RANKED_IN", since="2024", until="2024")
        if e["from"] == "state:turkiye" and e["to"] == "programme:global-soft-power-index"
    ]
    assert len([e for e in every_year if e["to"] == "programme:global-soft-power-index"]) >= 5
    assert [(e["start"], e["rank"]) for e in in_2024] == [("2024", 25)]
