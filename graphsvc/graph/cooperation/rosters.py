"""Events' rosters: an actor's shared events counted, and evidenced, through arrays instead of walks.

A few events of a large graph have thousands of participants, and a hub's
participants share hundreds of smaller ones (the figures are in
docs/cooperation-scoring.md, "Speed at scale"). Every actor that took part
in one shares it with every other participant, so its ranking walked each
participant list, and the post-holders of each, at every first answer.
`read_event_rosters` reads, once per graph version, each event of at least
`ROSTER_PARTICIPATIONS` participations (every event two actors can share)
with the actors it reaches and the relationships that reach each
(cooperation_event_rosters.cypher), and an index of each actor's events.
For one actor, `read_actor_at_events` reads who acted for it at its rostered
events; `rostered_event_counts` counts its shared events from the rosters,
with the same exceptions as the part query cooperation_shared_event
(`ActorAtEvents.shared_entries`: the actor itself; an event where one and
the same person alone acted for both; a person and the state or
organisation they hold a post in); roster_evidence.py lists the shown
partners' shared events with their evidence from the same arrays. With a
higher threshold (the tests read one), the part query walks the actor's
other events (its `$skip_events`). Unfiltered rankings only: the rosters keep no sectors or
dates. tests/integration/test_cooperation_rosters.py checks that both ways
count, list and evidence the same for every actor of the seed.
"""

from __future__ import annotations

import bisect
import functools
import sys
from array import array
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES, tie_order
from graphsvc.graph.cooperation.texts import Texts
from graphsvc.graph.filters import GraphFilters

# The fewest participations of an event two actors can share: with one, one and the same participant would
# act for both sides, which cooperation_shared_event does not count.
EVERY_SHARED_EVENT: Final[int] = 2

# Participations from which an event's roster is kept: every event two actors can share, so that an unfiltered
# ranking walks none (the tests also read them from a higher threshold, as it once was, and walk the others).
ROSTER_PARTICIPATIONS: Final[int] = EVERY_SHARED_EVENT

# The grade cooperation_shared_event gives every shared event (its factor is 1).
SHARED_EVENT_GRADE: Final[str] = "participant"

# `EventRoster.post` of a path without a post (the participant is the actor reached).
NO_POST: Final[int] = -1

# `EventRoster.sole` when several participants reach the actor; `EventRosters.index` of an actor no roster names.
NO_ONE: Final[int] = -1


class RosterFormatError(ValueError):
    """Relationship element ids not of the form the rosters store (a prefix shared by all, then a number)."""


@dataclass(frozen=True, eq=False)
class EventRoster:
    """One event's roster, as arrays over the rosters' table of actors (`EventRosters.ids`): the actors it
    reaches (`reached`), for each the one participant that reaches it (`sole`, NO_ONE when several do), and
    the paths that reach entry i (its participant, the participation, the post through which the participant
    acts for it) in rows starts[i]:starts[i+1]. Views of the rosters' arrays (`EventRosters.roster`).
    Relationships are the numbers ending their element ids (`EventRosters.prefix`)."""

    reached: npt.NDArray[np.int32]
    sole: npt.NDArray[np.int32]
    starts: npt.NDArray[np.int64]
    participant: npt.NDArray[np.int32]
    participation: npt.NDArray[np.signedinteger[Any]]  # int32 when the numbers fit (`_numbers`)
    post: npt.NDArray[np.signedinteger[Any]]  # NO_POST: the participant is the actor reached


