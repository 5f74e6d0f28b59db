"""The cooperation score as a pure function of the shared facts (graphsvc/graph/cooperation/)."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from graphsvc.graph.cooperation.definition import (
    GRADE_FACTORS,
    KINDS,
    WEIGHTS,
    SharedFact,
    Tally,
    pair_score,
    pair_scores,
    part_score,
    total_score,
)
from graphsvc.graph.cooperation.tallies import PartnerTallies, TallyColumns
from graphsvc.graph.cooperation.matrix_counts import (
    HOLDING_KINDS,
    LINK_KINDS,
    REACH_KINDS,
    direct_link_matrix,
    holding_matrices,
    linked_pair_counts,
    operates_in_matrix,
    programme_matrix,
    score_matrix,
    without_domestic_pairs,
)
from graphsvc.graph.cooperation.ranking import first_things, top_partners, with_evidence_of
from graphsvc.graph.cooperation.rosters import NO_ONE, EventRosters
from graphsvc.graph.cooperation.texts import Texts
from tests.cooperation_oracle import rank_partners, score_parts


def fact(partner: str, kind: str, via: str, *, actor: str = "state:a", item: str | None = None,
         grade: str = "", evidence: tuple[dict[str, str], ...] = ()) -> SharedFact:
    return SharedFact(actor=actor, partner=partner, kind=kind, via=via, item=item or via, grade=grade,
                      evidence=evidence)


def ev(rel: str, source: str = "src:x", excerpt: str = "words") -> dict[str, str]:
    return {"source": source, "excerpt": excerpt, "locator": "", "relationship": rel}


def test_weights_cover_every_kind_once() -> None:
    assert set(WEIGHTS) == set(KINDS) and len(KINDS) == len(set(KINDS))
    assert all(weight > 0 for weight in WEIGHTS.values())
    assert 0 < GRADE_FACTORS["observer"] < 1


@pytest.mark.parametrize(("n", "expected"), [(1, 1.0), (2, math.log2(3)), (3, 2.0), (7, 3.0)])
def test_part_score_diminishes(n: int, expected: float) -> None:
    assert part_score("shared_agreement", [1.0] * n) == round(WEIGHTS["shared_agreement"] * expected, 3)


def test_part_score_of_nothing_is_zero() -> None:
    assert part_score("programme", []) == 0.0


def test_each_further_shared_thing_adds_less() -> None:
    gains = [part_score("shared_event", [1.0] * (n + 1)) - part_score("shared_event", [1.0] * n) for n in range(1, 6)]
    assert all(later < earlier for earlier, later in zip(gains, gains[1:]))


def test_distinct_things_count_once_and_evidence_is_merged() -> None:
    parts = score_parts([
        fact("state:b", "shared_agreement", "agreement:x", evidence=(ev("party_to:a->x"),)),
        fact("state:b", "shared_agreement", "agreement:x", evidence=(ev("party_to:b->x"), ev("party_to:a->x"))),
    ])
    assert parts == [{
        "kind": "shared_agreement",
        "score": WEIGHTS["shared_agreement"],
        "things": 1,
        "via": ["agreement:x"],
        "evidence": [ev("party_to:a->x"), ev("party_to:b->x")],
    }]


def test_facets_of_one_direct_link_count_once_but_all_are_listed() -> None:
    item = "TRADES_WITH|state:a|state:b"
    parts = score_parts([
        fact("state:b", "direct_link", "trades_with:state:a->state:b#exports", item=item),
        fact("state:b", "direct_link", "trades_with:state:a->state:b#imports", item=item),
    ])
    assert parts[0]["score"] == WEIGHTS["direct_link"]
    assert parts[0]["via"] == ["trades_with:state:a->state:b#exports", "trades_with:state:a->state:b#imports"]


def test_observer_counts_half_and_membership_wins_over_observer() -> None:
    observer = score_parts([fact("state:b", "shared_membership", "org:ots", grade="observer")])
    assert observer[0]["score"] == round(WEIGHTS["shared_membership"] * math.log2(1.5), 3)
    both = score_parts([
        fact("state:b", "shared_membership", "org:ots", grade="observer"),
        fact("state:b", "shared_membership", "org:ots", grade="member"),
    ])
    assert both[0]["score"] == WEIGHTS["shared_membership"]


def test_parts_best_first_and_total_is_their_sum() -> None:
    parts = score_parts([
        fact("state:b", "shared_membership", "org:1"),
        fact("state:b", "direct_link", "cooperates_with:a->b"),
        fact("state:b", "shared_event", "event:1"),
        fact("state:b", "shared_event", "event:2"),
    ])
    assert [p["kind"] for p in parts] == ["direct_link", "shared_event", "shared_membership"]
    assert total_score(p["score"] for p in parts) == round(3.0 + round(1.5 * math.log2(3), 3) + 1.0, 3)


def test_unknown_kind_is_a_bug() -> None:
    with pytest.raises(ValueError):
        score_parts([fact("state:b", "shared_dinner", "event:1")])


def test_rank_partners_orders_by_score_then_name() -> None:
    facts = [
        fact("state:c", "shared_membership", "org:1"),
        fact("state:b", "shared_membership", "org:1"),
        fact("state:d", "shared_agreement", "agreement:1"),
        fact("state:a", "shared_agreement", "agreement:1"),  # the actor itself: never its own partner
    ]
    names = {"state:b": {"name": "Zeta", "type": "State"}, "state:c": {"name": "alpha", "type": "State"},
             "state:d": {"name": "Mu", "type": "State"}}
    ranked = rank_partners("state:a", facts, names)
    assert [p["id"] for p in ranked] == ["state:d", "state:c", "state:b"]
    assert ranked[0] == {
        "id": "state:d", "name": "Mu", "type": "State", "score": 3.0,
        "parts": [{"kind": "shared_agreement", "score": 3.0, "things": 1, "via": ["agreement:1"], "evidence": []}],
    }


def test_counted_parts_rank_with_listed_ones() -> None:
    """The ranking pass's tallies (per partner and kind) score as the same listed things."""
    facts = [fact("state:b", "shared_membership", "org:1"), fact("state:c", "shared_membership", "org:1")]
    counts = {"state:b": {"shared_event": Tally(n=3.0, things=3)}, "state:d": {"operates_in": Tally(n=1.0, things=1)},
              "state:a": {"programme": Tally(n=9.0, things=9)}}
    names = {p: {"name": p, "type": "State"} for p in ("state:b", "state:c", "state:d")}
    ranked = rank_partners("state:a", facts, names, counts)
    assert [p["id"] for p in ranked] == ["state:b", "state:d", "state:c"]  # never the actor itself
    listed = rank_partners("state:a", facts + [fact("state:b", "shared_event", f"event:{i}") for i in range(3)], names)
    assert ranked[0]["score"] == listed[0]["score"] == round(1.5 * math.log2(4) + 1.0, 3)
    assert ranked[0]["parts"][0] == {"kind": "shared_event", "score": 3.0, "things": 3, "via": [], "evidence": []}
    observed = rank_partners("state:a", [], names, {"state:b": {"shared_membership": Tally(n=1.5, things=2)}})
    as_facts = rank_partners("state:a", [fact("state:b", "shared_membership", "org:1"),
                                         fact("state:b", "shared_membership", "org:2", grade="observer")], names)
    assert observed[0]["score"] == as_facts[0]["score"] and observed[0]["parts"][0]["things"] == 2


