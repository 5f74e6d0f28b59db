"""Paragraphs and sentences of a text, with character offsets into it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph ends at a blank line (the form of plain text, of the extracted
# main text of a web page and of a PDF's text layer as intake writes them).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_CLOSING_QUOTES = "\"'”’»"
_LAST_WORD = re.compile(r"\w+$")
# Words a sentence does not end with: articles, prepositions, conjunctions.
_NEVER_LAST = frozenset(
    "the a an of in on at to for from with by between among and or but than as into about within through "
    "ve ile veya için и в во на с со к по из для от или а но между".split()
)
# A sentence ends at . ! ? (or … ) followed by space and an upper-case letter,
# a digit, a quote or a bracket; abbreviations are checked below.
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)\]]*)\s+(?=[\"'“‘«(\[]*[^\W\d_a-zа-яё]|[0-9])")
# Words before a full stop that do not end a sentence: titles, initials, "No.".
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof assoc assist st no nos vol pp p fig e.g i.e etc vs jr sr dept univ inc ltd co "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "г гг им ул проф акад д т ст"
    .split()
)


@dataclass(frozen=True)
class Sentence:
    paragraph: int  # 1-based paragraph number
    start: int  # character offsets into the whole text
    end: int


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based
    start: int
    end: int


def _continues(text: str, break_start: int, break_end: int) -> bool:
    """A blank line inside a sentence: what comes before it ends without a stop and
    what follows opens with a lower-case letter, or what comes before is a word no
    sentence ends with ("… institutions in\n\nTürkiye"). A PDF's page or column break
    as the text layer writes it ("… there was\n\na Kazakh Khanate …"), not a paragraph."""
    if break_end >= len(text):
        return False
    before = text[max(0, break_start - 16):break_start]
    last = before.rstrip(_CLOSING_QUOTES)[-1:]
    if not (last.isalnum() or last == ","):
        return False
    word = _LAST_WORD.search(before)
    return text[break_end].islower() or (word is not None and word.group().lower() in _NEVER_LAST)


def paragraphs(text: str) -> list[Paragraph]:
    found: list[Paragraph] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        if match and _continues(text, match.start(), match.end()):
            continue  # the sentence, and so the paragraph, goes on after the break
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + (len(chunk) - len(chunk.lstrip()))
            found.append(Paragraph(len(found) + 1, start, start + len(stripped)))
        if match:
            position = match.end()
    return found


def _ends_sentence(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 12):dot])
    if word is None:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return False
    # A single letter before the dot is an initial ("A. Yasawi"), not an end.
    return not (len(token) == 1 and token.isalpha())


def sentences(text: str, paragraph: Paragraph) -> list[Sentence]:
    """The sentences of one paragraph; a line break inside it does not end one."""
    found: list[Sentence] = []
    start = paragraph.start
    body = text[paragraph.start:paragraph.end]
    for match in _SENTENCE_END.finditer(body):
        dot = paragraph.start + match.start()
        if text[dot] == "." and not _ends_sentence(text, dot):
            continue
        end = paragraph.start + match.end()
        _add(text, found, paragraph.number, start, end)
        start = end
    _add(text, found, paragraph.number, start, paragraph.end)
    return found


def _add(text: str, found: list[Sentence], number: int, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        found.append(Sentence(number, start + lead, start + lead + len(stripped)))


def split(text: str) -> tuple[list[Paragraph], list[Sentence]]:
    paras = paragraphs(text)
    return paras, [s for p in paras for s in sentences(text, p)]


def joined_across(sentences: list[Sentence], names: list[tuple[int, int]]) -> list[Sentence]:
    """The sentences with those a name runs across joined: a full stop inside a known
    name ("the exhibition \"Abay. Heritage of Fraternal Peoples\"") ends no sentence."""
    ordered = sorted(names)  # names do not overlap: sorted by start, they are sorted by end too
    joined: list[Sentence] = []
    at = 0
    for sentence in sentences:
        while at < len(ordered) and ordered[at][1] <= sentence.start:
            at += 1  # names that end before this sentence
        runs_in = at < len(ordered) and ordered[at][0] < sentence.start
        if runs_in and joined and joined[-1].paragraph == sentence.paragraph:
            joined[-1] = Sentence(sentence.paragraph, joined[-1].start, sentence.end)
        else:
            joined.append(sentence)
    return joined
