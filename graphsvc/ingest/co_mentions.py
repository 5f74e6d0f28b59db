"""The weakest rule: two entities named in one sentence, or in two neighbouring
sentences of a paragraph, that no other rule linked. Typed from the graph model's
ends (graphsvc/ingest/model_ends.py) and the words around the two names, never from
the graph's facts; as confident as the way the two names stand makes a reader take
them as linked (docs/ingestion.md, "Issue 19")."""

from __future__ import annotations

from graphsvc.ingest import lexicon
from graphsvc.ingest.candidates import Candidate, Spot
from graphsvc.ingest.model_ends import PLACEMENT_TYPES, allows, readings
from graphsvc.ingest.relations import derived_candidate, evidence_at, list_groups, within
from graphsvc.ingest.segments import Sentence

CO_MENTION_RULE = "co-mention.placement"


Cue = tuple[int, int, lexicon.Trigger]  # where a trigger's words start and end, and the trigger


def co_mentions(
    text: str, sentences: list[Sentence], spots: list[Spot], cues_of: dict[int, list[Cue]],
    paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> list[Candidate]:
    """Two entities named in one sentence, or in two neighbouring sentences of a
    paragraph, that no other rule linked and that are not members of one list.

    The type: one the graph model allows between their two entity types
    (`model_ends.readings`), chosen by the words between them ("X in Y", "X of the
    Y", "for Y": `lexicon.GAP_CUES`, each read one way), else by a trigger or cue word
    near the two names (the name right after its words is its object: "a gift for
    X"), else the first of `model_ends.PLACEMENT_TYPES` that fits; a type
    outside those (a membership, a visit, a cooperation) only when a word cues it.
    The confidence: how the two names stand (`placement_confidence`). The weakest
    rule; a curator's queue shows it last."""
    found: list[Candidate] = []
    starts = [s.start for s in spots]
    named = [_distinct(within(spots, starts, sentence)) for sentence in sentences]
    cued = [cues_of.get(sentence.start, []) for sentence in sentences]
    for number, sentence in enumerate(sentences):
        # names of one list are each other's peers, not each other's facts
        lists = list_groups(text, named[number])
        pairs = [(a, b, 0) for i, a in enumerate(named[number]) for b in named[number][i + 1:]
                 if lists[a] != lists[b]]
        cues = cued[number]
        in_reference = bool(lexicon.REFERENCE_LINE.search(text, sentence.start, sentence.end))
        following = number + 1
        if following < len(sentences) and sentences[following].paragraph == sentence.paragraph:
            pairs += [(a, b, 1) for a in named[number] for b in named[following]
                      if a.endpoint.key != b.endpoint.key]
            cues = cues + cued[following]
        for a, b, apart in pairs:
            between = 0 if apart else len(
                {lists[s] for s in named[number] if a.end <= s.start and s.end <= b.start} - {lists[a], lists[b]})
            # the words right before B speak of A only when no other name stands between them
            gap = "" if apart or between else text[a.end:b.start]
            # a cue word speaks of the names it stands between or next to, not of the whole sentence
            near = [cue for cue in cues if a.start - CUE_REACH <= cue[0] <= b.end + CUE_REACH]
            reading = _co_mention_reading(a, b, gap, near, text)
            if reading is None:
                continue
            rel_type, a_first, cued_by = reading
            if apart:
                confidence = _next_sentence_confidence(len(named[number]) + len(named[following]))
                evidence = sentences[following]
            else:
                confidence = placement_confidence(text, a, b, between, len(named[number]), in_reference)
                evidence = sentence
            confidence += {"gap": GAP_CUE_BONUS, "sentence": SENTENCE_CUE_BONUS}.get(cued_by, 0)
            from_spot, to_spot = (a, b) if a_first else (b, a)
            if rel_type == "LOCATED_IN" and (from_spot.endpoint.type, to_spot.endpoint.type) in SITED_IN_A_PLACE:
                confidence += SITED_BONUS
            if (not apart and cued_by == "placement" and rel_type in CONTAINMENT
                    and sum(lists[s] == lists[to_spot] for s in named[number]) > 1):
                confidence -= LISTED_CONTAINER_PENALTY
            if confidence <= 0.05:
                continue
            at_start = evidence_at(text, evidence.start)  # no trigger word: the evidence is the sentence
            candidate = derived_candidate(text, CO_MENTION_RULE, rel_type, round(confidence, 3), evidence, at_start,
                                          from_spot, to_spot, paragraph_dates, dateline)
            if candidate is not None:
                found.append(candidate)
    return found


# An organisation or an event named with a city or region is, to a reader, where it
# is; named with a state, the state is as often its partner or its topic.
SITED_IN_A_PLACE = {("Organisation", "Place"), ("Event", "Place")}
SITED_BONUS = 0.05
# Something named with a list of places or states ("presented in Ankara before readers
# from A and B") lies in one of them at most: no word says which.
CONTAINMENT = ("LOCATED_IN", "PART_OF")
LISTED_CONTAINER_PENALTY = 0.1
# whether the name a trigger's words end right before is the object (True) or the start
NAME_AFTER_IS_OBJECT = {"forward": True, "cue": True, "backward": False}
CUE_REACH = 30  # characters: how far from the two names a cue word still speaks of them
GAP_CUE_BONUS = 0.1  # the words between the two names cue the type ("X in Y")
SENTENCE_CUE_BONUS = 0.05  # a trigger or cue word near the two names cues it
PHRASE_BASE = 0.45  # one phrase: only function words, an apposition or a bracket between them
CLAUSE_BASE = 0.35  # one sentence, nothing that ends a clause between them
NAME_BETWEEN_PENALTY = 0.1  # per other name (or list) between them, at most two
FAR_WORDS = 12  # words between them beyond which the link is looser
NEXT_SENTENCE_BASE = 0.3
REFERENCE_PENALTY = 0.15  # a bibliography entry names its authors, publisher and topic together


def placement_confidence(text: str, a: Spot, b: Spot, names_between: int, crowd: int, in_reference: bool) -> float:
    """How likely a reader takes two names of one sentence as linked, from how they
    stand: in one phrase (only function words between: "the X in Y", "X's Y", "X
    (Y)"), in one clause, the names between them, the words between them, a crowded
    sentence, a bibliography entry."""
    gap = text[a.end:b.start]
    if lexicon.PHRASE_GAP.fullmatch(gap):
        confidence = PHRASE_BASE
    else:
        ends_clause = lexicon.CLAUSE_BREAK.search(gap) or lexicon.SAYING.search(gap)
        confidence = CLAUSE_BASE - (0.1 if ends_clause else 0)
    confidence -= NAME_BETWEEN_PENALTY * min(names_between, 2)
    words = len(gap.split())
    confidence -= 0.05 * (words > FAR_WORDS) + 0.05 * (words > 2 * FAR_WORDS)
    confidence -= 0.05 * (crowd > 5)
    if in_reference:
        confidence -= REFERENCE_PENALTY
    return confidence


def _next_sentence_confidence(crowd: int) -> float:
    """Names in two neighbouring sentences: a fact carried across the boundary, more
    likely the fewer names the two sentences hold."""
    return NEXT_SENTENCE_BASE - 0.05 * (crowd > 3) - 0.1 * (crowd > 5)


def _co_mention_reading(a: Spot, b: Spot, gap: str, cues: list[Cue], text: str) -> tuple[str, bool, str] | None:
    """(type, whether A is its start, what chose it: gap | sentence | placement) for two
    co-mentioned names, from the model's readings of their types and the words; None
    when the model allows no type that fits without a word and no word cues one."""
    options = readings(a.endpoint.type, b.endpoint.type)
    if not options:
        return None
    if a.endpoint.type == b.endpoint.type and lexicon.POSSESSIVE_GAP.match(gap):
        options = [(rel_type, not a_first) for rel_type, a_first in options]  # "X's Y": Y is X's
    for rel_type, pattern, a_first in lexicon.GAP_CUES:
        if gap and pattern.search(gap):
            start, end = (a, b) if a_first else (b, a)
            if allows(rel_type, start.endpoint.type, end.endpoint.type):
                return rel_type, a_first, "gap"
    for at, upto, trigger in cues:
        # a name inside the cue's words or right after them is what they speak of: the
        # object of a forward trigger or a cue ("attractive for Kazakh applicants": the
        # applicants are served), the subject of a backward one ("founded by X")
        if trigger.direction not in NAME_AFTER_IS_OBJECT:
            continue
        after = [spot for spot in (a, b) if at <= spot.start and not text[upto:spot.start].strip()]
        if len(after) == 1:
            a_first = (after[0] is b) == NAME_AFTER_IS_OBJECT[trigger.direction]
            start, end = (a, b) if a_first else (b, a)
            if allows(trigger.type, start.endpoint.type, end.endpoint.type):
                return trigger.type, a_first, "sentence"
    cued = {trigger.type for _, _, trigger in cues}
    chosen = next((o for o in options if o[0] in cued), None)
    if chosen is not None:
        return (*chosen, "sentence")
    for rel_type in PLACEMENT_TYPES:
        chosen = next((o for o in options if o[0] == rel_type), None)
        if chosen is not None:
            return (*chosen, "placement")
    return None


def _distinct(named: list[Spot]) -> list[Spot]:
    """The first mention of each entity, in the order of the text."""
    first: dict[str, Spot] = {}
    for spot in named:
        first.setdefault(spot.endpoint.key, spot)
    return sorted(first.values(), key=lambda s: s.start)
