"""Which relationships a part of /cooperation/{id} cites: at most `evidence_limit`, chosen before any is read.

A part lists its first `via_limit` shared things; each thing comes with the
chains of relationships that link the actor and the partner to it (the part
queries' `chains`). A hub event's chains are one per office-holder who was
there: a part can have thousands of relationships, too many to read or to
cite. The part then cites the evidence of `evidence_limit` of them, taken in
turn from each listed thing (its first relationship, then each thing's
second, ...), so that every listed thing is evidenced before any has two;
within a thing, the chains that reach the actor first (its own membership,
participation or office-holder), then the partner's, each side in a stable
order: by the ids of the nodes each chain passes through, then by element id.
Both ways of listing a part (the walk, cooperation_evidence.cypher, and the
hub events' rosters, rosters.py) know these chains as element ids and their
ends before reading any relationship's evidence, so the choice is made first
and only the chosen relationships are read (rosters) or cited (walk).
docs/cooperation-scoring.md, "Evidence per part", says why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

# A relationship of a chain with its ends: [element id, start node's id, end node's id] (a list as the walk's
# rows bring it, or a tuple as the rosters build it).
Link = Sequence[str]

# A listed shared thing of a partner: (partner id, item id).
Listed = tuple[str, str]

# A relationship's key: the number ending its element id, or the element id itself where none ends it
# (`relationship_keys`).
RelationshipKey = int | str


def _element_number(element_id: str) -> int:
    """The number ending an element id, for ordering relationships as their numbers go (-1 if none)."""
    number = element_id.rpartition(":")[2]
    return int(number) if number.isdigit() else -1


class ElementIds(Sequence[str]):
    """Relationship element ids kept as the numbers that end them after a prefix they share (the rosters'
    `EventRosters.prefix`), each written out when read: a hub participant's shown partners' events have tens of
    thousands of relationships, of which a ranking reads and cites a few thousand and counts the others
    (`relationship_keys`)."""

    __slots__ = ("_numbers", "_prefix")

    def __init__(self, prefix: str, numbers: npt.NDArray[np.int64]) -> None:
        self._prefix = prefix
        self._numbers = numbers

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [f"{self._prefix}{number}" for number in self._numbers[index].tolist()]
        return f"{self._prefix}{self._numbers[index]}"

    def __len__(self) -> int:
        return int(self._numbers.size)

    def __iter__(self) -> Iterator[str]:
        prefix = self._prefix
        return (f"{prefix}{number}" for number in self._numbers.tolist())

    def keys(self) -> list[RelationshipKey]:
        """Their `relationship_keys`, without writing any out."""
        return self._numbers.tolist()  # type: ignore[no-any-return]


def relationship_key(element_id: str) -> RelationshipKey:
    """The relationship's key (`relationship_keys`)."""
    number = _element_number(element_id)
    return number if number >= 0 else element_id


def relationship_keys(element_ids: Iterable[str]) -> list[RelationshipKey]:
    """One key per relationship, for counting and choosing distinct relationships whichever way they are kept:
    the number ending its element id (the rosters keep those, `ElementIds`, and their keys are had without
    writing any element id out), or the element id itself where none ends it. One graph's relationships share
    the prefix before that number."""
    if isinstance(element_ids, ElementIds):
        return element_ids.keys()
    return [relationship_key(element_id) for element_id in element_ids]


def chain_key(actor_id: str, chain: Sequence[Link]) -> tuple[bool, list[tuple[str, str, int, str]]]:
    """Where a chain comes in its thing's order: those that reach the actor first, then by the ids each link
    joins, then by relationship number (element ids ordered as their numbers go)."""
    reaches_actor = any(actor_id in (start, end) for _, start, end in chain)
    return (not reaches_actor, [(start, end, _element_number(element_id), element_id)
                                for element_id, start, end in chain])


def relationship_order(actor_id: str, chains: Collection[Sequence[Link]]) -> list[str]:
    """A shared thing's relationships (element ids, each once) in the order its evidence is cited when cut:
    the chains that reach the actor first, then the others, each side by the ids its chains pass through."""
    ordered = sorted(chains, key=lambda chain: chain_key(actor_id, chain))
    return list(dict.fromkeys(element_id for chain in ordered for element_id, _, _ in chain))


def taken_in_turn(orders: Sequence[Sequence[str]], limit: int) -> set[RelationshipKey]:
    """The keys of at most `limit` relationships (`relationship_keys`), each thing's first, then each thing's
    second, ... (a relationship shared by several things is taken once, however each thing keeps it)."""
    kept: dict[RelationshipKey, None] = {}
    keys = [relationship_keys(order) for order in orders]
    lengths = [len(order) for order in keys]
    for rank in range(max(lengths, default=0)):
        for order, length in zip(keys, lengths, strict=True):
            if len(kept) >= limit:
                return set(kept)
            if rank < length:
                kept.setdefault(order[rank])
    return set(kept)


def first_listed(listed: Collection[Listed], per_part: int | None) -> set[Listed]:
    """Each partner's first `per_part` things by id (None: all): those its part lists, as `first_things` cuts."""
    items: dict[str, list[str]] = defaultdict(list)
    for partner, item in listed:
        items[partner].append(item)
    return {(partner, item) for partner, found in items.items() for item in sorted(found)[:per_part]}


def cited_relationships(
    actor_id: str, chains_of: Mapping[Listed, Sequence[Sequence[Link]]], per_part: int | None, limit: int
) -> dict[str, set[RelationshipKey]]:
    """Partner id -> the keys of the relationships its part of one kind cites (`relationship_keys`), at most
    `limit`.

    `chains_of`: (partner, item) -> the thing's chains, for every thing found;
    only each partner's first `per_part` things by id are listed, and cited.
    """
    return cited_in_turn({listed: relationship_order(actor_id, chains) for listed, chains in chains_of.items()},
                         per_part, limit)


def cited_in_turn(
    orders_of: Mapping[Listed, Sequence[str]], per_part: int | None, limit: int
) -> dict[str, set[RelationshipKey]]:
    """`cited_relationships` from each thing's relationships in the order they are cited (`relationship_order`,
    or as the rosters know it: roster_evidence.py)."""
    orders: dict[str, list[Sequence[str]]] = defaultdict(list)
    for partner, item in sorted(first_listed(orders_of.keys(), per_part)):
        orders[partner].append(orders_of[(partner, item)])
    return {partner: taken_in_turn(things, limit) for partner, things in orders.items()}
