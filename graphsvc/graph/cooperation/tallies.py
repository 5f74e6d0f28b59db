"""Tallies of shared things per partner and kind: the ranking pass's counts (cooperation_tally).

Neo4j counts the walked shared things per partner (`tally_shared_things`,
the part queries of definition.py's `PART_QUERIES` with the
cooperation_tally tail); the rostered events are counted from their rosters
(rosters.py), and an unfiltered ranking's programmes, institutions,
memberships and agreements from the reach arrays (reach.py), added as
walked tallies are. Both are kept as numpy columns over one table of partners
(`PartnerTallies`): a hub participant has tens of thousands of partners, and a
`Tally` is built only for those looked up. The facts themselves, with their
evidence, are gathering.py's.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from graphsvc.db import Database, at_most_at_once
from graphsvc.graph.cooperation.definition import (
    ACTOR_TYPES,
    GRADE_FACTORS,
    KINDS,
    PART_QUERIES,
    PARTS_LONGEST_FIRST,
    Tally,
    filter_parameters,
    grade_factor,
)
from graphsvc.graph.cooperation.reach import Reach
from graphsvc.graph.cooperation.reach_counts import COUNTED_FROM_ARRAYS, ReachCounts, reach_tallies
from graphsvc.graph.cooperation.rosters import (
    NO_ONE,
    SHARED_EVENT_GRADE,
    ActorAtEvents,
    EventRosters,
    rostered_event_counts,
    unfiltered,
)
from graphsvc.graph.filters import GraphFilters


class PartnerTallies(Mapping[str, Mapping[str, Tally]]):
    """Partner id -> kind -> Tally, stored as columns over one table of partners.

    `n` and `things` have a row per kind (KINDS order) and a column per
    partner (0: it shares nothing of that kind): first the partners Neo4j
    counted (walked), then those counted from the events' rosters only,
    kept as their places in the rosters. The first things of walked tallies
    are kept apart, per kind and column. A rostered event's participant has tens
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
        return cast(str, self._on_rosters().names.get(self._place(column)))

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


class FirstThings(Mapping[int, tuple[str, ...]]):
    """Column -> the first things of the partner there, of one kind counted from the reach arrays: written out
    for the partners a ranking looks at only."""

    def __init__(self, columns: list[int], counts: ReachCounts) -> None:
        self._index = dict(zip(columns, range(len(columns)), strict=True))
        self._counts = counts

    def __getitem__(self, column: int) -> tuple[str, ...]:
        return self._counts.first(self._index[column])

    def __iter__(self) -> Iterator[int]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class TallyColumns:
    """Builds a PartnerTallies: the tallies Neo4j counts (`walked`) and those counted from the reach arrays
    (`reached`: each kind one way), then at most one kind counted from the rosters (`counted`), added to the
    walked tallies of the same partners."""

    def __init__(self) -> None:
        self._walked: dict[str, int] = {}
        self._names: list[str] = []
        self._types: list[str] = []
        self._walked_rows: dict[str, tuple[list[int], list[float], list[int]]] = {}
        self._first: dict[str, dict[int, tuple[str, ...]]] = {}
        self._reached_first: dict[str, FirstThings] = {}  # the kinds counted from the reach arrays (`reached`)
        self._counted: tuple[str, EventRosters, npt.NDArray[np.int32], npt.NDArray[np.float64],
                             npt.NDArray[np.int64]] | None = None

    def walked(self, kind: str, partner: str, name: str, type_: str, n: float, things: int,
               first: Iterable[str] = ()) -> None:
        self.walked_many(kind, [(partner, name, type_, n, things, first)])

    def walked_many(self, kind: str, tallies: Iterable[tuple[str, str | None, str, float, int, Iterable[str]]]) -> None:
        """`walked` for each (partner, name, type, n, things, first) of one kind: thousands at a time, in one loop."""
        walked, names, types = self._walked, self._names, self._types
        if kind in self._reached_first:
            raise ValueError(f"{kind} is walked or counted from the reach arrays, once")
        columns, ns, counts = self._walked_rows.setdefault(kind, ([], [], []))
        firsts = self._first.setdefault(kind, {})
        intern = sys.intern
        for partner, name, type_, n, things, first in tallies:
            column = walked.setdefault(partner, len(walked))
            if column == len(names):
                names.append(name)  # type: ignore[arg-type]  # None for a nameless node, as the walk gives it
                types.append(intern(type_))  # one string object per type, not per partner
            columns.append(column)
            ns.append(n)
            counts.append(things)
            if first:
                # one string per thing: a programme or an organisation is among the first things of many partners
                firsts[column] = tuple(intern(item) for item in first)

    def reached(self, kind: str, counts: ReachCounts) -> None:
        """`walked` for each partner of `counts` (reach_counts.py: thousands at a time), its first things
        written out only when a Tally asks for them."""
        if self._walked_rows.get(kind, ((),))[0] or kind in self._reached_first:
            raise ValueError(f"{kind} is walked or counted from the reach arrays, once")
        walked, names, types = self._walked, self._names, self._types
        before = len(walked)
        columns = [walked.setdefault(partner, len(walked)) for partner in counts.partners]
        for i, column in enumerate(columns):
            if column >= before:  # new partners come in the order they are met, so their columns follow
                names.append(counts.names[i])  # type: ignore[arg-type]  # None for a nameless node, as walked
                types.append(counts.types[i])
        self._walked_rows[kind] = (columns, counts.n, counts.things)
        self._reached_first[kind] = FirstThings(columns, counts)

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
            walked_places = rosters.places(self._walked)
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
        return PartnerTallies(self._walked, self._names, self._types, rosters, counted_only, n, things,
                              {**self._first, **self._reached_first})