@dataclass(frozen=True, eq=False)
class EventRosters:
    """Every rostered event's roster (partner types: ACTOR_TYPES) in one set of arrays, and the actors they
    name, sorted by id, with their names and types.

    Event `row_events[e]`'s entries are rows entry_starts[e]:entry_starts[e+1]
    of `reached` and `sole`; entry j's paths are rows path_starts[j]:path_starts[j+1]
    of `participant`, `participation` and `post`. One set of arrays, not
    arrays per event, entry or path: a large graph has tens of thousands of
    events with hundreds of thousands of entries and paths, and an object
    per event costs more than its numbers.
    """

    row_events: tuple[str, ...]
    entry_starts: npt.NDArray[np.int64]
    reached: npt.NDArray[np.int32]
    sole: npt.NDArray[np.int32]
    path_starts: npt.NDArray[np.int64]
    participant: npt.NDArray[np.int32]
    participation: npt.NDArray[np.signedinteger[Any]]
    post: npt.NDArray[np.signedinteger[Any]]
    ids: tuple[str, ...]
    names: Texts  # `get`: None for a node without a name (the ids stay str objects: `index` bisects them)
    types: tuple[str | None, ...]  # None: named only as a participant
    # what every relationship element id of the graph read starts with (element ids are kept as their numbers)
    prefix: str
    # the fewest participations of an event with a roster: at most EVERY_SHARED_EVENT, every event two actors
    # can share has one, and the shared events need no walk
    min_participants: int = ROSTER_PARTICIPATIONS

    @functools.cached_property
    def _rows(self) -> dict[str, int]:
        return {event: row for row, event in enumerate(self.row_events)}

    def row(self, event: str) -> int:
        """The event's row (KeyError if it has no roster)."""
        return self._rows[event]

    def roster(self, event: str) -> EventRoster:
        """The event's roster, as views of the arrays."""
        row = self._rows[event]
        first, last = int(self.entry_starts[row]), int(self.entry_starts[row + 1])
        starts = self.path_starts[first:last + 1]
        paths = slice(int(starts[0]), int(starts[-1]))
        return EventRoster(self.reached[first:last], self.sole[first:last], starts - starts[0],
                           self.participant[paths], self.participation[paths], self.post[paths])

    def __len__(self) -> int:
        """How many events have a roster."""
        return len(self.row_events)

    @functools.cached_property
    def event_ids(self) -> list[str]:
        return sorted(self.row_events)

    @property
    def every_shared_event(self) -> bool:
        """Whether every event two actors can share has a roster (then no shared event is walked)."""
        return self.min_participants <= EVERY_SHARED_EVENT

    @functools.cached_property
    def _events_of_actor(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """Each actor's events (their rows), as rows starts[i]:starts[i+1] of one array."""
        rows = np.repeat(np.arange(len(self.row_events), dtype=np.int32), np.diff(self.entry_starts))
        order = np.argsort(self.reached, kind="stable")
        starts = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.reached, minlength=len(self.ids)), out=starts[1:])
        return starts, rows[order]

    def events_of(self, actor_id: str) -> list[str]:
        """The events whose roster reaches the actor (its own or its post-holders' participations)."""
        place = self.index(actor_id)
        if place == NO_ONE:
            return []
        starts, rows = self._events_of_actor
        return [self.row_events[row] for row in rows[starts[place]:starts[place + 1]].tolist()]

    def index(self, actor_id: str) -> int:
        """The actor's place in `ids`, NO_ONE if no roster names it."""
        at = bisect.bisect_left(self.ids, actor_id)
        return at if at < len(self.ids) and self.ids[at] == actor_id else NO_ONE

    @functools.cached_property
    def _id_hashes(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The ids' str hashes, ascending, and the place of each: `places` looks thousands of ids up at once
        in numpy, where bisecting each costs a microsecond or more, and a dict of the ids would cost four
        times the memory. A str's hash is its process's own, and kept with it once computed."""
        hashes = np.fromiter(map(hash, self.ids), dtype=np.int64, count=len(self.ids))
        order = np.argsort(hashes, kind="stable")
        return hashes[order], order

    def places(self, actor_ids: Collection[str]) -> npt.NDArray[np.int64]:
        """Each actor's `index`, found for all of them at once: a hub's partners are thousands."""
        hashes, order = self._id_hashes
        if not hashes.size:
            return np.full(len(actor_ids), NO_ONE, dtype=np.int64)
        wanted = np.fromiter(map(hash, actor_ids), dtype=np.int64, count=len(actor_ids))
        at = np.minimum(np.searchsorted(hashes, wanted), hashes.size - 1)
        found = np.where(hashes[at] == wanted, order[at], NO_ONE)
        ids = self.ids
        # a hash found is checked against the id it was taken from; another with the same hash is bisected
        return np.array([place if place == NO_ONE or ids[place] == actor_id else self.index(actor_id)
                         for place, actor_id in zip(found.tolist(), actor_ids, strict=True)], dtype=np.int64)

    def element_id(self, number: int) -> str:
        return f"{self.prefix}{number}"

    @functools.cached_property
    def tie_order(self) -> npt.NDArray[np.int64]:
        """Each actor's place among the actors sorted as a ranking orders partners of the same score
        (definition.tie_order), so that the tens of thousands a rostered event ties are ordered in numpy."""
        # every actor a roster reaches has a name; one named only as a participant is never a partner
        names = self.names.many(np.arange(len(self.ids), dtype=np.int64))
        by_tie = sorted(range(len(self.ids)), key=lambda place: tie_order(names[place], self.ids[place]))
        order = np.empty(len(self.ids), dtype=np.int64)
        order[by_tie] = np.arange(len(by_tie), dtype=np.int64)
        return order


def unfiltered(filters: GraphFilters) -> bool:
    """Whether a ranking can count through the rosters: no sector or time filter."""
    return filters.sectors is None and filters.window_from is None and filters.window_to is None


class _ElementIds:
    """Relationship element ids split into one prefix, shared by all, and a number."""

    def __init__(self) -> None:
        self.prefix: str | None = None

    def number(self, element_id: str | None) -> int:
        if element_id is None:
            return NO_POST
        prefix, colon, number = element_id.rpartition(":")
        prefix += colon
        if self.prefix is None:
            self.prefix = prefix
        if prefix != self.prefix or not number.isdigit():
            raise RosterFormatError(f"relationship element id {element_id!r} is not {self.prefix}<number>")
        return int(number)


async def read_event_rosters(
    db: Database, min_participants: int = ROSTER_PARTICIPATIONS, *, timeout: float | None = None
) -> EventRosters:
    """The rosters of the events with at least `min_participants` participations."""
    element_ids = _ElementIds()
    # actors in the order first met while reading; sorted by id (and the arrays renumbered) at the end
    index: dict[str, int] = {}
    names: list[str | None] = []
    types: list[str | None] = []

    def actor(id_: str, name: str | None = None, type_: str | None = None) -> int:
        at = index.setdefault(id_, len(index))
        if at == len(names):
            names.append(None)
            types.append(None)
        if type_ is not None and types[at] is None:
            names[at], types[at] = name, sys.intern(type_)  # one string object per type
        return at

    # accumulated as machine integers, not lists of Python ints (tens of bytes each, hundreds of thousands)
    row_events: list[str] = []
    entries, reached, sole = array("q"), array("q"), array("q")
    paths, participant, participation, post = array("q"), array("q"), array("q"), array("q")

    def roster(row: dict[str, Any]) -> None:
        row_events.append(row["event"])
        entries.append(len(row["reached"]))
        for id_, name, type_, sole_id, reaching in row["reached"]:
            reached.append(actor(id_, name, type_))
            sole.append(actor(sole_id) if sole_id is not None else NO_ONE)
            paths.append(len(reaching))
            for participant_id, participation_id, post_id in reaching:
                participant.append(actor(participant_id))
                participation.append(element_ids.number(participation_id))
                post.append(element_ids.number(post_id))

    await db.read_each("cooperation_event_rosters",
                       {"min_participants": min_participants, "partner_types": list(ACTOR_TYPES)}, roster,
                       timeout=timeout)
    ids = list(index)
    by_id = sorted(range(len(ids)), key=ids.__getitem__)
    renumbered = np.full(len(ids) + 1, NO_ONE, dtype=np.int32)  # the last place keeps NO_ONE as it is
    renumbered[by_id] = np.arange(len(ids), dtype=np.int32)
    rosters = EventRosters(
        row_events=tuple(row_events),
        entry_starts=_starts(entries),
        reached=renumbered[np.frombuffer(reached, dtype=np.int64)],
        sole=renumbered[np.frombuffer(sole, dtype=np.int64)],
        path_starts=_starts(paths),
        participant=renumbered[np.frombuffer(participant, dtype=np.int64)],
        participation=_numbers(participation),
        post=_numbers(post),
        ids=tuple(ids[i] for i in by_id),
        names=Texts(names[i] for i in by_id),
        types=tuple(types[i] for i in by_id),
        prefix=element_ids.prefix or "",
        min_participants=min_participants,
    )
    # made with the read (in the background), not by the first ranking that needs them
    _ = rosters.tie_order, rosters._rows, rosters._events_of_actor, rosters._id_hashes
    return rosters


def _starts(counts: array[int]) -> npt.NDArray[np.int64]:
    """Where each run of rows starts, given how many rows each has (and where the last ends)."""
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.frombuffer(counts, dtype=np.int64), out=starts[1:])
    return starts


def _numbers(values: array[int]) -> npt.NDArray[np.signedinteger[Any]]:
    """Element id numbers as an array of 4-byte integers when they fit (they do up to 2 billion relationships)."""
    numbers = np.frombuffer(values, dtype=np.int64)
    if numbers.size == 0 or numbers.max() <= np.iinfo(np.int32).max:
        return numbers.astype(np.int32)
    return numbers


@dataclass(frozen=True, slots=True)
class ActorSide:
    """Who acted for an actor at one event: each one's id, and their chains [who, post element id or None,
    participation element id]."""

    actors_there: tuple[str, ...]
    chains: tuple[tuple[str, str | None, str], ...]

    @property
    def alone(self) -> str | None:
        """The one who acted alone for the actor, who cannot also be the partner's one representative there."""
        return self.actors_there[0] if len(self.actors_there) == 1 else None


