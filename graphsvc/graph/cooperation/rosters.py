"""Hub events' rosters: an actor's shared events counted, and evidenced, through per-event arrays instead of walks.

A few events of a large graph have thousands of participants (the figures
are in docs/cooperation-scoring.md, "Speed at scale"). Every actor that took part in one
shares it with every other participant, so its ranking walked the whole
participant list, and the post-holders of each, at every first answer.
`read_event_rosters` reads, once per graph version, each hub event with the
actors it reaches and the relationships that reach each
(cooperation_event_rosters.cypher). For one actor, `read_actor_at_hub_events`
reads who acted for it at the hub events it took part in; `hub_event_counts`
counts its shared hub events from the rosters, with the same exceptions as
the part query cooperation_shared_event (`ActorAtHubEvents.shared`: the actor itself; an
event where one and the same person alone acted for both; a person and the
state or organisation they hold a post in); `hub_event_chains` names the
relationships of the shown partners' hub events and `hub_event_facts` builds
their facts, the evidence of those cited read by element id
(cooperation_event_evidence.cypher), as cooperation_shared_event and
cooperation_evidence would list them. The part query walks the actor's other
events (its `$skip_events`). Unfiltered rankings only: the rosters keep no
sectors or dates. tests/integration/test_cooperation_rosters.py checks that
both ways count, list and evidence the same for every actor of the seed.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES, tie_order
from graphsvc.graph.cooperation.evidence import Link, Listed
from graphsvc.graph.filters import GraphFilters

# Participations from which an event's roster is kept: every event two actors can share (an event with one
# participation shares nothing: one and the same participant would act for both sides).
HUB_EVENT_PARTICIPANTS: Final[int] = 2
EVERY_SHARED_EVENT: Final[int] = 2

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
    """One hub event's roster, as arrays over the rosters' table of actors (`EventRosters.ids`): the actors it
    reaches (`reached`), for each the one participant that reaches it (`sole`, NO_ONE when several do), and
    the paths that reach entry i (its participant, the participation, the post through which the participant
    acts for it) in rows starts[i]:starts[i+1]. Arrays, not objects per entry or path: a large graph's hub
    events hold hundreds of thousands of both. Relationships are the numbers ending their element ids
    (`EventRosters.prefix`)."""

    reached: npt.NDArray[np.int32]
    sole: npt.NDArray[np.int32]
    starts: npt.NDArray[np.int32]
    participant: npt.NDArray[np.int32]
    participation: npt.NDArray[np.signedinteger[Any]]  # int32 when the numbers fit (`_numbers`)
    post: npt.NDArray[np.signedinteger[Any]]  # NO_POST: the participant is the actor reached


@dataclass(frozen=True, eq=False)
class EventRosters:
    """Hub event id -> its roster (partner types: ACTOR_TYPES); the actors they name, sorted by id, with their
    names and types."""

    events: Mapping[str, EventRoster]
    ids: tuple[str, ...]
    names: tuple[str | None, ...]
    types: tuple[str | None, ...]  # None: named only as a participant
    # what every relationship element id of the graph read starts with (element ids are kept as their numbers)
    prefix: str
    # the fewest participations of an event with a roster: at most EVERY_SHARED_EVENT, every event two actors
    # can share has one, and the shared events need no walk
    min_participants: int = HUB_EVENT_PARTICIPANTS

    @functools.cached_property
    def event_ids(self) -> list[str]:
        return sorted(self.events)

    @property
    def every_shared_event(self) -> bool:
        """Whether every event two actors can share has a roster (then no shared event is walked)."""
        return self.min_participants <= EVERY_SHARED_EVENT

    @functools.cached_property
    def _events_of_actor(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """Each actor's events (their places in `event_ids`), as rows starts[i]:starts[i+1] of one array."""
        event_ids = self.event_ids
        reached = [self.events[event].reached for event in event_ids]
        if not reached:
            return np.zeros(len(self.ids) + 1, dtype=np.int64), np.empty(0, dtype=np.int32)
        actors = np.concatenate(reached)
        events = np.repeat(np.arange(len(event_ids), dtype=np.int32), [places.size for places in reached])
        order = np.argsort(actors, kind="stable")
        starts = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(actors, minlength=len(self.ids)), out=starts[1:])
        return starts, events[order]

    def events_of(self, actor_id: str) -> list[str]:
        """The events whose roster reaches the actor (its own or its post-holders' participations), by id."""
        place = self.index(actor_id)
        if place == NO_ONE:
            return []
        starts, events = self._events_of_actor
        event_ids = self.event_ids
        return [event_ids[event] for event in events[starts[place]:starts[place + 1]].tolist()]

    def index(self, actor_id: str) -> int:
        """The actor's place in `ids`, NO_ONE if no roster names it."""
        at = bisect.bisect_left(self.ids, actor_id)
        return at if at < len(self.ids) and self.ids[at] == actor_id else NO_ONE

    def element_id(self, number: int) -> str:
        return f"{self.prefix}{number}"

    @functools.cached_property
    def tie_order(self) -> npt.NDArray[np.int64]:
        """Each actor's place among the actors sorted as a ranking orders partners of the same score
        (definition.tie_order), so that the tens of thousands a hub event ties are ordered in numpy."""
        # every actor a roster reaches has a name; one named only as a participant is never a partner
        by_tie = sorted(range(len(self.ids)), key=lambda place: tie_order(self.names[place] or "", self.ids[place]))
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
    db: Database, min_participants: int = HUB_EVENT_PARTICIPANTS, *, timeout: float | None = None
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

    def roster(row: dict[str, Any]) -> tuple[str, EventRoster]:
        reached: list[int] = []
        sole: list[int] = []
        starts = [0]
        participant: list[int] = []
        participation: list[int] = []
        post: list[int] = []
        for id_, name, type_, sole_id, paths in row["reached"]:
            reached.append(actor(id_, name, type_))
            sole.append(actor(sole_id) if sole_id is not None else NO_ONE)
            for participant_id, participation_id, post_id in paths:
                participant.append(actor(participant_id))
                participation.append(element_ids.number(participation_id))
                post.append(element_ids.number(post_id))
            starts.append(len(participant))
        return row["event"], EventRoster(
            _indices(reached), _indices(sole), _indices(starts), _indices(participant), _numbers(participation),
            _numbers(post))

    rows = await db.read_each("cooperation_event_rosters",
                              {"min_participants": min_participants, "partner_types": list(ACTOR_TYPES)}, roster,
                              timeout=timeout)
    ids = list(index)
    by_id = sorted(range(len(ids)), key=ids.__getitem__)
    renumbered = np.full(len(ids) + 1, NO_ONE, dtype=np.int32)  # the last place keeps NO_ONE as it is
    renumbered[by_id] = np.arange(len(ids), dtype=np.int32)
    rosters = EventRosters(
        events={event: dataclasses.replace(roster, reached=renumbered[roster.reached], sole=renumbered[roster.sole],
                                           participant=renumbered[roster.participant])
                for event, roster in rows},
        ids=tuple(ids[i] for i in by_id),
        names=tuple(names[i] for i in by_id),
        types=tuple(types[i] for i in by_id),
        prefix=element_ids.prefix or "",
        min_participants=min_participants,
    )
    _ = rosters.tie_order  # sorted with the read (in the background), not by the first ranking that needs it
    return rosters


