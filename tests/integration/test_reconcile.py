"""The reconciliation service (W3C 0.2) against the real Neo4j with the seed loaded.

Every answer is validated against the specification's own JSON schemas
(reconcile_schemas.py, whose set-up test_reconcile_schemas.py checks first).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.app import create_app
from graphsvc.reconcile.spec import MAX_BATCH, MAX_EXTEND_IDS
from graphsvc.settings import Settings
from graphsvc.vocabulary import ENTITY_TYPES
from tests.integration.reconcile_schemas import assert_valid


@pytest.fixture(scope="module")
def recon(client: TestClient, settings: Settings) -> TestClient:
    warm_up(settings)
    return client


def patient(settings: Settings) -> Settings:
    """The settings with long time limits: for warming up, and for tests about answers rather than speed, on
    a 2-core machine that other engineers' test servers share (load averages of 20 and more)."""
    return settings.model_copy(update={"query_timeout": 120.0, "request_timeout": 300.0})


def warm_up(settings: Settings) -> None:
    """Plan the reconciliation queries once, with time to spare: a cold server on a loaded machine can spend
    longer planning them than a request may take, and a query cancelled while planned leaves no plan."""
    warm = {"q0": {"query": "Kazakhstan", "properties": [{"pid": "located_in", "v": "Asia"}]}}
    extend = {"ids": ["state:kazakhstan"],
              "properties": [{"id": "cooperation_score", "settings": {"partner": "Türkiye"}}]}
    with TestClient(create_app(patient(settings)), raise_server_exceptions=False) as client:
        for answer in (
            client.post("/reconcile", data={"queries": json.dumps(warm)}),
            client.get("/reconcile/preview?id=org:turksoy"),
            client.get("/reconcile/suggest/entity?prefix=org:tur"),
            client.post("/reconcile", data={"extend": json.dumps(extend)}),
        ):
            assert answer.status_code == 200, answer.text


def post_queries(client: TestClient, queries: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert_valid("0.2", "reconciliation-result-batch", answer)
    assert set(answer) == set(queries)
    return answer


def top(answer: dict[str, Any], key: str) -> dict[str, Any]:
    assert answer[key]["result"], f"no candidate for {key}"
    return answer[key]["result"][0]


def graph_version(client: TestClient) -> str:
    version = client.get("/health").json()["graph"]["version"]
    assert version
    return str(version)


def features(candidate: dict[str, Any]) -> dict[str, Any]:
    return {f["id"]: f["value"] for f in candidate["features"]}


# -- manifest -------------------------------------------------------------------


def test_bare_reconcile_answers_a_valid_manifest(recon: TestClient) -> None:
    response = recon.get("/reconcile")
    assert response.status_code == 200
    manifest = response.json()
    assert_valid("0.2", "manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert [t["id"] for t in manifest["defaultTypes"]] == list(ENTITY_TYPES)
    assert manifest["batchSize"] == MAX_BATCH
    # where the view URL leads is tested in Chromium (tests/browser/test_reconcile_preview.py)
    assert "/explorer?" in manifest["view"]["url"] and "{{id}}" in manifest["view"]["url"]
    for service in ("entity", "type", "property"):
        assert manifest["suggest"][service]["service_url"].endswith("/reconcile")
    assert {s["name"] for s in manifest["extend"]["property_settings"]} == {"limit", "lang", "partner"}


def test_the_manifest_urls_answer(recon: TestClient) -> None:
    manifest = recon.get("/reconcile").json()
    preview = recon.get(manifest["preview"]["url"].replace("{{id}}", "org:turksoy"))
    assert preview.status_code == 200 and preview.headers["content-type"].startswith("text/html")
    for service, schema in (("entity", "suggest-entities-response"), ("type", "suggest-types-response"),
                            ("property", "suggest-properties-response")):
        definition = manifest["suggest"][service]
        answer = recon.get(definition["service_url"] + definition["service_path"], params={"prefix": "tur"})
        assert answer.status_code == 200, answer.text
        assert_valid("0.2", schema, answer.json())
    propose = manifest["extend"]["propose_properties"]
    answer = recon.get(propose["service_url"] + propose["service_path"], params={"type": "Organisation"})
    assert_valid("0.2", "data-extension-property-proposal", answer.json())


def test_the_manifest_answers_without_a_database(settings: Settings) -> None:
    unreachable = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1", "connection_timeout": 1.0})
    with TestClient(create_app(unreachable), raise_server_exceptions=False) as offline:
        assert_valid("0.2", "manifest", offline.get("/reconcile").json())
        answer = offline.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "TURKSOY"}})})
        assert answer.status_code == 503
        assert answer.headers["content-type"] == "application/problem+json"


