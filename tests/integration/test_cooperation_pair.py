"""GET /cooperation/{id}?partner=: one pair's answer, the entry the ranking gives that partner.

Against the real Neo4j with the seed loaded: every pair the seed's full
rankings list (each actor ranked once per question, with the hub threshold
lowered so that the seed's summits and visits are hub events counted from
the rosters, while the pair is walked) answers exactly the ranking's entry,
unfiltered, filtered and with small `via_limit` and `evidence_limit`; a pair
that shares nothing answers no partner; unknown, non-actor and self partners
are problem+json; the pair's question is kept apart from the ranking's; a
service configured with GRAPHSVC_MAX_LIMIT below the default limits answers a
question that asks none within its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Any

from fastapi.testclient import TestClient

from graphsvc.app import create_app
from graphsvc.cooperation_service import ranking_question
from graphsvc.db import Database
from graphsvc.graph.cooperation.ranking import DEFAULT_EVIDENCE_LIMIT, DEFAULT_VIA_LIMIT, cooperation
from graphsvc.graph.cooperation.rosters import read_event_rosters
from graphsvc.graph.filters import GraphFilters, graph_filters
from graphsvc.settings import Settings
from tests.integration.cooperation_support import asked
from tests.integration.test_cooperation_evidence_limit import KZ, UNFILTERED, UZ, seed_actors, with_db

# (filters, via_limit, evidence_limit): every pair is asked a filtered question and one whose parts are cut
# (the hub events counted from the rosters by the ranking); the pairs of a few actors the other questions too.
# Each question's query shapes are planned by Neo4j once, then each pair is a dozen short queries: every pair at
# all four questions took over two minutes on a shared machine, these about a minute (docs/cooperation-scoring.md).
EVERY_PAIR: list[tuple[GraphFilters, int, int]] = [
    (UNFILTERED, 2, 2),
    (graph_filters(since="2019", until="2022"), DEFAULT_VIA_LIMIT, DEFAULT_EVIDENCE_LIMIT),
]
FEW_ACTORS = [KZ, UZ, "state:turkiye"]
SOME_PAIRS: list[tuple[GraphFilters, int, int]] = [
    (UNFILTERED, DEFAULT_VIA_LIMIT, DEFAULT_EVIDENCE_LIMIT),
    (graph_filters(sectors="education"), 3, 1),
]
# Questions asked at once (the seed's rankings list hundreds of pairs).
AT_ONCE = 8


def test_every_listed_pair_answers_the_rankings_entry(settings: Settings, loaded_graph: str) -> None:
    async def compare(db: Database) -> tuple[int, int, int]:
        rosters = await read_event_rosters(db, 2)  # the ranking counts hub events from the rosters, the pair walks
        actors = await seed_actors(db)
        gate = asyncio.Semaphore(AT_ONCE)
        pairs = cut = 0

        async def at_once(question: Awaitable[dict[str, Any]]) -> dict[str, Any]:
            async with gate:
                return await question

        for filters, via_limit, evidence_limit, asked_actors in (
            [(*question, actors) for question in EVERY_PAIR] + [(*question, FEW_ACTORS) for question in SOME_PAIRS]
        ):
            # each actor's full ranking once, then every pair it lists, all asked a few at a time
            rankings = await asyncio.gather(*(
                at_once(cooperation(db, {"id": actor}, filters, settings.max_limit, via_limit, evidence_limit,
                                    rosters=rosters))
                for actor in asked_actors))
            listed = [(actor, entry) for actor, ranking in zip(asked_actors, rankings, strict=True)
                      for entry in ranking["partners"]]
            assert not any(ranking["truncated"] for ranking in rankings)
            answers = await asyncio.gather(*(
                at_once(cooperation(db, {"id": actor}, filters, 1, via_limit, evidence_limit,
                                    partner={"id": entry["id"]}))
                for actor, entry in listed))
            for (actor, entry), answer in zip(listed, answers, strict=True):
                assert answer == {"actor": {"id": actor}, "partners": [entry], "total": 1, "truncated": False}, \
                    (actor, entry["id"], filters, via_limit, evidence_limit)
                cut += any(part["evidence_truncated"] or part["via_truncated"] for part in entry["parts"])
            pairs += len(listed)
        return pairs, cut, len(rosters)

    started = time.monotonic()
    pairs, cut, at_events = with_db(settings, compare)
    # not vacuous: hundreds of pairs, some of them with parts cut, some hub events counted from the rosters
    assert pairs >= 300 and cut >= 10 and at_events >= 1, (pairs, cut, at_events)
    print(f"{pairs} pairs compared in {time.monotonic() - started:.1f} s")


def test_a_pair_sharing_nothing_answers_no_partner(settings: Settings, loaded_graph: str) -> None:
    async def find(db: Database) -> tuple[str, str, dict[str, Any]]:
        actors = await seed_actors(db)
        ranking = await cooperation(db, {"id": KZ}, UNFILTERED, settings.max_limit)
        listed = {entry["id"] for entry in ranking["partners"]}
        stranger = next(actor for actor in actors if actor != KZ and actor not in listed)
        return KZ, stranger, await cooperation(db, {"id": KZ}, UNFILTERED, 1, partner={"id": stranger})

    actor, stranger, answer = with_db(settings, find)
    assert answer == {"actor": {"id": actor}, "partners": [], "total": 0, "truncated": False}, stranger


def ranked(client: TestClient, actor: str, **params: str) -> dict[str, Any]:
    response = asked(client, f"/cooperation/{actor}", params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_the_route_answers_the_pair_by_id_or_name_and_keeps_it_apart_from_the_ranking(client: TestClient) -> None:
    pair = ranked(client, KZ, partner=UZ)
    ranking = ranked(client, KZ, limit="1000")
    assert pair["total"] == 1 and not pair["truncated"] and len(ranking["partners"]) > 1
    assert pair["partners"] == [next(entry for entry in ranking["partners"] if entry["id"] == UZ)]
    assert pair["actor"] == ranking["actor"]
    # the pair asked after the ranking of the same parameters, and the ranking after the pair: neither is the other
    assert ranked(client, KZ, partner=UZ, limit="1000") == pair
    assert ranked(client, KZ, limit="1000") == ranking
    default_ranking = ranked(client, KZ)
    assert len(default_ranking["partners"]) > 1
    assert ranked(client, "Kazakhstan", partner="Uzbekistan") == pair
    # an empty partner is no partner, as the timeline reads it
    assert ranked(client, KZ, partner=" ") == default_ranking
    cut = ranked(client, KZ, partner=UZ, evidence_limit="1", via_limit="1")
    assert any(part["evidence_truncated"] for part in cut["partners"][0]["parts"])
    assert ranking_question(KZ, UNFILTERED, 1, 10, partner_id=UZ) != ranking_question(KZ, UNFILTERED, 1, 10)


def test_the_pair_as_a_graph_has_the_two_and_their_edge(client: TestClient) -> None:
    pair = ranked(client, KZ, partner=UZ)
    graph = ranked(client, KZ, partner=UZ, format="cytoscape")
    nodes = {element["data"]["id"] for element in graph["elements"]["nodes"]}
    edges = [element["data"] for element in graph["elements"]["edges"]]
    assert nodes == {KZ, UZ}
    assert [(edge["source"], edge["target"], edge["score"]) for edge in edges] == \
        [(KZ, UZ, pair["partners"][0]["score"])]
    graphml = asked(client, f"/cooperation/{KZ}", {"partner": UZ, "format": "graphml"})
    assert graphml.status_code == 200 and graphml.headers["content-type"].startswith("application/graphml")


def test_bad_partners_are_problems(client: TestClient) -> None:
    for partner, status in (("state:atlantis", 404), ("place:astana", 422), (KZ, 422), ("Kazakhstan", 422),
                            ("x" * 301, 422)):
        response = asked(client, f"/cooperation/{KZ}", {"partner": partner})
        assert response.status_code == status, (partner, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "partner" in response.text
    unknown = asked(client, f"/cooperation/{KZ}", {"partner": "Uzbekistn"}).json()
    assert unknown["status"] == 404 and unknown["close_matches"], unknown


def test_a_service_configured_below_the_default_limits_answers_within_its_own(
    settings: Settings, loaded_graph: str
) -> None:
    """GRAPHSVC_MAX_LIMIT below the defaults (50 partners, 10 things, 50 relationships cited): a question that
    asks no limit is answered at the service's limit, not refused; one that asks more is refused, naming it."""
    with TestClient(create_app(settings.model_copy(update={"max_limit": 3})), raise_server_exceptions=False) as low:
        bare = ranked(low, KZ, partner="state:turkiye")
        assert bare == ranked(low, KZ, partner="state:turkiye", limit="3", via_limit="3", evidence_limit="3")
        (partner,) = bare["partners"]
        assert any(part["via_truncated"] for part in partner["parts"])  # the seed's pair shares more than 3
        assert len(ranked(low, KZ)["partners"]) == 3
        for name in ("limit", "via_limit", "evidence_limit"):
            refused = asked(low, f"/cooperation/{KZ}", {"partner": "state:turkiye", name: "4"})
            assert refused.status_code == 422, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert [error["parameter"] for error in refused.json()["errors"]] == [name]
