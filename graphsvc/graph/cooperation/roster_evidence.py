"""The shown partners' shared events, with their evidence, from the events' rosters (rosters.py).

`shared_rostered_events` lists each shown partner's first shared events,
`rostered_event_chains` names the relationships of each, as
cooperation_shared_event builds its chains, known from the rosters without
a read; `rostered_event_facts` builds their facts, the evidence of those
cited (evidence.py chooses them) read by element id
(cooperation_event_evidence.cypher), as cooperation_evidence would list
them. tests/integration/test_cooperation_rosters.py checks that they list
the same facts as the walk for every actor of the seed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import numpy as np

from graphsvc.db import Database
from graphsvc.graph.cooperation.evidence import Link, Listed
from graphsvc.graph.cooperation.rosters import NO_ONE, NO_POST, SHARED_EVENT_GRADE, ActorAtEvents


def shared_rostered_events(
    at: ActorAtEvents, partner_ids: Collection[str], per_partner: int | None
) -> dict[str, list[tuple[str, int]]]:
    """Partner id -> its first `per_partner` rostered events shared with the actor by event id (None: all),
    each as (event id, the partner's entry on the event's roster)."""
    rosters = at.rosters
    wanted = [place for place in map(rosters.index, partner_ids) if place != NO_ONE]
    entries, events = at.shared_entries
    theirs = np.isin(rosters.reached[entries], wanted)
    event_ids = list(at.events)
    found: dict[str, list[tuple[str, int]]] = {}
    for entry, event in zip(entries[theirs].tolist(), events[theirs].tolist(), strict=True):
        event_id = event_ids[event]
        found.setdefault(rosters.ids[rosters.reached[entry]], []).append(
            (event_id, entry - int(rosters.entry_starts[rosters.row(event_id)])))
    return {partner: sorted(events)[:per_partner] for partner, events in found.items()}


def _fact_chains(at: ActorAtEvents, partner: str, event: str, entry: int) -> list[list[Link]]:
    """The chains cooperation_shared_event gives the fact (actor, partner, event): the actor's side where
    someone else acted for the partner, then each path that reaches the partner."""
    rosters, side = at.rosters, at.events[event]
    prefix, alone = rosters.prefix, side.alone
    theirs: list[list[Link]] = []
    ys: dict[str, None] = {}
    row = int(rosters.entry_starts[rosters.row(event)]) + entry  # the entry's row in the rosters' arrays
    rows = slice(int(rosters.path_starts[row]), int(rosters.path_starts[row + 1]))
    for participant, participation, post in zip(rosters.participant[rows].tolist(),
                                                rosters.participation[rows].tolist(), rosters.post[rows].tolist(),
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


def rostered_event_chains(
    at: ActorAtEvents, shared: Mapping[str, Sequence[tuple[str, int]]]
) -> dict[Listed, list[list[Link]]]:
    """(partner, event) -> the chains of each of these shared rostered events (`shared_rostered_events`), as element ids
    with their ends: what the evidence would read, known before reading any of it (evidence.py cuts them)."""
    return {(partner, event): _fact_chains(at, partner, event, entry)
            for partner, events in shared.items() for event, entry in events}


async def rostered_event_facts(
    db: Database, at: ActorAtEvents, chains_of: Mapping[Listed, Sequence[Sequence[Link]]], *,
    cited: Mapping[str, Collection[str]] | None = None, timeout: float | None = None,
) -> list[dict[str, Any]] | None:
    """The rows cooperation_evidence gives for these shared rostered events (`rostered_event_chains`), their
    relationships read by element id: with `cited` (partner -> element ids, evidence.cited_relationships),
    only those, the rest named in `links` but not read; None when an element id no longer names the
    relationship the rosters read (the graph was written since: walk instead)."""
    def read(partner: str) -> Callable[[str], bool]:
        """Whether a relationship of the partner's part is read (and cited)."""
        if cited is None:
            return lambda element_id: True
        return cited.get(partner, frozenset()).__contains__

    ends: dict[str, tuple[str, str]] = {}
    for (partner, _), chains in chains_of.items():
        reads = read(partner)
        for chain in chains:
            for element_id, start, end in chain:
                if reads(element_id):
                    ends[element_id] = (start, end)
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
        place, reads = rosters.index(partner), read(partner)
        # every relationship of the chains once, in the order first met (as cooperation_evidence lists them)
        rels = [relationships[element_id] for element_id in
                dict.fromkeys(element_id for chain in chains for element_id, _, _ in chain)
                if element_id in relationships and reads(element_id)]
        answer.append({
            "actor": at.actor_id, "partner": partner, "partner_name": rosters.names[place],
            "partner_type": rosters.types[place], "item": event, "via": event, "grade": SHARED_EVENT_GRADE,
            "rels": rels,
            "stated": [rel for rel in rels if rel["type"] != "HOLDS_POSITION"],
            "links": chains,
        })
    return answer
