"""Finding entities by any of their names, the way people type them.

A query is folded like the stored names (`text.fold`: no diacritics, dotless
and dotted i alike, ə as e, apostrophes dropped, Cyrillic transliterated), so
"Turkiye", "Türkiyə" and "Турция" all meet the key of Türkiye. Candidates come
from two named queries: `search_exact` (the id, or a name folding to exactly the
query: one read of the keyword index `entity_search_keys`, see `key_index`) and
`search_fulltext` (the full-text index `entity_names`, every query word as exact,
prefix and typo-tolerant term); `search_many` asks both of many queries in one
statement (`search_batch`). Candidates carry only their id,
name and folded keys; they are ranked here, and the properties of the ones shown
are read afterwards (`entities_by_ids`). Best first:

0. exact: the id, or a name or alias that folds to the query;
1. spelling: a name that differs only in how Turkic sounds are spelt in Latin
   letters (Qazaqstan / Kazakhstan / Kazakstan; `text.loose`);
2. prefix: a name that begins with the query (search as you type);
3. words: every query word begins a word of one name (in any order);
4. fuzzy: every query word is within a small edit distance of a word of one
   name (Turksoi -> TURKSOY), or the whole query of a whole name.

Within a rank, the closer the name is to the query as a whole, the better;
then the full-text score, then the name.
"""

from __future__ import annotations

import asyncio
import re
import time
import weakref
from dataclasses import dataclass
from typing import Any

from neo4j.exceptions import Forbidden
from rapidfuzz.distance import OSA

from graphsvc.db import Database
from graphsvc.errors import Problem
from graphsvc.graph.shapes import entity_shape
from graphsvc.graph.text import fold, loose
from graphsvc.vocabulary import ID_PREFIXES

# How many full-text hits are re-ranked for one query.
CANDIDATES = 200

# Words the index's analyzer (standard-folding) drops: they cannot be required terms.
_STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there "
    "these they this to was will with".split()
)
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')

EXACT, SPELLING, PREFIX, WORDS, FUZZY = range(5)

# The exact step's index (cypher/schema.cypher): each folded key one term. A graph whose schema
# predates it, or a service started while it is being built, finds exact names through
# `entity_names` (slower: a phrase there matches every name containing the words) and asks
# again after a while; once online it stays so for the process.
KEY_INDEX = "entity_search_keys"
FALLBACK_KEY_INDEX = "entity_names"
KEY_INDEX_RECHECK_SECONDS = 30.0
_key_index_checked: weakref.WeakKeyDictionary[Database, tuple[bool, float]] = weakref.WeakKeyDictionary()


async def key_index(db: Database) -> str:
    """The index `search_exact` and `search_batch` read exact names from: KEY_INDEX once it is online."""
    online, checked_at = _key_index_checked.get(db, (False, -KEY_INDEX_RECHECK_SECONDS))
    now = time.monotonic()
    if not online and now - checked_at >= KEY_INDEX_RECHECK_SECONDS:
        try:
            rows = await db.read("search_key_index_state", {"name": KEY_INDEX})
        except Problem as problem:
            # A database user not allowed to list indexes searches through the fallback.
            if not isinstance(problem.__cause__, Forbidden):
                raise
            rows = []
        online = any(row["state"] == "ONLINE" for row in rows)
        _key_index_checked[db] = (online, now)
    return KEY_INDEX if online else FALLBACK_KEY_INDEX


def escape_lucene(term: str) -> str:
    """A term with Lucene's special characters escaped (and lowercased, so AND/OR/NOT are words)."""
    return _LUCENE_SPECIAL.sub(r"\\\1", term.lower())


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word of this length (none in short words and abbreviations)."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 5 else 2


def lucene_query(key: str) -> str | None:
    """The full-text query for a folded key: every word required, as exact, prefix or fuzzy term."""
    clauses = []
    for word in key.split():
        if word in _STOP_WORDS:
            continue
        term = escape_lucene(word)
        parts = [term]
        if len(word) >= 2 and word.isascii():
            parts.append(f"{term}*")
        edits = allowed_edits(word)
        if edits and word.isascii():
            parts.append(f"{term}~{edits}")
        clauses.append("+(" + " ".join(parts) + ")")
    return " ".join(clauses) or None


