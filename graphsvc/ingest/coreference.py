"""Coreference by rules: the words that stand for a name already written ("the university",
"the two countries", "it") become spots of the entity they stand for, so the trigger
patterns read a fact stated across neighbouring sentences.

- A definite description ("the university", "this agreement", "bu üniversite",
  "данная организация", or a bare head opening a Turkish or Russian sentence:
  "Университет был основан …") stands for the most recent name, in its paragraph or
  the one before, that has the same head ("… Kazakh-Turkish University"); for
  generic heads ("the organisation", "the agreement", "the summit") a name of the
  type the head names will do when none has the head.
- "The two countries", "both states", "iki ülke", "обе страны" stand for the last two
  distinct states named in the paragraph or the one before.
- "It", "its" stand for the first name of the previous sentence when it is not a
  person and nothing is named before the pronoun in its own sentence; "they", "their"
  for the list the previous sentence opens with ("Uzbekistan and Kazakhstan … They").
  "It is important to …", "it should be noted that …" stand for nothing.

Every resolved spot has the rule `coreference` and its endpoint `resolved_by:
coreference`; the candidates it takes part in say so (flag `coreference`) and are
a little less confident (graphsvc/ingest/relations.py).
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from graphsvc.graph.text import fold
from graphsvc.ingest.candidates import COREFERENCE, Spot
from graphsvc.ingest.relations import list_groups
from graphsvc.ingest.segments import Sentence

RULE = COREFERENCE  # the rule of a resolved spot, and its endpoint's resolved_by


@dataclasses.dataclass(frozen=True)
class Head:
    """A head noun: the folded stems a name with that head contains, and the type a
    name must have to be taken for it when no name has the head (None: the head only)."""

    stems: tuple[str, ...]
    fallback: str | None = None

    @property
    def type(self) -> str:
        """The type of what the head names: "the university" is an organisation, never a
        programme whose name says "… at X University"."""
        return self.fallback or "Organisation"


# The head nouns a definite description is made of, by the word as written (lower case,
# singular; Turkish and Russian by the start of the word, their case endings vary):
# the words of each language that name one head, then what that head is.
_HEAD_WORDS: tuple[tuple[tuple[str, ...], Head], ...] = (
    (("university", "üniversite", "университет"), Head(("universit",))),
    (("academy", "akademi", "академи"), Head(("academ", "akadem"))),
    (("institute", "enstitü", "институт"), Head(("institut", "enstitu"))),
    (("centre", "center", "merkez", "центр"), Head(("centre", "center", "merkez", "tsentr"))),
    (("foundation", "vakıf", "vakf", "фонд"), Head(("foundation", "vakf", "vakif", "fond"))),
    (("organisation", "organization", "teşkilat", "örgüt", "организаци"),
     Head(("organi", "teskilat", "orgut"), "Organisation")),
    (("council",), Head(("council", "konsey", "sovet"))),
    (("union",), Head(("union", "birlig", "soyuz"))),
    (("commission",), Head(("commission", "komisyon", "komissi"))),
    (("agency",), Head(("agency", "ajans", "agentstv"))),
    (("ministry",), Head(("ministry", "bakanlig", "ministerstv"))),
    (("theatre", "theater"), Head(("theat", "tiyatro", "teatr"))),
    (("summit", "zirve", "саммит"), Head(("summit", "zirve", "sammit"), "Event")),
    (("forum", "форум"), Head(("forum",), "Event")),
    (("festival", "фестивал"), Head(("festival",), "Event")),
    (("conference",), Head(("conferen", "konferans", "konferents"), "Event")),
    (("exhibition",), Head(("exhibition", "sergi", "vystavk"), "Event")),
    (("agreement", "anlaşma", "соглашени"), Head(("agreement", "anlasma", "soglashen"), "Agreement")),
    (("treaty", "договор"), Head(("treaty", "antlasma", "dogovor"), "Agreement")),
    (("memorandum",), Head(("memorandum",), "Agreement")),
    (("programme", "program", "программ"), Head(("program",), "Programme")),
)
HEADS: dict[str, Head] = {word: head for words, head in _HEAD_WORDS for word in words}
_EN_HEADS = "|".join(sorted((h for h in HEADS if h.isascii()), key=len, reverse=True))
_TR_HEADS = "|".join(["üniversite", "akademi", "enstitü", "merkez", "vakıf", "vakf", "teşkilat", "örgüt", "zirve",
                      "anlaşma", "program"])
_RU_HEADS = "|".join(h for h in HEADS if "а" <= h[0] <= "я")
# "the university", "this agreement", "the organisation's"; not "the University of X" (a name)
# nor "the programme document X", "the agreement entitled X" (the name follows)
DESCRIPTION = re.compile(
    rf"\b(?:the|this|that)\s+(?P<head>{_EN_HEADS})(?![\w-])(?-i:(?!\s+(?:of|for|on)\s+(?:the\s+)?[A-Z])(?!\s+[A-Z\"“«]))"
    r"(?!\s+(?:document|text|titled|entitled|called|named)\b)"
    rf"|\b(?:bu|söz\s+konusu|adı\s+geçen)\s+(?P<tr>{_TR_HEADS})\w*"
    rf"|\b(?:эт\w{{1,3}}|данн\w+|указанн\w+)\s+(?P<ru>{_RU_HEADS})\w*",
    re.IGNORECASE | re.UNICODE)
# A bare head opening a Turkish or Russian sentence: those languages have no article
# ("program" is left out here: an English sentence may open with it).
SENTENCE_HEAD = re.compile(rf"(?P<tr>{_TR_HEADS.removesuffix('|program')})\w*|(?P<ru>{_RU_HEADS})\w*",
                           re.IGNORECASE | re.UNICODE)
TWO_STATES = re.compile(
    r"\b(?:the\s+two|both)\s+(?:countries|states|nations|republics)\b|\b(?:her\s+)?iki\s+(?:ülke|devlet)\w*"
    r"|\b(?:обе|две|двух|обеих|обоих)\s+(?:стран\w*|государств\w*)",
    re.IGNORECASE | re.UNICODE)
PRONOUN = re.compile(r"\b(?P<one>it|its)\b|\b(?P<many>they|their)\b", re.IGNORECASE)
# "It is important to …", "It should be noted that …", "It was investigated that …"
EXPLETIVE = re.compile(
    r"it\s+(?:is|was|has\s+been|had\s+been|should\s+be|must\s+be|can\s+be|could\s+be|may\s+be|seems|appears|"
    r"became|becomes|would\s+be)\s+(?:\w+\s+){0,2}?(?:that|to|whether|how|why)\b",
    re.IGNORECASE)
NOT_IT = frozenset({"Person"})
_LONGEST_NAME = 300  # characters: a name that overlaps an anaphor starts at most this far before it


class _Pool:
    """The spots named so far, sorted by start, for range look-ups by offset."""

    def __init__(self, spots: list[Spot]) -> None:
        self.spots = sorted(spots, key=lambda s: s.start)
        self.starts = [s.start for s in self.spots]

    def within(self, lo: int, hi: int) -> list[Spot]:
        """The spots that lie inside [lo, hi), in the order of the text."""
        first = bisect.bisect_left(self.starts, lo)
        last = bisect.bisect_left(self.starts, hi)
        return [s for s in self.spots[first:last] if s.end <= hi]

    def names_over(self, lo: int, hi: int) -> bool:
        """Whether a name (not an anaphor) overlaps [lo, hi)."""
        first = bisect.bisect_left(self.starts, lo - _LONGEST_NAME)
        last = bisect.bisect_left(self.starts, hi)
        return any(s.end > lo and s.rule != RULE for s in self.spots[first:last])

    def add(self, spot: Spot) -> None:
        at = bisect.bisect_right(self.starts, spot.start)
        self.starts.insert(at, spot.start)
        self.spots.insert(at, spot)


def resolve(text: str, sentences: list[Sentence], spots: list[Spot]) -> list[Spot]:
    """The spots the anaphors of the text stand for (new spots; `spots` are the names)."""
    resolved: list[Spot] = []
    pool = _Pool(spots)
    paragraph_starts: dict[int, int] = {}
    for sentence in sentences:
        paragraph_starts.setdefault(sentence.paragraph, sentence.start)
    for number, sentence in enumerate(sentences):
        # an antecedent is looked for in this paragraph and the one before
        reach = paragraph_starts.get(sentence.paragraph - 1, paragraph_starts[sentence.paragraph])
        found = _descriptions(text, sentence, reach, pool) + _two_states(text, sentence, reach, pool)
        previous = sentences[number - 1] if number > 0 else None
        if previous is not None and previous.paragraph >= sentence.paragraph - 1:
            found += _pronouns(text, sentence, previous, pool)
        for spot in sorted(found, key=lambda s: s.start):
            if pool.names_over(spot.start, spot.end):
                continue  # part of a name ("The University of X" is the name, not an anaphor)
            resolved.append(spot)
            pool.add(spot)
    return resolved


def _as_anaphor(antecedent: Spot, start: int, end: int) -> Spot:
    return Spot(start, end, dataclasses.replace(antecedent.endpoint, resolved_by=RULE), RULE)


def _descriptions(text: str, sentence: Sentence, reach: int, pool: _Pool) -> list[Spot]:
    found: list[Spot] = []
    matches = list(DESCRIPTION.finditer(text, sentence.start, sentence.end))
    opening = SENTENCE_HEAD.match(text, sentence.start, sentence.end)
    if opening is not None and text[sentence.start].isupper():
        matches.insert(0, opening)
    for match in matches:
        word = next(g for g in match.groups() if g is not None).lower()
        head = next((h for key, h in HEADS.items() if word.startswith(key)), None)
        if head is None:
            continue
        earlier = pool.within(reach, match.start())[::-1]  # most recent first
        antecedent = next((s for s in earlier if s.endpoint.type == head.type
                           and any(stem in fold(s.endpoint.name) for stem in head.stems)), None)
        if antecedent is None and head.fallback is not None:
            antecedent = next((s for s in earlier if s.endpoint.type == head.fallback), None)
        if antecedent is not None:
            found.append(_as_anaphor(antecedent, match.start(), match.end()))
    return found


def _two_states(text: str, sentence: Sentence, reach: int, pool: _Pool) -> list[Spot]:
    found: list[Spot] = []
    for match in TWO_STATES.finditer(text, sentence.start, sentence.end):
        states: list[Spot] = []
        for spot in reversed(pool.within(reach, match.start())):
            if spot.endpoint.type == "State" and all(spot.endpoint.key != s.endpoint.key for s in states):
                states.append(spot)
            if len(states) == 2:
                found += [_as_anaphor(state, match.start(), match.end()) for state in reversed(states)]
                break
    return found


def _pronouns(text: str, sentence: Sentence, previous: Sentence, pool: _Pool) -> list[Spot]:
    in_previous = pool.within(previous.start, previous.end)
    if not in_previous:
        return []
    subject = in_previous[0]
    found: list[Spot] = []
    for match in PRONOUN.finditer(text, sentence.start, sentence.end):
        if pool.within(sentence.start, match.start()):
            break  # a name before the pronoun in its own sentence: it may stand for that one
        if EXPLETIVE.match(text, match.start()):
            continue
        if match["one"]:
            if subject.endpoint.type not in NOT_IT:
                found.append(_as_anaphor(subject, match.start(), match.end()))
        else:
            lists = list_groups(text, in_previous)
            listed = [s for s in in_previous if lists[s] == lists[subject]]
            if len(listed) >= 2 and all(s.endpoint.type not in NOT_IT for s in listed):
                found += [_as_anaphor(s, match.start(), match.end()) for s in listed]
        break  # the first pronoun only: later ones may stand for this sentence's names
    return found
