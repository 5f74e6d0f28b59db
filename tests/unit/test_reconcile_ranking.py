"""Reconciliation's pure parts: ranking namesakes, parsing requests, alias languages, the preview card.

The seed has no two entities sharing a name, so namesakes are made up here;
the ranking function is the one the service runs (graphsvc/reconcile/matching.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from graphsvc.errors import Problem
from graphsvc.reconcile.languages import in_language, language
from graphsvc.reconcile.matching import rank_candidates
from graphsvc.reconcile.preview import citation, render_card
from graphsvc.reconcile.requests import parse_batch, parse_extend
from graphsvc.reconcile.spec import MAX_BATCH, MAX_LIMIT


def entity(id_: str, name: str, type_: str = "Place", aliases: list[str] | None = None) -> dict[str, Any]:
    return {"id": id_, "name": name, "type": type_, "kind": "city", "aliases": aliases or []}


def facts(places: list[str] = (), start: str | None = None) -> dict[str, Any]:
    related = [{"id": p, "name": p, "search_keys": [p.split(":")[1]], "type": "State"} for p in places]
    return {"props": {"start": start}, "places": related, "memberships": [], "observer_of": [], "founders": [],
            "members": [], "seat": related}


TWO_ALEXANDRIAS = [entity("place:alexandria-eg", "Alexandria"), entity("place:alexandria-us", "Alexandria")]


def query(text: str, **fields: Any) -> Any:
    return parse_batch({"q": {"query": text, **fields}})[0]


def test_a_name_two_entities_share_is_no_sure_match() -> None:
    result = rank_candidates(query("Alexandria"), TWO_ALEXANDRIAS, {})
    assert [c["match"] for c in result] == [False, False]
    assert all(c["score"] == 90 for c in result)
    assert all({f["id"]: f["value"] for f in c["features"]}["exact_namesakes"] == 1 for c in result)


def test_a_constraint_settles_namesakes() -> None:
    located = query("Alexandria", properties=[{"pid": "located_in", "v": "Egypt"}])
    known = {"place:alexandria-eg": facts(["state:egypt"]), "place:alexandria-us": facts(["state:usa"])}
    result = rank_candidates(located, TWO_ALEXANDRIAS, known)
    assert result[0]["id"] == "place:alexandria-eg" and result[0]["match"] is True
    assert result[1]["match"] is False and result[1]["score"] < result[0]["score"]
    # a constraint neither confirms: still ambiguous
    unknown = rank_candidates(located, TWO_ALEXANDRIAS, {})
    assert not any(c["match"] for c in unknown)


def test_a_contradicted_exact_name_is_no_match() -> None:
    located = query("Alexandria", properties=[{"pid": "located_in", "v": "Greece"}])
    result = rank_candidates(located, TWO_ALEXANDRIAS[:1], {"place:alexandria-eg": facts(["state:egypt"])})
    assert result[0]["match"] is False and result[0]["score"] == 70


def test_founding_dates_agree_at_any_precision() -> None:
    founded = query("Alexandria", properties=[{"pid": "founded", "v": "2007"}])
    result = rank_candidates(founded, TWO_ALEXANDRIAS[:1], {"place:alexandria-eg": facts(start="2007-05-01")})
    assert result[0]["match"] is True


def test_type_filters_before_namesakes_are_counted() -> None:
    mixed = [entity("place:alexandria", "Alexandria"), entity("person:alexandria", "Alexandria", "Person")]
    assert rank_candidates(query("Alexandria", type="Person"), mixed, {})[0]["match"] is True
    assert not any(c["match"] for c in rank_candidates(query("Alexandria"), mixed, {}))


@pytest.mark.parametrize(
    ("document", "status", "words"),
    [
        ([], 422, "JSON object"),
        ({"q": {"query": "x", "type": "Planet"}}, 422, "unknown type"),
        ({"q": {"query": "x", "type": ["State", 3]}}, 422, "'type'"),
        ({"q": {"query": "x", "type_strict": "maybe"}}, 422, "type_strict"),
        ({"q": {"query": "x", "properties": [{"pid": "members", "v": "x"}]}}, 422, "unknown property"),
        ({"q": {"query": "x", "properties": [{"pid": "seat"}]}}, 422, "pid"),
        ({"q": {"query": "x", "properties": [{"pid": "founded", "v": [None]}]}}, 422, "property value"),
        ({f"q{i}": {"query": "x"} for i in range(MAX_BATCH + 1)}, 413, str(MAX_BATCH)),
    ],
)
def test_bad_batches_are_problems(document: Any, status: int, words: str) -> None:
    with pytest.raises(Problem) as raised:
        parse_batch(document)
    assert raised.value.status == status and words in raised.value.detail


def test_limits_are_brought_within_bounds() -> None:
    assert query("x", limit=0).limit == 1
    assert query("x", limit=2.7).limit == 2
    assert query("x", limit=10**9).limit == MAX_LIMIT
    assert query("x", type="state").types == ("State",)
    spelt = parse_batch({"q": {"query": "x", "properties": [{"pid": "Located In", "v": 1.0}]}})[0]
    assert spelt.properties[0].property == "located_in" and spelt.properties[0].values[0].text == "1"


def test_bad_extend_requests_are_problems() -> None:
    for document in ({"ids": []}, {"ids": [1], "properties": []}, {"ids": [], "properties": [{"id": "colour"}]},
                     {"ids": [], "properties": [{"id": "members", "settings": []}]}):
        with pytest.raises(Problem):
            parse_extend(document)


@pytest.mark.parametrize(
    ("alias", "expected"),
    [("Қазақстан", "kk"), ("Казахстан", "ru"), ("Azərbaycan", "az"), ("Qazaxıstan", "az"), ("Kırgızistan", "tr"),
     ("Oʻzbekiston", "uz"), ("Ўзбекистон", "uz"), ("Türkiýe", "tk"), ("Qazaqstan Respýblıkasy", "kk"),
     ("Кыргызстан", "ru"), ("Түрк мамлекеттеринин уюму", "ky"), ("Turkey", None)],
)
def test_alias_languages(alias: str, expected: str | None) -> None:
    assert language(alias) == expected
    assert in_language(alias, "all")


def test_alias_scripts() -> None:
    assert in_language("Қазақстан", "cyrillic") and not in_language("Қазақстан", "latin")
    assert in_language("Qazaqstan", "latin")


def test_the_preview_card_escapes_everything() -> None:
    hostile = "<script>alert('x')</script>&\"'"
    card = render_card(
        {"id": hostile, "name": hostile, "kind": hostile, "aliases": [hostile], "start": hostile},
        "Organisation",
        [{"type": "MEMBER_OF", "outgoing": True, "other_id": hostile, "other_name": hostile, "other_type": hostile,
          "start": hostile, "source": "src:x"}],
        [{"id": "src:x", "title": hostile, "authors": [hostile], "published": "2025"}],
    )
    assert "<script>" not in card and "alert('x')" not in card
    assert card.count("&lt;script&gt;") >= 6


def test_citation_short_forms() -> None:
    assert citation({"authors": ["Kanat Bazarbayev", "A B", "C D"], "published": "2025-01-01"}) == \
        "Bazarbayev et al. (2025)"
    assert citation({"authors": ["Shahismayil Ismayilov"], "published": None}) == "Ismayilov (n.d.)"
    assert citation({"authors": ["Mirzoumid Khamdamov", "Alieva Perizat"], "published": "2025"}) == \
        "Khamdamov and Perizat (2025)"