def partner_tallies(counts: dict[str, dict[str, Tally]], names: dict[str, dict[str, str]]) -> PartnerTallies:
    """The tallies as tally_shared_things keeps them: columns per kind, names and types apart."""
    columns = TallyColumns()
    for partner_id, tallies in counts.items():
        for kind, tally in tallies.items():
            info = names.get(partner_id, {"name": partner_id, "type": "State"})
            columns.walked(kind, partner_id, info["name"], info["type"], tally.n, tally.things, tally.first)
    return columns.done()


def test_top_partners_are_the_first_of_the_full_ranking() -> None:
    """Selecting the shown partners from the tallies gives the full ranking's head, ties and all."""
    generator = random.Random(7)
    for _ in range(50):
        ids = [f"state:{i}" for i in range(generator.randint(0, 40))]
        # few distinct names and counts: many ties on score, some on name
        names = {p: {"name": generator.choice(["Alma", "alma", "Bek", "Ürgen"]), "type": "State"} for p in ids}
        counts = {
            p: {kind: Tally(n=generator.choice([0.5, 1.0, 1.5, 2.0, 3.0]), things=generator.randint(1, 4),
                            first=tuple(generator.sample(["x:1", "x:2", "x:3"], generator.randint(0, 2))))
                for kind in generator.sample(KINDS, generator.randint(1, len(KINDS)))}
            for p in ids + ["state:a"]
        }
        full = rank_partners("state:a", [], names, counts)
        tallies = partner_tallies(counts, names)
        assert dict(tallies) == counts and dict(tallies.partners) == {**names, "state:a": tallies.partners["state:a"]}
        for limit in (1, 5, 50):
            shown, total = top_partners("state:a", tallies, limit)
            assert shown == full[:limit] and total == len(full)  # never the actor itself