# -- queries --------------------------------------------------------------------


def test_form_get_and_json_body_give_the_same_answer(recon: TestClient) -> None:
    queries = {"q0": {"query": "Türk Devletleri Teşkilatı"}, "q1": {"query": "Қазақстан", "type": "State"}}
    form = post_queries(recon, queries)
    by_get = recon.get("/reconcile", params={"queries": json.dumps(queries)})
    as_json = recon.post("/reconcile", json=queries)
    wrapped = recon.post("/reconcile", json={"queries": queries})
    for response in (by_get, as_json, wrapped):
        assert response.status_code == 200, response.text
        assert response.json() == form
    assert top(form, "q0")["id"] == "org:ots" and top(form, "q0")["match"] is True
    assert top(form, "q1")["id"] == "state:kazakhstan" and top(form, "q1")["match"] is True


def test_scores_are_on_0_to_100_and_best_first(recon: TestClient) -> None:
    answer = post_queries(recon, {"q0": {"query": "Turk", "limit": 25}, "q1": {"query": "Kazakh", "limit": 25}})
    for key in answer:
        scores = [c["score"] for c in answer[key]["result"]]
        assert scores and all(0 <= s <= 100 for s in scores)
        assert scores == sorted(scores, reverse=True)
        # a prefix is not a name: nothing is a sure match
        assert not any(c["match"] for c in answer[key]["result"])


def test_limit_caps_the_candidates(recon: TestClient) -> None:
    answer = post_queries(recon, {"q0": {"query": "Kazakhstan", "limit": 2}, "q1": {"query": "Kazakhstan"}})
    assert len(answer["q0"]["result"]) == 2
    assert len(answer["q1"]["result"]) == 5  # the default


def test_type_restricts_candidates(recon: TestClient) -> None:
    answer = post_queries(recon, {
        "q0": {"query": "Turkistan", "type": "Place"},
        "q1": {"query": "Kazakhstan", "type": ["Organisation", "Event"], "limit": 10},
        "q2": {"query": "Kazakhstan", "type": "Person", "type_strict": "should"},
    })
    assert {c["type"][0]["id"] for c in answer["q0"]["result"]} == {"Place"}
    assert top(answer, "q0")["id"] == "place:turkistan" and top(answer, "q0")["match"] is True
    assert answer["q1"]["result"]
    assert {c["type"][0]["id"] for c in answer["q1"]["result"]} <= {"Organisation", "Event"}
    assert all(c["id"] != "state:kazakhstan" for c in answer["q1"]["result"])
    assert features(top(answer, "q0"))["type_match"] is True


def test_features_explain_the_score(recon: TestClient) -> None:
    answer = post_queries(recon, {"exact": {"query": "International Organization of Turkic Culture"},
                                  "spelt": {"query": "Qazakhstan"}, "typo": {"query": "Turkosy"}})
    exact = features(top(answer, "exact"))
    assert exact["name_exact"] is True and exact["name_similarity"] == 1.0 and exact["exact_namesakes"] == 0
    assert exact["name_preferred"] is False  # an alias of TURKSOY
    spelt = top(answer, "spelt")
    assert spelt["id"] == "state:kazakhstan" and spelt["match"] is False and 85 <= spelt["score"] <= 90
    assert features(spelt)["name_spelling_variant"] is True
    typo = top(answer, "typo")
    assert typo["id"] == "org:turksoy" and typo["match"] is False and 25 <= typo["score"] <= 50
    assert features(typo)["name_exact"] is False and 0 < features(typo)["name_similarity"] < 1


