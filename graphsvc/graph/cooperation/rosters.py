"""Hub events' rosters: an actor's shared events counted through per-event lists instead of walking them.

A few events of a large graph have thousands of participants (the figures
are in docs/cooperation-scoring.md, "Speed at scale"). Every actor that took part in one
shares it with every other participant, so its ranking walked the whole
participant list, and the post-holders of each, at every first answer.
`read_event_rosters` reads, once per graph version, each hub event with the
actors it reaches (cooperation_event_rosters.cypher); `hub_event_counts`
counts an actor's shared hub events from them, with the same exceptions as
the part query cooperation_shared_event (the actor itself; an event where one
and the same person alone acted for both; a person and the state or
organisation they hold a post in). The part query walks the actor's other
events (its `$skip_events`). Unfiltered rankings only: the rosters keep no
sectors or dates. tests/integration/test_cooperation_rosters.py checks that
both ways count the same for every actor of the seed.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.filters import GraphFilters

# Participations from which an event's roster is kept. Below it, walking the
# event from each actor costs less than keeping its list.
HUB_EVENT_PARTICIPANTS: Final[int] = 500

# The grade cooperation_shared_event gives every shared event (its factor is 1).
SHARED_EVENT_GRADE: Final[str] = "participant"


@dataclass(frozen=True, slots=True)
class Reached:
    """An actor a hub event reaches, and the one participant that reaches it (None when several do)."""

    id: str
    name: str
    type: str
    sole_participant: str | None


@dataclass(frozen=True)
class EventRosters:
    """Hub event id -> the actors it reaches (partner types: ACTOR_TYPES)."""

    reached: Mapping[str, tuple[Reached, ...]]

    @property
    def event_ids(self) -> list[str]:
        return sorted(self.reached)


def unfiltered(filters: GraphFilters) -> bool:
    """Whether a ranking can count through the rosters: no sector or time filter."""
    return filters.sectors is None and filters.window_from is None and filters.window_to is None


async def read_event_rosters(
    db: Database, min_participants: int = HUB_EVENT_PARTICIPANTS, *, timeout: float | None = None
) -> EventRosters:
    """The rosters of the events with at least `min_participants` participations."""
    rows = await db.read("cooperation_event_rosters",
                         {"min_participants": min_participants, "partner_types": list(ACTOR_TYPES)}, timeout=timeout)
    return EventRosters({
        row["event"]: tuple(
            # one string object per id, name and type: the same actors are reached by many hub events
            Reached(sys.intern(id_), _one_string(name), sys.intern(type_), _one_string(sole))
            for id_, name, type_, sole in row["reached"]
        )
        for row in rows
    })


def _one_string(text: str | None) -> str | None:
    return sys.intern(text) if text is not None else None


async def hub_event_counts(
    db: Database, actor_id: str, rosters: EventRosters, *, timeout: float | None = None
) -> tuple[dict[str, int], dict[str, Reached]]:
    """Partner id -> how many hub events the actor shares with it, counted as cooperation_shared_event counts
    them; and each partner as the rosters name it."""
    counts: dict[str, int] = {}
    partners: dict[str, Reached] = {}
    if not rosters.reached:
        return counts, partners
    rows = await db.read("cooperation_event_side", {"id": actor_id, "events": rosters.event_ids}, timeout=timeout)
    if not rows:
        return counts, partners
    posts = set(rows[0]["posts"])
    is_person = rows[0]["is_person"]
    for event, actors_there in rows[0]["events"]:
        # the one who acted alone for the actor cannot also be the partner's one representative there
        alone = actors_there[0] if len(actors_there) == 1 else None
        for reached in rosters.reached[event]:
            if reached.id == actor_id or (alone is not None and reached.sole_participant == alone):
                continue
            if reached.id in posts and (is_person or reached.type == "Person"):
                continue
            counts[reached.id] = counts.get(reached.id, 0) + 1
            partners.setdefault(reached.id, reached)
    return counts, partners