def rosters_naming(ids: tuple[str, ...], names: tuple[str, ...], types: tuple[str, ...]) -> EventRosters:
    """Rosters of no event that name these actors: all the ranking pass reads of them besides the counts."""
    nothing = np.empty(0, dtype=np.int32)
    start = np.zeros(1, dtype=np.int64)
    return EventRosters(row_events=(), entry_starts=start, reached=nothing, sole=nothing, path_starts=start,
                        participant=nothing, participation=nothing, post=nothing, ids=ids, names=Texts(names), types=types,
                        prefix="")


class HashedAs(str):
    """An id whose hash is another's: two ids of one hash, as a collision would give."""

    def __new__(cls, value: str, hashed_as: str) -> HashedAs:
        made = super().__new__(cls, value)
        made.hashed_as = hashed_as
        return made

    def __hash__(self) -> int:
        return hash(self.hashed_as)


def test_rosters_find_many_places_as_one() -> None:
    rosters = rosters_naming(ids=("org:x", "state:b", "state:c"), names=("X", "Bee", "Cee"),
                             types=("Organisation", "State", "State"))
    asked = ["state:c", "state:d", "org:x", "state:b", "org:x"]
    assert rosters.places(asked).tolist() == [rosters.index(actor_id) for actor_id in asked] == [2, NO_ONE, 0, 1, 0]
    # an id hashed as a named one is still found where it is named, or not at all
    assert rosters.places([HashedAs("state:c", "state:b"), HashedAs("state:z", "org:x")]).tolist() == [2, NO_ONE]
    assert rosters_naming(ids=(), names=(), types=()).places(["state:b"]).tolist() == [NO_ONE]


def test_rostered_counts_add_to_the_walked_tallies() -> None:
    """Partners counted from the rosters (no Tally built for them) join the walked ones: n and things added,
    `first` the walked things', names from the rosters for the partners the walk did not name."""
    rosters = rosters_naming(ids=("org:x", "state:b", "state:c"), names=("X", "Bee", "Cee"),
                             types=("Organisation", "State", "State"))
    columns = TallyColumns()
    columns.walked("shared_event", "state:b", "Bee", "State", 2.0, 2, ["event:1", "event:2"])
    columns.walked("shared_agreement", "state:d", "Dee", "State", 1.0, 1, ["agreement:1"])
    columns.counted("shared_event", rosters, np.array([1, 2], dtype=np.int32), np.array([3, 1], dtype=np.int64), 1.0)
    tallies = columns.done()
    assert dict(tallies) == {
        "state:b": {"shared_event": Tally(n=5.0, things=5, first=("event:1", "event:2"))},
        "state:d": {"shared_agreement": Tally(n=1.0, things=1, first=("agreement:1",))},
        "state:c": {"shared_event": Tally(n=1.0, things=1)},
    }
    assert tallies.partners["state:c"] == {"name": "Cee", "type": "State"}
    shown, total = top_partners("state:a", tallies, 2)
    assert [partner["id"] for partner in shown] == ["state:b", "state:d"] and total == 3


