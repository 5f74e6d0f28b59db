"""Relationship candidates from the spots of one text: trigger patterns with their ends
(lists, "between", titles), rankings, demonyms; graphsvc/ingest/co_mentions.py links
what they leave."""

from __future__ import annotations

import bisect
import re

from graphsvc.ingest import lexicon
from graphsvc.ingest.candidates import (
    COREFERENCE,
    Candidate,
    Endpoint,
    Spot,
    excerpt_span,
    sectors_of,
)
from graphsvc.ingest.gazetteer import Gazetteer, Known, Mention
from graphsvc.ingest.segments import Paragraph, Sentence
from graphsvc.vocabulary import SYMMETRIC_TYPES

RANKED_RULE = "ranked-in.paragraph"
RANK_REACH = 3  # sentences between a ranked state and the index's name, at most
RANK_SENTENCE_PENALTY = 0.05  # per sentence between them
COREFERENCE_PENALTY = 0.05  # per end named by an anaphor ("the university", "it"), not by its name
_NOTHING = re.compile("")


def evidence_at(text: str, offset: int) -> re.Match[str]:
    """An empty match at `offset`: the evidence of a rule that has no trigger word there
    (a co-mention, a name inside a name, an address), for the excerpt and the date."""
    match = _NOTHING.match(text, offset)
    assert match is not None
    return match