def _indices(values: list[int]) -> npt.NDArray[np.int32]:
    return np.array(values, dtype=np.int32)


def _numbers(values: list[int]) -> npt.NDArray[np.signedinteger[Any]]:
    """Element id numbers as an array of 4-byte integers when they fit (they do up to 2 billion relationships)."""
    numbers = np.array(values, dtype=np.int64)
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
class ActorAtHubEvents:
    """An actor at the hub events it took part in (cooperation_event_side), with the rosters read."""

    actor_id: str
    rosters: EventRosters
    is_person: bool
    posts: frozenset[str]
    events: Mapping[str, ActorSide]

    def shared(self, event: str) -> npt.NDArray[np.bool_]:
        """Which entries of the event's roster share it with the actor, as cooperation_shared_event counts: not
        the actor itself; not where the one who acted alone for the actor is the entry's one participant; not a
        person and the state or organisation they hold a post in."""
        rosters, roster, side = self.rosters, self.rosters.events[event], self.events[event]
        shared = roster.reached != self._place
        alone = rosters.index(side.alone) if side.alone is not None else NO_ONE
        if alone != NO_ONE:
            shared &= roster.sole != alone
        if self._not_partners.size:
            shared &= ~np.isin(roster.reached, self._not_partners)
        return shared

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


async def read_actor_at_hub_events(
    db: Database, actor_id: str, rosters: EventRosters, *, timeout: float | None = None
) -> ActorAtHubEvents:
    """The actor's side at the hub events (none if it took part in none)."""
    # an actor that took part in a hub event, itself or through a post-holder, is on that event's roster
    if rosters.index(actor_id) == NO_ONE:
        return ActorAtHubEvents(actor_id, rosters, False, frozenset(), {})
    rows = await db.read("cooperation_event_side", {"id": actor_id, "events": rosters.events_of(actor_id)},
                         timeout=timeout)
    if not rows:
        return ActorAtHubEvents(actor_id, rosters, False, frozenset(), {})
    return ActorAtHubEvents(
        actor_id, rosters, bool(rows[0]["is_person"]), frozenset(rows[0]["posts"]),
        {event: ActorSide(tuple(actors_there), tuple((x, post, participation) for x, post, participation in chains))
         for event, actors_there, chains in rows[0]["events"]},
    )


@dataclass(frozen=True, eq=False)
class HubEventCounts:
    """Partners of an actor at the hub events, as arrays (the ranking pass adds them to the walked tallies,
    tallies.PartnerTallies, without an object per partner): their places in the rosters' `ids`, ascending,
    and how many hub events the actor shares with each. Its length is the number of partners."""

    places: npt.NDArray[np.int32]
    events: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.places.size)


