"""What the ingestion pipeline proposes: endpoints, spots, candidates, an analysis; and the
excerpt and sectors every candidate carries (graphsvc/ingest/pipeline.py finds them,
graphsvc/ingest/relations.py makes the relationship candidates)."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from graphsvc.ingest import lexicon
from graphsvc.ingest.gazetteer import Mention
from graphsvc.ingest.segments import Paragraph, Sentence
from graphsvc.settings import DEFAULT_INGEST_THRESHOLD
from graphsvc.vocabulary import SYMMETRIC_TYPES

COREFERENCE = "coreference"  # how an end named by an anaphor is resolved (graphsvc/ingest/coreference.py)
DEFAULT_THRESHOLD = DEFAULT_INGEST_THRESHOLD  # the confidence a candidate needs to be proposed
EXCERPT_WORDS = 30
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Endpoint:
    """A known entity (`id`) or a proposed one (`name`, `type`)."""

    type: str
    name: str
    id: str | None = None
    options: tuple[str, ...] = ()  # the ids an ambiguous mention may be
    # how the text names it, when not by a name: "coreference" ("the university", "it")
    resolved_by: str | None = field(default=None, compare=False)

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.id:
            body["id"] = self.id
        elif self.options:
            body["ambiguous"] = list(self.options)
        if self.resolved_by:
            body["resolved_by"] = self.resolved_by
        return body

    @property
    def key(self) -> str:
        return self.id or f"new:{self.type}:{self.name}"


@dataclass(frozen=True)
class Spot:
    """Something named in the text: a mention of a known entity or a proposed new one."""

    start: int
    end: int
    endpoint: Endpoint
    rule: str  # gazetteer | the proposal rule


@dataclass
class Candidate:
    kind: str  # relationship | entity
    rule: str
    confidence: float
    excerpt: str
    locator: dict[str, int]
    type: str
    from_: Endpoint | None = None
    to: Endpoint | None = None
    name: str | None = None
    start: str | None = None
    end: str | None = None
    date_from: str | None = None  # sentence | context | dateline
    date_hint: str | None = None  # a dateline's date (EDTF, year unknown): a hint, not the fact's date
    sectors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """What makes two candidates the same proposal: the same fact from the same place."""
        if self.kind == "relationship":
            assert self.from_ and self.to
            ends = sorted([self.from_.key, self.to.key]) if self.type in SYMMETRIC_TYPES else [
                self.from_.key, self.to.key]
            basis = f"rel|{self.type}|{ends[0]}|{ends[1]}|{self.start or ''}"
        else:
            basis = f"ent|{self.type}|{(self.name or '').casefold()}"
        return hashlib.sha256(basis.encode()).hexdigest()[:20]

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "kind": self.kind, "rule": self.rule, "confidence": round(self.confidence, 3), "excerpt": self.excerpt,
            "locator": self.locator, "type": self.type, "start": self.start, "end": self.end,
            "fingerprint": self.fingerprint,
        }
        if self.kind == "relationship":
            assert self.from_ and self.to
            body.update({"from": self.from_.as_json(), "to": self.to.as_json(), "sectors": self.sectors,
                         "date_from": self.date_from, "date_hint": self.date_hint})
        else:
            body.update({"name": self.name})
        if self.flags:
            body["flags"] = self.flags
        return body


@dataclass
class Analysis:
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    mentions: list[Mention]
    spots: list[Spot]
    candidates: list[Candidate]
    dateline: str | None

    def kept(self, threshold: float = DEFAULT_THRESHOLD) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence >= threshold]



# -- sectors --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _sectors(passage: str) -> tuple[str, ...]:
    lowered = passage.lower()
    return tuple(s for s, stems in lexicon.SECTOR_WORDS.items() if any(stem in lowered for stem in stems))


def sectors_of(passage: str) -> list[str]:
    return list(_sectors(passage))


# -- excerpts ----------------------------------------------------------------------------------------------
def excerpt_span(text: str, sentence: Sentence, lo: int, hi: int, words: int = EXCERPT_WORDS) -> tuple[int, int]:
    """The sentence when it is short; else about `words` words of it around [lo, hi)."""
    spans = [(m.start() + sentence.start, m.end() + sentence.start)
             for m in _WORD.finditer(text[sentence.start:sentence.end])]
    if len(spans) <= words:
        return sentence.start, sentence.end
    first = next(i for i, (s, e) in enumerate(spans) if e > lo)
    last = max(i for i, (s, e) in enumerate(spans) if s < hi)
    while last - first + 1 < words:
        if first > 0:
            first -= 1
        if last - first + 1 < words and last < len(spans) - 1:
            last += 1
        if first == 0 and last == len(spans) - 1:
            break
    return spans[first][0], spans[last][1]
