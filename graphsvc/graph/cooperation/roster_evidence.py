"""The shown partners' shared events, with their evidence, from the events' rosters (rosters.py).

`shared_rostered_events` lists each shown partner's first shared events,
`rostered_event_listing` names the relationships of each, as
cooperation_shared_event builds its chains, in the order they are cited
(evidence.py's rule), known from the rosters without a read and kept as
numbers (evidence.ElementIds: tens of thousands for a hub participant's
shown partners, a few thousand of them cited); `rostered_event_facts`
builds their facts, the evidence of those cited (evidence.py chooses them)
read by element id (cooperation_event_evidence.cypher), as
cooperation_evidence would list them.
tests/integration/test_cooperation_rosters.py checks that they list the
same facts, relationships and citing orders as the walk for every actor of
the seed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from graphsvc.db import Database
from graphsvc.graph.cooperation.evidence import ElementIds, Listed, RelationshipKey, chain_key
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
    its evidence is cited (evidence.relationship_order of its chains), as numbers (`ElementIds`). `numbers`
    holds them all, the things' one after the other in `relationships`' order, thing k's in
    numbers[bounds[k]:bounds[k+1]], to choose from in numpy. `ends` gives the (start id, end id) of
    relationships (number -> element id), by element id."""

    relationships: dict[Listed, ElementIds]
    ends: Callable[[Mapping[int, str]], dict[str, tuple[str, str]]]
    numbers: npt.NDArray[np.int64]
    bounds: npt.NDArray[np.int64]


