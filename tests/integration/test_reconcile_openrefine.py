"""A scripted client sending exactly OpenRefine's requests to a real uvicorn.

OpenRefine (StandardReconConfig, ReconciledDataExtensionJob) reads the
manifest, then posts `application/x-www-form-urlencoded` bodies: `queries=`
with a JSON object of up to 10 queries keyed q0..q9, each
`{"query", "type", "type_strict": "should"}` plus `properties` when columns
are used and `limit` when not the default; it auto-matches a cell when the
first candidate (by score) says `match: true`. Data extension posts
`extend={"ids": [...], "properties": [{"id", "settings"?}]}` for the matched
ids, also 10 at a time. OpenRefine itself is not installable from the
registries this machine reaches, so this client does what it does, with the
standard library's HTTP client as OpenRefine uses Java's.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from graphsvc.app import create_app
from graphsvc.settings import Settings
from tests.integration.live_server import live_server
from tests.integration.reconcile_schemas import assert_valid
from tests.integration.test_reconcile import warm_up

OPENREFINE_BATCH = 10
USER_AGENT = "OpenRefine 3.8.2 [TRUNK]"

# A spreadsheet column of organisations, spelt every way, and the ids they are.
COLUMN: list[tuple[str, str]] = [
    ("Türk Devletleri Teşkilatı", "org:ots"), ("Turkic Council", "org:ots"), ("TURKSOY", "org:turksoy"),
    ("Uluslararası Türk Kültürü Teşkilatı", "org:turksoy"), ("TİKA", "org:tika"), ("TIKA", "org:tika"),
    ("Yunus Emre Enstitüsü", "org:yunus-emre-institute"), ("Turkic Academy", "org:turkic-academy"),
    ("Xalqaro turkiy akademiya", "org:turkic-academy"), ("ЮНЕСКО", "org:unesco"),
    ("Ahmet Yesevi Üniversitesi", "org:khoja-akhmet-yassawi-university"),
    ("International Kazakh-Turkish University", "org:khoja-akhmet-yassawi-university"),
    ("Организация тюркских государств", "org:ots"), ("Türk Dövlətləri Təşkilatı", "org:ots"),
]


def _post_form(url: str, name: str, value: str) -> Any:
    body = (name + "=" + urllib.parse.quote(value, safe="")).encode("ascii")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return json.loads(response.read())


def _get(url: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.headers["Content-Type"], response.read()


@pytest.fixture(scope="module")
def service(settings: Settings, loaded_graph: str) -> Iterator[str]:
    with live_server(create_app(settings)) as base_url:
        yield base_url + "/reconcile"


def test_openrefine_reconciles_a_column_then_extends_it(service: str, settings: Settings) -> None:
    warm_up(settings)
    status, _, body = _get(service)
    manifest = json.loads(body)
    assert status == 200
    assert_valid("0.2", "manifest", manifest)
    type_ = manifest["defaultTypes"][1]  # Organisation, as a user picks it in the dialog
    assert type_["id"] == "Organisation"

    matched: dict[int, str] = {}
    batches = 0
    for start in range(0, len(COLUMN), OPENREFINE_BATCH):
        rows = COLUMN[start:start + OPENREFINE_BATCH]
        # serialised as OpenRefine's ReconQuery: query, type, type_strict; no limit, no empty properties
        queries = "{" + ",".join(
            f'"q{i}":' + json.dumps({"query": text, "type": type_["id"], "type_strict": "should"})
            for i, (text, _) in enumerate(rows)
        ) + "}"
        answer = _post_form(service, "queries", queries)
        batches += 1
        assert_valid("0.2", "reconciliation-result-batch", answer)
        for i, (text, expected) in enumerate(rows):
            candidates = sorted(answer[f"q{i}"]["result"], key=lambda c: -c["score"])
            assert candidates, text
            if candidates[0].get("match"):
                matched[start + i] = candidates[0]["id"]
            assert candidates[0]["id"] == expected, text
    assert batches == 2
    assert len(matched) == len(COLUMN)  # every cell auto-matched
    assert all(matched[i] == expected for i, (_, expected) in enumerate(COLUMN))

    # the preview OpenRefine shows on hover, and the type suggest of its dialog
    status, media_type, card = _get(manifest["preview"]["url"].replace("{{id}}", urllib.parse.quote("org:ots")))
    assert status == 200 and media_type.startswith("text/html") and b"Organisation of Turkic States" in card
    suggest = manifest["suggest"]["type"]
    status, _, body = _get(suggest["service_url"] + suggest["service_path"] + "?prefix=Org")
    assert_valid("0.2", "suggest-types-response", json.loads(body))

    # Add columns from reconciled values: propose, then extend the matched ids 10 at a time
    propose = manifest["extend"]["propose_properties"]
    status, _, body = _get(propose["service_url"] + propose["service_path"] + "?type=Organisation")
    proposed = [p["id"] for p in json.loads(body)["properties"]]
    assert {"members", "seat", "founded", "aliases"} <= set(proposed)
    ids = list(dict.fromkeys(matched.values()))
    extension = {"members": [], "founded": []}
    for start in range(0, len(ids), OPENREFINE_BATCH):
        request = {"ids": ids[start:start + OPENREFINE_BATCH],
                   "properties": [{"id": "members"}, {"id": "founded"},
                                  {"id": "aliases", "settings": {"limit": "2", "lang": "ru"}}]}
        answer = _post_form(service, "extend", json.dumps(request))
        assert_valid("0.2", "data-extension-response", answer)
        assert [m["id"] for m in answer["meta"]] == ["members", "founded", "aliases"]
        assert set(answer["rows"]) == set(request["ids"])
        for row in answer["rows"].values():
            extension["members"] += row["members"]
            extension["founded"] += row["founded"]
            assert len(row["aliases"]) <= 2
    assert {"id": "state:kazakhstan", "name": "Kazakhstan"} in extension["members"]
    assert {"str": "2007"} in extension["founded"]