def hub_event_counts(at: ActorAtHubEvents) -> HubEventCounts:
    """The partners the actor shares hub events with and how many, counted as cooperation_shared_event counts
    them."""
    shared = [at.rosters.events[event].reached[at.shared(event)] for event in at.events]
    if not shared:
        return HubEventCounts(np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int64))
    places, events = np.unique(np.concatenate(shared), return_counts=True)
    return HubEventCounts(places, events.astype(np.int64))


def shared_hub_events(
    at: ActorAtHubEvents, partner_ids: Collection[str], per_partner: int | None
) -> dict[str, list[tuple[str, int]]]:
    """Partner id -> its first `per_partner` hub events shared with the actor by event id (None: all), each as
    (event id, the partner's entry on the event's roster)."""
    rosters = at.rosters
    wanted = [place for place in map(rosters.index, partner_ids) if place != NO_ONE]
    found: dict[str, list[tuple[str, int]]] = {}
    for event in at.events:
        roster = rosters.events[event]
        for entry in np.flatnonzero(at.shared(event) & np.isin(roster.reached, wanted)).tolist():
            found.setdefault(rosters.ids[roster.reached[entry]], []).append((event, entry))
    return {partner: sorted(events)[:per_partner] for partner, events in found.items()}


def _fact_chains(at: ActorAtHubEvents, partner: str, event: str, entry: int) -> list[list[Link]]:
    """The chains cooperation_shared_event gives the fact (actor, partner, event): the actor's side where
    someone else acted for the partner, then each path that reaches the partner."""
    rosters, side = at.rosters, at.events[event]
    roster, prefix, alone = rosters.events[event], rosters.prefix, side.alone
    theirs: list[list[Link]] = []
    ys: dict[str, None] = {}
    rows = slice(int(roster.starts[entry]), int(roster.starts[entry + 1]))
    for participant, participation, post in zip(roster.participant[rows].tolist(),
                                                roster.participation[rows].tolist(), roster.post[rows].tolist(),
                                                strict=True):
        y = rosters.ids[participant]
        if y == alone:
            continue
        ys[y] = None
        chain = [(f"{prefix}{participation}", y, event)]
        if post != NO_POST:
            chain.append((f"{prefix}{post}", y, partner))
        theirs.append(chain)
    only_y = next(iter(ys)) if len(ys) == 1 else None
    mine = [
        ([(post, x, at.actor_id)] if post is not None else []) + [(participation, x, event)]
        for x, post, participation in side.chains if x != only_y
    ]
    return mine + theirs


def hub_event_chains(
    at: ActorAtHubEvents, shared: Mapping[str, Sequence[tuple[str, int]]]
) -> dict[Listed, list[list[Link]]]:
    """(partner, event) -> the chains of each of these shared hub events (`shared_hub_events`), as element ids
    with their ends: what the evidence would read, known before reading any of it (evidence.py cuts them)."""
    return {(partner, event): _fact_chains(at, partner, event, entry)
            for partner, events in shared.items() for event, entry in events}


async def hub_event_facts(
    db: Database, at: ActorAtHubEvents, chains_of: Mapping[Listed, Sequence[Sequence[Link]]], *,
    cited: Mapping[str, Collection[str]] | None = None, timeout: float | None = None,
) -> list[dict[str, Any]] | None:
    """The rows cooperation_evidence gives for these shared hub events (`hub_event_chains`), their
    relationships read by element id: with `cited` (partner -> element ids, evidence.cited_relationships),
    only those, the rest named in `links` but not read; None when an element id no longer names the
    relationship the rosters read (the graph was written since: walk instead)."""
    def read(partner: str, element_id: str) -> bool:
        return cited is None or element_id in cited.get(partner, ())

    ends = {element_id: (start, end) for (partner, _), chains in chains_of.items() for chain in chains
            for element_id, start, end in chain if read(partner, element_id)}
    relationships: dict[str, dict[str, Any]] = {}
    if ends:
        rows = await db.read("cooperation_event_evidence", {"relationships": list(ends)}, timeout=timeout)
        for element_id, id_, type_, start, end, sources, excerpts, locators, t_from in rows[0]["relationships"]:
            if (start, end) != ends[element_id]:
                return None
            relationships[element_id] = {"id": id_, "element_id": element_id, "type": type_, "sources": sources,
                                         "excerpts": excerpts, "locators": locators, "t_from": t_from}
        if len(relationships) != len(ends):
            return None
    rosters = at.rosters
    answer = []
    for (partner, event), chains in sorted(chains_of.items()):
        place = rosters.index(partner)
        # every relationship of the chains once, in the order first met (as cooperation_evidence lists them)
        rels = [relationships[element_id] for element_id in
                dict.fromkeys(element_id for chain in chains for element_id, _, _ in chain)
                if element_id in relationships and read(partner, element_id)]
        answer.append({
            "actor": at.actor_id, "partner": partner, "partner_name": rosters.names[place],
            "partner_type": rosters.types[place], "item": event, "via": event, "grade": SHARED_EVENT_GRADE,
            "rels": rels,
            "stated": [rel for rel in rels if rel["type"] != "HOLDS_POSITION"],
            "links": chains,
        })
    return answer
