"""What the reconciliation service offers: types, properties, settings and limits.

One definition here; the manifest, the suggest services, the request checks,
matching and data extension all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from graphsvc.vocabulary import ENTITY_TYPES, ID_PREFIXES

# Queries in one batch. OpenRefine sends 10 at a time; a larger batch answers
# 413 and the manifest announces the limit (`batchSize`, as yente does).
MAX_BATCH: Final[int] = 50
# Entity ids in one `extend` request.
MAX_EXTEND_IDS: Final[int] = 50
# Candidates per query: the default (OpenRefine shows the first three) and the cap.
DEFAULT_LIMIT: Final[int] = 5
MAX_LIMIT: Final[int] = 25
# Longest query string matched; longer ones are cut (names are never this long).
MAX_QUERY_CHARS: Final[int] = 300

# Human-readable names of the graph's entity types (their ids are the labels).
TYPE_NAMES: Final[dict[str, str]] = {
    "State": "State",
    "Organisation": "Organisation",
    "Person": "Person",
    "Agreement": "Agreement",
    "Event": "Event",
    "Programme": "Programme",
    "Place": "Place",
}
TYPE_DESCRIPTIONS: Final[dict[str, str]] = {
    "State": "a sovereign state",
    "Organisation": "an intergovernmental organisation, agency, university, theatre, union, ...",
    "Person": "a person: head of state, official, scholar, artist",
    "Agreement": "a treaty, agreement, memorandum or declaration",
    "Event": "a summit, festival, visit, conference",
    "Programme": "a scholarship, exchange, language course or other standing scheme",
    "Place": "a city, region or site",
}
assert tuple(TYPE_NAMES) == ENTITY_TYPES, "one entry per entity type of graphsvc/vocabulary.py"


@dataclass(frozen=True)
class ReconProperty:
    """A property clients can match on (`constraint`) and/or fetch (`extend`)."""

    id: str
    name: str
    description: str
    types: tuple[str, ...]  # the entity types that have it
    constraint: bool
    extend: bool


ACTORS: Final[tuple[str, ...]] = ("State", "Organisation", "Person")

PROPERTIES: Final[tuple[ReconProperty, ...]] = (
    ReconProperty("located_in", "located in",
                  "a place or state the entity lies in (LOCATED_IN, then up through LOCATED_IN / PART_OF)",
                  ("Organisation", "Event", "Place"), constraint=True, extend=False),
    ReconProperty("member_of", "member of", "an organisation the entity is a member (or observer) of",
                  ("State", "Organisation"), constraint=True, extend=False),
    ReconProperty("founded", "founded",
                  "founding (or start) date, ISO 8601, partial allowed (2007); or who founded it",
                  ("Organisation", "Programme", "Agreement", "Event"), constraint=True, extend=True),
    ReconProperty("members", "members", "the states and organisations that are members of it (MEMBER_OF)",
                  ("Organisation",), constraint=False, extend=True),
    ReconProperty("memberships", "memberships", "the organisations it is a member of (MEMBER_OF)",
                  ("State", "Organisation"), constraint=False, extend=True),
    ReconProperty("seat", "seat", "where it is based: the places it is LOCATED_IN directly",
                  ("Organisation", "Event"), constraint=False, extend=True),
    ReconProperty("aliases", "aliases", "its other names; setting `lang` keeps those of one language or script",
                  ENTITY_TYPES, constraint=False, extend=True),
    ReconProperty("cooperation_score", "cooperation score",
                  "its cooperation score with the partner chosen in the setting `partner` "
                  "(docs/cooperation-scoring.md)",
                  ACTORS, constraint=False, extend=True),
)
PROPERTY_BY_ID: Final[dict[str, ReconProperty]] = {p.id: p for p in PROPERTIES}
def _spelling(raw: str) -> str:
    return raw.strip().lower().replace("-", "_").replace(" ", "_")


# Property ids as people write them in OpenRefine: "located in", "Member of", "LOCATED_IN".
_PROPERTY_SPELLINGS: Final[dict[str, str]] = {
    _spelling(spelling): p.id for p in PROPERTIES for spelling in (p.id, p.name)
}


def property_id(raw: str) -> str | None:
    """The property a client names, however spelt ("located in", "LOCATED_IN"), or None."""
    return _PROPERTY_SPELLINGS.get(_spelling(raw))


def type_id(raw: str) -> str | None:
    """The entity type a client names (case-insensitive), or None."""
    by_lower = {t.lower(): t for t in ENTITY_TYPES}
    return by_lower.get(raw.strip().lower())


# Languages and scripts the `aliases` extension can keep (see languages.py).
ALIAS_LANGUAGES: Final[dict[str, str]] = {
    "all": "all aliases",
    "latin": "Latin script",
    "cyrillic": "Cyrillic script",
    "az": "Azerbaijani",
    "kk": "Kazakh",
    "ky": "Kyrgyz",
    "ru": "Russian",
    "tk": "Turkmen",
    "tr": "Turkish",
    "uz": "Uzbek",
}

# Id prefix -> type ("org" -> "Organisation"), for telling an id from a name.
ID_PREFIX_TYPES: Final[dict[str, str]] = {prefix: type_ for type_, prefix in ID_PREFIXES.items()}