def test_top_partners_order_ties_counted_from_the_rosters_as_the_full_ranking() -> None:
    """Partners counted from the rosters only, mostly tied, some also walked: the shown ones and their order are
    the full ranking's head (the rosters' tie order stands for names and ids only among the first of them)."""
    generator = random.Random(3)
    for _ in range(30):
        size = generator.randint(1, 60)
        ids = tuple(sorted(f"org:{i}" for i in range(size)))
        rosters = rosters_naming(ids=ids, names=tuple(generator.choice(["Alma", "alma", "Bek", "Ürgen"]) for _ in ids),
                                 types=("Organisation",) * size)
        places = np.array(sorted(generator.sample(range(size), generator.randint(0, size))), dtype=np.int32)
        columns = TallyColumns()
        for place in generator.sample(range(size), generator.randint(0, size)):
            kind = generator.choice(["shared_event", "shared_membership"])
            columns.walked(kind, ids[place], rosters.names.get(place), "Organisation", 1.0, 1)
        columns.counted("shared_event", rosters, places, np.array([generator.choice([1, 1, 1, 2]) for _ in places],
                                                                  dtype=np.int64), 1.0)
        tallies = columns.done()
        actor = generator.choice(ids)
        full = rank_partners(actor, [], dict(tallies.partners), dict(tallies))
        for limit in (1, 3, 10, 100):
            assert top_partners(actor, tallies, limit) == (full[:limit], len(full))


def test_pair_scores_are_the_pair_score_of_each_column() -> None:
    """The ranking's scores of many partners at once are `pair_score`'s, float for float."""
    rng = random.Random(11)
    n = np.array([[rng.choice([0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 7.0, 58141.0]) for _ in range(500)] for _ in KINDS])
    expected = [pair_score({kind: float(n[row, column]) for row, kind in enumerate(KINDS) if n[row, column]})
                for column in range(n.shape[1])]
    assert pair_scores(n).tolist() == expected
    # as many distinct values per kind as columns: numbered past the int64 range unless renumbered on the way
    many = np.array([[rng.choice([0.0, 0.5]) + rng.randint(0, 10**6) for _ in range(3000)] for _ in KINDS])
    assert pair_scores(many).tolist() == [pair_score(dict(zip(KINDS, many[:, column].tolist(), strict=True)))
                                          for column in range(many.shape[1])]
    assert pair_scores(np.zeros((len(KINDS), 0))).tolist() == []


def test_via_lists_the_first_things_by_id_and_says_when_it_is_cut() -> None:
    facts = [fact("state:b", "shared_event", f"event:{i}", evidence=(ev(f"participated_in:b->{i}"),)) for i in range(5)]
    facts += [fact("state:b", "direct_link", "trades_with:a->b#exports", item="TRADES_WITH|a|b"),
              fact("state:b", "direct_link", "trades_with:a->b#imports", item="TRADES_WITH|a|b")]
    names = {"state:b": {"name": "B", "type": "State"}}
    ranked = rank_partners("state:a", facts, names)
    shown = with_evidence_of(ranked, first_things(facts, 2))
    parts = {part["kind"]: part for part in shown[0]["parts"]}
    assert shown[0]["score"] == ranked[0]["score"]  # scored on all five events, not the two listed
    assert parts["shared_event"]["things"] == 5 and parts["shared_event"]["via"] == ["event:0", "event:1"]
    assert [e["relationship"] for e in parts["shared_event"]["evidence"]] == ["participated_in:b->0", "participated_in:b->1"]
    assert parts["shared_event"]["via_truncated"] is True
    # a thing's facets stay together: one thing, both relationships listed
    assert parts["direct_link"]["via"] == ["trades_with:a->b#exports", "trades_with:a->b#imports"]
    assert parts["direct_link"]["via_truncated"] is False


