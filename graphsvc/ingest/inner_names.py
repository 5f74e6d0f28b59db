"""Relationships a name states through the names it holds: "the Agreement between
Kazakhstan and Türkiye" (its parties), "the Ministry of Defence of Kazakhstan" (a body
of the state), "the Embassy of Kazakhstan in Türkiye" (where it works), "a scholarship
from the Republic of Kazakhstan" (who pays), "the 10th Summit of the Organisation of
Turkic States" (who holds it). The gazetteer finds the longest name, so the names
inside it are never spots of their own: they are looked up in the name's own words,
and the words before them in the name (lexicon.INNER_LINKS) say how the two stand."""

from __future__ import annotations

from graphsvc.ingest import lexicon
from graphsvc.ingest.candidates import COREFERENCE, Candidate, Endpoint, Spot
from graphsvc.ingest.gazetteer import Gazetteer, Mention
from graphsvc.ingest.relations import derived_candidate, evidence_at, within
from graphsvc.ingest.segments import Sentence


def inner_names(
    text: str, sentences: list[Sentence], spots: list[Spot], gazetteer: Gazetteer,
    paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> list[Candidate]:
    found: list[Candidate] = []
    starts = [s.start for s in spots]
    inside: dict[tuple[str, str], list[Mention]] = {}  # a text names the same things again and again
    for sentence in sentences:
        for outer in within(spots, starts, sentence):
            surface = text[outer.start:outer.end]
            if outer.rule == COREFERENCE or " " not in surface.strip():
                continue  # an anaphor ("the university") or a one-word name holds no other name
            key = (surface, outer.endpoint.key)
            if key not in inside:
                inside[key] = gazetteer.find(surface, without=outer.endpoint.id)
            for mention in inside[key]:
                inner = mention.entity
                if inner is None:
                    continue
                link = next((link for link in lexicon.INNER_LINKS
                             if outer.endpoint.type in link.outer_types and inner.type in link.inner_types
                             and link.before.search(surface, 0, mention.start)
                             and (link.head is None or link.head.search(surface, 0, mention.start))
                             and (link.unless is None or not link.unless.search(surface, 0, mention.start))), None)
                if link is None:
                    continue
                spot = Spot(outer.start + mention.start, outer.start + mention.end,
                            Endpoint(inner.type, inner.name, inner.id), link.name)
                from_spot, to_spot = (outer, spot) if link.outer_first else (spot, outer)
                candidate = derived_candidate(text, link.name, link.type, link.confidence, sentence,
                                              evidence_at(text, outer.start), from_spot, to_spot, paragraph_dates,
                                              dateline)
                if candidate is not None:
                    found.append(candidate)
    return found