def test_an_id_is_an_exact_match(recon: TestClient) -> None:
    answer = post_queries(recon, {"q0": {"query": "org:turkic-academy"}})
    assert top(answer, "q0")["id"] == "org:turkic-academy" and top(answer, "q0")["match"] is True


def test_properties_agree_contradict_or_settle(recon: TestClient) -> None:
    answer = post_queries(recon, {
        "agrees": {"query": "Yunus Emre Cultural Centre", "properties": [{"pid": "located_in", "v": "Астана"}]},
        "member": {"query": "Kazakhstan", "properties": [{"pid": "member of", "v": {"id": "org:turksoy"}}]},
        "not_member": {"query": "Kazakhstan", "properties": [{"pid": "member_of", "v": "UNESCO-not-a-member"}]},
        "founded": {"query": "Yunus Emre Institute", "properties": [{"pid": "founded", "v": "2007"}]},
        "founded_wrong": {"query": "Yunus Emre Institute", "properties": [{"pid": "founded", "v": 1990}]},
    })
    agrees = top(answer, "agrees")
    assert agrees["id"] == "org:yunus-emre-cultural-centre-astana"
    assert features(agrees)["property:located_in"] is True
    member = top(answer, "member")
    assert member["id"] == "state:kazakhstan" and member["match"] is True
    assert features(member)["property:member of"] is True
    contradicted = top(answer, "not_member")
    assert contradicted["id"] == "state:kazakhstan" and contradicted["match"] is False
    assert contradicted["score"] < member["score"]
    assert top(answer, "founded")["match"] is True and features(top(answer, "founded"))["property:founded"] is True
    assert top(answer, "founded_wrong")["match"] is False
    assert top(answer, "founded_wrong")["score"] <= 70


def test_a_query_of_properties_only_is_answered(recon: TestClient) -> None:
    answer = post_queries(recon, {"q0": {"properties": [{"pid": "located_in", "v": "Kazakhstan"}]}})
    assert answer["q0"]["result"] == []


# -- CORS -----------------------------------------------------------------------