def pair_counts(ids: list[str], matrices: dict[str, np.ndarray]) -> dict[tuple[str, str], dict[str, float]]:
    """The non-zero n of each kind's matrix, per unordered pair (smaller id, larger id)."""
    counts: dict[tuple[str, str], dict[str, float]] = {}
    for kind, matrix in matrices.items():
        assert (matrix == matrix.T).all() and not matrix.diagonal().any()
        for a, b in itertools.combinations(range(len(ids)), 2):
            if matrix[a, b]:
                counts.setdefault((min(ids[a], ids[b]), max(ids[a], ids[b])), {})[kind] = float(matrix[a, b])
    return counts


def test_score_matrix_is_symmetric_and_scores_each_pair_from_its_n_per_kind() -> None:
    ids = ["state:c", "state:a", "state:b"]
    # a and b: one direct link (a's side to b's); b and c: one institution abroad
    direct_link = direct_link_matrix(ids, [{"sources": ["state:a"], "targets": ["state:b"], "links": 1}])
    operates_in = np.zeros((3, 3))
    operates_in[0, 2] = operates_in[2, 0] = 1.0
    assert score_matrix(ids, {"direct_link": direct_link, "operates_in": operates_in}) == [
        [0.0, 0.0, WEIGHTS["operates_in"]],
        [0.0, 0.0, WEIGHTS["direct_link"]],
        [WEIGHTS["operates_in"], WEIGHTS["direct_link"], 0.0],
    ]


def test_the_matrix_counts_every_kind_once() -> None:
    counted = HOLDING_KINDS + REACH_KINDS + LINK_KINDS
    assert sorted(counted) == sorted(KINDS)


def test_direct_link_matrix_counts_a_relationship_once_per_pair_it_links() -> None:
    ids = ["state:a", "state:b", "state:c"]
    rows = [
        # two relationships from a's side to b's
        {"sources": ["state:a"], "targets": ["state:b"], "links": 2},
        # one whose start side is a and b (a person holding posts in both) and whose end is c
        {"sources": ["state:a", "state:b"], "targets": ["state:c"], "links": 1},
        # one between b and c with b and c on both sides: one link for the pair, not two
        {"sources": ["state:b", "state:c"], "targets": ["state:b", "state:c"], "links": 1},
    ]
    assert direct_link_matrix(ids, rows).tolist() == [[0.0, 2.0, 1.0], [2.0, 0.0, 2.0], [1.0, 2.0, 0.0]]


def test_score_matrix_cells_are_the_pair_scores_of_random_counts() -> None:
    rng = random.Random(5)
    ids = [f"state:{i}" for i in range(9)]
    n_by_kind = {}
    for kind in KINDS:
        upper = np.triu(np.array([[rng.choice([0.0, 0.5, 1.0, 2.0, 3.5, 17.0]) for _ in ids] for _ in ids]), k=1)
        n_by_kind[kind] = upper + upper.T
    scores = score_matrix(ids, n_by_kind)
    for a, b in itertools.permutations(range(len(ids)), 2):
        expected = pair_score({kind: float(n[a, b]) for kind, n in n_by_kind.items() if n[a, b]})
        assert scores[a][b] == expected
    assert all(scores[a][a] == 0.0 for a in range(len(ids)))


def holding(actor: str, kind: str, item: str, grade: str, through: str | None = None) -> dict[str, str]:
    """One thing an entity holds, as the branches of cooperation_matrix_holdings find it."""
    return {"actor": actor, "kind": kind, "item": item, "grade": grade, "through": through or actor}


