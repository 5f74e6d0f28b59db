"""GET /entities/{id}/neighbourhood: bounded expansion, filters, time windows, truncation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graphsvc.app import create_app
from graphsvc.settings import Settings


YASSAWI = "org:khoja-akhmet-yassawi-university"
TREATY = "agreement:treaty-on-eternal-friendship-kazakhstan-uzbekistan"
EDU_2022 = "agreement:kazakhstan-uzbekistan-higher-postgraduate-education-2022"


def graph(client: TestClient, entity: str, **params: object) -> dict:
    response = client.get(f"/entities/{entity}/neighbourhood", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def node_ids(body: dict) -> set[str]:
    return {n["id"] for n in body["nodes"]}


def test_depth_one_has_direct_neighbours_and_their_evidence(client: TestClient) -> None:
    body = graph(client, YASSAWI, depth=1)
    assert body["nodes"][0]["id"] == YASSAWI
    assert {"state:kazakhstan", "state:turkiye", "place:turkistan"} <= node_ids(body)
    assert body["truncated"] is False
    established = [e for e in body["edges"] if e["type"] == "ESTABLISHED_BY" and e["to"] == "state:turkiye"]
    assert established and established[0]["from"] == YASSAWI
    evidence = established[0]["evidence"][0]
    assert "agreement between Kazakhstan and Türkiye" in evidence["excerpt"]
    assert evidence["source"].startswith("src:")


def test_every_edge_joins_returned_nodes(client: TestClient) -> None:
    body = graph(client, "state:kazakhstan", depth=2)
    ids = node_ids(body)
    assert all(e["from"] in ids and e["to"] in ids for e in body["edges"])
    assert len(ids) == len(body["nodes"])


def test_treaty_on_eternal_friendship_links_uzbekistan_and_kazakhstan(client: TestClient) -> None:
    body = graph(client, "state:uzbekistan", depth=2, rel_types="PARTY_TO")
    assert {TREATY, "state:kazakhstan"} <= node_ids(body)
    parties = {e["from"] for e in body["edges"] if e["to"] == TREATY and e["type"] == "PARTY_TO"}
    assert parties == {"state:uzbekistan", "state:kazakhstan"}


def test_deeper_reaches_further(client: TestClient) -> None:
    one = node_ids(graph(client, "state:uzbekistan", depth=1, limit=1000))
    two = node_ids(graph(client, "state:uzbekistan", depth=2, limit=1000))
    assert one < two


def test_node_types_filter_keeps_the_start(client: TestClient) -> None:
    body = graph(client, YASSAWI, depth=2, types="State")
    assert body["nodes"][0]["id"] == YASSAWI
    assert {n["type"] for n in body["nodes"][1:]} == {"State"}
    assert {"state:kazakhstan", "state:turkiye"} <= node_ids(body)


def test_rel_types_and_sectors_filter_edges(client: TestClient) -> None:
    body = graph(client, YASSAWI, depth=1, rel_types="AFFILIATED_WITH")
    assert body["edges"] and {e["type"] for e in body["edges"]} == {"AFFILIATED_WITH"}
    assert {n["type"] for n in body["nodes"][1:]} == {"Person"}
    science = graph(client, YASSAWI, depth=1, sectors="science")
    assert science["edges"] and all("science" in e["sectors"] for e in science["edges"])


@pytest.mark.parametrize(
    ("params", "included"),
    [
        # ESTABLISHED_BY ... start 1992: a point in time, 1992-01-01..1992-12-31.
        ({"since": "1992"}, True),
        ({"until": "1992"}, True),
        ({"since": "1992-12-31"}, True),
        ({"since": "1993-01-01"}, False),
        ({"since": "1993"}, False),
        ({"until": "1992-01-01"}, True),
        ({"until": "1991-12-31"}, False),
        ({"until": "1991"}, False),
        ({"since": "1990", "until": "1992-06"}, True),
    ],
)
def test_time_window_boundaries_on_a_dated_fact(client: TestClient, params: dict, included: bool) -> None:
    body = graph(client, YASSAWI, depth=1, rel_types="ESTABLISHED_BY", **params)
    assert ("state:turkiye" in node_ids(body)) is included
    for edge in body["edges"]:
        assert edge["dated"] is True and edge["start"] == "1992"


@pytest.mark.parametrize(
    ("until", "included"), [("2022-12-22", True), ("2022-12-21", False), ("2022-12", True), ("2022", True), ("2021", False)]
)
def test_open_ended_fact_counts_from_its_start(client: TestClient, until: str, included: bool) -> None:
    # Uzbekistan is party to the 2022 agreement on higher and postgraduate education from 2022-12-22.
    body = graph(client, "state:uzbekistan", depth=1, rel_types="PARTY_TO", until=until)
    assert (EDU_2022 in node_ids(body)) is included
    assert (EDU_2022 in node_ids(graph(client, "state:uzbekistan", depth=1, rel_types="PARTY_TO", since="2030"))) is True


def test_undated_facts_count_in_every_window_and_are_marked(client: TestClient) -> None:
    for window in ({"since": "2015"}, {"until": "1800"}, {"since": "2000", "until": "2000"}):
        body = graph(client, "state:uzbekistan", depth=1, rel_types="PARTY_TO", **window)
        treaty_edges = [e for e in body["edges"] if e["to"] == TREATY]
        assert treaty_edges and all(e["dated"] is False for e in treaty_edges)


def test_truncation_keeps_nearest_and_best_evidenced(client: TestClient) -> None:
    full = graph(client, "state:kazakhstan", depth=2, limit=1000)
    assert full["truncated"] is False
    cut = graph(client, "state:kazakhstan", depth=2, limit=5)
    assert cut["truncated"] is True
    assert len(cut["nodes"]) == 5
    direct = {e["to"] if e["from"] == "state:kazakhstan" else e["from"]
              for e in full["edges"] if "state:kazakhstan" in (e["from"], e["to"])}
    # Nearest first: with this many direct neighbours, all kept nodes are direct ones.
    assert len(direct) > 5
    assert {n["id"] for n in cut["nodes"][1:]} <= direct
    # Strongest first: a kept neighbour has at least as much evidence as any left out.
    def evidence(node: str, edges: list[dict]) -> tuple[int, int]:
        links = [e for e in edges if {e["from"], e["to"]} == {"state:kazakhstan", node}]
        return (max(e["tier"] == "evidenced" for e in links), sum(len(e["evidence"]) for e in links))
    kept = {n["id"] for n in cut["nodes"][1:]}
    weakest_kept = min(evidence(n, full["edges"]) for n in kept)
    strongest_left = max(evidence(n, full["edges"]) for n in direct - kept)
    assert weakest_kept >= strongest_left


def test_depth_three_from_a_hub_is_bounded(client: TestClient) -> None:
    body = graph(client, "state:kazakhstan", depth=3, limit=50)
    assert len(body["nodes"]) <= 50
    assert body["truncated"] is True


def test_formats_other_than_json(client: TestClient) -> None:
    response = client.get(f"/entities/{YASSAWI}/neighbourhood", params={"format": "graphml"})
    assert response.status_code == 200
    assert "graphml" in response.headers["content-type"]
    assert YASSAWI in response.text


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"depth": 0}, "depth"),
        ({"depth": 4}, "depth"),
        ({"depth": "two"}, "depth"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"types": "Country"}, "types"),
        ({"rel_types": "LIKES"}, "rel_types"),
        ({"rel_types": "PARTY_TO,) DETACH DELETE n //"}, "rel_types"),
        ({"sectors": "sports"}, "sectors"),
        ({"since": "2015-13"}, "since"),
        ({"since": "last year"}, "since"),
        ({"until": "2015-02-30"}, "until"),
        ({"since": "2020", "until": "2010"}, "since"),
        ({"format": "pdf"}, "format"),
    ],
)
def test_bad_parameters_are_422_naming_them(client: TestClient, params: dict, parameter: str) -> None:
    response = client.get(f"/entities/{YASSAWI}/neighbourhood", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert parameter in [e["parameter"] for e in response.json()["errors"]]


def test_unknown_entity_is_404(client: TestClient) -> None:
    response = client.get("/entities/state:atlantis/neighbourhood")
    assert response.status_code == 404
    assert response.json()["type"].endswith("not-found")



def test_a_service_configured_below_the_default_limit_answers_within_its_own(
    settings: Settings, loaded_graph: str
) -> None:
    """GRAPHSVC_MAX_LIMIT below GRAPHSVC_DEFAULT_LIMIT (200): a neighbourhood that asks no limit is answered at
    the service's limit, not refused for a limit nobody asked; one that asks more is refused, naming it."""
    with TestClient(create_app(settings.model_copy(update={"max_limit": 3})), raise_server_exceptions=False) as low:
        bare = graph(low, "state:kazakhstan")
        assert len(bare["nodes"]) == 3 and bare["truncated"]
        assert bare == graph(low, "state:kazakhstan", limit=3)
        refused = low.get("/entities/state:kazakhstan/neighbourhood", params={"limit": 4})
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert [error["parameter"] for error in refused.json()["errors"]] == ["limit"]
