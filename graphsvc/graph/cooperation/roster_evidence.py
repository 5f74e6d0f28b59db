"""The shown partners' shared events, with their evidence, from the events' rosters (rosters.py).

`shared_rostered_events` lists each shown partner's first shared events,
`rostered_event_listing` names the relationships of each, as
cooperation_shared_event builds its chains, in the order they are met and
in the order they are cited (evidence.py's rule), known from the rosters
without a read; `rostered_event_facts` builds their facts, the evidence of
those cited (evidence.py chooses them) read by element id
(cooperation_event_evidence.cypher), as cooperation_evidence would list
them. tests/integration/test_cooperation_rosters.py checks that they list
the same facts, relationships and citing orders as the walk for every actor
of the seed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphsvc.db import Database
from graphsvc.graph.cooperation.evidence import Link, Listed, chain_key
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


@dataclass(frozen=True)
class RosteredEventListing:
    """The relationships of the shown partners' shared rostered events, known from the rosters before any is
    read: for each (partner, event), `relationships` names every relationship of its chains once, in the order
    cooperation_evidence meets them, and `citing_order` the same in the order its evidence is cited
    (evidence.relationship_order of its chains); `ends` gives relationships' (start id, end id)."""

    relationships: dict[Listed, tuple[str, ...]]
    citing_order: dict[Listed, list[str]]
    ends: Callable[[Collection[str]], dict[str, tuple[str, str]]]


