"""Which relationship types the graph model allows between which entity types.

Read from the one-line meanings of graphsvc/vocabulary.py (RELATIONSHIP_TYPES; the
contract is shared/design/graph-model.md): "MEMBER_OF: a state or organisation is
a member of an organisation" gives MEMBER_OF from (State, Organisation) to
(Organisation). The co-mention rule types a pair of names from this table and the
words around them, never from counts of the graph's facts; a unit test checks that
every trigger of the lexicon links ends this table allows.
"""

from __future__ import annotations

from typing import Final

_ACTORS = ("State", "Organisation", "Person")
_ANY = ("State", "Organisation", "Person", "Agreement", "Event", "Programme", "Place")

# type: (from types, to types)
ENDS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "MEMBER_OF": (("State", "Organisation"), ("Organisation",)),
    "OBSERVER_OF": (("State", "Organisation"), ("Organisation",)),
    "FOUNDED": (_ACTORS, ("Organisation", "Programme", "Event", "State")),
    "ESTABLISHED_BY": (("Organisation", "Programme", "Agreement", "Event", "State"), (*_ACTORS, "Agreement")),
    "PARTY_TO": (("State", "Organisation"), ("Agreement",)),
    "SIGNED": (("Person",), ("Agreement",)),
    "SIGNED_IN": (("Agreement",), ("Place", "State")),
    "ADOPTED": (("Organisation", "Event", "State"), ("Agreement", "Programme")),
    "PARTICIPATED_IN": (_ACTORS, ("Event",)),
    "ORGANISED": (_ACTORS, ("Event", "Programme")),
    "LOCATED_IN": (("Organisation", "Event", "Place"), ("Place", "State")),
    "OPERATES_IN": (("Organisation",), ("State", "Place")),
    "PART_OF": (("Place", "Organisation", "Event"), ("Place", "Organisation", "Event", "State")),
    "HOLDS_POSITION": (("Person",), ("State", "Organisation")),
    "AFFILIATED_WITH": (("Person",), ("Organisation",)),
    "COOPERATES_WITH": (_ACTORS, _ACTORS),
    "RUNS": (("Organisation", "State"), ("Programme", "Organisation", "Event")),
    "BENEFITS": (("Programme", "Organisation", "Event"), ("State", "Organisation")),
    "FUNDS": (_ACTORS, ("Organisation", "Programme", "Event")),
    "SUPPORTS": (_ACTORS, ("Programme", "Organisation", "Event", "Agreement")),
    "VISITED": (("Person", "Organisation"), ("State", "Place")),
    "RANKED_IN": (("State",), ("Programme", "Organisation")),
    "TRADES_WITH": (("State",), ("State",)),
    "DESIGNATED": (("Organisation", "Event"), ("Place", "Event", "Programme")),
    "SUCCEEDED": (("Organisation", "Agreement", "State"), ("Organisation", "Agreement", "State")),
    "DEDICATED_TO": (("Event", "Programme"), _ANY),
}

# Ends a trigger reads beyond those meanings because its words state them; a
# co-mention, which has no such words, never guesses them.
READ_ONLY_FROM_WORDS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "ESTABLISHED_BY": ((), ("Programme",)),  # "founded through the X programme"
    "LOCATED_IN": (("State",), ()),  # a state of the past: "a khanate that emerged in the territory of X"
    "VISITED": (("State",), ()),  # a state's delegation: "Kazakhstan's visit to X"
    "TRADES_WITH": ((), ("Organisation",)),  # a bloc: "exports to the EU"
    "BENEFITS": ((), ("Place",)),  # the people of a place: "popularising the language in X"
}

# The types two names can state by how they stand together, with no word for the
# relationship: a thing and the place it is in, a part and its whole, an event and
# who took part, a programme and who runs it or whom it serves. In this order when
# several fit and no word chooses. Every other type (a membership, a founding, a
# visit, a cooperation, a post, …) a co-mention gives only when a word cues it.
PLACEMENT_TYPES: Final[tuple[str, ...]] = ("LOCATED_IN", "PART_OF", "PARTICIPATED_IN", "RUNS", "BENEFITS")


def allows(rel_type: str, from_type: str, to_type: str) -> bool:
    """Whether the model allows `rel_type` from a `from_type` to a `to_type`."""
    from_types, to_types = ENDS.get(rel_type, ((), ()))
    return from_type in from_types and to_type in to_types


def readings(type_a: str, type_b: str) -> list[tuple[str, bool]]:
    """(relationship type, whether A is its start) for every type the model allows
    between an A and a B, in the vocabulary's order."""
    found: list[tuple[str, bool]] = []
    for rel_type in ENDS:
        if allows(rel_type, type_a, type_b):
            found.append((rel_type, True))
        if allows(rel_type, type_b, type_a) and (type_a != type_b or not found or found[-1][0] != rel_type):
            found.append((rel_type, False))
    return found
