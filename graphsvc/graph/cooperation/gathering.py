"""Reading shared things from Neo4j: the part queries' facts, and their tallies per partner.

Both run the same named files, `PART_QUERIES[kind]` (definition.py), each
the matching section of its part: what counts as shared is written there
once. Two tails take its rows, composed through the registry's `/*part*/`
placeholder: `gather_facts` lists the facts with their evidence
(cooperation_evidence: for the answer's evidence and the timeline;
without evidence, the part's own rows);
`tally_shared_things` has Neo4j count them per
partner (cooperation_tally: the ranking pass, which builds no evidence).
Unfiltered, both take the hub events' shared events from their rosters
(rosters.py, `actor_at_hub_events`) and walk the other events. For the
ranking's evidence, `gather_facts` chooses the relationships each part cites
(`evidence_limit`, evidence.py) before building any citation or reading any
hub event's relationship.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import (
    ACTOR_TYPES,
    GRADE_FACTORS,
    KINDS,
    PART_QUERIES,
    SharedFact,
    Tally,
    filter_parameters,
    grade_factor,
)
from graphsvc.graph.cooperation.evidence import Link, Listed, cited_relationships
from graphsvc.graph.cooperation.rosters import (
    NO_ONE,
    SHARED_EVENT_GRADE,
    ActorAtHubEvents,
    EventRosters,
    hub_event_chains,
    hub_event_counts,
    hub_event_facts,
    read_actor_at_hub_events,
    shared_hub_events,
    unfiltered,
)
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import evidence_list


def _evidence_items(rels: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    items = []
    for rel in rels:
        for item in evidence_list(rel.get("sources"), rel.get("excerpts"), rel.get("locators")):
            items.append({**item, "relationship": rel.get("id") or ""})
    return tuple(items)


# Partner id -> the element ids of the relationships its part cites (evidence.cited_relationships); None: all.
Cited = Mapping[str, Collection[str]] | None


def fact_from_row(kind: str, row: Mapping[str, Any], cited: Cited = None) -> SharedFact:
    """The row's fact; with `cited`, the citations of the cited relationships only (built for those only)."""
    relationships = tuple(dict.fromkeys(link[0] for chain in row.get("links") or () for link in chain))
    rels = row.get("rels") or []
    if cited is not None:
        citing = cited.get(row["partner"], ())
        rels = [rel for rel in rels if rel.get("element_id") in citing]
    return SharedFact(
        # one string per actor and partner: a matrix gathers tens of thousands of facts among a few hundred
        actor=sys.intern(row["actor"]),
        partner=sys.intern(row["partner"]),
        kind=kind,
        via=row["via"],
        item=row["item"],
        grade=row.get("grade") or "",
        evidence=_evidence_items(rels),
        stated=tuple((rel["id"], rel.get("t_from")) for rel in row.get("stated") or ()),
        relationships=relationships,
        cited=tuple(rel["element_id"] for rel in rels if rel.get("element_id")) if relationships else (),
    )


