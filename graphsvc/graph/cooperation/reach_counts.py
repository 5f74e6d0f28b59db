"""An actor's parts counted from the reach arrays (reach.py): `reach_tallies`, with the part queries' rules.

The part queries are the definition (reach.py's docstring says which file
defines each rule); this module applies them to the arrays, one kind at a
time, and gives each partner's tally as cooperation_tally gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import numpy.typing as npt

from graphsvc.graph.cooperation.definition import grade_factor
from graphsvc.graph.cooperation.reach import MEMBER, NOT_NAMED, OBSERVER, PARTY, Reach

# The kinds counted from the reach arrays.
COUNTED_FROM_ARRAYS: Final[tuple[str, ...]] = ("shared_membership", "shared_agreement", "operates_in", "programme")

# The grade each part query gives its things, where it gives one grade (shared_membership gives "member"
# or "observer").
GRADES: Final[dict[str, str]] = {"programme": "programme", "operates_in": "institution", "shared_agreement": "party"}


@dataclass(frozen=True, eq=False)
class ReachCounts:
    """An actor's partners of one kind with their tallies, as cooperation_tally gives them, as columns (a
    member of a big organisation has thousands of partners; the ranking shows a few): partner i is
    `partners[i]`, its name as the node has it, its type, n and number of things; `first(i)` its first things
    by id, written out only when asked for."""

    partners: list[str]
    names: list[str | None]
    types: list[str]
    n: list[float]
    things: list[int]
    _reach: Reach
    _thing_places: npt.NDArray[np.int64]  # partner i's things, ascending: from _starts[i], things[i] of them
    _starts: npt.NDArray[np.int64]
    _first_items: int

    def __len__(self) -> int:
        return len(self.partners)

    def first(self, i: int) -> tuple[str, ...]:
        start = int(self._starts[i])
        return tuple(self._reach.ids.many(self._thing_places[start:start + min(self._first_items, self.things[i])]))


def reach_tallies(reach: Reach, actor_id: str, kind: str, first_items: int | None) -> ReachCounts:
    """The actor's partners of part `kind` (one of COUNTED_FROM_ARRAYS) with their tallies, counted as the part
    query and cooperation_tally count them, unfiltered, every actor type a partner; `first`: each partner's
    first `first_items` things by id (none when None)."""
    a = reach.index(actor_id)
    if a == NOT_NAMED:
        return _counted(reach, np.empty(0, dtype=np.int64), np.empty(0), first_items)
    factors: npt.NDArray[np.float64] | None = None
    if kind == "shared_membership":
        partners, things, factors = _membership_pairs(reach, a)
    elif kind == "shared_agreement":
        partners, things = _holding_pairs(reach, a, PARTY)
    elif kind == "programme":
        partners, things = _programme_pairs(reach, a)
    else:
        partners, things = _operates_in_pairs(reach, a)
    keep = (partners != a) & reach.actor[partners]
    if kind in ("programme", "operates_in"):
        # an organisation located in the other's territory is domestic there: not scored
        domestic = np.concatenate([reach.located.targets_of(a), reach.located_here.targets_of(a)])
        keep &= ~np.isin(partners, domestic)
    # distinct things per pair across both directions, ordered by partner then thing (the ids' order); a
    # thing's factor is its best grade's (cooperation_tally's max)
    keys = partners[keep].astype(np.int64) * len(reach.ids) + things[keep]
    if factors is None:
        pairs = np.unique(keys)
        pair_factors = np.full(pairs.size, grade_factor(GRADES[kind]))
    else:
        pairs, pair_of_key = np.unique(keys, return_inverse=True)
        pair_factors = np.zeros(pairs.size)
        np.maximum.at(pair_factors, pair_of_key, factors[keep])
    return _counted(reach, pairs, pair_factors, first_items)


def _counted(reach: Reach, pairs: npt.NDArray[np.int64], pair_factors: npt.NDArray[np.float64],
             first_items: int | None) -> ReachCounts:
    """The columns of (partner place * len(ids) + thing place) pairs, ascending, each with its factor."""
    partner_of, thing_of = pairs // len(reach.ids), pairs % len(reach.ids)
    starts = np.flatnonzero(np.r_[True, partner_of[1:] != partner_of[:-1]]) if pairs.size else np.empty(0, np.int64)
    counts = np.diff(np.r_[starts, pairs.size]).astype(np.int64)
    ns = np.add.reduceat(pair_factors, starts) if pairs.size else np.empty(0)
    partner_places = partner_of[starts]
    names: list[str | None] = list(reach.names.many(partner_places))
    missing = reach.names.missing
    if missing:
        for i, place in enumerate(partner_places.tolist()):
            if place in missing:
                names[i] = None
    return ReachCounts(
        partners=reach.ids.many(partner_places), names=names,
        types=[reach.type_names[code] for code in reach.type_codes[partner_places].tolist()],
        n=ns.tolist(), things=counts.tolist(),
        _reach=reach, _thing_places=thing_of, _starts=starts.astype(np.int64), _first_items=first_items or 0)


def _holding_pairs(reach: Reach, a: int, ways: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """(partner, thing) of the things the actor holds one of `ways` (flag bits) that the partner holds one of
    `ways` too, with repeats."""
    held = reach.holdings.targets_of(a)[(reach.holdings.flags_of(a) & ways) != 0]
    which, rows = reach.holders.rows(held)
    holding = (cast(npt.NDArray[np.uint8], reach.holders.flags)[rows] & ways) != 0
    return reach.holders.targets[rows][holding], held[which][holding]


def _membership_pairs(
    reach: Reach, a: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    """(partner, organisation, factor) of cooperation_shared_membership, with repeats: the member grade's
    factor where both are MEMBER_OF it, the observer grade's otherwise."""
    ways = MEMBER | OBSERVER
    mine = reach.holdings.flags_of(a)
    held = reach.holdings.targets_of(a)[(mine & ways) != 0]
    member = (mine[(mine & ways) != 0] & MEMBER) != 0  # per held organisation: the actor a member of it
    which, rows = reach.holders.rows(held)
    theirs = cast(npt.NDArray[np.uint8], reach.holders.flags)[rows]
    holding = (theirs & ways) != 0
    both_members = member[which] & ((theirs & MEMBER) != 0)
    factors = np.where(both_members, grade_factor("member"), grade_factor("observer"))
    return reach.holders.targets[rows][holding], held[which][holding], factors[holding]


