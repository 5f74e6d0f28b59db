"""Folding names for search (graphsvc/graph/text.py) and the search's pure helpers."""

from __future__ import annotations

import pytest

from graphsvc.graph.search import Query, edit_distance, escape_lucene, lucene_query, rank_key
from graphsvc.graph.text import fold, loose, search_keys


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Turkiye", "Türkiye"),
        ("Turkiyə", "Türkiyə"),
        ("Nigde", "Niğde"),
        ("Azerbaycan", "Azərbaycan"),
        ("TIKA", "TİKA"),
        ("Tika", "TİKA"),
        ("tika", "TIKA"),
        ("Kirgizistan", "Kırgızistan"),
        ("Ozbekiston", "O'zbekiston"),
        ("Ozbekiston", "Oʻzbekiston"),
        ("Ozbekiston", "O‘zbekiston"),
        ("qazaqstan", "Қазақстан"),
        ("turtsiya", "Турция"),
        ("kazakhstan", "Казахстан"),
        ("Túrkıia", "Turkiia"),
    ],
)
def test_fold_meets_the_ways_people_type_names(typed: str, stored: str) -> None:
    assert fold(typed) == fold(stored)


def test_fold_is_lowercase_words() -> None:
    assert fold("Khoja Akhmet Yassawi International Kazakh-Turkish University") == (
        "khoja akhmet yassawi international kazakh turkish university"
    )
    assert fold("  Aktau – 2025 Cultural Capital  ") == "aktau 2025 cultural capital"
    assert fold('"*AND(') == "and"
    assert fold("***") == ""


def test_fold_keeps_letters_of_scripts_it_does_not_transliterate() -> None:
    assert fold("中国") == "中国"


def test_fold_treats_decomposed_and_composed_letters_alike() -> None:
    assert fold("Йошкар") == fold("И\u0306ошкар") == "yoshkar"


def test_loose_merges_latin_spellings_of_one_sound() -> None:
    assert loose(fold("Qazaqstan")) == loose(fold("Kazakhstan")) == loose(fold("Казахстан")) == loose("kazakstan")
    assert loose(fold("Kyrgyzstan")) == loose(fold("Қырғызстан"))
    assert loose("khoja") == loose("xoja")


def test_search_keys_fold_every_name_once_preferred_first() -> None:
    assert search_keys("Türkiye", ["Turkiye", "Turkey", "Турция"]) == ["turkiye", "turkey", "turtsiya"]


def test_escape_lucene_neutralises_operators() -> None:
    assert escape_lucene('a"b') == 'a\\"b'
    assert escape_lucene("AND(") == "and\\("
    assert escape_lucene("x*") == "x\\*"


def test_lucene_query_requires_every_word_and_skips_stop_words() -> None:
    assert lucene_query("kazakstan") == "+(kazakstan kazakstan* kazakstan~2)"
    assert lucene_query("union of writers") == "+(union union* union~1) +(writers writers* writers~2)"
    assert lucene_query("ots") == "+(ots ots*)"
    assert lucene_query("the") is None


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("turksoi", "turksoy", 2) == 1
    assert edit_distance("kazakstan", "kazakhstan", 2) == 1
    assert edit_distance("uzbkeistan", "uzbekistan", 2) == 1
    assert edit_distance("abc", "xyzxyz", 2) == 3  # above the bound: bound + 1


def test_rank_key_orders_exact_spelling_prefix_words_fuzzy() -> None:
    assert rank_key(Query.of("Kazakhstan"), "kazakhstan")[0] == 0
    assert rank_key(Query.of("Qazaqstan"), "kazakhstan")[0] == 1
    assert rank_key(Query.of("Kazak"), "kazakhstan")[0] == 2
    assert rank_key(Query.of("Turkish University"), "international kazakh turkish university")[0] == 3
    assert rank_key(Query.of("Turksoi"), "turksoy")[0] == 1  # y and i are one letter loosely
    assert rank_key(Query.of("Tursoy"), "turksoy")[0] == 4
    assert rank_key(Query.of("Baku"), "kazakhstan") is None