async def actor_at_hub_events(
    db: Database, actor_id: str, filters: GraphFilters, *, partner_types: list[str], rosters: EventRosters | None,
    timeout: float | None = None,
) -> ActorAtHubEvents | None:
    """The actor at the hub events (rosters.py) when its shared events can be taken from the rosters: unfiltered
    (the rosters keep no sectors or dates), every actor type a partner (they list every one); else None."""
    if rosters is None or not rosters.events or not unfiltered(filters) or set(partner_types) != set(ACTOR_TYPES):
        return None
    return await read_actor_at_hub_events(db, actor_id, rosters, timeout=timeout)


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
    hub_events: ActorAtHubEvents | None = None,
    items: list[str] | None = None,
    relationships: bool = False,
    evidence_limit: int | None = None,
) -> tuple[list[SharedFact], dict[str, dict[str, str]]]:
    """Run the part queries (all six unless `kinds` says); the shared facts and the partners' names and types.

    `max_items`: each partner's first `max_items` shared things of each kind by id (None: all).
    `items`: only these shared things (item ids) are walked (None: all; the part queries' $items).
    `with_evidence` also returns each fact's `stated` relationships and their dates.
    `hub_events` (`actor_at_hub_events` of ids' one actor, with `partner_ids` and `max_items` set): the shared
    hub events are taken from the rosters, their relationships read by element id, and the other events walked.
    `relationships` (with evidence): each fact also names every relationship of its chains
    (`SharedFact.relationships`); `evidence_limit` (with `relationships`, for one actor's ids): each partner's
    part of each kind cites the evidence of at most that many of them (evidence.py), chosen before any
    citation is built, or any hub event's relationship read.
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
    facts: list[SharedFact] = []
    partners: dict[str, dict[str, str]] = {}
    # One after the other: each query gets the whole per-query time limit, and
    # a busy server is not asked to plan six queries at once.
    for kind in kinds:
        if (kind == "shared_event" and hub_events is not None and partner_ids is not None
                and max_items is not None and ids == [hub_events.actor_id]):
            rows = await _shared_events_through_rosters(db, params, hub_events, partner_ids, max_items,
                                                        evidence_limit, timeout)
        elif evidence_limit is not None:
            rows = _cut_facts(kind, ids[0], await _part_rows(db, kind, params, timeout), max_items, evidence_limit)
        else:
            rows = await _part_facts(db, kind, params, with_evidence or max_items is not None, timeout)
        for fact, partner_name, partner_type in rows:
            facts.append(fact)
            partners.setdefault(fact.partner, {"name": partner_name, "type": partner_type})
    return facts, partners


FactAndPartner = tuple[SharedFact, str, str]


def _fact_and_partner(kind: str, row: Mapping[str, Any], cited: Cited = None) -> FactAndPartner:
    return fact_from_row(kind, row, cited), row["partner_name"], row["partner_type"]


def _row_chains(rows: Iterable[Mapping[str, Any]]) -> dict[Listed, list[list[Link]]]:
    """(partner, item) -> the chains of the rows' facts (a thing's facets, one row each, together)."""
    chains: dict[Listed, list[list[Link]]] = {}
    for row in rows:
        chains.setdefault((row["partner"], row["item"]), []).extend(row["links"])
    return chains


def _cut_facts(
    kind: str, actor_id: str, rows: list[dict[str, Any]], max_items: int | None, evidence_limit: int
) -> list[FactAndPartner]:
    """The walked rows' facts, each partner's part citing at most `evidence_limit` relationships."""
    cited = cited_relationships(actor_id, _row_chains(rows), max_items, evidence_limit)
    return [_fact_and_partner(kind, row, cited) for row in rows]


async def _part_rows(db: Database, kind: str, params: Mapping[str, Any], timeout: float | None) -> list[dict[str, Any]]:
    """One part query's rows through cooperation_evidence, as they come (their evidence not yet cited)."""
    return await db.read("cooperation_evidence", params, timeout=timeout, part=db.text(PART_QUERIES[kind], params))


async def _part_facts(
    db: Database, kind: str, params: Mapping[str, Any], listed: bool, timeout: float | None
) -> list[FactAndPartner]:
    """One part query's facts: through cooperation_evidence when `listed` (evidence, or each partner's first
    $max_items things), else the part's own rows (nothing to list or cut)."""
    def row_fact(row: dict[str, Any]) -> FactAndPartner:
        return _fact_and_partner(kind, row)

    if listed:
        return await db.read_each("cooperation_evidence", params, row_fact, timeout=timeout,
                                  part=db.text(PART_QUERIES[kind], params))
    return await db.read_each(PART_QUERIES[kind], params, row_fact, timeout=timeout)


