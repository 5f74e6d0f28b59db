"""Reconciliation: candidates for each query, scored 0-100, `match` only when unambiguous.

Candidates come from search (`graph/search.py`: the same folding of Turkic
spellings and scripts, aliases, abbreviations and typo tolerance as
`GET /entities?q=`), and are re-ranked here by how their best name matches:

| how the best name matches (search's ranks)           | name score |
|------------------------------------------------------|------------|
| exact: the id, or a name or alias folding to the query | 100      |
| spelling: differs only in how Turkic sounds are spelt  | 85-90    |
| prefix: a name begins with the query                   | 55-70    |
| words: every query word begins a word of one name      | 45-60    |
| fuzzy: within a few typos                              | 25-50    |

(within a band, the closer the name is to the query as a whole, the higher).
An exact name that several candidates share drops by 10 per namesake. Each
`properties` constraint then adds `AGREES` when the candidate's facts agree
with it, and takes `DISAGREES` off when they contradict it (a constraint on
something the graph does not say about the candidate takes `UNKNOWN` off).

`match: true` is given to the first candidate only, and only when its name
is exact and no constraint contradicts it, and either no other candidate
(of the asked types) has that exact name, or it alone satisfies every
constraint. `features` say all of this per candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from graphsvc.db import Database
from graphsvc.graph.search import EXACT, FUZZY, PREFIX, SPELLING, WORDS, Query, rank_entity, search_many, similarity
from graphsvc.graph.text import fold, search_keys
from graphsvc.reconcile.requests import PropertyConstraint, PropertyValue, ReconQuery
from graphsvc.reconcile.spec import MAX_LIMIT, TYPE_NAMES

# (lowest, highest) name score of each of search's ranks.
NAME_SCORE_BANDS: Final[dict[int, tuple[float, float]]] = {
    EXACT: (100.0, 100.0),
    SPELLING: (85.0, 90.0),
    PREFIX: (55.0, 70.0),
    WORDS: (45.0, 60.0),
    FUZZY: (25.0, 50.0),
}
NAMESAKE_PENALTY: Final[float] = 10.0
AGREES: Final[float] = 10.0
DISAGREES: Final[float] = 30.0
UNKNOWN: Final[float] = 5.0
# Candidates read from search per query: enough to see every namesake of an exact name.
CANDIDATES: Final[int] = max(20, MAX_LIMIT)

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class NameMatch:
    rank: int
    closeness: float  # search's closeness within the rank
    similarity: float  # 0..1, the matched name to the query as a whole
    preferred: bool  # the entity's own name matched, not an alias

    @property
    def exact(self) -> bool:
        return self.rank == EXACT

    def score(self) -> float:
        low, high = NAME_SCORE_BANDS[self.rank]
        # the words rank measures closeness on 0..2 (phrase, whole words, coverage)
        closeness = self.closeness / 2 if self.rank == WORDS else self.closeness
        return low + (high - low) * max(0.0, min(1.0, closeness))


def name_match(query: Query, entity: dict[str, Any], by_id: bool) -> NameMatch:
    """How the entity's best name matches the query (the keys folded as the loader stores them)."""
    keys = search_keys(entity["name"], entity.get("aliases") or [])
    ranked = rank_entity(query, {"id": entity["id"], "search_keys": keys}, by_id)
    if ranked is None:  # search found it on its stored keys only; the weakest rank
        return NameMatch(FUZZY, 0.0, similarity(query.key, keys[0] if keys else ""), False)
    rank, closeness, key = ranked
    preferred = by_id or (bool(keys) and key == keys[0])
    return NameMatch(rank, closeness, 1.0 if by_id else similarity(query.key, key), preferred)


# -- properties ----------------------------------------------------------------


def _names_agree(value: PropertyValue, related: Iterable[dict[str, Any]]) -> bool:
    key = fold(value.text) if value.text else ""
    for entity in related:
        if value.id is not None and value.id == entity["id"]:
            return True
        if value.text and (value.text.strip() == entity["id"] or (key and key in (entity.get("search_keys") or []))):
            return True
    return False


def _dates_agree(value: str, start: str | None) -> bool | None:
    if not start:
        return None
    start = str(start)
    return start.startswith(value) or value.startswith(start)


def founding_date(facts: dict[str, Any]) -> str | None:
    """The entity's own start (an organisation's founding), else the date of a FOUNDED / ESTABLISHED_BY fact."""
    if facts["props"].get("start"):
        return str(facts["props"]["start"])
    dates = sorted(str(f["date"]) for f in facts["founders"] if f.get("date"))
    return dates[0] if dates else None


def _is_date(value: PropertyValue) -> bool:
    return value.id is None and bool(_DATE.match(value.text.strip()))


def constraint_agrees(constraint: PropertyConstraint, facts: dict[str, Any] | None) -> bool | None:
    """True when the candidate's facts agree with one of the constraint's values, False when they say
    otherwise, None when the graph says nothing about it."""
    if facts is None:
        return None
    if constraint.property == "located_in":
        related = facts["places"]
    elif constraint.property == "member_of":
        related = facts["memberships"] + facts["observer_of"]
    elif constraint.property == "founded":
        dates = [v.text.strip() for v in constraint.values if _is_date(v)]
        founders = [v for v in constraint.values if not _is_date(v)]
        verdicts = [_dates_agree(d, founding_date(facts)) for d in dates]
        if founders and facts["founders"]:
            verdicts.append(any(_names_agree(v, facts["founders"]) for v in founders))
        if any(v is True for v in verdicts):
            return True
        return False if any(v is False for v in verdicts) else None
    else:  # requests.py admits only the properties above
        return None
    if not related:
        return None
    return any(_names_agree(value, related) for value in constraint.values)