def test_cors_is_open_for_reconciliation_whatever_the_allow_list(settings: Settings, loaded_graph: str) -> None:
    for origins in ("", "https://allowed.example"):
        configured = settings.model_copy(update={"cors_origins": origins})
        with TestClient(create_app(configured), raise_server_exceptions=False) as browser:
            origin = {"Origin": "https://openrefine.example"}
            for path in ("/reconcile", "/reconcile/suggest/type?prefix=st", "/reconcile/preview?id=nope"):
                answer = browser.get(path, headers=origin)
                assert answer.headers["access-control-allow-origin"] == "*", (origins, path)
            preflight = browser.options("/reconcile", headers={
                **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
            assert preflight.status_code == 204
            assert "POST" in preflight.headers["access-control-allow-methods"]
            assert preflight.headers["access-control-allow-origin"] == "*"
            # the rest of the API keeps its own allow-list
            other = browser.get("/health", headers=origin)
            assert other.headers.get("access-control-allow-origin") != "*"


# -- suggest, preview, extend ---------------------------------------------------


def test_suggest_entity_by_prefix_name_and_id(recon: TestClient) -> None:
    for prefix, expected in (("Türksoy", "org:turksoy"), ("Qazaq", "state:kazakhstan"), ("org:tur", "org:turksoy"),
                             ("Нур-Сул", "place:astana")):
        answer = recon.get("/reconcile/suggest/entity", params={"prefix": prefix})
        assert answer.status_code == 200, answer.text
        assert_valid("0.2", "suggest-entities-response", answer.json())
        assert expected in [s["id"] for s in answer.json()["result"]], prefix
    typed = recon.get("/reconcile/suggest/entity", params={"prefix": "Kaz", "type": "Organisation"}).json()
    assert typed["result"] and all(s["notable"][0]["id"] == "Organisation" for s in typed["result"])


def test_suggest_types_and_properties(recon: TestClient) -> None:
    types = recon.get("/reconcile/suggest/type", params={"prefix": "org"}).json()
    assert_valid("0.2", "suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["Organisation"]
    assert len(recon.get("/reconcile/suggest/type").json()["result"]) == len(ENTITY_TYPES)
    properties = recon.get("/reconcile/suggest/property", params={"prefix": "loc"}).json()
    assert_valid("0.2", "suggest-properties-response", properties)
    assert [p["id"] for p in properties["result"]] == ["located_in"]


def test_preview_is_a_small_escaped_card(recon: TestClient) -> None:
    answer = recon.get("/reconcile/preview", params={"id": "org:turksoy"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "TURKSOY" in answer.text and "Bazarbayev et al. (2025)" in answer.text
    assert "<script" not in answer.text
    missing = recon.get("/reconcile/preview", params={"id": "<script>alert(1)</script>"})
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_propose_properties_per_type(recon: TestClient) -> None:
    for type_ in ENTITY_TYPES:
        answer = recon.get("/reconcile/propose_properties", params={"type": type_})
        assert answer.status_code == 200
        assert_valid("0.2", "data-extension-property-proposal", answer.json())
    organisation = recon.get("/reconcile/propose_properties", params={"type": "Organisation"}).json()
    assert {"members", "seat", "founded", "aliases", "cooperation_score"} <= {p["id"] for p in organisation["properties"]}
    state = recon.get("/reconcile/propose_properties", params={"type": "State"}).json()
    assert "seat" not in {p["id"] for p in state["properties"]}
    assert recon.get("/reconcile/propose_properties", params={"type": "Planet"}).status_code == 422


def extend(client: TestClient, request: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/reconcile", data={"extend": json.dumps(request)})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert_valid("0.2", "data-extension-response", answer)
    return answer


def test_extend_members_memberships_seat_founding_and_aliases(recon: TestClient) -> None:
    answer = extend(recon, {
        "ids": ["org:ots", "state:kazakhstan", "org:yunus-emre-institute", "org:yunus-emre-cultural-centre-astana",
                "no:such-entity"],
        "properties": [{"id": "members"}, {"id": "memberships"}, {"id": "seat"}, {"id": "founded"},
                       {"id": "aliases", "settings": {"lang": "kk"}}, {"id": "aliases", "settings": {"limit": 1}}],
    })
    rows = answer["rows"]
    members = {v["id"] for v in rows["org:ots"]["members"]}
    assert {"state:kazakhstan", "state:turkiye", "state:azerbaijan"} <= members
    assert "org:ots" in {v["id"] for v in rows["state:kazakhstan"]["memberships"]}
    assert rows["state:kazakhstan"]["seat"] == []  # a state has no seat
    assert rows["org:yunus-emre-cultural-centre-astana"]["seat"] == [{"id": "place:astana", "name": "Astana"}]
    assert rows["org:yunus-emre-institute"]["founded"] == [{"str": "2007"}]
    assert rows["no:such-entity"]["members"] == []
    meta = {m["id"]: m for m in answer["meta"]}
    assert meta["seat"]["type"]["id"] == "Place"


def test_extend_aliases_in_a_chosen_language(recon: TestClient) -> None:
    def aliases(lang: str) -> list[str]:
        answer = extend(recon, {"ids": ["state:kazakhstan"], "properties": [{"id": "aliases", "settings": {"lang": lang}}]})
        return [v["str"] for v in answer["rows"]["state:kazakhstan"]["aliases"]]

    assert aliases("kk") == ["Қазақстан", "Қазақстан Республикасы", "Qazaqstan Respýblıkasy"]
    assert "Qozogʻiston" in aliases("uz") and "Казахстан" in aliases("ru")
    assert all(not any("а" <= ch <= "я" for ch in alias.lower()) for alias in aliases("latin"))
    assert len(aliases("all")) == 15
    bad = recon.post("/reconcile", data={"extend": json.dumps(
        {"ids": ["state:kazakhstan"], "properties": [{"id": "aliases", "settings": {"lang": "klingon"}}]})})
    assert bad.status_code == 422


def test_extend_cooperation_score_is_the_cooperation_routes_score(recon: TestClient, settings: Settings) -> None:
    # about the score, not speed: six statements per request, on a machine other test servers load
    with TestClient(create_app(patient(settings)), raise_server_exceptions=False) as client:
        check_cooperation_scores(client)


def check_cooperation_scores(recon: TestClient) -> None:
    answer = extend(recon, {"ids": ["state:kazakhstan", "state:azerbaijan", "place:astana"],
                            "properties": [{"id": "cooperation_score", "settings": {"partner": "Türkiye"}}]})
    for _ in range(20):  # a cold server ranks in the background and answers 503 with Retry-After meanwhile
        ranking = recon.get("/cooperation/state:turkiye", params={"limit": 100})
        if ranking.status_code != 503:
            break
        time.sleep(float(ranking.headers.get("Retry-After", "1")))
    assert ranking.status_code == 200, ranking.text
    ranking = ranking.json()
    expected = {p["id"]: p["score"] for p in ranking["partners"]}
    for state in ("state:kazakhstan", "state:azerbaijan"):
        assert answer["rows"][state]["cooperation_score"] == [{"float": expected[state]}]
    assert answer["rows"]["place:astana"]["cooperation_score"] == []
    assert answer["meta"][0]["name"] == "cooperation score with Türkiye"
    missing = recon.post("/reconcile", data={"extend": json.dumps(
        {"ids": ["state:kazakhstan"], "properties": [{"id": "cooperation_score"}]})})
    assert missing.status_code == 422 and "partner" in missing.json()["detail"]


# -- bad input ------------------------------------------------------------------


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_bad_input_is_a_clear_problem_and_changes_nothing(recon: TestClient) -> None:
    version = graph_version(recon)
    cases = [
        ({"queries": "{not json"}, 422, "not valid JSON"),
        ({"queries": "[1, 2]"}, 422, "JSON object"),
        ({"queries": json.dumps({"q0": "TURKSOY"})}, 422, "must be an object"),
        ({"queries": json.dumps({"q0": {"query": "TURKSOY", "type": "Planet"}})}, 422, "unknown type 'Planet'"),
        ({"queries": json.dumps({"q0": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}})}, 422,
         "unknown property 'colour'"),
        ({"queries": json.dumps({"q0": {"query": 42}})}, 422, "'query' must be a string"),
        ({"queries": json.dumps({"q0": {"limit": 3}})}, 422, "needs a 'query'"),
        ({"queries": json.dumps({"q0": {"query": "x", "props": []}})}, 422, "unknown field 'props'"),
        ({"queries": json.dumps({"q0": {"query": "x", "limit": "many"}})}, 422, "'limit' must be a number"),
        ({"extend": "{]"}, 422, "not valid JSON"),
        ({"extend": json.dumps({"ids": ["org:ots"], "properties": [{"id": "colour"}]})}, 422, "unknown property"),
        ({"extend": json.dumps({"ids": "org:ots", "properties": []})}, 422, "ids"),
    ]
    for form, status, words in cases:
        body = _problem(recon.post("/reconcile", data=form), status)
        assert words in body["detail"], (form, body["detail"])
    # the same through GET
    _problem(recon.get("/reconcile", params={"queries": "{not json"}), 422)
    _problem(recon.post("/reconcile", content=b"{not json", headers={"Content-Type": "application/json"}), 422)
    _problem(recon.post("/reconcile", content=b"queries", headers={"Content-Type": "text/csv"}), 415)
    assert graph_version(recon) == version


def test_an_oversized_batch_is_413_with_the_manifests_limit(recon: TestClient) -> None:
    limit = recon.get("/reconcile").json()["batchSize"]
    queries = {f"q{i}": {"query": "TURKSOY"} for i in range(limit + 1)}
    body = _problem(recon.post("/reconcile", data={"queries": json.dumps(queries)}), 413)
    assert body["limit"] == limit and str(limit) in body["detail"]
    assert post_queries(recon, {f"q{i}": {"query": "TURKSOY"} for i in range(limit)})
    ids = {"ids": ["org:ots"] * (MAX_EXTEND_IDS + 1), "properties": [{"id": "members"}]}
    assert _problem(recon.post("/reconcile", data={"extend": json.dumps(ids)}), 413)["limit"] == MAX_EXTEND_IDS


HOSTILE = [
    "", " ", "\x00", "\u200b", "'; MATCH (n) DETACH DELETE n //", "\" OR 1=1 --", "*:*", "name:*", "~", "\\",
    "(((((", "+-&&||!(){}[]^\"~*?:\\/", "<script>alert(1)</script>", "a" * 5000, "İ" * 300, "ǅ" * 50,
    "\U0001F600" * 20, "Kazakhstan\nTürkiye", "%00", "{{id}}", "AND OR NOT", "state:", ":", "org:ots\x00",
]


def test_hostile_strings_never_give_a_500(recon: TestClient) -> None:
    version = graph_version(recon)
    for start in range(0, len(HOSTILE), 10):
        queries = {f"q{i}": {"query": text} for i, text in enumerate(HOSTILE[start:start + 10])}
        post_queries(recon, queries)
        for text in HOSTILE[start:start + 10]:
            for path, params in (("/reconcile/suggest/entity", {"prefix": text[:300]}),
                                 ("/reconcile/suggest/type", {"prefix": text[:300]}),
                                 ("/reconcile/preview", {"id": text[:300] or "x"})):
                answer = recon.get(path, params=params)
                assert answer.status_code in (200, 404, 422), (path, text, answer.status_code)
    answer = extend(recon, {"ids": [t[:300] for t in HOSTILE], "properties": [{"id": "members"}, {"id": "aliases"}]})
    assert all(row["members"] == [] for row in answer["rows"].values())
    deep = "[" * 100_000 + "]" * 100_000
    assert recon.post("/reconcile", data={"queries": deep}).status_code in (413, 422)
    assert graph_version(recon) == version


# -- 1.0-draft ------------------------------------------------------------------


def test_the_1_0_draft_service_under_v1(recon: TestClient) -> None:
    manifest = recon.get("/reconcile/v1").json()
    assert_valid("1.0-draft", "manifest", manifest)
    batch = {"queries": [
        {"conditions": [{"matchType": "name", "propertyValue": "Қазақстан"}], "type": "State"},
        {"conditions": [{"matchType": "id", "propertyValue": "org:ots"}]},
        {"conditions": [{"matchType": "name", "propertyValue": "Yunus Emre Institute"},
                        {"matchType": "property", "propertyId": "founded", "propertyValue": "2007"}], "limit": 2},
    ]}
    assert_valid("1.0-draft", "reconciliation-query-batch", batch)
    response = recon.post("/reconcile/v1/match", json=batch)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert_valid("1.0-draft", "reconciliation-result-batch", answer)
    firsts = [result["candidates"][0] for result in answer["results"]]
    assert [c["id"] for c in firsts] == ["state:kazakhstan", "org:ots", "org:yunus-emre-institute"]
    assert all(c["match"] for c in firsts)
    assert len(answer["results"][2]["candidates"]) <= 2
    for service, schema in (("entity", "suggest-entities-response"), ("type", "suggest-types-response"),
                            ("property", "suggest-properties-response")):
        assert_valid("1.0-draft", schema, recon.get(f"/reconcile/v1/suggest/{service}", params={"prefix": "tur"}).json())
    assert recon.get("/reconcile/v1/preview", params={"id": "org:ots"}).status_code == 200
    assert _problem(recon.post("/reconcile/v1/match", json={"queries": [{}]}), 422)
    too_many = {"queries": [{"conditions": [{"matchType": "name", "propertyValue": "x"}]}] * (MAX_BATCH + 1)}
    assert _problem(recon.post("/reconcile/v1/match", json=too_many), 413)["limit"] == MAX_BATCH