async def _shared_events_through_rosters(
    db: Database, params: Mapping[str, Any], hub_events: ActorAtHubEvents, partner_ids: list[str], max_items: int,
    evidence_limit: int | None, timeout: float | None,
) -> list[FactAndPartner]:
    """The shared_event facts of the partners' first `max_items` events by id: the other events walked
    (`$skip_events`), the hub events among the first taken from the rosters (rosters.hub_event_facts). With
    `evidence_limit`, the relationships each partner's part cites are chosen from both before any hub event's
    relationship is read, and only those are read. When the rosters no longer match the graph (written
    since), every event is walked."""
    kind = "shared_event"
    walked = await _part_rows(db, kind, {**params, "skip_events": hub_events.rosters.event_ids}, timeout)
    walked_items: dict[str, set[str]] = {}
    for row in walked:
        walked_items.setdefault(row["partner"], set()).add(row["item"])
    hub_shared = shared_hub_events(hub_events, partner_ids, max_items)
    listed: dict[str, list[tuple[str, int]]] = {}
    for partner, events in hub_shared.items():
        # the partner's first things by id among both, as cooperation_evidence cuts them
        first = set(sorted(walked_items.get(partner, set()) | {event for event, _ in events})[:max_items])
        listed[partner] = [(event, entry) for event, entry in events if event in first]
    hub_chains = hub_event_chains(hub_events, listed)
    cited = None
    if evidence_limit is not None:
        cited = cited_relationships(hub_events.actor_id, {**_row_chains(walked), **hub_chains}, max_items,
                                    evidence_limit)
    hub_rows = await hub_event_facts(db, hub_events, hub_chains, cited=cited, timeout=timeout)
    if hub_rows is None:  # the hub events walked too, so every event, not only the walked ones listed ($items)
        every_event = await _part_rows(db, kind, {**params, "items": None}, timeout)
        if evidence_limit is not None:
            return _cut_facts(kind, hub_events.actor_id, every_event, max_items, evidence_limit)
        return [_fact_and_partner(kind, row) for row in every_event]
    return [_fact_and_partner(kind, row, cited) for row in walked + hub_rows]