def rostered_event_listing(
    at: ActorAtEvents, shared: Mapping[str, Sequence[tuple[str, int]]]
) -> RosteredEventListing | None:
    """The listing of these shared rostered events (`shared_rostered_events`), their chains as
    cooperation_shared_event builds them: the actor's side (`ActorSide.chains`) where someone else acted for
    the partner, then each roster path that reaches the partner, not through the one who acted alone for the
    actor. None when a partner's path passes through the actor (the walk then lists them), or an element id of
    the actor's side does not end in a number after the rosters' prefix.

    A state's shown partners share hundreds of events, each with dozens of paths: the paths are chosen and
    ordered in numpy, over all of them at once, and their relationships kept as numbers. The partner's chains
    are [(participation, y, event), (post, y, partner) when y acts through a post]: none reaches the actor,
    every one of the actor's side does, so the actor's side comes first; among the partner's,
    evidence.chain_key orders by y's id (the rosters' places are sorted by id), then participation number, then
    no post before a post, then post number, which is what sorting the paths by those numbers does.
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
    ends: dict[str, tuple[str, str]] = {}  # the actor's side's; the partner's found when asked (`ends_of`)
    # event -> the actor's side in the citing order: each relationship's number, and the place of who acted
    # (its chain's x: a participant, on the rosters)
    mine_of: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}

    def mine(event: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
        if event not in mine_of:
            chains = [([(post_id, x, at.actor_id)] if post_id is not None else []) + [(participation_id, x, event)]
                      for x, post_id, participation_id in at.events[event].chains]
            numbers: list[int] = []
            who: list[int] = []
            for chain in sorted(chains, key=lambda chain: chain_key(at.actor_id, chain)):
                x = rosters.index(chain[-1][1])
                for element_id, start, end in chain:
                    ends[element_id] = (start, end)
                    number = element_id[len(prefix):]
                    if not (element_id.startswith(prefix) and number.isdigit()):
                        return None
                    numbers.append(int(number))
                    who.append(x)
            mine_of[event] = np.array(numbers, dtype=np.int64), np.array(who, dtype=np.int64)
        return mine_of[event]

    # each thing's relationships in the citing order: the actor's side (without the chains of the partner's only
    # one), then its paths' participation and post (if any) in the citing order; each relationship once, where
    # first cited (a participation is on as many paths as its participant holds posts)
    path_numbers = np.stack((participation[citing], post[citing]), axis=1).ravel()
    path_thing = np.repeat(thing[citing], 2)
    with_post = path_numbers != NO_POST
    path_numbers, path_thing = path_numbers[with_post].astype(np.int64), path_thing[with_post]
    path_bounds = np.searchsorted(path_thing, np.arange(len(things) + 1, dtype=np.int64)).tolist()
    pieces: list[npt.NDArray[np.int64]] = []
    for k, ((_, event, _), only_y) in enumerate(zip(things, only.tolist(), strict=True)):
        side = mine(event)
        if side is None:
            return None
        numbers, who = side
        pieces.append(numbers if only_y == NO_ONE else numbers[who != only_y])
        pieces.append(path_numbers[path_bounds[k]:path_bounds[k + 1]])
    every = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
    every_thing = np.repeat(np.arange(len(things), dtype=np.int64),
                            np.array([piece.size for piece in pieces], dtype=np.int64).reshape(-1, 2).sum(axis=1))
    span = int(every.max()) + 1 if every.size else 1
    _, first_cited = np.unique(every_thing * span + every, return_index=True)
    first_cited.sort()
    numbers_cited, thing_cited = every[first_cited], every_thing[first_cited]
    cited_bounds = np.searchsorted(thing_cited, np.arange(len(things) + 1, dtype=np.int64))

    by_participation, by_post = np.argsort(participation, kind="stable"), np.argsort(post, kind="stable")

    def ends_of(wanted: Mapping[int, str]) -> dict[str, tuple[str, str]]:
        """These relationships' (start id, end id), by element id (`wanted`: number -> element id): a
        participation's are the participant and the event, a post's the post-holder and the partner (found in
        numpy, all at once: a part cites hundreds)."""
        found = {element_id: ends[element_id] for element_id in wanted.values() if element_id in ends}
        numbers = np.array([number for number, element_id in wanted.items() if element_id not in found],
                           dtype=np.int64)
        for order, path_numbers, end in ((by_participation, participation, 1), (by_post, post, 0)):
            if not order.size:
                continue
            paths = order[np.minimum(np.searchsorted(path_numbers, numbers, sorter=order), order.size - 1)]
            hit = path_numbers[paths] == numbers
            for number, who, which in zip(numbers[hit].tolist(), participant[paths[hit]].tolist(),
                                          thing[paths[hit]].tolist(), strict=True):
                found[wanted[number]] = (ids[who], things[which][end])
        return found

    starts = cited_bounds.tolist()
    return RosteredEventListing(
        {(partner, event): ElementIds(prefix, numbers_cited[starts[k]:starts[k + 1]])
         for k, (partner, event, _) in enumerate(things)},
        ends_of, numbers_cited, cited_bounds)


async def rostered_event_facts(
    db: Database, at: ActorAtEvents, listing: RosteredEventListing, *,
    cited: Mapping[str, Collection[RelationshipKey]] | None = None, timeout: float | None = None,
) -> list[dict[str, Any]] | None:
    """The rows cooperation_evidence gives for these shared rostered events (`rostered_event_listing`), their
    relationships read by element id: with `cited` (partner -> relationship keys, evidence.cited_relationships),
    only those, the others named in `relationships` but not read; None when an element id no longer names the
    relationship the rosters read (the graph was written since: walk instead). Each row's `rels` come in the
    order they are cited."""
    keys = list(listing.relationships)
    thing = np.repeat(np.arange(len(keys), dtype=np.int64), np.diff(listing.bounds))
    numbers = listing.numbers
    if cited is None:
        chosen = np.ones(numbers.size, dtype=np.bool_)
    else:
        # (partner, number) of each relationship cited, against each thing's: in numpy, all at once
        partner_of = {partner: k for k, partner in enumerate(dict.fromkeys(partner for partner, _ in keys))}
        thing_partner = np.array([partner_of[partner] for partner, _ in keys], dtype=np.int64)
        cited_pairs = [(partner_of[partner], number) for partner, cited_keys in cited.items() if partner in partner_of
                       for number in cited_keys if isinstance(number, int)]
        cited_partner = np.array([pair[0] for pair in cited_pairs], dtype=np.int64)
        cited_number = np.array([pair[1] for pair in cited_pairs], dtype=np.int64)
        span = max(int(numbers.max(initial=0)), int(cited_number.max(initial=0))) + 1
        chosen = np.isin(thing_partner[thing] * span + numbers, cited_partner * span + cited_number)
    prefix = at.rosters.prefix
    chosen_numbers = numbers[chosen].tolist()
    chosen_bounds = np.searchsorted(thing[chosen], np.arange(len(keys) + 1, dtype=np.int64)).tolist()
    wanted = {number: f"{prefix}{number}" for number in chosen_numbers}
    ends = listing.ends(wanted)
    read_rels: dict[int, dict[str, Any]] = {}
    if ends:
        rows = await db.read("cooperation_event_evidence", {"relationships": list(ends)}, timeout=timeout)
        for element_id, id_, type_, start, end, sources, excerpts, locators, t_from in rows[0]["relationships"]:
            if (start, end) != ends[element_id]:
                return None
            read_rels[int(element_id[len(prefix):])] = {
                "id": id_, "element_id": element_id, "type": type_, "sources": sources, "excerpts": excerpts,
                "locators": locators, "t_from": t_from}
    if len(read_rels) != len(wanted):
        return None
    rosters = at.rosters
    answer = []
    for k, (partner, event) in enumerate(keys):
        place = rosters.index(partner)
        rels = [read_rels[number] for number in chosen_numbers[chosen_bounds[k]:chosen_bounds[k + 1]]]
        answer.append({
            "actor": at.actor_id, "partner": partner, "partner_name": rosters.names.get(place),
            "partner_type": rosters.types[place], "item": event, "via": event, "grade": SHARED_EVENT_GRADE,
            "rels": rels,
            "stated": [rel for rel in rels if rel["type"] != "HOLDS_POSITION"],
            "relationships": listing.relationships[(partner, event)],
        })
    return answer
