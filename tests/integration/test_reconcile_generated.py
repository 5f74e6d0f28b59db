"""At least 500 generated reconciliation requests (hypothesis), every answer valid against the specification.

Each request is itself a valid query batch by the specification's schema
(checked), sent as OpenRefine does (form field), as a GET parameter or as a
JSON body. The answer must be a valid result batch; the only refusal allowed
is a 422 problem for a type or property the service does not have.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphsvc.app import create_app
from graphsvc.reconcile.spec import PROPERTIES, TYPE_NAMES
from graphsvc.settings import Settings
from tests.integration.reconcile_schemas import assert_valid
from tests.integration.test_reconcile import patient, warm_up

REQUESTS = 500
MAX_GET_QUERY = 8000

NAMES = ["Kazakhstan", "Қазақстан", "Türkiye", "Turkic Council", "TİKA", "Nur-Sultan", "Oʻzbekiston", "Azərbaycan",
         "TURKSOY", "Yunus Emre", "Astana", "org:ots", "Ahmet Yesevi", "Baku", "Turksoi"]
UNKNOWN_TYPE = "Planet"
UNKNOWN_PROPERTY = "colour"
MATCHABLE = [p.id for p in PROPERTIES if p.constraint] + ["located in", "Member of"]

texts = st.one_of(st.sampled_from(NAMES), st.text(max_size=40))
types = st.one_of(st.sampled_from(list(TYPE_NAMES) + [UNKNOWN_TYPE]),
                  st.lists(st.sampled_from(list(TYPE_NAMES)), min_size=1, max_size=3))
scalar_values = st.one_of(
    st.sampled_from(["Kazakhstan", "Astana", "TURKSOY", "2007", "1993", "org:ots"]), st.text(max_size=20),
    st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.fixed_dictionaries({"id": st.sampled_from(["state:kazakhstan", "org:turksoy", "x"])},
                          optional={"name": st.text(max_size=10)}),
)
properties = st.lists(
    st.fixed_dictionaries({
        "pid": st.sampled_from([*MATCHABLE, UNKNOWN_PROPERTY]),
        "v": st.one_of(scalar_values, st.lists(scalar_values, max_size=3)),
    }),
    min_size=1, max_size=2,
)
query = st.fixed_dictionaries(
    {"query": texts},
    optional={
        "type": types,
        "limit": st.one_of(st.integers(-3, 40), st.floats(min_value=-1, max_value=50, allow_nan=False)),
        "properties": properties,
        "type_strict": st.sampled_from(["any", "should", "all"]),
    },
)
# the specification also allows a query of properties only
property_only = st.fixed_dictionaries({"properties": properties})
batches = st.dictionaries(st.text(min_size=1, max_size=8), st.one_of(query, property_only), min_size=1, max_size=3)
ways = st.sampled_from(["form", "get", "json"])


def _asks_for_the_unknown(batch: dict[str, Any]) -> bool:
    for one in batch.values():
        named = one.get("type")
        if named == UNKNOWN_TYPE:
            return True
        if any(p["pid"] == UNKNOWN_PROPERTY for p in one.get("properties", [])):
            return True
    return False


def _send(client: TestClient, way: str, batch: dict[str, Any]) -> Any:
    encoded = json.dumps(batch)
    if way == "get" and len(urlencode({"queries": encoded})) > MAX_GET_QUERY:
        way = "form"  # past the service's URL cap a GET answers 414, as every route does
    if way == "form":
        return client.post("/reconcile", data={"queries": encoded})
    if way == "get":
        return client.get("/reconcile", params={"queries": encoded})
    return client.post("/reconcile", json={"queries": batch})


def test_generated_requests_get_valid_answers(settings: Settings, loaded_graph: str) -> None:
    # about answers, not speed: with time limits a loaded shared machine does not trip (test_reconcile.patient)
    warm_up(settings)
    with TestClient(create_app(patient(settings)), raise_server_exceptions=False) as client:
        sent = _generated_requests(client)
    print(f"{len(sent)} generated requests: {sent.count(200)} answered 200, {sent.count(422)} 422")
    assert len(sent) >= REQUESTS
    assert sent.count(200) >= REQUESTS // 3


def _generated_requests(client: TestClient) -> list[int]:
    sent: list[int] = []

    @settings(max_examples=REQUESTS, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(batch=batches, way=ways)
    def one_request(batch: dict[str, Any], way: str) -> None:
        assert_valid("0.2", "reconciliation-query-batch", batch)
        response = _send(client, way, batch)
        sent.append(response.status_code)
        if _asks_for_the_unknown(batch):
            assert response.status_code == 422, response.text
            assert response.headers["content-type"] == "application/problem+json"
            return
        assert response.status_code == 200, response.text
        answer = response.json()
        assert_valid("0.2", "reconciliation-result-batch", answer)
        assert set(answer) == set(batch)
        for key, result in answer.items():
            candidates = result["result"]
            limit = batch[key].get("limit")
            assert len(candidates) <= (max(1, int(limit)) if limit is not None else 5)
            assert all(0 <= c["score"] <= 100 for c in candidates)
            assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)
            assert all(not c["match"] for c in candidates[1:])

    one_request()
    return sent
