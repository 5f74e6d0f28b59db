"""GET /paths: shortest paths between two entities, every hop with its evidence."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

YASSAWI = "org:khoja-akhmet-yassawi-university"
TREATY = "agreement:treaty-on-eternal-friendship-kazakhstan-uzbekistan"


def paths(client: TestClient, **params: object) -> dict:
    response = client.get("/paths", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_treaty_on_eternal_friendship_links_uzbekistan_and_kazakhstan(client: TestClient) -> None:
    body = paths(client, **{"from": "state:uzbekistan", "to": "state:kazakhstan", "rel_types": "PARTY_TO", "k": 5})
    routes = [p["nodes"] for p in body["paths"]]
    assert ["state:uzbekistan", TREATY, "state:kazakhstan"] in routes
    treaty_path = next(p for p in body["paths"] if p["nodes"][1] == TREATY)
    assert treaty_path["length"] == 2
    # Direction is explicit: both states are party to the treaty.
    assert [(e["type"], e["from"], e["to"]) for e in treaty_path["edges"]] == [
        ("PARTY_TO", "state:uzbekistan", TREATY),
        ("PARTY_TO", "state:kazakhstan", TREATY),
    ]
    assert "Eternal Friendship" in treaty_path["edges"][0]["evidence"][0]["excerpt"]
    assert {n["id"] for n in body["nodes"]} >= {"state:uzbekistan", "state:kazakhstan", TREATY}


def test_the_kazakh_turkish_university_connects_kazakhstan_and_turkiye(client: TestClient) -> None:
    body = paths(client, **{"from": "state:kazakhstan", "to": "Türkiye", "types": "Organisation",
                            "rel_types": "ESTABLISHED_BY", "k": 10})
    assert ["state:kazakhstan", YASSAWI, "state:turkiye"] in [p["nodes"] for p in body["paths"]]
    path = next(p for p in body["paths"] if YASSAWI in p["nodes"])
    assert all(e["from"] == YASSAWI and e["start"] == "1992" for e in path["edges"])


def test_edges_follow_the_nodes_hop_by_hop(client: TestClient) -> None:
    body = paths(client, **{"from": "state:uzbekistan", "to": "org:turksoy", "k": 10, "max_hops": 4})
    assert body["paths"]
    lengths = [p["length"] for p in body["paths"]]
    assert lengths == sorted(lengths)
    for path in body["paths"]:
        assert len(path["edges"]) == path["length"] == len(path["nodes"]) - 1
        assert len(set(path["nodes"])) == len(path["nodes"])
        assert path["nodes"][0] == "state:uzbekistan" and path["nodes"][-1] == "org:turksoy"
        for hop, edge in enumerate(path["edges"]):
            assert {edge["from"], edge["to"]} == {path["nodes"][hop], path["nodes"][hop + 1]}
            assert edge["evidence"]
    assert len({tuple(p["nodes"]) for p in body["paths"]}) == len(body["paths"])


def test_uzbekistan_to_turksoy_through_agreements_and_memberships_since_2015(client: TestClient) -> None:
    allowed = {"PARTY_TO", "MEMBER_OF", "OBSERVER_OF"}
    body = paths(client, **{"from": "Uzbekistan", "to": "TURKSOY", "rel_types": ",".join(allowed),
                            "since": "2015", "k": 10, "max_hops": 6})
    assert body["paths"]
    for path in body["paths"]:
        for edge in path["edges"]:
            assert edge["type"] in allowed
            # Within the window, or undated (and so marked).
            assert edge["dated"] is False or (edge["end"] is None or edge["end"] >= "2015")
    assert any(TREATY in p["nodes"] for p in body["paths"])


def test_k_and_max_hops_bound_the_answer(client: TestClient) -> None:
    body = paths(client, **{"from": "state:uzbekistan", "to": "org:turksoy", "k": 1, "max_hops": 2})
    assert len(body["paths"]) == 1 and body["paths"][0]["length"] <= 2
    none = paths(client, **{"from": "state:uzbekistan", "to": "org:turksoy", "max_hops": 1, "rel_types": "PARTY_TO"})
    assert none["paths"] == []


def test_time_window_excludes_facts_outside_it(client: TestClient) -> None:
    params = {"from": "state:kazakhstan", "to": "state:turkiye", "types": "Organisation", "rel_types": "ESTABLISHED_BY"}
    assert paths(client, **params, until="1992-01-01")["paths"]
    assert paths(client, **params, until="1991-12-31")["paths"] == []
    assert paths(client, **params, since="1993")["paths"] == []


def test_no_path_is_200_with_the_two_ends(client: TestClient) -> None:
    body = paths(client, **{"from": "state:uzbekistan", "to": "place:baku", "rel_types": "RANKED_IN"})
    assert body["paths"] == []
    assert {n["id"] for n in body["nodes"]} == {"state:uzbekistan", "place:baku"}


def test_formats_render_the_union_of_the_paths(client: TestClient) -> None:
    response = client.get("/paths", params={"from": "state:uzbekistan", "to": "state:kazakhstan",
                                            "rel_types": "PARTY_TO", "format": "cytoscape"})
    assert response.status_code == 200
    assert TREATY in response.text


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "state:uzbekistan", "to": "state:uzbekistan"}, "to"),
        ({"from": "state:uzbekistan", "to": "Uzbekistan"}, "to"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "k": 0}, "k"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "k": 11}, "k"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "max_hops": 0}, "max_hops"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "max_hops": 7}, "max_hops"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "since": "2015-00"}, "since"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "until": "20150"}, "until"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "rel_types": "FRIENDS_WITH"}, "rel_types"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "types": "Nation"}, "types"),
        ({"from": "state:uzbekistan", "to": "org:turksoy", "sectors": "football"}, "sectors"),
        ({"to": "org:turksoy"}, "from"),
        ({"from": "state:uzbekistan"}, "to"),
    ],
)
def test_bad_parameters_are_422_naming_them(client: TestClient, params: dict, parameter: str) -> None:
    response = client.get("/paths", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert parameter in [e["parameter"] for e in response.json()["errors"]]


@pytest.mark.parametrize("which", ["from", "to"])
def test_unknown_entity_is_404_naming_the_parameter(client: TestClient, which: str) -> None:
    params = {"from": "state:uzbekistan", "to": "org:turksoy", which: "org:turksoi"}
    response = client.get("/paths", params=params)
    assert response.status_code == 404
    body = response.json()
    assert body["parameter"] == which and f"'{which}'" in body["detail"]
    assert body["close_matches"][0]["id"] == "org:turksoy"


@pytest.mark.parametrize("ref", ["') MATCH (n) DETACH DELETE n //", "state:uzbekistan' OR '1'='1", "*", "{}"])
def test_injection_looking_ids_are_harmless(client: TestClient, ref: str) -> None:
    response = client.get("/paths", params={"from": ref, "to": "org:turksoy"})
    assert response.status_code in (404, 422)
    assert client.get("/entities/org:turksoy").status_code == 200


def test_a_direct_link_comes_first_then_longer_alternatives(client: TestClient) -> None:
    # Kazakhstan is a founding member of TURKSOY: a direct link; other routes run through other entities.
    body = paths(client, **{"from": "state:kazakhstan", "to": "org:turksoy", "k": 4, "max_hops": 3})
    assert body["truncated"] is False
    first = body["paths"][0]
    assert first["length"] == 1 and first["nodes"] == ["state:kazakhstan", "org:turksoy"]
    assert {e["type"] for e in first["edges"]} <= {"MEMBER_OF", "FOUNDED"}
    assert len(body["paths"]) == 4
    assert all(p["length"] >= 2 for p in body["paths"][1:])
    # The alternatives go through different entities.
    middles = [tuple(p["nodes"][1:-1]) for p in body["paths"][1:]]
    assert len(set(middles)) == len(middles)