def held_by_entity(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    """What cooperation_matrix_holdings returns for these holdings: one row per entity and kind, parallel lists."""
    by_entity: dict[tuple[str, str], dict[str, tuple[set[str], set[str]]]] = {}
    for row in rows:
        grades, throughs = by_entity.setdefault((row["actor"], row["kind"]), {}).setdefault(
            row["item"], (set(), set()))
        grades.add(row["grade"])
        throughs.add(row["through"])
    return [
        {"actor": actor, "kind": kind, "items": list(held),
         "observer": [grades == {"observer"} for grades, _ in held.values()] if kind == "shared_membership" else [],
         "throughs": [next(iter(who)) if len(who) == 1 else "" for _, who in held.values()]
         if kind == "shared_event" else []}
        for (actor, kind), held in by_entity.items()
    ]


def brute_force_held(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, float]]:
    """The definition, spelled out per pair and thing, as the shared_* queries count."""
    counts: dict[tuple[str, str], dict[str, float]] = {}
    actors = sorted({row["actor"] for row in rows})
    for a, b in itertools.combinations(actors, 2):
        for kind, item in sorted({(row["kind"], row["item"]) for row in rows}):
            rows_a = [r for r in rows if (r["actor"], r["kind"], r["item"]) == (a, kind, item)]
            rows_b = [r for r in rows if (r["actor"], r["kind"], r["item"]) == (b, kind, item)]
            if not rows_a or not rows_b:
                continue
            if len({r["through"] for r in rows_a + rows_b}) < 2:  # the same one acted alone for both
                continue
            factor = max(
                GRADE_FACTORS.get("observer" if "observer" in (ra["grade"], rb["grade"]) else "", 1.0)
                for ra in rows_a for rb in rows_b
            )
            kinds = counts.setdefault((a, b), {})
            kinds[kind] = kinds.get(kind, 0.0) + factor
    return counts


def test_holding_matrices_pair_up_what_entities_hold_as_the_shared_queries_do() -> None:
    rows = [
        # org:x: a and b members, c only an observer; org:y: a member, b observer and member
        holding("state:a", "shared_membership", "org:x", "member"),
        holding("state:b", "shared_membership", "org:x", "member"),
        holding("state:c", "shared_membership", "org:x", "observer"),
        holding("state:a", "shared_membership", "org:y", "member"),
        holding("state:b", "shared_membership", "org:y", "observer"),
        holding("state:b", "shared_membership", "org:y", "member"),
        # an agreement held by one only is shared by nobody
        holding("state:a", "shared_agreement", "agreement:1", "party"),
        # event:1: one person holding posts in both a and c acted for both: not a shared event
        holding("state:a", "shared_event", "event:1", "participant", "person:p"),
        holding("state:c", "shared_event", "event:1", "participant", "person:p"),
        # event:2: b itself and a's president
        holding("state:b", "shared_event", "event:2", "participant"),
        holding("state:a", "shared_event", "event:2", "participant", "person:q"),
    ]
    ids = ["state:a", "state:b", "state:c"]
    matrices = holding_matrices(ids, held_by_entity(rows))
    counts = pair_counts(ids, matrices)
    observer = GRADE_FACTORS["observer"]
    assert counts == {
        ("state:a", "state:b"): {"shared_membership": 2.0, "shared_event": 1.0},
        ("state:a", "state:c"): {"shared_membership": observer},
        ("state:b", "state:c"): {"shared_membership": observer},
    }
    assert counts == brute_force_held(rows)
    direct_link = direct_link_matrix(ids, [{"sources": ["state:b"], "targets": ["state:a"], "links": 1}])
    scores = score_matrix(ids, {**matrices, "direct_link": direct_link})
    assert scores[0][1] == scores[1][0] == round(
        part_score("shared_membership", [2.0]) + part_score("shared_event", [1.0]) + part_score("direct_link", [1.0]), 3
    )
    assert scores[1][2] == part_score("shared_membership", [observer])


