"""Texts (graphsvc/graph/cooperation/texts.py): strings kept as one UTF-8 buffer give back what they were given."""

from __future__ import annotations

import bisect

import numpy as np

from graphsvc.graph.cooperation.texts import Texts


def test_texts_give_back_each_string_none_apart_from_empty() -> None:
    given = ["org:ağ", None, "", "state:қазақстан", "person:Ürgen", None, "x" * 300]
    texts = Texts(given)
    assert len(texts) == len(given)
    assert [texts.get(i) for i in range(len(given))] == given
    assert [texts[i] for i in range(len(given))] == [text or "" for text in given]
    assert texts.many(np.array([6, 3, 1, 3], dtype=np.int64)) == ["x" * 300, "state:қазақстан", "", "state:қазақстан"]
    assert texts.many(np.empty(0, dtype=np.int64)) == []
    assert texts.nbytes >= sum(len((text or "").encode()) for text in given)


def test_sorted_texts_bisect_as_their_strings() -> None:
    """reach.py's Reach.index bisects its ids as Texts: the same places as bisecting the list of str."""
    ids = sorted(["org:a", "org:ağ", "org:b", "state:ç", "state:z", "state:қ", "person:ü"])
    texts = Texts(ids)
    for probe in [*ids, "", "org:", "org:aa", "state:ö", "zzz"]:
        assert bisect.bisect_left(texts, probe) == bisect.bisect_left(ids, probe)  # type: ignore[arg-type]
