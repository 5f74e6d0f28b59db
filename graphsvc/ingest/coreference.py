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

import dataclasses
import re

from graphsvc.graph.text import fold
from graphsvc.ingest.candidates import Spot
from graphsvc.ingest.relations import list_groups
from graphsvc.ingest.segments import Sentence

RULE = "coreference"


@dataclasses.dataclass(frozen=True)
class Head:
    """A head noun: the folded stems a name with that head contains, and the type a
    name must have to be taken for it when no name has the head (None: the head only)."""

    stems: tuple[str, ...]
    fallback: str | None = None


# The head nouns a definite description is made of, by the word as written (lower case,
# singular; Turkish and Russian by the start of the word, their case endings vary).
HEADS: dict[str, Head] = {
    "university": Head(("universit",)), "üniversite": Head(("universit",)), "университет": Head(("universit",)),
    "academy": Head(("academ", "akadem")), "akademi": Head(("academ", "akadem")),
    "академи": Head(("academ", "akadem")),
    "institute": Head(("institut", "enstitu")), "enstitü": Head(("institut", "enstitu")),
    "институт": Head(("institut", "enstitu")),
    "centre": Head(("centre", "center", "merkez", "tsentr")), "center": Head(("centre", "center", "merkez", "tsentr")),
    "merkez": Head(("centre", "center", "merkez", "tsentr")), "центр": Head(("centre", "center", "merkez", "tsentr")),
    "foundation": Head(("foundation", "vakf", "vakif", "fond")), "vakıf": Head(("foundation", "vakf", "vakif", "fond")),
    "vakf": Head(("foundation", "vakf", "vakif", "fond")), "фонд": Head(("foundation", "vakf", "vakif", "fond")),
    "organisation": Head(("organi", "teskilat", "orgut"), "Organisation"),
    "organization": Head(("organi", "teskilat", "orgut"), "Organisation"),
    "teşkilat": Head(("organi", "teskilat", "orgut"), "Organisation"),
    "örgüt": Head(("organi", "teskilat", "orgut"), "Organisation"),
    "организаци": Head(("organi", "teskilat", "orgut"), "Organisation"),
    "council": Head(("council", "konsey", "sovet")), "union": Head(("union", "birlig", "soyuz")),
    "commission": Head(("commission", "komisyon", "komissi")),
    "agency": Head(("agency", "ajans", "agentstv")), "ministry": Head(("ministry", "bakanlig", "ministerstv")),
    "theatre": Head(("theat", "tiyatro", "teatr")), "theater": Head(("theat", "tiyatro", "teatr")),
    "summit": Head(("summit", "zirve", "sammit"), "Event"), "zirve": Head(("summit", "zirve", "sammit"), "Event"),
    "саммит": Head(("summit", "zirve", "sammit"), "Event"),
    "forum": Head(("forum",), "Event"), "форум": Head(("forum",), "Event"),
    "festival": Head(("festival",), "Event"), "фестивал": Head(("festival",), "Event"),
    "conference": Head(("conferen", "konferans", "konferents"), "Event"),
    "exhibition": Head(("exhibition", "sergi", "vystavk"), "Event"),
    "agreement": Head(("agreement", "anlasma", "soglashen"), "Agreement"),
    "anlaşma": Head(("agreement", "anlasma", "soglashen"), "Agreement"),
    "соглашени": Head(("agreement", "anlasma", "soglashen"), "Agreement"),
    "treaty": Head(("treaty", "antlasma", "dogovor"), "Agreement"),
    "договор": Head(("treaty", "antlasma", "dogovor"), "Agreement"),
    "memorandum": Head(("memorandum",), "Agreement"),
    "programme": Head(("program",), "Programme"), "program": Head(("program",), "Programme"),
    "программ": Head(("program",), "Programme"),
}
_EN_HEADS = "|".join(sorted((h for h in HEADS if h.isascii()), key=len, reverse=True))
_TR_HEADS = "|".join(["üniversite", "akademi", "enstitü", "merkez", "vakıf", "vakf", "teşkilat", "örgüt", "zirve",
                      "anlaşma", "program"])
