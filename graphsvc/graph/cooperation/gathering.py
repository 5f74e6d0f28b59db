"""Reading shared things from Neo4j: the part queries' facts (their tallies per partner: tallies.py).

Both run the same named files, `PART_QUERIES[kind]` (definition.py), each
the matching section of its part: what counts as shared is written there
once. Two tails take its rows, composed through the registry's `/*part*/`
placeholder: `gather_facts` lists the facts with their evidence
(cooperation_evidence: for the answer's evidence and the timeline;
without evidence, the part's own rows);
tallies.py's `tally_shared_things` has Neo4j count them per
partner (cooperation_tally: the ranking pass, which builds no evidence).
Unfiltered, both take the shared events from the events' rosters
(rosters.py, `actor_at_events`) and walk the other events. For the
ranking's evidence, `gather_facts` chooses the relationships each part cites
(`evidence_limit`, evidence.py) before building any citation or reading any
rostered event's relationship.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from graphsvc.db import Database, at_most_at_once
from graphsvc.graph.cooperation.definition import (
    ACTOR_TYPES,
    KINDS,
    PART_QUERIES,
    PARTS_LONGEST_FIRST,
    SharedFact,
    filter_parameters,
)
from graphsvc.graph.cooperation.evidence import (
    Link,
    Listed,
    RelationshipKey,
    cited_in_turn,
    cited_relationships,
    relationship_key,
    relationship_order,
)
from graphsvc.graph.cooperation.roster_evidence import (
    rostered_event_facts,
    rostered_event_listing,
    shared_rostered_events,
)
from graphsvc.graph.cooperation.rosters import ActorAtEvents, EventRosters, read_actor_at_events, unfiltered
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import evidence_list


# Relationship element id -> its evidence items, built once per gathering: one relationship is cited by many
# facts (the actor's participation in an event, by every partner met there), each time with the same items,
# which nothing changes once built.
EvidenceMade = dict[str, tuple[dict[str, Any], ...]]


def _evidence_items(rels: list[dict[str, Any]], made: EvidenceMade) -> tuple[dict[str, Any], ...]:
    items: list[dict[str, Any]] = []
    for rel in rels:
        element_id = rel.get("element_id")
        built = made.get(element_id) if element_id is not None else None
        if built is None:
            relationship = rel.get("id") or ""
            built = tuple(evidence_list(rel.get("sources"), rel.get("excerpts"), rel.get("locators")))
            for item in built:
                item["relationship"] = relationship  # each item a new dict: completed where it stands
            if element_id is not None:
                made[element_id] = built
        items.extend(built)
    return tuple(items)


# Partner id -> the keys of the relationships its part cites (evidence.cited_relationships); None: all.
Cited = Mapping[str, Collection[RelationshipKey]] | None


def fact_from_row(kind: str, row: Mapping[str, Any], cited: Cited = None, made: EvidenceMade | None = None) -> SharedFact:
    """The row's fact; with `cited`, the citations of the cited relationships only (built for those only);
    `made`: the evidence items already built, by relationship (the gathering's)."""
    # the walk's rows bring their chains (`links`), the rosters' their relationships already listed
    relationships = row.get("relationships") or tuple(
        dict.fromkeys(link[0] for chain in row.get("links") or () for link in chain))
    rels = row.get("rels") or []
    if cited is not None:
        citing = cited.get(row["partner"], ())
        rels = [rel for rel in rels if (element_id := rel.get("element_id")) is not None
                and relationship_key(element_id) in citing]
    return SharedFact(
        # one string per actor and partner: a matrix gathers tens of thousands of facts among a few hundred
        actor=sys.intern(row["actor"]),
        partner=sys.intern(row["partner"]),
        kind=kind,
        via=row["via"],
        item=row["item"],
        grade=row.get("grade") or "",
        evidence=_evidence_items(rels, {} if made is None else made),
        stated=tuple((rel["id"], rel.get("t_from")) for rel in row.get("stated") or ()),
        relationships=relationships,
        cited=tuple(rel["element_id"] for rel in rels if rel.get("element_id")) if relationships else (),
    )


async def actor_at_events(
    db: Database, actor_id: str, filters: GraphFilters, *, partner_types: list[str], rosters: EventRosters | None,
    timeout: float | None = None,
) -> ActorAtEvents | None:
    """The actor at the rostered events (rosters.py) when its shared events can be taken from the rosters: unfiltered
    (the rosters keep no sectors or dates), every actor type a partner (they list every one); else None."""
    if rosters is None or not len(rosters) or not unfiltered(filters) or set(partner_types) != set(ACTOR_TYPES):
        return None
    return await read_actor_at_events(db, actor_id, rosters, timeout=timeout)


async def gather_facts(
    db: Database,
    ids: list[str],
    filters: GraphFilters,
    *,
    partner_types: list[str],
    partner_ids: list[str] | None = None,
    with_evidence: bool = True,
    kinds: Iterable[str] = KINDS,
    timeout: float | None = None,
    max_items: int | None = None,
    at_events: ActorAtEvents | None = None,
    items: list[str] | None = None,
    relationships: bool = False,
    evidence_limit: int | None = None,
) -> tuple[list[SharedFact], dict[str, dict[str, str]]]:
    """Run the part queries (all six unless `kinds` says); the shared facts and the partners' names and types.

    `max_items`: each partner's first `max_items` shared things of each kind by id (None: all).
    `items`: only these shared things (item ids) are walked (None: all; the part queries' $items).
    `with_evidence` also returns each fact's `stated` relationships and their dates.
    `at_events` (`actor_at_events` of ids' one actor, with `partner_ids` and `max_items` set): the shared
    rostered events are taken from the rosters, their relationships read by element id, and the other events walked.
    `relationships` (with evidence): each fact also names every relationship of its chains
    (`SharedFact.relationships`); `evidence_limit` (with `relationships`, for one actor's ids): each partner's
    part of each kind cites the evidence of at most that many of them (evidence.py), chosen before any
    citation is built, or any rostered event's relationship read.
    """
    if evidence_limit is not None and not (relationships and len(ids) == 1):
        raise ValueError("evidence_limit cuts one actor's parts, and needs their relationships")
    params = {
        "ids": ids,
        "partner_types": partner_types,
        "partner_ids": partner_ids,
        "with_evidence": with_evidence,
        "max_items": max_items,
        "items": items,
        "skip_events": None,
        "links": relationships,
        **filter_parameters(filters),
    }

    made: EvidenceMade = {}

    async def facts_of(kind: str) -> list[FactAndPartner]:
        if (kind == "shared_event" and at_events is not None and partner_ids is not None
                and max_items is not None and ids == [at_events.actor_id]):
            return await _shared_events_through_rosters(db, params, at_events, partner_ids, max_items,
                                                        evidence_limit, made, timeout)
        if evidence_limit is not None:
            return _cut_facts(kind, ids[0], await _part_rows(db, kind, params, timeout), max_items, evidence_limit,
                              made)
        return await _part_facts(db, kind, params, with_evidence or max_items is not None, made, timeout)

    facts: list[SharedFact] = []
    partners: dict[str, dict[str, str]] = {}
    # the parts are independent reads (each with the whole per-query time limit); their facts in the kinds' order
    started = sorted(kinds, key=PARTS_LONGEST_FIRST.index)
    rows_of = dict(zip(started, await at_most_at_once([functools.partial(facts_of, kind) for kind in started]),
                       strict=True))
    for kind in kinds:
        for fact, partner_name, partner_type in rows_of[kind]:
            facts.append(fact)
            partners.setdefault(fact.partner, {"name": partner_name, "type": partner_type})
    return facts, partners


FactAndPartner = tuple[SharedFact, str, str]


def _fact_and_partner(kind: str, row: Mapping[str, Any], made: EvidenceMade, cited: Cited = None) -> FactAndPartner:
    return fact_from_row(kind, row, cited, made), row["partner_name"], row["partner_type"]


def _row_chains(rows: Iterable[Mapping[str, Any]]) -> dict[Listed, list[list[Link]]]:
    """(partner, item) -> the chains of the rows' facts (a thing's facets, one row each, together)."""
    chains: dict[Listed, list[list[Link]]] = {}
    for row in rows:
        chains.setdefault((row["partner"], row["item"]), []).extend(row["links"])
    return chains


def _cut_facts(
    kind: str, actor_id: str, rows: list[dict[str, Any]], max_items: int | None, evidence_limit: int,
    made: EvidenceMade,
) -> list[FactAndPartner]:
    """The walked rows' facts, each partner's part citing at most `evidence_limit` relationships."""
    cited = cited_relationships(actor_id, _row_chains(rows), max_items, evidence_limit)
    return [_fact_and_partner(kind, row, made, cited) for row in rows]


async def _part_rows(db: Database, kind: str, params: Mapping[str, Any], timeout: float | None) -> list[dict[str, Any]]:
    """One part query's rows through cooperation_evidence, as they come (their evidence not yet cited)."""
    return await db.read("cooperation_evidence", params, timeout=timeout, part=db.text(PART_QUERIES[kind], params))


async def _part_facts(
    db: Database, kind: str, params: Mapping[str, Any], listed: bool, made: EvidenceMade, timeout: float | None
) -> list[FactAndPartner]:
    """One part query's facts: through cooperation_evidence when `listed` (evidence, or each partner's first
    $max_items things), else the part's own rows (nothing to list or cut)."""
    def row_fact(row: dict[str, Any]) -> FactAndPartner:
        return _fact_and_partner(kind, row, made)

    if listed:
        return await db.read_each("cooperation_evidence", params, row_fact, timeout=timeout,
                                  part=db.text(PART_QUERIES[kind], params))
    return await db.read_each(PART_QUERIES[kind], params, row_fact, timeout=timeout)


async def _shared_events_through_rosters(
    db: Database, params: Mapping[str, Any], at_events: ActorAtEvents, partner_ids: list[str], max_items: int,
    evidence_limit: int | None, made: EvidenceMade, timeout: float | None,
) -> list[FactAndPartner]:
    """The shared_event facts of the partners' first `max_items` events by id: the other events walked
    (`$skip_events`), the rostered events among the first taken from the rosters (roster_evidence.rostered_event_facts). With
    `evidence_limit`, the relationships each partner's part cites are chosen from both before any rostered event's
    relationship is read, and only those are read. When the rosters no longer match the graph (written
    since), or a partner's chain passes through the actor (rostered_event_listing), every event is walked."""
    kind = "shared_event"
    walked = [] if at_events.rosters.every_shared_event else await _part_rows(
        db, kind, {**params, "skip_events": at_events.rosters.event_ids}, timeout)
    walked_items: dict[str, set[str]] = {}
    for row in walked:
        walked_items.setdefault(row["partner"], set()).add(row["item"])
    rostered_shared = shared_rostered_events(at_events, partner_ids, max_items)
    listed: dict[str, list[tuple[str, int]]] = {}
    for partner, events in rostered_shared.items():
        # the partner's first things by id among both, as cooperation_evidence cuts them
        first = set(sorted(walked_items.get(partner, set()) | {event for event, _ in events})[:max_items])
        listed[partner] = [(event, entry) for event, entry in events if event in first]
    listing = rostered_event_listing(at_events, listed)
    rostered_rows = None
    if listing is not None:
        cited = None
        if evidence_limit is not None:
            orders = {listed: relationship_order(at_events.actor_id, chains)
                      for listed, chains in _row_chains(walked).items()}
            cited = cited_in_turn({**orders, **listing.relationships}, max_items, evidence_limit)
        rostered_rows = await rostered_event_facts(db, at_events, listing, cited=cited, timeout=timeout)
    if rostered_rows is None:  # the rostered events walked too, so every event, not only the walked ones listed ($items)
        every_event = await _part_rows(db, kind, {**params, "items": None}, timeout)
        if evidence_limit is not None:
            return _cut_facts(kind, at_events.actor_id, every_event, max_items, evidence_limit, made)
        return [_fact_and_partner(kind, row, made) for row in every_event]
    # the rostered rows bring the cited relationships only (read so): only the walked ones are cut here
    return ([_fact_and_partner(kind, row, made, cited) for row in walked]
            + [_fact_and_partner(kind, row, made) for row in rostered_rows])