@dataclass(frozen=True)
class ActorAtEvents:
    """An actor at the rostered events it took part in (cooperation_event_side), with the rosters read."""

    actor_id: str
    rosters: EventRosters
    is_person: bool
    posts: frozenset[str]
    events: Mapping[str, ActorSide]

    @functools.cached_property
    def shared_entries(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The roster entries that share an event with the actor, as cooperation_shared_event counts: not the
        actor itself; not where the one who acted alone for the actor is the entry's one participant; not a
        person and the state or organisation they hold a post in. As (their rows in the rosters' arrays, the
        place of their event in `events`), over all of the actor's events at once: a state has thousands."""
        rosters = self.rosters
        rows = np.array([rosters.row(event) for event in self.events], dtype=np.int64)
        firsts, counts = rosters.entry_starts[rows], rosters.entry_starts[rows + 1] - rosters.entry_starts[rows]
        # each event's entries: firsts[k], firsts[k] + 1, ... for counts[k] entries
        events = np.repeat(np.arange(rows.size, dtype=np.int64), counts)
        entries = firsts[events] + np.arange(events.size, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        reached = rosters.reached[entries]
        keep = reached != self._place
        alone = np.array([rosters.index(side.alone) if side.alone is not None else NO_ONE
                          for side in self.events.values()], dtype=np.int32)[events]
        keep &= (alone == NO_ONE) | (rosters.sole[entries] != alone)
        if self._not_partners.size:
            keep &= ~np.isin(reached, self._not_partners)
        return entries[keep], events[keep]

    @functools.cached_property
    def _place(self) -> int:
        return self.rosters.index(self.actor_id)

    @functools.cached_property
    def _not_partners(self) -> npt.NDArray[np.int32]:
        """The places of the actors that are never its partners: a person and those it holds a post in, or
        a state or organisation and the persons holding a post in it (found once, not at every event: a
        state has thousands)."""
        rosters = self.rosters
        return np.array([place for place in map(rosters.index, self.posts)
                         if place != NO_ONE and (self.is_person or rosters.types[place] == "Person")],
                        dtype=np.int32)


async def read_actor_at_events(
    db: Database, actor_id: str, rosters: EventRosters, *, timeout: float | None = None
) -> ActorAtEvents:
    """The actor's side at the rostered events (none if it took part in none)."""
    # an actor that took part in a rostered event, itself or through a post-holder, is on that event's roster
    if rosters.index(actor_id) == NO_ONE:
        return ActorAtEvents(actor_id, rosters, False, frozenset(), {})
    rows = await db.read("cooperation_event_side", {"id": actor_id, "events": rosters.events_of(actor_id)},
                         timeout=timeout)
    if not rows:
        return ActorAtEvents(actor_id, rosters, False, frozenset(), {})
    return ActorAtEvents(
        actor_id, rosters, bool(rows[0]["is_person"]), frozenset(rows[0]["posts"]),
        {event: ActorSide(tuple(actors_there), tuple((x, post, participation) for x, post, participation in chains))
         for event, actors_there, chains in rows[0]["events"]},
    )


@dataclass(frozen=True, eq=False)
class SharedEventCounts:
    """Partners of an actor at the rostered events, as arrays (the ranking pass adds them to the walked tallies,
    tallies.PartnerTallies, without an object per partner): their places in the rosters' `ids`, ascending,
    and how many rostered events the actor shares with each. Its length is the number of partners."""

    places: npt.NDArray[np.int32]
    events: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.places.size)


def rostered_event_counts(at: ActorAtEvents) -> SharedEventCounts:
    """The partners the actor shares rostered events with and how many, counted as cooperation_shared_event
    counts them."""
    entries, _ = at.shared_entries
    places, events = np.unique(at.rosters.reached[entries], return_counts=True)
    return SharedEventCounts(places.astype(np.int32), events.astype(np.int64))