_RU_HEADS = "|".join(["университет", "академи", "институт", "центр", "фонд", "организаци", "саммит", "форум",
                      "фестивал", "соглашени", "договор", "программ"])
# "the university", "this agreement", "the organisation's"; not "the University of X" (a name)
DESCRIPTION = re.compile(
    rf"\b(?:the|this|that)\s+(?P<head>{_EN_HEADS})(?![\w-])(?-i:(?!\s+(?:of|for|on)\s+(?:the\s+)?[A-Z])(?!\s+[A-Z\"“«]))"
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


def resolve(text: str, sentences: list[Sentence], spots: list[Spot]) -> list[Spot]:
    """The spots the anaphors of the text stand for (new spots; `spots` are the names)."""
    resolved: list[Spot] = []
    pool = sorted(spots, key=lambda s: s.start)
    for number, sentence in enumerate(sentences):
        found = _descriptions(text, sentence, sentences, pool) + _two_states(text, sentence, pool)
        if number > 0:
            found += _pronouns(text, sentence, sentences[number - 1], pool)
        taken: list[Spot] = []
        for spot in sorted(found, key=lambda s: s.start):
            if any(s.start < spot.end and spot.start < s.end for s in pool if s.rule != RULE):
                continue  # part of a name ("The University of X" is the name, not an anaphor)
            taken.append(spot)
        resolved += taken
        pool = sorted(pool + taken, key=lambda s: s.start)
    return resolved


def _as_anaphor(antecedent: Spot, start: int, end: int) -> Spot:
    return Spot(start, end, dataclasses.replace(antecedent.endpoint, resolved_by=RULE), RULE)


def _earlier(pool: list[Spot], sentence: Sentence, sentences: list[Sentence], before: int) -> list[Spot]:
    """Names before `before` in the sentence's paragraph or the one before, most recent first."""
    first = next((s.start for s in sentences if s.paragraph >= sentence.paragraph - 1), 0)
    return [s for s in reversed(pool) if first <= s.start and s.end <= before]


def _descriptions(text: str, sentence: Sentence, sentences: list[Sentence], pool: list[Spot]) -> list[Spot]:
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
        earlier = _earlier(pool, sentence, sentences, match.start())
        antecedent = next((s for s in earlier if any(stem in fold(s.endpoint.name) for stem in head.stems)), None)
        if antecedent is None and head.fallback is not None:
            antecedent = next((s for s in earlier if s.endpoint.type == head.fallback), None)
        if antecedent is not None:
            found.append(_as_anaphor(antecedent, match.start(), match.end()))
    return found


def _two_states(text: str, sentence: Sentence, pool: list[Spot]) -> list[Spot]:
    found: list[Spot] = []
    for match in TWO_STATES.finditer(text, sentence.start, sentence.end):
        states: list[Spot] = []
        for spot in reversed(pool):
            if spot.end > match.start() or spot.endpoint.type != "State":
                continue
            if not _within_paragraphs(text, spot.start, match.start()):
                break
            if all(spot.endpoint.key != s.endpoint.key for s in states):
                states.append(spot)
            if len(states) == 2:
                break
        if len(states) == 2:
            found += [_as_anaphor(state, match.start(), match.end()) for state in reversed(states)]
    return found


def _within_paragraphs(text: str, start: int, end: int) -> bool:
    """At most one paragraph break between the two offsets (this paragraph or the one before)."""
    return len(re.findall(r"\n[ \t]*\n", text[start:end])) <= 1


def _pronouns(text: str, sentence: Sentence, previous: Sentence, pool: list[Spot]) -> list[Spot]:
    if not _within_paragraphs(text, previous.start, sentence.start):
        return []
    in_previous = [s for s in pool if previous.start <= s.start and s.end <= previous.end]
    if not in_previous:
        return []
    subject = in_previous[0]
    found: list[Spot] = []
    for match in PRONOUN.finditer(text, sentence.start, sentence.end):
        if any(sentence.start <= s.start < match.start() for s in pool):
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
