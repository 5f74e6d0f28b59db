"""The graph model's controlled vocabularies.

One place for the labels, relationship types, sectors and tiers that the
seed validator, the loader, the query filters and the docs all use. The
contract is `shared/design/graph-model.md`; `docs/data-model.md` explains
each term.
"""

from typing import Final

# Type labels: every world entity has `:Entity` and exactly one of these.
ENTITY_TYPES: Final[tuple[str, ...]] = (
    "State",
    "Organisation",
    "Person",
    "Agreement",
    "Event",
    "Programme",
    "Place",
)

# Relationship types with one line of meaning each (docs/data-model.md is
# generated from the same words).
RELATIONSHIP_TYPES: Final[dict[str, str]] = {
    "MEMBER_OF": "a state or organisation is a member of an organisation",
    "OBSERVER_OF": "a state or organisation has observer status in an organisation",
    "FOUNDED": "an actor founded an organisation, programme or event series",
    "ESTABLISHED_BY": "an organisation, programme or agreement was set up by an actor (inverse reading of FOUNDED, used when the text says 'established by')",
    "PARTY_TO": "a state or organisation is a party or signatory to an agreement",
    "SIGNED": "a person signed an agreement on behalf of a state or organisation",
    "SIGNED_IN": "an agreement was signed in a place",
    "ADOPTED": "an organisation or event adopted an agreement, strategy or declaration",
    "PARTICIPATED_IN": "an actor took part in an event (property `role`: host, organiser, participant, guest, visitor, speaker)",
    "ORGANISED": "an actor organised or hosted an event or programme",
    "LOCATED_IN": "an organisation, event or place is located in a place or state",
    "OPERATES_IN": "an organisation of one state operates (branch, office, centre) in another state or place",
    "PART_OF": "a place, organisation or event is part of a larger one",
    "HOLDS_POSITION": "a person holds (or held) a post in a state or organisation (property `title`)",
    "AFFILIATED_WITH": "a person is affiliated with an institution (staff, student, author affiliation)",
    "COOPERATES_WITH": "two actors cooperate directly (joint projects, agreements between institutions, exchanges)",
    "RUNS": "an organisation runs a programme, centre or event series",
    "BENEFITS": "a programme or initiative serves a state, organisation or group",
    "FUNDS": "an actor finances an organisation, programme or project",
    "SUPPORTS": "an actor backs or promotes an initiative, organisation or event",
    "VISITED": "a person or delegation visited a state or place (a state visit is also an Event)",
    "RANKED_IN": "a state is ranked in an index or ranking (properties `rank`, `score`; its year is `start`/`end`)",
    "TRADES_WITH": "a state trades with another (figures such as `share_percent`, `volume_usd`)",
    "DESIGNATED": "an organisation designated a place or thing (cultural capital, heritage listing)",
    "SUCCEEDED": "an organisation or agreement is the successor of another (renaming, reorganisation)",
    "DEDICATED_TO": "an event or programme is dedicated to a person, place or theme (an exhibition dedicated to a writer)",
}

SECTORS: Final[tuple[str, ...]] = (
    "culture",
    "education",
    "science",
    "language",
    "heritage",
    "arts",
    "literature",
    "media",
    "tourism",
    "youth",
    "economy",
    "trade",
    "energy",
    "transport",
    "politics",
    "diplomacy",
    "space",
)

TIERS: Final[tuple[str, ...]] = ("evidenced", "reference")

# Every entity id starts with its type's prefix: `state:kazakhstan`.
ID_PREFIXES: Final[dict[str, str]] = {
    "State": "state",
    "Organisation": "org",
    "Person": "person",
    "Agreement": "agreement",
    "Event": "event",
    "Programme": "programme",
    "Place": "place",
}

# Relationships that happen at a moment (a signature, a participation, a
# founding): a dated one lasts only the period its date names. The others
# (membership, a post, cooperation) hold from `start` until `end`, open-ended
# when no end is given.
POINT_IN_TIME_TYPES: Final[frozenset[str]] = frozenset(
    {"FOUNDED", "ESTABLISHED_BY", "SIGNED", "SIGNED_IN", "ADOPTED", "PARTICIPATED_IN", "ORGANISED",
     "VISITED", "DESIGNATED"}
)

# Relationships with no direction of their own: stored from the smaller id to
# the larger, so "A cooperates with B" and "B cooperates with A" are one fact.
SYMMETRIC_TYPES: Final[frozenset[str]] = frozenset({"COOPERATES_WITH"})

# How a source hedges a figure ("more than 280 agreements"): the figure holds
# the number, `<figure>_qualifier` one of these words.
FIGURE_QUALIFIERS: Final[tuple[str, ...]] = ("more than", "less than", "about", "at least", "up to", "top")

# Figures that count or rank things are whole numbers: a figure named one of
# these, or ending in `_` + one of them (`export_rank`, `countries_ranked`).
INTEGER_FIGURES: Final[tuple[str, ...]] = (
    "rank", "ranked", "count", "number", "students", "graduates", "undergraduates", "doctoral", "programmes",
    "applicants", "universities", "agreements", "enrolled",
)