def test_holding_matrices_match_the_definition_on_random_holdings() -> None:
    rng = random.Random(11)
    ids = [f"state:{letter}" for letter in "abcdef"]
    throughs = ids + ["person:p", "person:q"]
    rows = [
        holding(rng.choice(ids), kind, f"{kind}:{rng.randint(1, 12)}",
                rng.choice(["member", "observer"]) if kind == "shared_membership" else "participant",
                rng.choice(throughs) if kind == "shared_event" else None)
        for kind in ("shared_membership", "shared_event") for _ in range(150)
    ]
    # an event entity's own participation is through itself
    rows = [r for r in rows if not (r["through"] in ids and r["through"] != r["actor"])]
    expected = brute_force_held(rows)
    assert pair_counts(ids, holding_matrices(ids, held_by_entity(rows))) == {
        pair: {kind: n for kind, n in kinds.items() if n} for pair, kinds in expected.items() if any(kinds.values())
    }


def brute_force_linked(ids: list[str], things: list[tuple[list[str], list[str]]]) -> dict[tuple[str, str], int]:
    """The definition, spelled out: per pair, the things linking one to the other in either direction."""
    counts: dict[tuple[str, str], int] = {}
    for a, b in itertools.combinations(sorted(ids), 2):
        n = sum(1 for sources, targets in things
                if (a in sources and b in targets) or (b in sources and a in targets))
        if n:
            counts[(a, b)] = n
    return counts


def test_linked_pair_counts_count_each_thing_once_per_pair_whichever_way_it_links() -> None:
    rng = random.Random(7)
    ids = [f"state:{letter}" for letter in "abcdefg"]
    things = [(rng.sample(ids, rng.randint(0, 4)), rng.sample(ids, rng.randint(0, 4))) for _ in range(300)]
    # identical things grouped, as the queries return them
    signatures: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
    for sources, targets in things:
        key = (tuple(sorted(sources)), tuple(sorted(targets)))
        signatures[key] = signatures.get(key, 0) + 1
    matrix = linked_pair_counts(ids, [(list(s), list(t), w) for (s, t), w in signatures.items()])
    index = {entity_id: i for i, entity_id in enumerate(ids)}
    got = {(a, b): int(matrix[index[a], index[b]]) for a, b in itertools.combinations(sorted(ids), 2)
           if matrix[index[a], index[b]]}
    assert got == brute_force_linked(ids, things)
    assert (matrix == matrix.T).all() and not matrix.diagonal().any()


def test_reach_matrices_own_institutions_and_domestic_pairs() -> None:
    ids = ["org:x", "state:a", "state:b", "state:c"]
    institutions = [
        # two institutions of a in b's territory, one of them also of b in a's: 2 things for (a, b)
        {"owners": ["state:a"], "hosts": ["state:b"], "self": None, "operated": [], "institutions": 1},
        {"owners": ["state:a", "state:b"], "hosts": ["state:a", "state:b"], "self": None, "operated": [],
         "institutions": 1},
        # org:x itself: located in c (not counted for itself), operates in a (counted)
        {"owners": [], "hosts": ["state:a", "state:c"], "self": "org:x", "operated": ["state:a"], "institutions": 1},
    ]
    programmes = [{"givers": ["org:x"], "receivers": ["state:c"], "things": 3}]

    def reach_matrices(domestic_rows: list[dict[str, str]]) -> dict[str, np.ndarray]:
        reach = {"operates_in": operates_in_matrix(ids, institutions), "programme": programme_matrix(ids, programmes)}
        return without_domestic_pairs(ids, reach, domestic_rows)

    counts = pair_counts(ids, reach_matrices([]))
    assert counts == {
        ("state:a", "state:b"): {"operates_in": 2.0},
        ("org:x", "state:a"): {"operates_in": 1.0},
        ("org:x", "state:c"): {"programme": 3.0},
    }
    # org:x located in c's territory is domestic there: that pair gets neither part
    domestic = pair_counts(ids, reach_matrices([{"actor": "org:x", "partner": "state:c"}]))
    assert ("org:x", "state:c") not in domestic and domestic[("org:x", "state:a")] == {"operates_in": 1.0}
