"""Which relationships a cut part cites (graphsvc/graph/cooperation/evidence.py), on hand-made chains."""

from __future__ import annotations

import numpy as np

from graphsvc.graph.cooperation.evidence import (
    ElementIds,
    cited_relationships,
    relationship_keys,
    relationship_order,
    taken_in_turn,
)

ACTOR = "org:a"
EVENT_1 = "event:1"
EVENT_2 = "event:2"
PREFIX = "5:db:"


def participation(number: int, who: str, event: str) -> tuple[str, str, str]:
    return (f"{PREFIX}{number}", who, event)


def post(number: int, who: str, of: str) -> tuple[str, str, str]:
    return (f"{PREFIX}{number}", who, of)


def shared_event(event: str, numbers: int) -> list[list[tuple[str, str, str]]]:
    """The partner's side first (as a walk may collect it), then the actor's own participation."""
    theirs = [[participation(numbers + i, f"person:{name}", event), post(numbers + 10 + i, f"person:{name}", "state:b")]
              for i, name in enumerate(["zeynep", "ali", "murat"])]
    return theirs + [[participation(numbers + 20, ACTOR, event)]]


def test_a_things_relationships_come_actor_side_first_then_by_participant_with_their_posts() -> None:
    order = relationship_order(ACTOR, shared_event(EVENT_1, 100))
    assert order == [f"{PREFIX}120",  # the actor's participation
                     f"{PREFIX}101", f"{PREFIX}111",  # ali's participation and post
                     f"{PREFIX}102", f"{PREFIX}112",  # murat's
                     f"{PREFIX}100", f"{PREFIX}110"]  # zeynep's


def test_the_order_does_not_depend_on_the_order_chains_were_collected_in() -> None:
    chains = shared_event(EVENT_1, 100)
    assert relationship_order(ACTOR, chains) == relationship_order(ACTOR, list(reversed(chains)))


def test_element_ids_order_by_their_numbers() -> None:
    chains = [[post(9, "person:x", ACTOR)], [post(10, "person:x", ACTOR)]]
    assert relationship_order(ACTOR, chains) == [f"{PREFIX}9", f"{PREFIX}10"]


def test_relationships_are_taken_in_turn_from_the_things_each_once() -> None:
    assert taken_in_turn([["a", "b", "c"], ["d", "e"], ["f"]], 4) == {"a", "d", "f", "b"}
    # the actor's post shared by two things is taken once, leaving room for one more
    assert taken_in_turn([["post", "x"], ["post", "y"]], 3) == {"post", "x", "y"}
    assert taken_in_turn([["a"], []], 5) == {"a"}


def test_each_partner_cites_from_its_first_things_only() -> None:
    chains_of = {("state:b", EVENT_1): shared_event(EVENT_1, 100), ("state:b", EVENT_2): shared_event(EVENT_2, 200),
                 ("state:c", EVENT_2): [[participation(300, ACTOR, EVENT_2)]]}
    cited = cited_relationships(ACTOR, chains_of, 1, 2)
    assert cited == {"state:b": {120, 101}, "state:c": {300}}  # by relationship key (relationship_keys)
    both = cited_relationships(ACTOR, chains_of, None, 2)
    assert both["state:b"] == {120, 220}  # each event's actor side first


def test_element_ids_kept_as_numbers_read_as_the_element_ids() -> None:
    ids = ElementIds(PREFIX, np.array([120, 101, 111], dtype=np.int64))
    assert len(ids) == 3 and ids[0] == f"{PREFIX}120" and ids[-1] == f"{PREFIX}111"
    assert list(ids) == [f"{PREFIX}120", f"{PREFIX}101", f"{PREFIX}111"] and ids[1:] == [f"{PREFIX}101", f"{PREFIX}111"]
    # chosen in turn with the walk's lists of element ids, a relationship kept either way taken once, by its key
    assert taken_in_turn([ids, [f"{PREFIX}101", f"{PREFIX}7"]], 3) == {120, 101, 7}


def test_relationships_kept_either_way_count_once() -> None:
    kept = ElementIds(PREFIX, np.array([120, 101], dtype=np.int64))
    walked = [f"{PREFIX}101", f"{PREFIX}7", "not-a-number"]
    assert set(relationship_keys(kept)) | set(relationship_keys(walked)) == {120, 101, 7, "not-a-number"}
