"""Checking evidence excerpts against the source texts.

The texts came out of PDF extraction, so an excerpt is compared after folding
whitespace and line-break hyphenation only (`intercon-\\nnected` reads as
`interconnected`, and also as `intercon-nected` for real hyphens that fell at
a line end). Nothing else is forgiven: quotes, case and spelling must match.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_WHITESPACE = re.compile(r"\s+")
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n\s*")


def fold_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def normalised_variants(text: str) -> tuple[str, str]:
    """The text with line-break hyphens joined, and with them kept as hyphens."""
    joined = fold_whitespace(_LINE_BREAK_HYPHEN.sub("", text))
    kept = fold_whitespace(_LINE_BREAK_HYPHEN.sub("-", text))
    return joined, kept


_HYPHEN_OR_SPACE = re.compile(r"(-[ \t]*\r?\n\s*)|(\s+)")


def fold_with_positions(text: str, hyphen: str) -> tuple[str, list[int]]:
    """The text folded as `normalised_variants` folds it (line-break hyphens
    replaced by `hyphen`, "" or "-"), and for each folded character the
    offset in `text` it comes from."""
    chars: list[str] = []
    offsets: list[int] = []

    def put(char: str, offset: int) -> None:
        if char == " " and (not chars or chars[-1] == " "):
            return  # no leading space, no two in a row
        chars.append(char)
        offsets.append(offset)

    last = 0
    for match in _HYPHEN_OR_SPACE.finditer(text):
        for offset in range(last, match.start()):
            put(text[offset], offset)
        if match.group(1) is None:
            put(" ", match.start())
        elif hyphen:
            put(hyphen, match.start())
        last = match.end()
    for offset in range(last, len(text)):
        put(text[offset], offset)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def locate_excerpt(excerpt: str, text: str) -> tuple[int, int] | None:
    """Character offsets [start, end) of the excerpt's first occurrence in `text`, compared as
    `excerpt_in_text` compares; None when it is not there."""
    needle = fold_whitespace(excerpt)
    if not needle:
        return None
    for hyphen in ("", "-"):
        folded, offsets = fold_with_positions(text, hyphen)
        found = folded.find(needle)
        if found >= 0:
            return offsets[found], offsets[found + len(needle) - 1] + 1
    return None


_PARAGRAPH = re.compile(r"\S.*?(?=\n[ \t]*\n|\Z)", re.S)


def paragraph_number(text: str, offset: int) -> int:
    """The 1-based paragraph (blocks of text between blank lines) holding `offset`."""
    number = 0
    for number, match in enumerate(_PARAGRAPH.finditer(text), start=1):
        if offset < match.end():
            return number
    return max(number, 1)


@lru_cache(maxsize=16)
def _source_variants(path: Path) -> tuple[str, str]:
    return normalised_variants(path.read_text(encoding="utf-8"))


def excerpt_in_text(excerpt: str, source_path: Path) -> bool:
    needle = fold_whitespace(excerpt)
    if not needle:
        return False
    return any(needle in variant for variant in _source_variants(source_path))