async def tally_shared_things(
    db: Database, actor_id: str, filters: GraphFilters, *, partner_types: list[str], kinds: Iterable[str] = KINDS,
    timeout: float | None = None, at_events: ActorAtEvents | None = None, first_items: int | None = None,
    partner_ids: list[str] | None = None, reach: Reach | None = None,
) -> tuple[PartnerTallies, Mapping[str, Mapping[str, str]]]:
    """What each partner shares of each kind, counted by Neo4j (cooperation_tally); the partners' names and types.

    The same n as scoring the facts the part queries list, without sending one
    row per partner and thing (a hub shares hundreds of thousands of events).
    With `at_events` (`actor_at_events`), the shared events are walked
    except the rostered events, which are counted from their rosters (rosters.py).
    `first_items`: each tally also names the partner's first `first_items` things by id among those walked
    (`Tally.first`): with `at_events`, its first events other than the rostered events (the rosters count those,
    and the evidence takes them from the rosters, not from a walk).
    `partner_ids`: only these partners are counted (the part queries' $partner_ids; None: every partner).
    `reach` (reach.py): unfiltered, with every actor type a partner, the kinds of `COUNTED_FROM_ARRAYS`
    are counted from these arrays, not walked (with the same n, things and first things); else ignored.
    """
    if at_events is not None and partner_ids is not None:
        raise ValueError("the rosters count every partner of the rostered events: a few partners are walked")
    if reach is not None and partner_ids is not None:
        raise ValueError("the reach arrays count every partner: a few partners are walked")
    if reach is not None and not (unfiltered(filters) and set(partner_types) == set(ACTOR_TYPES)):
        reach = None  # the arrays keep no sectors or dates, and count every actor type
    params = {
        "ids": [actor_id], "partner_types": partner_types, "partner_ids": partner_ids, "with_evidence": False,
        "grade_factors": GRADE_FACTORS, "skip_events": None, "items": None, "max_items": first_items,
        **filter_parameters(filters),
    }
    kinds = tuple(kinds)

    def rostered(kind: str) -> ActorAtEvents | None:
        return at_events if kind == "shared_event" else None

    def tally(kind: str) -> Callable[[], Awaitable[list[dict[str, Any]]]]:
        side = rostered(kind)
        kind_params = {**params, "skip_events": side.rosters.event_ids} if side else params
        # the part query's text, from the registry, fills cooperation_tally's /*part*/ placeholder
        return functools.partial(db.read, "cooperation_tally", kind_params, timeout=timeout,
                                 part=db.text(PART_QUERIES[kind], kind_params))

    def reached(kind: str) -> Reach | None:
        return reach if kind in COUNTED_FROM_ARRAYS else None

    def walked(kind: str) -> bool:
        side = rostered(kind)
        return reached(kind) is None and (side is None or not side.rosters.every_shared_event)

    columns = TallyColumns()
    # the parts are independent reads; added in the kinds' order, as they always were, whichever ends first
    started = sorted(filter(walked, kinds), key=PARTS_LONGEST_FIRST.index)
    rows_of = dict(zip(started, await at_most_at_once([tally(kind) for kind in started]), strict=True))
    for kind in kinds:
        tallies_of_kind = rows_of[kind][0]["tallies"] if kind in rows_of else []
        columns.walked_many(kind, ((partner, partner_name, partner_type, float(n), int(things), first)
                                   for actor, partner, partner_name, partner_type, n, things, first in tallies_of_kind
                                   if actor == actor_id))
        arrays = reached(kind)
        if arrays is not None:
            columns.reached(kind, reach_tallies(arrays, actor_id, kind, first_items))
        side = rostered(kind)
        if side:
            # `first` stays the walked events': the rostered events are listed from the rosters
            counts = rostered_event_counts(side)
            columns.counted(kind, side.rosters, counts.places, counts.events,
                            grade_factor(SHARED_EVENT_GRADE))
    tallies = columns.done()
    return tallies, tallies.partners
