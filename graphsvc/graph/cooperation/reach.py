"""The parts `programme`, `operates_in`, `shared_membership` and `shared_agreement` of an unfiltered ranking
counted from arrays instead of walks.

A state has thousands of institutions (organisations PART_OF or ESTABLISHED_BY
it, organisations it RUNS, organisations located in its territory), and its
ranking walked every chain from each of them to the programmes they give or
receive and to the territories they stand in, at every first answer. A
member of a big organisation shares it with its thousands of members: each
first answer walked them and brought one row per partner back.
`read_reach` reads, once per graph version, the relations those chains are
made of, and keeps them as arrays over one table of entities sorted by id
(`Reach`); `reach_tallies` (reach_counts.py) counts an actor's parts from them.

Which file defines each rule (the part queries are the definition; these arrays follow them):
- the institutions of X (X itself; PART_OF/ESTABLISHED_BY through up to 3 organisations; RUNS;
  LOCATED_IN X's territory unless intergovernmental) and the territories (up to 3 steps through places):
  cooperation_programme.cypher and cooperation_operates_in.cypher, read here by
  cooperation_reach_institutions.cypher;
- what gives a programme (RUNS|ORGANISED a programme or event; an organisation gives itself) and whom it
  BENEFITS: cooperation_programme.cypher, read here by cooperation_reach_programmes.cypher;
- programme: the actor itself always among its institutions; both directions, distinct things per pair;
  operates_in: the actor itself an institution only when it is an Organisation, `NOT (i = a AND
  type(op) = 'LOCATED_IN')`, and `(b <> i OR operates)` (the institution itself a partner only through
  OPERATES_IN); partner types, `b <> a` and the domestic exclusion (an organisation LOCATED_IN the
  other's territory): the two part queries, applied in `reach_tallies` (reach_counts.py); n is things
  times the part's grade
  factor (definition.grade_factor), as cooperation_tally sums it.
- who holds an organisation (MEMBER_OF, OBSERVER_OF) or an agreement (PARTY_TO):
  cooperation_shared_membership.cypher and cooperation_shared_agreement.cypher, read here by
  cooperation_reach_holdings.cypher; a shared organisation counts the observer grade's factor unless
  both are MEMBER_OF it (cooperation_tally takes a thing's best grade), an agreement the party grade's.
Unfiltered rankings of every actor type only: no sectors or dates are kept. Pair questions and the
evidence of the partners shown keep walking. tests/integration/test_cooperation_reach.py checks that both
ways count the same for every actor of the seed and of a graph built to exercise every rule.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt

from graphsvc.db import Database
from graphsvc.graph.cooperation.definition import ACTOR_TYPES
from graphsvc.graph.cooperation.texts import Texts

# How an entity holds a thing (`Reach.holders`' flags): each way is a bit, so that a pair held two ways (a
# member that is also an observer) keeps both.
MEMBER: Final[int] = 1
OBSERVER: Final[int] = 2
PARTY: Final[int] = 4

# `Reach.index` of an entity the arrays do not name.
NOT_NAMED: Final[int] = -1


@dataclass(frozen=True, eq=False)
class Relation:
    """A relation between the entities of a Reach, source place -> target places: source s's targets are
    targets[starts[s]:starts[s+1]], ascending, each once; `flags`, if any, says how each pair is related
    (the bits of the ways it was read: MEMBER, OBSERVER, PARTY)."""

    starts: npt.NDArray[np.int32]
    targets: npt.NDArray[np.int32]
    flags: npt.NDArray[np.uint8] | None = None

    @classmethod
    def of_pairs(cls, size: int, sources: npt.NDArray[np.int32], targets: npt.NDArray[np.int32],
                 flags: npt.NDArray[np.uint8] | None = None) -> Relation:
        # numpy alone, not scipy.sparse: scipy's import would add some 20 MiB to every service process
        # (matrix_counts.py counts with numpy alone too)
        order = np.lexsort((targets, sources))
        sources, targets = sources[order], targets[order]
        # each pair once, targets ascending; a pair read several ways keeps the union of its bits
        first = np.r_[True, (sources[1:] != sources[:-1]) | (targets[1:] != targets[:-1])] if sources.size \
            else np.zeros(0, dtype=np.bool_)
        starts = np.zeros(size + 1, dtype=np.int32)
        np.cumsum(np.bincount(sources[first], minlength=size), out=starts[1:])
        kept_flags = None
        if flags is not None:
            kept_flags = np.bitwise_or.reduceat(flags[order], np.flatnonzero(first)) if sources.size \
                else np.zeros(0, dtype=np.uint8)
        return cls(starts, targets[first].astype(np.int32), kept_flags)

    def inverse(self) -> Relation:
        size = self.starts.size - 1
        sources = np.repeat(np.arange(size, dtype=np.int32), np.diff(self.starts))
        return Relation.of_pairs(size, self.targets, sources, self.flags)

    def rows(self, places: npt.NDArray[np.int32]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Every (which, row): the rows of `targets` (and `flags`) of places[which], for all the places at once."""
        # each place's count from its own two starts: a diff of all the starts would cost the whole graph's size
        firsts = self.starts[places].astype(np.int64)
        counts = self.starts[places + 1].astype(np.int64) - firsts
        which = np.repeat(np.arange(places.size, dtype=np.int64), counts)
        rows = firsts[which] + np.arange(which.size, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        return which, rows

    def of(self, places: npt.NDArray[np.int32]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """Every (which, target): `targets` of places[which], for all the places at once."""
        which, rows = self.rows(places)
        return which, self.targets[rows]

    def targets_of(self, place: int) -> npt.NDArray[np.int32]:
        return self.targets[self.starts[place]:self.starts[place + 1]]

    def flags_of(self, place: int) -> npt.NDArray[np.uint8]:
        return cast(npt.NDArray[np.uint8], self.flags)[self.starts[place]:self.starts[place + 1]]

    @property
    def nbytes(self) -> int:
        return int(self.starts.nbytes + self.targets.nbytes + (0 if self.flags is None else self.flags.nbytes))


@dataclass(frozen=True, eq=False)
class Reach:
    """The relations the parts `programme`, `operates_in`, `shared_membership` and `shared_agreement` walk, as
    arrays over the entities they name
    (`ids`, sorted; an actor's name and type as the part queries give a partner's: `names`, `type_codes`).
    Every relation is kept both ways, for the two directions of each part."""

    ids: Texts
    names: Texts  # an actor's name ("" for other entities; None, `Texts.get`, for an actor without one)
    type_codes: npt.NDArray[np.uint8]  # an actor's type in `type_names`; 0: not an actor (never a partner)
    type_names: tuple[str, ...]  # "" first
    organisation: npt.NDArray[np.bool_]  # an Organisation read by cooperation_reach_institutions
    institution_of: Relation  # organisation -> whom it is an institution of (not itself)
    institutions: Relation  # its inverse
    located: Relation  # organisation -> the territories it is LOCATED_IN (domestic there)
    located_here: Relation  # its inverse: the organisations located in an entity's territory
    operates: Relation  # organisation -> the territories it OPERATES_IN
    operating_here: Relation
    gives: Relation  # entity -> the things it gives (runs or organised; an organisation itself)
    givers: Relation
    benefits: Relation  # thing -> the entities it BENEFITS
    benefited_by: Relation
    holders: Relation  # organisation or agreement -> the entities that hold it, flagged MEMBER, OBSERVER, PARTY
    holdings: Relation  # its inverse, with the same flags

    def index(self, entity_id: str) -> int:
        """The entity's place in `ids`, NOT_NAMED if the arrays do not name it."""
        at = bisect.bisect_left(self.ids, entity_id)
        return at if at < len(self.ids) and self.ids[at] == entity_id else NOT_NAMED

    @property
    def actor(self) -> npt.NDArray[np.bool_]:
        return self.type_codes != 0

    @property
    def nbytes(self) -> int:
        """What the arrays hold, the table of ids, names and types included."""
        relations = (self.institution_of, self.institutions, self.located, self.located_here, self.operates,
                     self.operating_here, self.gives, self.givers, self.benefits, self.benefited_by, self.holders,
                     self.holdings)
        return (int(self.organisation.nbytes + self.type_codes.nbytes) + self.ids.nbytes + self.names.nbytes
                + sum(relation.nbytes for relation in relations))


async def read_reach(db: Database, *, timeout: float | None = None) -> Reach:
    """The reach arrays of the graph as it is now: four statements, read once per graph version."""
    index: dict[str, int] = {}

    def place(entity_id: str) -> int:
        return index.setdefault(entity_id, len(index))

    # accumulated as machine integers, not lists of Python ints (hundreds of thousands)
    def pairs() -> tuple[array[int], array[int]]:
        return array("i"), array("i")

    organisations = array("i")
    institution_of, located, operates, gives, benefits = pairs(), pairs(), pairs(), pairs(), pairs()
    held, held_flags = pairs(), array("B")

    def add(relation: tuple[array[int], array[int]], source: int, targets: Iterable[str]) -> None:
        for target in targets:
            relation[0].append(source)
            relation[1].append(place(target))

    def organisation(row: dict[str, Any]) -> None:
        k = place(row["organisation"])
        organisations.append(k)
        add(institution_of, k, row["owners"])
        if not row["intergovernmental"]:  # hosting one's seat does not make it the host's institution
            add(institution_of, k, row["located"])
        add(located, k, row["located"])
        add(operates, k, row["operates"])

    def thing(row: dict[str, Any]) -> None:
        p = place(row["thing"])
        for runner in row["runners"]:
            gives[0].append(place(runner))
            gives[1].append(p)
        if row["organisation"]:
            gives[0].append(p)
            gives[1].append(p)
        add(benefits, p, row["beneficiaries"])

    def holding(row: dict[str, Any]) -> None:
        t = place(row["thing"])
        for holders, flag in ((row["members"], PARTY if row["agreement"] else MEMBER), (row["observers"], OBSERVER)):
            for holder in holders:
                held[0].append(t)
                held[1].append(place(holder))
                held_flags.append(flag)

    await db.read_each("cooperation_reach_institutions", {}, organisation, timeout=timeout)
    await db.read_each("cooperation_reach_programmes", {}, thing, timeout=timeout)
    await db.read_each("cooperation_reach_holdings", {}, holding, timeout=timeout)
    # the actors' names and types by place, the places in the order first met until sorted by id below
    names: list[str | None] = [None] * len(index)
    codes = np.zeros(len(index), dtype=np.uint8)
    type_names: list[str] = [""]  # 0: not an actor

    def actor(row: dict[str, Any]) -> None:
        at = index[row["id"]]
        names[at] = row["name"]
        if row["type"] not in type_names:
            type_names.append(row["type"])
        codes[at] = type_names.index(row["type"])

    await db.read_each("cooperation_reach_actors", {"ids": list(index), "partner_types": list(ACTOR_TYPES)}, actor,
                       timeout=timeout)

    ids_met = list(index)
    index.clear()  # its strings and the names' are kept once, as UTF-8 buffers (`Texts`)
    by_id = sorted(range(len(ids_met)), key=ids_met.__getitem__)
    size = len(by_id)
    renumbered = np.empty(size, dtype=np.int32)
    renumbered[by_id] = np.arange(size, dtype=np.int32)
    ids = Texts(ids_met[place] for place in by_id)
    del ids_met
    actor_names = Texts(names[place] if codes[place] else "" for place in by_id)
    names.clear()

    def relation(found: tuple[array[int], array[int]], *, without_self: bool = False,
                 flags: array[int] | None = None) -> Relation:
        sources = renumbered[np.frombuffer(found[0], dtype=np.int32)]
        targets = renumbered[np.frombuffer(found[1], dtype=np.int32)]
        if without_self:  # X itself is added (or not) by the part's own rule
            sources, targets = sources[sources != targets], targets[sources != targets]
        return Relation.of_pairs(size, sources, targets,
                                 None if flags is None else np.frombuffer(flags, dtype=np.uint8))

    is_organisation = np.zeros(size, dtype=np.bool_)
    is_organisation[renumbered[np.frombuffer(organisations, dtype=np.int32)]] = True
    owned = relation(institution_of, without_self=True)
    located_in = relation(located)
    operates_in = relation(operates)
    given = relation(gives)
    benefiting = relation(benefits)
    holders = relation(held, flags=held_flags)
    return Reach(
        ids=ids, names=actor_names, type_codes=codes[by_id], type_names=tuple(type_names),
        organisation=is_organisation,
        institution_of=owned, institutions=owned.inverse(),
        located=located_in, located_here=located_in.inverse(),
        operates=operates_in, operating_here=operates_in.inverse(),
        gives=given, givers=given.inverse(),
        benefits=benefiting, benefited_by=benefiting.inverse(),
        holders=holders, holdings=holders.inverse(),
    )