def edit_distance(a: str, b: str, bound: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), or bound+1 when above bound.

    rapidfuzz computes it in C: in Python this was most of a search's ranking time
    (benchmarks/notes.md).
    """
    return OSA.distance(a, b, score_cutoff=bound)


def similarity(a: str, b: str) -> float:
    """1 for equal strings, towards 0 the more edits they need (bounded for speed)."""
    longest = max(len(a), len(b)) or 1
    bound = max(2, longest // 2)
    return max(0.0, 1.0 - edit_distance(a, b, bound) / longest)


@dataclass(frozen=True)
class Query:
    """A search query, folded once."""

    raw: str
    key: str
    loose: str
    words: tuple[str, ...]
    loose_words: tuple[str, ...]
    whole_edits: int  # typos tolerated between the whole query and a whole name

    @classmethod
    def of(cls, raw: str) -> "Query":
        key = fold(raw)
        words = tuple(key.split())
        return cls(
            raw.strip(), key, loose(key), words, tuple(loose(w) for w in words), allowed_edits(key.replace(" ", ""))
        )


def _word_fuzzy(word: str, loose_word: str, key_words: list[str], loose_key_words: list[str]) -> bool:
    edits = allowed_edits(word)
    if edits == 0:
        return False
    return any(
        edit_distance(word, kw, edits) <= edits or edit_distance(loose_word, lkw, edits) <= edits
        for kw, lkw in zip(key_words, loose_key_words, strict=True)
    )


def rank_key(query: Query, key: str) -> tuple[int, float] | None:
    """How one stored key matches the query: (rank, closeness), or None when it does not."""
    if key == query.key:
        return EXACT, 1.0
    loose_key = loose(key)
    if loose_key == query.loose:
        return SPELLING, similarity(query.key, key)
    if key.startswith(query.key) or loose_key.startswith(query.loose):
        return PREFIX, len(query.key) / max(len(key), 1)
    key_words = key.split()
    loose_key_words = [loose(w) for w in key_words]
    if all(
        any(kw.startswith(w) for kw in key_words) or any(lkw.startswith(lw) for lkw in loose_key_words)
        for w, lw in zip(query.words, query.loose_words, strict=True)
    ):
        # Closer: the query as a phrase, whole words rather than word beginnings, fewer other words.
        phrase = 1.0 if f" {query.key} " in f" {key} " else 0.0
        whole = sum(w in key_words for w in query.words) / len(query.words)
        return WORDS, phrase + whole / 2 + len(query.key) / max(len(key), 1) / 2
    whole_edits = query.whole_edits
    if whole_edits and (
        edit_distance(query.key, key, whole_edits) <= whole_edits
        or edit_distance(query.loose, loose_key, whole_edits) <= whole_edits
    ):
        return FUZZY, similarity(query.key, key)
    if all(
        any(kw.startswith(w) for kw in key_words) or _word_fuzzy(w, lw, key_words, loose_key_words)
        for w, lw in zip(query.words, query.loose_words, strict=True)
    ):
        return FUZZY, similarity(query.key, key)
    return None


def rank_entity(query: Query, candidate: dict[str, Any], by_id: bool = False) -> tuple[int, float, str] | None:
    """The best match over all of an entity's names: (rank, closeness, the key that matched).

    `candidate` needs the entity's `id` and `search_keys` (a search candidate or its full properties).
    """
    if by_id:
        return EXACT, 1.0, candidate["id"]
    best: tuple[int, float, str] | None = None
    for key in candidate.get("search_keys") or []:
        ranked = rank_key(query, key)
        if ranked is None:
            continue
        match = (ranked[0], ranked[1], key)
        if best is None or (match[0], -match[1]) < (best[0], -best[1]):
            best = match
            if best[0] == EXACT:
                break
    return best


def _merged(exact_rows: list[dict[str, Any]], fulltext_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The exact and the full-text candidates, one per entity (found by its id if either says so)."""
    rows: dict[str, dict[str, Any]] = {}
    for row in exact_rows:
        found = rows.setdefault(row["id"], row)
        found["by_id"] = found.get("by_id") or row["by_id"]
    for row in fulltext_rows:
        rows.setdefault(row["id"], {**row, "by_id": False})
    return list(rows.values())


async def _candidates(db: Database, query: Query, type_: str | None, limit: int) -> list[dict[str, Any]]:
    """Rows {id, name, search_keys, type, score, by_id} from the exact and the full-text queries, one per entity."""
    if not query.key:
        return []
    exact = db.read(
        "search_exact",
        {"id": query.raw, "key": query.key, "key_index": await key_index(db), "type": type_, "limit": limit},
    )
    lucene = lucene_query(query.key)
    # Both at once: two independent reads, and the answer waits for the slower one rather than their sum.
    if lucene:
        exact_rows, fulltext_rows = await asyncio.gather(
            exact, db.read("search_fulltext", {"lucene": lucene, "type": type_, "limit": CANDIDATES})
        )
    else:
        exact_rows, fulltext_rows = await exact, []
    return _merged(exact_rows, [row for candidates in fulltext_rows for row in candidates["candidates"]])


