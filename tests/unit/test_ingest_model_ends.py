"""The graph model's ends per relationship type (graphsvc/ingest/model_ends.py):
complete, and never narrower than what the rules read."""

from __future__ import annotations

from graphsvc.ingest import lexicon
from graphsvc.ingest.model_ends import ENDS, PLACEMENT_TYPES, READ_ONLY_FROM_WORDS, readings
from graphsvc.vocabulary import ENTITY_TYPES, RELATIONSHIP_TYPES


def _allowed(rel_type: str) -> tuple[set[str], set[str]]:
    from_types, to_types = ENDS[rel_type]
    more_from, more_to = READ_ONLY_FROM_WORDS.get(rel_type, ((), ()))
    return set(from_types) | set(more_from), set(to_types) | set(more_to)


def test_every_type_of_the_vocabulary_has_its_ends() -> None:
    assert set(ENDS) == set(RELATIONSHIP_TYPES)
    assert set(READ_ONLY_FROM_WORDS) <= set(RELATIONSHIP_TYPES) and set(PLACEMENT_TYPES) <= set(ENDS)
    for from_types, to_types in ENDS.values():
        assert from_types and to_types and set(from_types) | set(to_types) <= set(ENTITY_TYPES)


def test_every_rule_links_ends_the_model_allows() -> None:
    for trigger in lexicon.TRIGGERS:
        if trigger.direction == "cue":
            continue
        from_types, to_types = _allowed(trigger.type)
        assert set(trigger.from_types) <= from_types, trigger.name
        assert set(trigger.to_types) <= to_types, trigger.name
    for link in lexicon.INNER_LINKS:
        from_types, to_types = _allowed(link.type)
        starts, ends = (link.outer_types, link.inner_types) if link.outer_first else (link.inner_types, link.outer_types)
        assert set(starts) <= from_types and set(ends) <= to_types, link.name


def test_readings_give_the_direction_the_model_gives() -> None:
    assert ("BENEFITS", True) in readings("Programme", "State")
    assert ("BENEFITS", False) in readings("State", "Programme")
    assert ("MEMBER_OF", True) in readings("State", "Organisation")
    assert ("LOCATED_IN", False) in readings("State", "Organisation")
    # a place in a state, never a state in a place: that a co-mention does not guess
    assert ("LOCATED_IN", True) in readings("Place", "State") and ("LOCATED_IN", False) not in readings(
        "Place", "State")
    assert not [r for r in readings("Person", "State") if r[0] in PLACEMENT_TYPES]
