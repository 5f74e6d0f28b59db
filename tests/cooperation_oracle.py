"""The cooperation score spelled out over individual facts: the tests' oracle.

The service ranks from Neo4j's tallies (graphsvc/graph/cooperation/ranking.py)
and builds the matrix from what entities hold (matrix.py). The tests check
both against this: every shared fact the part queries list, each distinct
thing once at its best factor, scored by the same definition
(graphsvc/graph/cooperation/definition.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graphsvc.graph.cooperation.definition import (
    KINDS,
    SharedFact,
    Tally,
    best_factors,
    best_part_first,
    part_score,
    total_score,
)
from graphsvc.graph.cooperation.ranking import counted_parts, listed_things, ranking_order


def score_parts(facts: Iterable[SharedFact]) -> list[dict[str, Any]]:
    """The parts of one pair's score: kind, score, things, via, evidence; best part first."""
    facts = list(facts)
    factors = best_factors(facts)
    listed = listed_things(facts)
    parts = [
        {"kind": kind, "score": part_score(kind, factors[kind].values()), "things": listed[kind]["things"],
         "via": listed[kind]["via"], "evidence": listed[kind]["evidence"]}
        for kind in KINDS
        if factors.get(kind)
    ]
    return best_part_first(parts)


def rank_partners(
    actor_id: str,
    facts: Iterable[SharedFact],
    partners: Mapping[str, Mapping[str, str]],
    counts: Mapping[str, Mapping[str, Tally]] | None = None,
) -> list[dict[str, Any]]:
    """The actor's partners from every fact (and, for kinds not listed as facts, `counts`), best first."""
    by_partner: dict[str, list[SharedFact]] = defaultdict(list)
    for fact in facts:
        if fact.actor == actor_id and fact.partner != actor_id:
            by_partner[fact.partner].append(fact)
    counts = {partner_id: tallies for partner_id, tallies in (counts or {}).items() if partner_id != actor_id}
    ranked = []
    for partner_id in by_partner.keys() | counts.keys():
        parts = best_part_first(score_parts(by_partner.get(partner_id, ())) + counted_parts(counts.get(partner_id, {})))
        info = partners.get(partner_id, {})
        ranked.append({
            "id": partner_id, "name": info.get("name", partner_id), "type": info.get("type", ""),
            "score": total_score(part["score"] for part in parts), "parts": parts,
        })
    ranked.sort(key=ranking_order)
    return ranked