class PartnerTallies(Mapping[str, Mapping[str, Tally]]):
    """Partner id -> kind -> Tally, stored as columns over one table of partners.

    `n` and `things` have a row per kind (KINDS order) and a column per
    partner (0: it shares nothing of that kind): first the partners Neo4j
    counted (walked), then those counted from the hub events' rosters only,
    kept as their places in the rosters. The first things of walked tallies
    are kept apart, per kind and column. A hub event's participant has tens
    of thousands of partners, most of them counted from the rosters: the
    ranking scores the columns (definition.pair_scores) and builds a Tally, or
    reads an id or a name, only for the partners it looks at.
    """

    def __init__(
        self, walked: Mapping[str, int], names: Sequence[str], types: Sequence[str], rosters: EventRosters | None,
        counted: npt.NDArray[np.int32], n: npt.NDArray[np.float64], things: npt.NDArray[np.int64],
        first: Mapping[str, Mapping[int, tuple[str, ...]]],
    ) -> None:
        self._walked = walked  # walked partner id -> its column (0, 1, ...)
        self._ids = list(walked)
        self._names = names
        self._types = types
        self._rosters = rosters
        self._counted = counted  # the other columns' places in the rosters, ascending
        self.n = n
        self.things = things
        self._first = first

    @property
    def walked_count(self) -> int:
        """How many partners were walked: columns from this one on are counted from the rosters only."""
        return len(self._ids)

    def rosters_tie_order(self, columns: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        """The rosters' tie order (`EventRosters.tie_order`) of these columns, all counted from the rosters only."""
        if not columns.size:
            return np.empty(0, dtype=np.int64)
        return self._on_rosters().tie_order[self._counted[columns - len(self._ids)]]

    def column_of(self, partner_id: str) -> int | None:
        column = self._walked.get(partner_id)
        if column is not None or self._rosters is None or not self._counted.size:
            return column
        place = self._rosters.index(partner_id)
        at = int(np.searchsorted(self._counted, place))
        return len(self._ids) + at if at < self._counted.size and self._counted[at] == place else None

    def id_at(self, column: int) -> str:
        return self._ids[column] if column < len(self._ids) else self._on_rosters().ids[self._place(column)]

    def name_at(self, column: int) -> str:
        if column < len(self._ids):
            return self._names[column]
        # a partner counted from the rosters is named as the walk names it (as the node has it)
        return cast(str, self._on_rosters().names[self._place(column)])

    def type_at(self, column: int) -> str:
        if column < len(self._ids):
            return self._types[column]
        return cast(str, self._on_rosters().types[self._place(column)])  # every actor a roster reaches has one

    def _on_rosters(self) -> EventRosters:
        return cast(EventRosters, self._rosters)

    def _place(self, column: int) -> int:
        """The place in the rosters of a partner counted from them only."""
        return int(self._counted[column - len(self._ids)])

    def tallies_at(self, column: int) -> dict[str, Tally]:
        """The tallies of the partner in `column`, per kind it shares something of."""
        return {kind: Tally(n=float(self.n[row, column]), things=int(self.things[row, column]),
                            first=self._first.get(kind, {}).get(column, ()))
                for row, kind in enumerate(KINDS) if self.things[row, column] > 0}

    def __getitem__(self, partner_id: str) -> Mapping[str, Tally]:
        column = self.column_of(partner_id)
        if column is None:
            raise KeyError(partner_id)
        return self.tallies_at(column)

    def __iter__(self) -> Iterator[str]:
        return (self.id_at(column) for column in range(len(self)))

    def __len__(self) -> int:
        return len(self._ids) + int(self._counted.size)

    @property
    def partners(self) -> Mapping[str, Mapping[str, str]]:
        """Partner id -> {"name", "type"}."""
        return PartnerNames(self)


class PartnerNames(Mapping[str, Mapping[str, str]]):
    """Partner id -> {"name", "type"}, read from a PartnerTallies' table of partners."""

    def __init__(self, tallies: PartnerTallies) -> None:
        self._tallies = tallies

    def __getitem__(self, partner_id: str) -> Mapping[str, str]:
        column = self._tallies.column_of(partner_id)
        if column is None:
            raise KeyError(partner_id)
        return {"name": self._tallies.name_at(column), "type": self._tallies.type_at(column)}

    def __iter__(self) -> Iterator[str]:
        return iter(self._tallies)

    def __len__(self) -> int:
        return len(self._tallies)


class TallyColumns:
    """Builds a PartnerTallies: the tallies Neo4j counts (`walked`), then at most one kind counted from the
    rosters (`counted`), added to the walked tallies of the same partners."""

    def __init__(self) -> None:
        self._walked: dict[str, int] = {}
        self._names: list[str] = []
        self._types: list[str] = []
        self._walked_rows: dict[str, tuple[list[int], list[float], list[int]]] = {}
        self._first: dict[str, dict[int, tuple[str, ...]]] = {}
        self._counted: tuple[str, EventRosters, npt.NDArray[np.int32], npt.NDArray[np.float64],
                             npt.NDArray[np.int64]] | None = None

    def walked(self, kind: str, partner: str, name: str, type_: str, n: float, things: int,
               first: Iterable[str] = ()) -> None:
        column = self._walked.setdefault(partner, len(self._walked))
        if column == len(self._names):
            self._names.append(name)
            self._types.append(sys.intern(type_))  # one string object per type, not per partner
        columns, ns, counts = self._walked_rows.setdefault(kind, ([], [], []))
        columns.append(column)
        ns.append(n)
        counts.append(things)
        first = tuple(sys.intern(item) for item in first)
        if first:
            # one string per thing: a programme or an organisation is among the first things of many partners
            self._first.setdefault(kind, {})[column] = first

    def counted(self, kind: str, rosters: EventRosters, places: npt.NDArray[np.int32], events: npt.NDArray[np.int64],
                factor: float) -> None:
        """Partners on the rosters (`places`, ascending, each once) sharing `events` things of `kind` (each at
        `factor`) that were not walked."""
        if self._counted is not None:
            raise ValueError("one kind is counted from the rosters")
        self._counted = (kind, rosters, places, factor * events, events)

    def done(self) -> PartnerTallies:
        rosters: EventRosters | None = None
        counted_only = np.empty(0, dtype=np.int32)  # places of the partners counted and not walked
        if self._counted is not None:
            kind, rosters, places, counted_n, counted_things = self._counted
            # each place's column: the walked partners' own (NO_ONE: on no roster), then new ones after them
            walked_places = np.array([rosters.index(partner) for partner in self._walked], dtype=np.int64)
            column_of_place = np.full(len(rosters.ids), NO_ONE, dtype=np.int64)
            on_rosters = walked_places != NO_ONE
            column_of_place[walked_places[on_rosters]] = np.flatnonzero(on_rosters)
            counted_only = places[column_of_place[places] == NO_ONE]
            column_of_place[counted_only] = len(self._walked) + np.arange(counted_only.size)
            counted_columns = column_of_place[places]
        width = len(self._walked) + counted_only.size
        n = np.zeros((len(KINDS), width), dtype=np.float64)
        things = np.zeros((len(KINDS), width), dtype=np.int64)
        for kind_walked, (columns, ns, counts) in self._walked_rows.items():
            n[KINDS.index(kind_walked), columns] = ns
            things[KINDS.index(kind_walked), columns] = counts
        if self._counted is not None:
            # each counted partner once (the places are distinct), so += adds to each column once
            n[KINDS.index(kind), counted_columns] += counted_n
            things[KINDS.index(kind), counted_columns] += counted_things
        return PartnerTallies(self._walked, self._names, self._types, rosters, counted_only, n, things, self._first)


async def tally_shared_things(
    db: Database, actor_id: str, filters: GraphFilters, *, partner_types: list[str], kinds: Iterable[str] = KINDS,
    timeout: float | None = None, hub_events: ActorAtHubEvents | None = None, first_items: int | None = None,
) -> tuple[PartnerTallies, Mapping[str, Mapping[str, str]]]:
    """What each partner shares of each kind, counted by Neo4j (cooperation_tally); the partners' names and types.

    The same n as scoring the facts the part queries list, without sending one
    row per partner and thing (a hub shares hundreds of thousands of events).
    With `hub_events` (`actor_at_hub_events`), the shared events are walked
    except the hub events, which are counted from their rosters (rosters.py).
    `first_items`: each tally also names the partner's first `first_items` things by id among those walked
    (`Tally.first`): with `hub_events`, its first events other than the hub events (the rosters count those,
    and the evidence takes them from the rosters, not from a walk).
    """
    params = {
        "ids": [actor_id], "partner_types": partner_types, "partner_ids": None, "with_evidence": False,
        "grade_factors": GRADE_FACTORS, "skip_events": None, "items": None, "max_items": first_items,
        **filter_parameters(filters),
    }
    columns = TallyColumns()
    for kind in kinds:
        rostered = hub_events if kind == "shared_event" else None
        kind_params = {**params, "skip_events": rostered.rosters.event_ids} if rostered else params
        # the part query's text, from the registry, fills cooperation_tally's /*part*/ placeholder
        rows = await db.read("cooperation_tally", kind_params, timeout=timeout,
                             part=db.text(PART_QUERIES[kind], kind_params))
        for actor, partner, partner_name, partner_type, n, things, first in rows[0]["tallies"]:
            if actor == actor_id:
                columns.walked(kind, partner, partner_name, partner_type, float(n), int(things), first)
        if rostered:
            # `first` stays the walked events': the hub events are listed from the rosters
            counts = hub_event_counts(rostered)
            columns.counted(kind, rostered.rosters, counts.places, counts.events, grade_factor(SHARED_EVENT_GRADE))
    tallies = columns.done()
    return tallies, tallies.partners