def rankings(
    text: str, paragraphs: list[Paragraph], sentences: list[Sentence], spots: list[Spot],
    paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> list[Candidate]:
    """A state in a sentence that ranks ("ranked 25th", "took the first place", a table
    row of figures) and an index or ranking named in its paragraph: RANKED_IN, the
    state to the nearest such name, less confident the more sentences apart."""
    found: list[Candidate] = []
    starts = [s.start for s in spots]
    by_paragraph: dict[int, list[tuple[int, Sentence]]] = {}
    for number, sentence in enumerate(sentences):
        by_paragraph.setdefault(sentence.paragraph, []).append((number, sentence))
    for paragraph in paragraphs:
        members = by_paragraph.get(paragraph.number, [])
        indices = [(number, spot) for number, sentence in members for spot in within(spots, starts, sentence)
                   if lexicon.INDEX_NAME.search(spot.endpoint.name)]
        if not indices:
            continue
        for number, sentence in members:
            cue = lexicon.RANK_CUE.search(text, sentence.start, sentence.end)
            for state in within(spots, starts, sentence):
                if state.endpoint.type != "State":
                    continue
                evidence = cue or lexicon.FIGURES_AFTER.match(text, state.end, sentence.end)
                if evidence is None:
                    continue
                apart, index = min(((abs(n - number), spot) for n, spot in indices),
                                   key=lambda item: (item[0], abs(item[1].start - state.start)))
                if apart > RANK_REACH:
                    continue
                candidate = derived_candidate(text, RANKED_RULE, "RANKED_IN",
                                              lexicon.RANKED_CONFIDENCE - RANK_SENTENCE_PENALTY * apart, sentence,
                                              evidence, state, index, paragraph_dates, dateline)
                if candidate is not None:
                    found.append(candidate)
    return found


DEMONYM_RULE = "place-of-demonym.en"


def demonym_places(
    text: str, sentences: list[Sentence], spots: list[Spot], gazetteer: Gazetteer,
    paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> list[Candidate]:
    """"the Turkish city of Niğde": the place named right after is LOCATED_IN the state
    the adjective names, when the graph holds that state."""
    found: list[Candidate] = []
    starts = [s.start for s in spots]
    for sentence in sentences:
        for match in lexicon.DEMONYM_PLACE.finditer(text, sentence.start, sentence.end):
            place = next((s for s in within(spots, starts, sentence)
                          if s.start == match.end() and s.endpoint.type == "Place"), None)
            named = [m.entity for m in gazetteer.find(lexicon.DEMONYMS[match["demonym"].lower()]) if m.entity]
            if place is None or not named or named[0].type != "State":
                continue
            state = Spot(match.start("demonym"), match.end("demonym"),
                         Endpoint(named[0].type, named[0].name, named[0].id), DEMONYM_RULE)
            candidate = derived_candidate(text, DEMONYM_RULE, "LOCATED_IN", lexicon.DEMONYM_CONFIDENCE, sentence,
                                          match, place, state, paragraph_dates, dateline)
            if candidate is not None:
                found.append(candidate)
    return found


def derived_candidate(
    text: str, rule: str, rel_type: str, confidence: float, sentence: Sentence, evidence: re.Match[str],
    from_spot: Spot, to_spot: Spot, paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> Candidate | None:
    """A candidate of a rule that is not a trigger of the lexicon (rankings, co-mentions),
    with `sentence` as its evidence."""
    trigger = lexicon.Trigger(rule, rel_type, evidence.re, "pair", (), (), confidence)
    return relationship_candidate(text, trigger, sentence, evidence, from_spot, to_spot, 0, text[sentence.start:sentence.end],
                         paragraph_dates[sentence.paragraph], dateline)


def within(spots: list[Spot], starts: list[int], sentence: Sentence) -> list[Spot]:
    """The spots inside a sentence (spots sorted by start; starts their starts)."""
    first = bisect.bisect_left(starts, sentence.start)
    last = bisect.bisect_left(starts, sentence.end)
    return [s for s in spots[first:last] if s.end <= sentence.end]


def endpoint_of(mention: Mention) -> Endpoint:
    known = mention.entity
    if known is not None:
        return Endpoint(known.type, known.name, known.id)
    first: Known = mention.options[0]
    return Endpoint(first.type, mention.surface, None, tuple(k.id for k in mention.options))


BETWEEN = ("between", "between-back")
_TITLE_OF_TAIL = re.compile(r"(?:\s+\w+){0,2}?\s+of\s+(?:the\s+)?", re.IGNORECASE)  # "Director [General] of the "


def neighbours(text: str, trigger: lexicon.Trigger, spots: list[Spot],
               lists: dict[Spot, int]) -> list[tuple[Spot, Spot, re.Match[str]]]:
    """(from, to, the text between them) for two neighbouring names whose gap is the
    trigger's pattern, whole ("the Yunus Emre Institute in Astana"); with `between`, the
    names listed after the second are objects too ("Türkiye's A, B and C")."""
    pairs: list[tuple[Spot, Spot, re.Match[str]]] = []
    ordered = sorted(spots, key=lambda s: s.start)
    for first, second in zip(ordered, ordered[1:]):
        if first.end > second.start:
            continue  # overlapping names: one is a mention inside the other
        match = trigger.pattern.fullmatch(text, first.end, second.start)
        if match is None or (trigger.tail is not None and not trigger.tail.match(text, second.end)):
            continue
        if trigger.lead is not None and not any(
                m.end() == first.start for m in trigger.lead.finditer(text, max(0, first.start - 60), first.start)):
            continue
        subject, obj = (first, second) if trigger.direction == "between" else (second, first)
        if _fits(subject, trigger.from_types) and _fits(obj, trigger.to_types) and \
                subject.endpoint.key != obj.endpoint.key:
            pairs.append((subject, obj, match))
            # the object's whole list: after it ("Türkiye's A, B and C"), or before it
            # ("A and B account for … of X's imports")
            listed = [other for other in _listed_with(obj, ordered, trigger.to_types, lists)[1:]
                      if other.endpoint.key != subject.endpoint.key]
            pairs += [(subject, other, match) for other in listed
                      if (other.start > obj.start) == (trigger.direction == "between")]
    return pairs


def _fits(spot: Spot, types: tuple[str, ...]) -> bool:
    return spot.endpoint.type in types


def list_groups(text: str, spots: list[Spot]) -> dict[Spot, int]:
    """Which names of a sentence stand in one coordinated list ("Azerbaijan, Kazakhstan
    and Türkiye"): neighbours joined by a comma or a conjunction share a number."""
    groups: dict[Spot, int] = {}
    ordered = sorted(spots, key=lambda s: s.start)
    group = 0
    for previous, spot in zip([None, *ordered], ordered):
        if previous is not None and (previous.start, previous.end) == (spot.start, spot.end):
            pass  # one anaphor for several names ("the two countries"): one list
        elif previous is None or previous.end > spot.start or \
                not lexicon.LIST_GAP.fullmatch(text, previous.end, spot.start):
            group += 1
        groups[spot] = group
    return groups


def _listed_with(first: Spot, spots: list[Spot], types: tuple[str, ...], lists: dict[Spot, int]) -> list[Spot]:
    """`first` and the names of `types` in its list."""
    return [first] + [s for s in spots if s is not first and lists.get(s) == lists.get(first) and _fits(s, types)]


def _ranked(subjects: list[Spot], types: tuple[str, ...], lists: dict[Spot, int]) -> list[tuple[Spot, int]]:
    """Subjects nearest first, at most six: the nearest one's list at rank 0, the others
    by how far they are."""
    fitting = [s for s in subjects if _fits(s, types)][:6]
    if not fitting:
        return []
    nearest_list = lists.get(fitting[0])
    return [(s, 0 if lists.get(s) == nearest_list else rank) for rank, s in enumerate(fitting)]


def trigger_ends(text: str, trigger: lexicon.Trigger, spots: list[Spot], t_start: int, t_end: int,
          lists: dict[Spot, int]) -> list[tuple[Spot, Spot, int]]:
    """(from, to, how far apart in names) pairs a trigger links, by its direction."""
    before = [s for s in spots if s.end <= t_start][::-1]  # nearest first
    after = [s for s in spots if s.start >= t_end]
    pairs: list[tuple[Spot, Spot, int]] = []
    if trigger.direction in ("forward", "backward"):
        subjects, objects = (before, after) if trigger.direction == "forward" else (after, before)
        subject_types, object_types = trigger.from_types, trigger.to_types
        obj = next((s for s in objects if _fits(s, object_types)), None)
        if obj is None:
            return []
        # the object nearest the trigger and those listed with it ("members are A, B and C");
        # the subject nearest it, those listed with it ("A, B and C are members of"), then
        # the other subjects, less confident the further they are
        for one in _listed_with(obj, objects, object_types, lists):
            for subject, rank in _ranked(subjects, subject_types, lists):
                pairs.append((subject, one, rank))
    elif trigger.direction == "sov":
        objects = [s for s in before if _fits(s, trigger.to_types)]
        if objects:
            obj = objects[0]
            subjects = [s for s in before if s.end <= obj.start]
            for subject, rank in _ranked(subjects, trigger.from_types, lists):
                pairs.append((subject, obj, rank))
    elif trigger.direction == "within":
        first = next((s for s in after if _fits(s, trigger.to_types)), None)
        if first is None or first.start - t_end > 5:
            return []
        members = {s.endpoint.key: s for s in reversed(spots) if _fits(s, trigger.from_types)}  # first mentions
        for organisation in _listed_with(first, after, trigger.to_types, lists):
            pairs += [(member, organisation, 0) for member in members.values()]
    elif trigger.direction == "of-list":
        obj = next((s for s in after if _fits(s, trigger.to_types)), None)
        if obj is None or obj.start - t_end > 0:
            return []
        first = next((s for s in after if s.start >= obj.end), None)
        if first is not None and _fits(first, trigger.from_types) and \
                lexicon.COPULA.fullmatch(text, obj.end, first.start):
            pairs += [(member, obj, 0) for member in _listed_with(first, after, trigger.from_types, lists)]
    elif trigger.direction == "founders":
        first = next((s for s in after if _fits(s, trigger.from_types)), None)
        if first is None or first.start - t_end > 5:
            return []
        # what was founded: the name nearest the verb ("X, founded …", "… the X was founded"),
        # which a list may run into ("A and B, the X was founded")
        verb = lexicon.FOUNDED_WORD.search(text, t_start)
        at = verb.start() if verb else t_start
        founded = min((s for s in spots if _fits(s, trigger.to_types)), default=None,
                      key=lambda s: min(abs(s.start - at), abs(s.end - at)))
        if founded is not None:
            pairs += [(founder, founded, 0) for founder in _listed_with(first, after, trigger.from_types, lists)
                      if founder is not founded]
    elif trigger.direction == "nearest":
        of = _TITLE_OF_TAIL.match(text, t_end)
        holder = next((s for s in after if of and s.start == of.end() and _fits(s, trigger.to_types)), None)
        if holder is not None:
            # "the Director of the X Theatre, Ainur K.": the person after the title's organisation
            person = next((s for s in after if s.start >= holder.end and _fits(s, trigger.from_types)), None)
            return [(person, holder, 0)] if person is not None else []
        near = sorted(spots, key=lambda s: min(abs(s.start - t_end), abs(s.end - t_start)))
        subject = next((s for s in near if _fits(s, trigger.from_types)), None)
        obj = next((s for s in near if _fits(s, trigger.to_types) and s is not subject), None)
        if subject and obj:
            pairs.append((subject, obj, 0))
    else:  # pair
        parties = lexicon.PARTIES_FOLLOW.match(text, t_end)
        if parties is not None:
            # "cooperation between A, B and C": the list after "between", and only it
            first = next((s for s in after if _fits(s, trigger.from_types)), None)
            if first is not None and first.start - parties.end() <= 5:  # "between the A": an article at most
                listed = _listed_with(first, after, trigger.from_types, lists)
                return [(a, b, 0) for i, a in enumerate(listed) for b in listed[i + 1:]
                        if a.endpoint.key != b.endpoint.key]
        # an organisation the cooperation happens within is its frame, not a party
        frames = {lists.get(s) for s in spots if lexicon.FRAME_BEFORE.search(text, max(0, s.start - 80), s.start)}
        near = sorted(spots, key=lambda s: min(abs(s.start - t_end), abs(s.end - t_start)))
        actors = [s for s in near if _fits(s, trigger.from_types) and lists.get(s) not in frames]
        distinct: list[Spot] = []
        for s in actors:
            if all(s.endpoint.key != d.endpoint.key for d in distinct):
                distinct.append(s)
        for i in range(min(len(distinct), 3)):
            for j in range(i + 1, min(len(distinct), 3)):
                pairs.append((distinct[i], distinct[j], i + j - 1))
    return [(a, b, d) for a, b, d in pairs if a.endpoint.key != b.endpoint.key]


def relationship_candidate(
    text: str, trigger: lexicon.Trigger, sentence: Sentence, match: re.Match[str], from_spot: Spot, to_spot: Spot,
    rank: int, passage: str, paragraph_dates: list[tuple[int, str, str]], dateline: str | None,
    flag: str | None = None,
) -> Candidate | None:
    # an end in another sentence of the paragraph: the evidence is this sentence's part
    lo = max(min(from_spot.start, to_spot.start, match.start()), sentence.start)
    hi = min(max(from_spot.end, to_spot.end, match.end()), sentence.end)
    confidence = trigger.confidence - 0.1 * rank
    flags: list[str] = [flag] if flag else []
    for end in (from_spot, to_spot):
        if end.endpoint.id is None:
            confidence -= 0.1
            flags.append("ambiguous" if end.endpoint.options else "new-entity")
        if end.endpoint.resolved_by == COREFERENCE:
            confidence -= COREFERENCE_PENALTY
            if COREFERENCE not in flags:
                flags.append(COREFERENCE)
    width = len(text[lo:hi].split())
    if width > 25:
        confidence -= 0.15  # ends far apart in a long sentence: weaker evidence
    if confidence <= 0:
        return None
    ex_lo, ex_hi = excerpt_span(text, sentence, lo, hi)
    date, date_from = _date_for(text, sentence, match.start(), paragraph_dates, dateline)
    start, hint = (None, date) if date_from == "dateline" else (date, None)
    sectors = sectors_of(passage) or [lexicon.DEFAULT_SECTOR]
    from_, to = from_spot.endpoint, to_spot.endpoint
    if trigger.type in SYMMETRIC_TYPES and from_.key > to.key:
        from_, to = to, from_
    if date_from == "dateline":
        flags.append("date-from-dateline")
    return Candidate(
        kind="relationship", rule=trigger.name, confidence=round(min(confidence, 0.95), 3),
        excerpt=text[ex_lo:ex_hi], locator={"paragraph": sentence.paragraph, "start": ex_lo, "end": ex_hi},
        type=trigger.type, from_=from_, to=to, start=start, date_from=date_from, date_hint=hint, sectors=sectors,
        flags=flags,
    )


def _date_for(
    text: str, sentence: Sentence, at: int, paragraph_dates: list[tuple[int, str, str]], dateline: str | None,
) -> tuple[str | None, str | None]:
    """The date nearest the trigger in its sentence; else the dateline's, as a hint."""
    in_sentence = [(abs(offset - at), date) for offset, date, _ in paragraph_dates
                   if sentence.start <= offset < sentence.end]
    if in_sentence:
        return min(in_sentence)[1], "sentence"
    # A date elsewhere in the paragraph is not taken: in the texts measured it was
    # another fact's date more often than this one's (docs/ingestion.md).
    if dateline:
        return dateline, "dateline"
    return None, None