async def entity_facts(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """reconcile_entity_facts for these ids, by id."""
    if not ids:
        return {}
    return {row["id"]: row for row in await db.read("reconcile_entity_facts", {"ids": ids})}


# -- one query -----------------------------------------------------------------


def description(entity: dict[str, Any]) -> str:
    """A one-line gloss telling namesakes apart: type, kind, dates."""
    parts = [TYPE_NAMES.get(entity["type"], entity["type"])]
    if entity.get("kind"):
        parts.append(str(entity["kind"]).replace("_", " "))
    if entity.get("start") and entity.get("end"):
        parts.append(f"{entity['start']}–{entity['end']}")
    elif entity.get("start"):
        parts.append(f"since {entity['start']}")
    if entity.get("description"):
        parts.append(str(entity["description"]))
    return ", ".join(parts)


def _feature(id_: str, value: bool | float) -> dict[str, Any]:
    return {"id": id_, "value": value}


def rank_candidates(
    query: ReconQuery, entities: list[dict[str, Any]], facts: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The scored candidates of one query, best first, at most query.limit (pure: no database).

    `entities` are search's matches (Entity shapes), `facts` their
    reconcile_entity_facts rows by id (needed only when the query has properties).
    """
    text = query.text.strip()
    entities = [e for e in entities if not query.types or e["type"] in query.types]
    folded = Query.of(text)
    names = {e["id"]: name_match(folded, e, by_id=e["id"] == text) for e in entities}
    verdicts = {
        e["id"]: [(c, constraint_agrees(c, facts.get(e["id"]))) for c in query.properties] for e in entities
    }
    namesakes = sum(1 for m in names.values() if m.exact)

    def score(entity: dict[str, Any]) -> float:
        value = names[entity["id"]].score()
        if names[entity["id"]].exact and namesakes > 1:
            value -= NAMESAKE_PENALTY * (namesakes - 1)
        for _, agrees in verdicts[entity["id"]]:
            value += AGREES if agrees else (-DISAGREES if agrees is False else -UNKNOWN)
        return round(max(0.0, min(100.0, value)), 2)

    def settled(entity: dict[str, Any]) -> bool:
        return bool(query.properties) and all(agrees for _, agrees in verdicts[entity["id"]])

    scored = sorted(((score(e), position, e) for position, e in enumerate(entities)), key=lambda t: (-t[0], t[1]))
    exact_and_settled = [e["id"] for e in entities if names[e["id"]].exact and settled(e)]
    result = []
    for index, (value, _, entity) in enumerate(scored[: query.limit]):
        name = names[entity["id"]]
        contradicted = any(agrees is False for _, agrees in verdicts[entity["id"]])
        unambiguous = namesakes == 1 or exact_and_settled == [entity["id"]]
        is_match = index == 0 and name.exact and not contradicted and unambiguous
        features = [
            _feature("name_exact", name.exact),
            _feature("name_preferred", name.preferred),
            _feature("name_spelling_variant", name.rank == SPELLING),
            _feature("name_similarity", round(name.similarity, 3)),
            # other candidates (of the asked types) with an exact name too
            _feature("exact_namesakes", namesakes - 1 if name.exact else namesakes),
        ]
        if query.types:
            features.append(_feature("type_match", entity["type"] in query.types))
        features += [_feature(f"property:{c.pid}", agrees is True) for c, agrees in verdicts[entity["id"]]]
        result.append(
            {
                "id": entity["id"],
                "name": entity["name"],
                "description": description(entity),
                "score": value,
                "match": is_match,
                "type": [{"id": entity["type"], "name": TYPE_NAMES.get(entity["type"], entity["type"])}],
                "features": features,
            }
        )
    return result


def _one_type(query: ReconQuery) -> str | None:
    """The type search can filter on (one asked type); with several, rank_candidates filters."""
    return query.types[0] if len(query.types) == 1 else None


async def reconcile_batch(db: Database, queries: list[ReconQuery]) -> dict[str, dict[str, Any]]:
    """The answer to a `queries` batch: each query's key -> {"result": [...]}, best first.

    A batch is at most three statements whatever its size: the candidates of every query
    (search_batch), their properties (entities_by_ids), and the facts the `properties`
    constraints compare (reconcile_entity_facts), rather than three per query.
    """
    # a query of properties only has no name to match
    named = [query for query in queries if query.text.strip()]
    found = await search_many(db, [(query.text.strip(), _one_type(query)) for query in named], CANDIDATES)
    entities = {
        query.key: [e for e in result["items"] if not query.types or e["type"] in query.types]
        for query, result in zip(named, found, strict=True)
    }
    constrained = [e["id"] for query in named if query.properties for e in entities[query.key]]
    facts = await entity_facts(db, list(dict.fromkeys(constrained)))
    return {
        query.key: {"result": rank_candidates(query, entities[query.key], facts) if query.key in entities else []}
        for query in queries
    }
