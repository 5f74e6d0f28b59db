"""Mentions of known entities in a text: one Aho-Corasick automaton over every
name and alias, folded as search folds them (graphsvc.graph.text.fold).

The text is folded letter by letter with a map back to its own offsets, so
a mention's offsets point into the text as written. A mention starts at a
word start and ends at a word end, or where an apostrophe cuts a suffix off
("Türkiye'nin", "Kazakhstan's"), or before a case suffix of Turkish, Kazakh
or Russian written without one ("Қазақстанның", "Казахстана", "Turkiyenin").
An alias shared by several entities is resolved by the entities mentioned
elsewhere in the text, or left ambiguous with its options listed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from graphsvc.graph.text import _APOSTROPHES, fold

# Folded keys shorter than this are not looked for (too many chance hits).
MIN_KEY_LENGTH = 3

# Case and possessive suffixes that may follow a name inside one word,
# folded (Cyrillic transliterated as fold does). Turkish and Azerbaijani,
# Kazakh and Kyrgyz, Uzbek, Russian.
SUFFIXES: frozenset[str] = frozenset(
    """
    in nin un nun i yi u yu ni nu e ye a ya na ne da de ta te nda nde dan den tan ten ndan nden
    la le yla yle ile li lu lar ler daki deki taki teki ca ce dir dur
    ning ding ting nyng dyng tyng ga ge qa ke ka gha ny dy ty nan nen men ben pen mn
    dagi dan ga ni ning da
    om em oy ey ov ev u yu y ym im ami yami akh yakh ie ii iey iyu iya iyey
    """.split()
)
# Russian inflects every word of a name (Организация тюркских государств ->
# Организации тюркских государств): Cyrillic names and words are also compared
# with their case ending cut, in Cyrillic letters (longest first), and then the
# vowels and й/ь the stem ends with: transliterated endings cut the stem at
# different letters (Галерея is "galereya", Галерее "galeree": "galere" and
# "galer"), Cyrillic letters cut it at one ("Галер").
_RUSSIAN_ENDINGS = tuple(sorted(
    """иями ями ами иях ях ах ией ей ой ий ый ых их ым им ого его ому ему ую юю ая яя ое ее ом ем ам ям ов ев
    ёй ёв ём""".split(), key=len, reverse=True))
_STEM_VOWELS = "аеёиоуыэюяйь"
MIN_STEM_LETTERS = 3
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@dataclass(frozen=True)
class Known:
    """An entity a gazetteer key names."""

    id: str
    type: str
    name: str


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the text
    end: int
    surface: str  # the text as written
    options: tuple[Known, ...]  # one when resolved; several when ambiguous
    resolved_by: str = "name"  # name | co-mention | ambiguous

    @property
    def entity(self) -> Known | None:
        return self.options[0] if len(self.options) == 1 else None


# A letter that folds to nothing (Cyrillic ь and ъ): dropped, neither a separator
# nor a cut ("культуры" folds to "kultury", as fold() folds it, not "kul tury").
_SILENT = "\x00"


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character folded as fold() folds it; " " for a separator, "" for an
    apostrophe, _SILENT for a letter that folds to nothing."""
    if _APOSTROPHES.match(ch):
        return ""
    folded = fold(ch)
    if folded:
        return folded
    return _SILENT if ch.isalpha() else " "


@dataclass
class FoldedText:
    text: str  # folded, separators collapsed to one space
    origin: list[int]  # origin[i]: offset in the original text of folded character i
    cut: set[int] = field(default_factory=set)  # folded positions where an apostrophe was dropped


def fold_with_offsets(text: str) -> FoldedText:
    chars: list[str] = []
    origin: list[int] = []
    cut: set[int] = set()
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded == _SILENT:
            continue
        if folded == "":
            cut.add(len(chars))
            continue
        if folded == " " and (not chars or chars[-1] == " "):
            continue
        for letter in folded:
            chars.append(letter)
            origin.append(index)
    return FoldedText("".join(chars), origin, cut)


@dataclass
class _Entry:
    known: set[Known] = field(default_factory=set)


