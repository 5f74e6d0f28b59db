"""GET /cooperation/{id}: an actor's partners ranked by the score, each part with its evidence.

Ranked from Neo4j's tallies per partner and kind (tallies.tally_shared_things)
and scored by definition.py; then the evidence of the partners shown only,
from the same part queries listing their facts, walking only the things
their tallies name (`listed_items`).
"""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Final

import numpy as np

from graphsvc.db import Database, at_most_at_once
from graphsvc.errors import invalid_parameter
from graphsvc.graph.cooperation.definition import (
    ACTOR_TYPES,
    KINDS,
    PARTS_LONGEST_FIRST,
    SharedFact,
    Tally,
    best_part_first,
    part_score,
    pair_scores,
    tie_order,
    total_score,
)
from graphsvc.graph.cooperation.evidence import relationship_keys
from graphsvc.graph.cooperation.gathering import actor_at_events, gather_facts
from graphsvc.graph.cooperation.tallies import PartnerTallies, tally_shared_things
from graphsvc.graph.cooperation.reach import Reach
from graphsvc.graph.cooperation.rosters import EventRosters
from graphsvc.graph.entities import resolve_entity
from graphsvc.graph.filters import GraphFilters

# Partners answered by default; clients ask for more with `limit`.
DEFAULT_PARTNER_LIMIT: Final[int] = 50

# Shared things listed (`via`, with their evidence) per part of a partner by
# default: a hub's office-holders attend the same events by the dozen, each
# attendance evidenced, and the answer grows with every thing listed (the
# sizes measured are in docs/cooperation-scoring.md). Clients ask for more with `via_limit`.
DEFAULT_VIA_LIMIT: Final[int] = 10

# Relationships whose evidence each part cites by default (evidence.py says which): more than the largest
# part of the curated seed has, so that every seed answer cites all; a part of a hub's partner (a state
# whose office-holders attend hub events by the hundred) has thousands. Clients ask for more with
# `evidence_limit`.
DEFAULT_EVIDENCE_LIMIT: Final[int] = 50


def counted_parts(tallies: Mapping[str, Tally]) -> list[dict[str, Any]]:
    """Parts from a partner's tallies per kind, best first: their scores and number of things, no via, no evidence."""
    return best_part_first([
        {"kind": kind, "score": part_score(kind, [tally.n]), "things": tally.things, "via": [], "evidence": []}
        for kind, tally in tallies.items()
    ])


def ranked_partner(partner_id: str, info: Mapping[str, str], parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": partner_id,
        "name": info.get("name", partner_id),
        "type": info.get("type", ""),
        "score": total_score(part["score"] for part in parts),
        "parts": parts,
    }


def ranking_order(partner: Mapping[str, Any]) -> tuple[float, str, str]:
    """Highest score first, ties broken by name (case-folded) then id (`tie_order`)."""
    return (-partner["score"], *tie_order(partner["name"], partner["id"]))