def _ranked(query: Query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The candidates some name of which matches the query, best first."""
    ranked = []
    for row in rows:
        match = rank_entity(query, row, bool(row.get("by_id")))
        if match is None:
            continue
        rank, closeness, _key = match
        sort_key = (rank, -closeness, -float(row["score"] or 0.0), row.get("name") or "", row["id"])
        ranked.append((sort_key, row))
    ranked.sort(key=lambda item: item[0])
    return [row for _, row in ranked]


async def read_entities(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Entity id -> its shape as the API shows it, in the order of `ids`, read in one statement
    (entities_by_ids.cypher); an id that names no entity is left out. Every reader of several entities by
    id goes through here: search's items, GET /entities?ids=, a cooperation answer's partners."""
    if not ids:
        return {}
    rows = await db.read("entities_by_ids", {"ids": ids})
    return {entity["id"]: entity for entity in (entity_shape(row["props"], row["type"]) for row in rows)}


async def search_entities(db: Database, q: str, type_: str | None = None, limit: int = 20) -> dict[str, Any]:
    """`{"items": [Entity], "total": int}`: the entities some name of which matches `q`, best first.

    Candidates carry only what ranking needs; the properties of the `limit` shown are read afterwards,
    in one more statement, rather than decoded for all of them.
    """
    query = Query.of(q)
    ranked = _ranked(query, await _candidates(db, query, type_, CANDIDATES))
    shown = [row["id"] for row in ranked[:limit]]
    entities = await read_entities(db, shown)
    return {"items": [entities[id_] for id_ in shown if id_ in entities], "total": len(ranked)}


async def search_many(db: Database, searches: list[tuple[str, str | None]], limit: int = 20) -> list[dict[str, Any]]:
    """`search_entities` for each (q, type) at once: the candidates of all in one statement
    (`search_batch`), the properties of all the shown ones in one more."""
    queries = [Query.of(q) for q, _ in searches]
    asked = [
        {"id": query.raw, "key": query.key, "lucene": lucene_query(query.key), "type": type_}
        for query, (_, type_) in zip(queries, searches, strict=True)
    ]
    positions = [position for position, query in enumerate(queries) if query.key]
    rows = (
        await db.read(
            "search_batch",
            {"queries": [asked[p] for p in positions], "key_index": await key_index(db), "limit": CANDIDATES},
        )
        if positions
        else []
    )
    ranked: list[list[dict[str, Any]]] = [[] for _ in searches]
    for row in rows:
        position = positions[row["position"]]
        # the rows come in search_batch's order (the id, exact names, then full-text hits), as _merged expects
        ranked[position] = _ranked(queries[position], _merged(row["candidates"], []))
    shown = [[row["id"] for row in found[:limit]] for found in ranked]
    entities = await read_entities(db, list(dict.fromkeys(id_ for ids in shown for id_ in ids)))
    return [
        {"items": [entities[id_] for id_ in ids if id_ in entities], "total": len(found)}
        for ids, found in zip(shown, ranked, strict=True)
    ]


def _reference_text(text: str) -> str:
    """An id-looking reference as words: 'org:turksoi' -> 'turksoi', 'state:kazak-stan' -> 'kazak stan'."""
    prefix, _, rest = text.strip().partition(":")
    if rest and prefix.lower() in ID_PREFIXES.values():
        return rest.replace("-", " ")
    return text


async def close_matches(db: Database, text: str, limit: int = 5) -> list[dict[str, str]]:
    """A few entities whose names resemble `text`, for 404 answers: [{id, name, type}]."""
    reference = _reference_text(text)
    found = await search_entities(db, reference, None, limit)
    if not found["items"]:
        # No name matches every word: fall back to names matching some of them.
        query = Query.of(reference)
        words = [w for w in query.words if w not in _STOP_WORDS]
        scored = []
        for word in words[:8]:
            result = await search_entities(db, word, None, limit)
            for position, item in enumerate(result["items"]):
                scored.append((position, item))
        seen: set[str] = set()
        items = []
        for _, item in sorted(scored, key=lambda pair: pair[0]):
            if item["id"] not in seen:
                seen.add(item["id"])
                items.append(item)
        found = {"items": items[:limit]}
    return [{"id": item["id"], "name": item["name"], "type": item["type"]} for item in found["items"]]