class Gazetteer:
    """Every name and alias of the given entities, ready to find them in any text."""

    def __init__(self, entities: Iterable[tuple[str, str, str, list[str]]]) -> None:
        """`entities`: (id, type, name, aliases) for every entity of the graph."""
        entries: dict[str, _Entry] = {}
        self.names: dict[str, Known] = {}
        self._cyrillic_names: list[tuple[str, str, str, list[str]]] = []
        for entity_id, type_, name, aliases in entities:
            if any(_CYRILLIC.search(w) for w in [name, *aliases]):
                self._cyrillic_names.append((entity_id, type_, name, aliases))
            known = Known(entity_id, type_, name)
            self.names[entity_id] = known
            for written in [name, *aliases]:
                for key, _ in _keys(written):
                    if len(key) >= MIN_KEY_LENGTH:
                        entries.setdefault(key, _Entry()).known.add(known)
        self.automaton = _automaton(entries)
        stems: dict[str, _Entry] = {}
        for entity_id, type_, name, aliases in self._cyrillic_names:
            known = self.names[entity_id]
            for written in (w for w in [name, *aliases] if _CYRILLIC.search(w)):
                key = stem_folded(fold_with_offsets(written), written).text
                if len(key) >= MIN_KEY_LENGTH:
                    stems.setdefault(key, _Entry()).known.add(known)
        self.stem_automaton = _automaton(stems)
        self.size = len(entries)

    def find(self, text: str, folded: FoldedText | None = None, without: str | None = None) -> list[Mention]:
        """The mentions of known entities in `text`; with `without`, the names other than
        that entity's (the names inside a name: graphsvc/ingest/inner_names.py)."""
        if self.size == 0:
            return []
        folded = folded or fold_with_offsets(text)
        hits = _hits(self.automaton, folded, with_suffixes=True)
        if _CYRILLIC.search(text) and self.stem_automaton is not None:
            stemmed = stem_folded(folded, text)
            hits += _hits(self.stem_automaton, stemmed, with_suffixes=False)
        if without is not None:
            hits = [hit for hit in hits if all(known.id != without for known in hit[2])]
        # Leftmost, then longest; no two mentions overlap.
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        mentions: list[Mention] = []
        taken_until = -1
        for start, end, options in hits:
            if start >= taken_until:
                end = _word_end(text, end)
                mentions.append(Mention(start, end, text[start:end], options))
                taken_until = end
        return _resolve(mentions)


def _automaton(entries: dict[str, _Entry]) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for key, entry in entries.items():
        automaton.add_word(key, (len(key), tuple(sorted(entry.known, key=lambda k: k.id))))
    automaton.make_automaton()
    return automaton


def _hits(automaton: ahocorasick.Automaton | None, folded: FoldedText,
          with_suffixes: bool) -> list[tuple[int, int, tuple[Known, ...]]]:
    """(start, end, options) in the original text's offsets of every whole-word key."""
    if automaton is None:
        return []
    found = []
    ftext = folded.text
    for last, (length, options) in automaton.iter(ftext):
        start, end = last - length + 1, last + 1
        if start > 0 and ftext[start - 1] != " ":
            continue
        if not _ends_word(ftext, end, folded.cut, with_suffixes):
            continue
        found.append((folded.origin[start], folded.origin[end - 1] + 1, options))
    return found


def _word_end(text: str, end: int) -> int:
    """A Cyrillic mention runs to the end of its word (its case ending is part of what is written)."""
    if end < len(text) and _CYRILLIC.match(text[end - 1]):
        while end < len(text) and text[end].isalpha():
            end += 1
    return end


def _keys(written: str) -> list[tuple[str, bool]]:
    return [(fold(written), False)]


def russian_stem(word: str) -> str:
    """A Russian word without its case ending and the vowels before it (Галереей ->
    Галер, Организации -> Организац), never shorter than MIN_STEM_LETTERS letters."""
    lower = word.lower()
    cut = len(lower)
    ending = next((e for e in _RUSSIAN_ENDINGS if lower.endswith(e) and cut - len(e) >= MIN_STEM_LETTERS), "")
    cut -= len(ending)
    while cut > MIN_STEM_LETTERS and lower[cut - 1] in _STEM_VOWELS:
        cut -= 1
    return word[:cut]


def stem_folded(folded: FoldedText, text: str) -> FoldedText:
    """The folded text with every word written in Cyrillic stemmed (`russian_stem`, on
    the word as written), offsets kept: a folded letter stays when the letter it
    comes from is in the stem."""
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for word in folded.text.split(" "):
        start = position
        position += len(word) + 1
        if not word:
            continue
        first, last = folded.origin[start], folded.origin[start + len(word) - 1]
        kept = word
        if _CYRILLIC.match(text[first]):
            stem_end = first + len(russian_stem(text[first:last + 1]))
            kept = word[:sum(1 for at in folded.origin[start:start + len(word)] if at < stem_end)]
        if chars:
            chars.append(" ")
            origin.append(first)
        chars.extend(kept)
        origin.extend(folded.origin[start:start + len(kept)])
    return FoldedText("".join(chars), origin)


def _ends_word(ftext: str, end: int, cut: set[int], with_suffixes: bool) -> bool:
    if end == len(ftext) or ftext[end] == " " or end in cut:  # an apostrophe: whatever follows is a suffix
        return True
    if not with_suffixes:
        return False
    space = ftext.find(" ", end)
    rest = ftext[end: space if space >= 0 else len(ftext)]
    return rest in SUFFIXES


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """An ambiguous mention takes the one option mentioned unambiguously elsewhere."""
    sure = {m.options[0].id for m in mentions if len(m.options) == 1}
    resolved = []
    for mention in mentions:
        if len(mention.options) > 1:
            named = [k for k in mention.options if k.id in sure]
            if len(named) == 1:
                mention = Mention(mention.start, mention.end, mention.surface, (named[0],), "co-mention")
            else:
                mention = Mention(mention.start, mention.end, mention.surface, mention.options, "ambiguous")
        resolved.append(mention)
    return resolved
