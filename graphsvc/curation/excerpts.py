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


@lru_cache(maxsize=16)
def _source_variants(path: Path) -> tuple[str, str]:
    return normalised_variants(path.read_text(encoding="utf-8"))


def excerpt_in_text(excerpt: str, source_path: Path) -> bool:
    needle = fold_whitespace(excerpt)
    if not needle:
        return False
    return any(needle in variant for variant in _source_variants(source_path))
