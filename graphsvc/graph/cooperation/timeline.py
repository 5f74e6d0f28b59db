"""GET /cooperation/{id}/timeline: an actor's cooperation facts per year and kind.

The facts are those the score counts (the same part queries, kinds and
filters as the ranking, definition.py): the relationships that state the
cooperation (`SharedFact.stated`: a membership, a party to an agreement, a
participation, the direct link, the placing in the other's territory, a
BENEFITS), not the context that says who acts for whom or where a place lies.
Each relationship is counted once, in the year of its `t_from`: a fact whose
date is imprecise ("2023", "199X") spans a period and is counted once, in the
first year of that span. Facts with no date are counted apart (`undated`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES, KINDS, SharedFact
from graphsvc.graph.cooperation.gathering import gather_facts
from graphsvc.graph.filters import GraphFilters

# What the answer says about how a fact is placed in a year.
DATING: Final[str] = (
    "Each fact (a relationship stating the cooperation) is counted once, in the year of its start (t_from); "
    "a fact dated imprecisely (a year, a decade, an approximate date) is counted in the first year of its span. "
    "Facts with no date are counted in `undated` only."
)


def year_of(t_from: str) -> int:
    """The year of an ISO date as stored in `t_from` (YYYY-MM-DD)."""
    return int(t_from.split("-", 1)[0]) if not t_from.startswith("-") else -int(t_from[1:].split("-", 1)[0])


def timeline_of(facts: list[SharedFact]) -> dict[str, Any]:
    """Years (ascending) with per-kind fact counts and the facts' relationship ids; the undated facts apart.

    A relationship stating several shared things (a state's membership of an
    organisation shared with many partners) is one fact, counted once.
    """
    kind_of: dict[str, str] = {}
    dated: dict[str, int] = {}
    undated: set[str] = set()
    for fact in facts:
        for relationship, t_from in fact.stated:
            kind_of.setdefault(relationship, fact.kind)
            if t_from is None:
                undated.add(relationship)
            else:
                dated[relationship] = year_of(t_from)
    by_year: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for relationship, year in dated.items():
        by_year[year][kind_of[relationship]].add(relationship)
    years = [
        {
            "year": year,
            "parts": {kind: len(by_year[year][kind]) for kind in KINDS if by_year[year].get(kind)},
            "facts": sorted(relationship for found in by_year[year].values() for relationship in found),
        }
        for year in sorted(by_year)
    ]
    undated_parts = {kind: sum(1 for r in undated if kind_of[r] == kind) for kind in KINDS}
    return {
        "years": years,
        "undated": len(undated),
        "undated_parts": {kind: count for kind, count in undated_parts.items() if count},
        "undated_facts": sorted(undated),
    }


async def cooperation_timeline(
    db: Database, actor: dict[str, Any], partner: dict[str, Any] | None, filters: GraphFilters,
    *, query_timeout: float | None = None,
) -> dict[str, Any]:
    """The actor's cooperation facts (with `partner` only, when given) per year and kind."""
    facts, _ = await gather_facts(
        db, [actor["id"]], filters, partner_types=list(ACTOR_TYPES),
        partner_ids=[partner["id"]] if partner is not None else None, with_evidence=True, timeout=query_timeout,
    )
    return {"actor": actor, "partner": partner, **timeline_of(facts), "dating": DATING}


def timeline_rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per year (and one for the undated facts) with a column per kind: for `format=csv`."""
    rows = [
        {"year": year["year"], **{kind: year["parts"].get(kind, 0) for kind in KINDS},
         "facts": " ".join(year["facts"])}
        for year in answer["years"]
    ]
    if answer["undated"]:
        rows.append({"year": "undated", **{kind: answer["undated_parts"].get(kind, 0) for kind in KINDS},
                     "facts": " ".join(answer["undated_facts"])})
    return rows