def top_partners(actor_id: str, tallies: PartnerTallies, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The first `limit` partners of the actor ranked from their tallies, and how many partners it has.

    Every partner is scored from its tallies' columns (`pair_scores`), but the
    answer's dicts are built for the `limit` shown only: a hub has tens of
    thousands of partners. Names are compared only among the partners that
    score at least the `limit`-th best score.
    """
    scores = pair_scores(tallies.n)
    partner = np.ones(len(scores), dtype=np.bool_)
    actor_column = tallies.column_of(actor_id)
    if actor_column is not None:
        partner[actor_column] = False
    total = int(partner.sum())
    if 0 < limit < total:
        lowest_shown = -np.partition(-scores[partner], limit - 1)[limit - 1]
        partner &= scores >= lowest_shown
    contenders = np.flatnonzero(partner)
    walked = contenders[contenders < tallies.walked_count]
    # the partners counted from the rosters only, tens of thousands of them tied at a hub event's
    # score, ordered in numpy by the rosters' tie order: only the first `limit` of them compete by name
    counted = contenders[contenders >= tallies.walked_count]
    counted = counted[np.lexsort((tallies.rosters_tie_order(counted), -scores[counted]))][:limit]
    candidates = np.concatenate([walked, counted])
    score_of = dict(zip(candidates.tolist(), scores[candidates].tolist(), strict=True))

    def order(column: int) -> tuple[float, str, str]:
        return (-score_of[column], *tie_order(tallies.name_at(column), tallies.id_at(column)))

    shown = heapq.nsmallest(limit, score_of, key=order)
    answer = [ranked_partner(tallies.id_at(column), {"name": tallies.name_at(column), "type": tallies.type_at(column)},
                             counted_parts(tallies.tallies_at(column)))
              for column in shown]
    answer.sort(key=ranking_order)
    return answer, total


def listed_items(tallies: Iterable[Tally]) -> list[str]:
    """The things the shown partners' parts of one kind list among those walked (each tally's `first`), for
    the evidence's walk to read those only. A rostered event is not walked: it is listed from
    the rosters (gathering.py), so a tally's `first` names its walked things only, and may be empty.

    Each partner's first things by id are among them, and its other things
    there come after those by id, so each partner lists the same things as
    from the full walk (the evidence keeps each partner's first ones).
    """
    return sorted({item for tally in tallies for item in tally.first})


def listed_things(facts: Iterable[SharedFact]) -> dict[str, dict[str, Any]]:
    """Per kind, what `facts` list: `via` (sorted ids), `evidence` (each item once, sorted), `things` (distinct
    items), `relationships` (distinct relationships of their chains) and `cited` (how many of those the
    evidence cites)."""
    items: dict[str, set[str]] = defaultdict(set)
    vias: dict[str, set[str]] = defaultdict(set)
    relationships: dict[str, set[int | str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = defaultdict(dict)
    for fact in facts:
        items[fact.kind].add(fact.item)
        vias[fact.kind].add(fact.via)
        relationships[fact.kind].update(relationship_keys(fact.relationships))
        cited[fact.kind].update(fact.cited)
        for item in fact.evidence:
            # one citation per relationship, source and excerpt (the locator is a mapping, and follows them)
            key = (item["relationship"], item["source"], item["excerpt"])
            evidence[fact.kind].setdefault(key, item)
    return {
        kind: {
            "via": sorted(vias[kind]),
            "evidence": [evidence[kind][key] for key in sorted(evidence[kind])],
            "things": len(items[kind]),
            "relationships": len(relationships[kind]),
            "cited": len(cited[kind]),
        }
        for kind in KINDS
        if items.get(kind)
    }


def first_things(facts: Iterable[SharedFact], per_part: int) -> list[SharedFact]:
    """The facts of the first `per_part` shared things (by item id) of each partner and kind."""
    facts = list(facts)
    items: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for fact in facts:
        items[(fact.actor, fact.partner, fact.kind)].add(fact.item)
    kept = {key: set(sorted(found)[:per_part]) for key, found in items.items()}
    return [fact for fact in facts if fact.item in kept[(fact.actor, fact.partner, fact.kind)]]


def with_evidence_of(ranked: list[dict[str, Any]], facts: Iterable[SharedFact]) -> list[dict[str, Any]]:
    """`ranked` partners, each part's score and `things` as ranked, its `via` and `evidence` from `facts`.

    `facts` are those of the partners' first shared things only
    (`first_things`): scores made from them would undercount. `via_truncated`
    says when a part has more things than `via` lists; `relationships` counts
    the relationships of the things `via` lists, and `evidence_truncated` says
    when the evidence cites fewer of them (`evidence_limit`, evidence.py).
    """
    by_partner: dict[str, list[SharedFact]] = defaultdict(list)
    for fact in facts:
        by_partner[fact.partner].append(fact)
    answer = []
    for partner in ranked:
        listed = listed_things(by_partner.get(partner["id"], ()))
        parts = []
        for part in partner["parts"]:
            found = listed.get(part["kind"], {"via": [], "evidence": [], "things": 0, "relationships": 0,
                                              "cited": 0})
            parts.append({**part, "via": found["via"], "evidence": found["evidence"],
                          "via_truncated": found["things"] < part["things"],
                          "relationships": found["relationships"],
                          "evidence_truncated": found["cited"] < found["relationships"]})
        answer.append({**partner, "parts": parts})
    return answer


async def cooperation_actor(db: Database, ref: str) -> dict[str, Any]:
    """The actor `ref` names (404 if none, 422 if ambiguous or not an actor), for GET /cooperation/{id}."""
    actor = await resolve_entity(db, ref, "id")
    if actor["type"] not in ACTOR_TYPES:
        raise invalid_parameter(
            "id",
            f"'{actor['id']}' is a {actor['type']}; cooperation is scored between actors "
            f"({', '.join(ACTOR_TYPES)}). Try the actors connected to it via /entities/{actor['id']}/neighbourhood.",
        )
    return actor


async def cooperation_partner(db: Database, ref: str, actor: Mapping[str, Any]) -> dict[str, Any]:
    """The partner `ref` names in a question about one pair (the `partner` parameter of /cooperation/{id} and
    its timeline): 404 if none, 422 if ambiguous, not an actor, or the actor itself."""
    partner = await resolve_entity(db, ref, "partner")
    if partner["type"] not in ACTOR_TYPES:
        raise invalid_parameter("partner", f"'{partner['id']}' is a {partner['type']}, not an actor "
                                f"({', '.join(ACTOR_TYPES)})")
    if partner["id"] == actor["id"]:
        raise invalid_parameter("partner", f"'{partner['id']}' is the actor itself: an actor shares nothing "
                                "with itself")
    return partner


async def cooperation(
    db: Database, actor: dict[str, Any], filters: GraphFilters, limit: int, via_limit: int = DEFAULT_VIA_LIMIT,
    evidence_limit: int | None = DEFAULT_EVIDENCE_LIMIT,
    *, query_timeout: float | None = None, rosters: EventRosters | None = None, reach: Reach | None = None,
    partner: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """GET /cooperation/{id}: the actor (`cooperation_actor`) and its partners, ranked, each score with its
    parts and evidence.

    Each part lists (`via`) and evidences its first `via_limit` shared things
    by id; its score and `things` count them all. Each part cites the evidence
    of at most `evidence_limit` of their relationships (None: all), chosen
    before any is read (evidence.py). Each query gets
    `query_timeout` seconds (default: the per-query limit). `rosters`: the events'
    rosters of the graph read, through which an unfiltered ranking counts
    its shared events and lists their evidence (rosters.py). `reach`: the reach
    arrays of the graph read, from which an unfiltered ranking counts its
    programmes and institutions (reach.py); their evidence is walked.

    `partner` (`cooperation_partner`): that one pair, without ranking the
    actor's other partners: `partners` is the entry the ranking gives that
    partner, or empty when the two share nothing, and `total` how many it
    lists. Only the pair's facts are gathered, all of them walked: the
    rosters count every partner of a hub event at once, and the walk counts
    and lists the same (tests/integration/test_cooperation_rosters.py).
    """
    if partner is not None:
        limit, rosters, reach = 1, None, None
    at_events = await actor_at_events(db, actor["id"], filters, partner_types=list(ACTOR_TYPES),
                                           rosters=rosters, timeout=query_timeout)
    # Ranked without evidence first, then the evidence of the partners shown
    # only: a hub has thousands of partners, and building every chain of
    # evidence for each costs far more than finding and scoring them. The
    # evidence walks only the things the shown partners list: walking them all
    # again from the actor repeated the ranking pass's walk.
    counts, _ = await tally_shared_things(
        db, actor["id"], filters, partner_types=list(ACTOR_TYPES), timeout=query_timeout, at_events=at_events,
        first_items=via_limit, partner_ids=[partner["id"]] if partner is not None else None, reach=reach,
    )
    shown, total = top_partners(actor["id"], counts, limit)
    if shown:
        shown_ids = [shown_partner["id"] for shown_partner in shown]

        async def evidence_of(kind: str, tallies: list[Tally]) -> list[SharedFact]:
            facts, _ = await gather_facts(
                db, [actor["id"]], filters, partner_types=list(ACTOR_TYPES), partner_ids=shown_ids, kinds=[kind],
                max_items=via_limit, timeout=query_timeout, items=listed_items(tallies), at_events=at_events,
                relationships=True, evidence_limit=evidence_limit,
            )
            return facts

        shown_tallies = [counts[partner_id] for partner_id in shown_ids]
        tallies_of: dict[str, list[Tally]] = {}
        for kind in PARTS_LONGEST_FIRST:
            tallies = [by_kind[kind] for by_kind in shown_tallies if kind in by_kind]
            if tallies:
                tallies_of[kind] = tallies
        # each kind's evidence is an independent read, as the tallies were: two at a time, longest first; the
        # facts are taken in the kinds' order, whichever ends first
        evidence = dict(zip(tallies_of, await at_most_at_once(
            [functools.partial(evidence_of, kind, tallies) for kind, tallies in tallies_of.items()]), strict=True))
        facts = [fact for kind in KINDS for fact in evidence.get(kind, ())]
        shown = with_evidence_of(shown, first_things(facts, via_limit))
    return {"actor": actor, "partners": shown, "total": total, "truncated": total > limit}


def cooperation_graph(answer: Mapping[str, Any], partner_entities: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The /cooperation/{id} answer as a Graph: the actor and its partners as nodes,
    one derived edge per partner carrying the score and the number of parts."""
    actor = answer["actor"]
    nodes = [actor] + [partner_entities[p["id"]] for p in answer["partners"] if p["id"] in partner_entities]
    edges = [
        {
            "id": f"cooperation:{actor['id']}->{partner['id']}",
            "type": "COOPERATION",
            "from": actor["id"],
            "to": partner["id"],
            "start": None,
            "end": None,
            "sectors": [],
            "tier": "derived",
            "dated": False,
            "evidence": [],
            "score": partner["score"],
            "parts": len(partner["parts"]),
            "kinds": ",".join(part["kind"] for part in partner["parts"]),
        }
        for partner in answer["partners"]
    ]
    return {"nodes": nodes, "edges": edges, "truncated": bool(answer.get("truncated"))}