def rostered_event_listing(
    at: ActorAtEvents, shared: Mapping[str, Sequence[tuple[str, int]]]
) -> RosteredEventListing | None:
    """The listing of these shared rostered events (`shared_rostered_events`), their chains as
    cooperation_shared_event builds them: the actor's side (`ActorSide.chains`) where someone else acted for
    the partner, then each roster path that reaches the partner, not through the one who acted alone for the
    actor. None when a partner's path passes through the actor (the walk then lists them).

    A state's shown partners share hundreds of events, each with dozens of paths: the paths are chosen and
    ordered in numpy, over all of them at once. The partner's chains are [(participation, y, event),
    (post, y, partner) when y acts through a post]: none reaches the actor, every one of the actor's side
    does, so the actor's side comes first; among the partner's, evidence.chain_key orders by y's id (the
    rosters' places are sorted by id), then participation number, then no post before a post, then post
    number, which is what sorting the paths by those numbers does.
    """
    rosters = at.rosters
    things = [(partner, event, entry) for partner in sorted(shared) for event, entry in sorted(shared[partner])]
    rows = np.array([int(rosters.entry_starts[rosters.row(event)]) + entry for _, event, entry in things],
                    dtype=np.int64)
    firsts = rosters.path_starts[rows]
    counts = rosters.path_starts[rows + 1] - firsts
    # each thing's paths: rows firsts[k], firsts[k] + 1, ... for counts[k] paths
    thing = np.repeat(np.arange(len(things), dtype=np.int64), counts)
    paths = firsts[thing] + np.arange(thing.size, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    alone_of_event = {event: rosters.index(side.alone) if side.alone is not None else NO_ONE
                      for event, side in at.events.items()}
    alone = np.array([alone_of_event[event] for _, event, _ in things], dtype=np.int32)
    kept = rosters.participant[paths] != alone[thing]
    paths, thing = paths[kept], thing[kept]
    participant = rosters.participant[paths]
    if np.any(participant == rosters.index(at.actor_id)):
        return None
    participation, post = rosters.participation[paths], rosters.post[paths]
    citing = np.lexsort((post, participation, participant, thing))  # thing by thing, as chain_key orders
    bounds = np.searchsorted(thing, np.arange(len(things) + 1, dtype=np.int64))
    # the one who acted for the partner, when only one did: not also on the actor's side of the same fact
    only = np.full(len(things), NO_ONE, dtype=np.int64)
    occupied = bounds[:-1] < bounds[1:]
    if participant.size:
        lowest = np.minimum.reduceat(participant, bounds[:-1][occupied])
        highest = np.maximum.reduceat(participant, bounds[:-1][occupied])
        only[occupied] = np.where(lowest == highest, lowest, NO_ONE)

    prefix, ids = rosters.prefix, rosters.ids

    # every path's relationships as its chain has them, the participation then the post if any, as element ids
    # in the paths' order: built as strings once, not a tuple per path (a hub participant's shown partners
    # have tens of thousands), and taken in the citing order by position
    with_post = post != NO_POST
    links = 1 + with_post.astype(np.int64)
    participation_at = np.cumsum(links) - links  # where each path's participation is in `met_ids`
    numbers = np.stack((participation, post), axis=1).ravel()
    met_ids = [f"{prefix}{number}" for number in numbers[numbers != NO_POST].tolist()]  # never a participation's
    met_starts = np.concatenate((participation_at, [len(met_ids)]))[bounds].tolist()
    cited_at = np.stack((participation_at[citing], np.where(with_post[citing], participation_at[citing] + 1, -1)),
                        axis=1).ravel()
    cited_ids = [met_ids[at] for at in cited_at[cited_at >= 0].tolist()]
    cited_starts = met_starts  # the same paths in each thing, in another order
    ends: dict[str, tuple[str, str]] = {}  # the actor's side's; the partner's found when asked (`ends_of`)
    mine_of: dict[str, tuple[list[list[Link]], list[list[Link]]]] = {}  # event -> its chains, as met and as cited

    def mine_chains(event: str) -> tuple[list[list[Link]], list[list[Link]]]:
        if event not in mine_of:
            chains = [([(post_id, x, at.actor_id)] if post_id is not None else []) + [(participation_id, x, event)]
                      for x, post_id, participation_id in at.events[event].chains]
            mine_of[event] = chains, sorted(chains, key=lambda chain: chain_key(at.actor_id, chain))
            for chain in chains:
                for element_id, start, end in chain:
                    ends[element_id] = (start, end)
        return mine_of[event]

    by_participation, by_post = np.argsort(participation, kind="stable"), np.argsort(post, kind="stable")

    def ends_of(wanted: Collection[str]) -> dict[str, tuple[str, str]]:
        """These relationships' (start id, end id): a participation's are the participant and the event, a
        post's the post-holder and the partner (found in numpy, all at once: a part cites hundreds)."""
        found = {element_id: ends[element_id] for element_id in wanted if element_id in ends}
        theirs = [element_id for element_id in wanted if element_id not in ends]
        numbers = np.array([int(element_id[len(prefix):]) for element_id in theirs], dtype=np.int64)
        for order, path_numbers, end in ((by_participation, participation, 1), (by_post, post, 0)):
            if not order.size:
                continue
            paths = order[np.minimum(np.searchsorted(path_numbers, numbers, sorter=order), order.size - 1)]
            for element_id, path, hit in zip(theirs, paths.tolist(), (path_numbers[paths] == numbers).tolist(),
                                             strict=True):
                if hit:
                    found[element_id] = (ids[int(participant[path])], things[int(thing[path])][end])
        return found

    listing = RosteredEventListing({}, {}, ends_of)
    only_places = only.tolist()
    for k, (partner, event, _) in enumerate(things):
        only_y = ids[only_places[k]] if only_places[k] != NO_ONE else None
        met, cited_first = mine_chains(event)
        key = (partner, event)
        listing.relationships[key] = tuple(dict.fromkeys(
            [element_id for chain in met if chain[-1][1] != only_y for element_id, _, _ in chain]
            + met_ids[met_starts[k]:met_starts[k + 1]]))
        listing.citing_order[key] = list(dict.fromkeys(
            [element_id for chain in cited_first if chain[-1][1] != only_y for element_id, _, _ in chain]
            + cited_ids[cited_starts[k]:cited_starts[k + 1]]))
    return listing


async def rostered_event_facts(
    db: Database, at: ActorAtEvents, listing: RosteredEventListing, *,
    cited: Mapping[str, Collection[str]] | None = None, timeout: float | None = None,
) -> list[dict[str, Any]] | None:
    """The rows cooperation_evidence gives for these shared rostered events (`rostered_event_listing`), their
    relationships read by element id: with `cited` (partner -> element ids, evidence.cited_relationships),
    only those, the others named in `relationships` but not read; None when an element id no longer names the
    relationship the rosters read (the graph was written since: walk instead)."""
    def read(partner: str) -> Callable[[str], bool]:
        """Whether a relationship of the partner's part is read (and cited)."""
        if cited is None:
            return lambda element_id: True
        return cited.get(partner, frozenset()).__contains__

    wanted: dict[str, None] = {}
    for (partner, _), relationships in listing.relationships.items():
        reads = read(partner)
        wanted.update((element_id, None) for element_id in relationships if reads(element_id))
    ends = listing.ends(wanted)
    read_rels: dict[str, dict[str, Any]] = {}
    if ends:
        rows = await db.read("cooperation_event_evidence", {"relationships": list(ends)}, timeout=timeout)
        for element_id, id_, type_, start, end, sources, excerpts, locators, t_from in rows[0]["relationships"]:
            if (start, end) != ends[element_id]:
                return None
            read_rels[element_id] = {"id": id_, "element_id": element_id, "type": type_, "sources": sources,
                                     "excerpts": excerpts, "locators": locators, "t_from": t_from}
        if len(read_rels) != len(ends):
            return None
    rosters = at.rosters
    answer = []
    for (partner, event), relationships in sorted(listing.relationships.items()):
        place, reads = rosters.index(partner), read(partner)
        # the relationships read, in the order first met (as cooperation_evidence lists them)
        rels = [read_rels[element_id] for element_id in relationships if element_id in read_rels and reads(element_id)]
        answer.append({
            "actor": at.actor_id, "partner": partner, "partner_name": rosters.names.get(place),
            "partner_type": rosters.types[place], "item": event, "via": event, "grade": SHARED_EVENT_GRADE,
            "rels": rels,
            "stated": [rel for rel in rels if rel["type"] != "HOLDS_POSITION"],
            "relationships": relationships,
        })
    return answer