def _programme_pairs(reach: Reach, a: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """(partner, thing) of cooperation_programme, before the partner rules, with repeats."""
    mine = np.r_[np.int32(a), reach.institutions.targets_of(a)].astype(np.int32)  # the actor itself always
    # the actor gives (it or an institution of it runs or is the thing), the partner benefits (it or an
    # institution of it)
    _, given = reach.gives.of(mine)
    given = np.unique(given)
    which, benefited = reach.benefits.of(given)
    owner_of, owner = reach.institution_of.of(benefited)
    partners = [benefited, owner]
    things = [given[which], given[which][owner_of]]
    # the partner gives, the actor benefits
    _, received = reach.benefited_by.of(mine)
    received = np.unique(received)
    which, giver = reach.givers.of(received)
    owner_of, owner = reach.institution_of.of(giver)
    partners += [giver, owner]
    things += [received[which], received[which][owner_of]]
    return np.concatenate(partners), np.concatenate(things)


def _operates_in_pairs(reach: Reach, a: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """(partner, thing) of cooperation_operates_in, before the partner rules, with repeats."""
    # an institution of the actor in the partner's territory; the actor itself, an institution when it is an
    # Organisation, only through OPERATES_IN (located there, it is domestic)
    mine = reach.institutions.targets_of(a)
    mine = mine[mine != a]
    # placed there: LOCATED_IN or OPERATES_IN (a thing placed both ways is counted once, by np.unique)
    located, located_in = reach.located.of(mine)
    operating, operates_in = reach.operates.of(mine)
    partners = [located_in, operates_in]
    things = [mine[located], mine[operating]]
    if reach.organisation[a]:
        operated = reach.operates.targets_of(a)
        partners.append(operated)
        things.append(np.full(operated.size, a, dtype=np.int32))
    # an institution of the partner in the actor's territory: the institution itself a partner only where it
    # OPERATES_IN there
    here = np.union1d(reach.located_here.targets_of(a), reach.operating_here.targets_of(a)).astype(np.int32)
    which, owner = reach.institution_of.of(here)
    operating = reach.operating_here.targets_of(a)
    partners += [owner, operating]
    things += [here[which], operating]
    return np.concatenate(partners), np.concatenate(things)
