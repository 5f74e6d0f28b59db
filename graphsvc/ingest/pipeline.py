"""The ingestion pipeline as a library: a text in, candidates out. No database.

`analyse(text, gazetteer)` finds paragraphs and sentences, the mentions of
known entities, names of new entities (by their heads, forms and titles) and
relationship candidates (by the trigger patterns of graphsvc.ingest.lexicon),
each with a verbatim excerpt, a locator, a date when the text gives one, the
sectors its sentence speaks of, a confidence and the rule that made it.
"""

from __future__ import annotations

import re

from graphsvc.ingest import coreference, lexicon
from graphsvc.ingest.candidates import (
    Analysis,
    Candidate,
    Endpoint,
    Spot,
    excerpt_span,
)
from graphsvc.ingest.co_mentions import Cue, co_mentions
from graphsvc.ingest.frames import frame_candidates
from graphsvc.ingest.gazetteer import Gazetteer, fold_with_offsets
from graphsvc.ingest.inner_names import inner_names
from graphsvc.ingest.relations import (
    BETWEEN,
    demonym_places,
    endpoint_of,
    list_groups,
    neighbours,
    rankings,
    relationship_candidate,
    trigger_ends,
    within,
)
from graphsvc.ingest.segments import Paragraph, Sentence, joined_across, split

_NAME_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|\.(?=\w))*\.?", re.UNICODE)
_HEAD_SETS = [(type_, frozenset(heads)) for type_, heads in lexicon.HEADS.items()]
_LIST_WORDS = frozenset({"and", "ve", "və", "и", "with", "ile"})
_TAIL_WORDS = frozenset({"of", "on", "for", "по", "для"})

def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _stop(word: str) -> int:
    """1 when the word ends in a full stop that is not an initial's."""
    return 1 if word.endswith(".") and len(word) > 2 else 0


def propose_names(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, end, type, rule) of names not known yet, in text[start:end]: runs of
    capitalised words with a head of HEADS, and names after a title."""
    found: list[tuple[int, int, str, str]] = []
    words = [(m.start() + start, m.end() + start - _stop(m.group()), m.group().removesuffix(".") if _stop(m.group())
              else m.group()) for m in _NAME_WORD.finditer(text[start:end])]
    run: list[tuple[int, int, str]] = []

    def close() -> None:
        if len(run) < 2:
            run.clear()
            return
        lowered = [w[2].lower().strip(".") for w in run]
        for type_, heads in _HEAD_SETS:
            at = next((i for i, word in enumerate(lowered) if word in heads), None)
            if at is None:
                continue
            # the name: from after the last "and" before the head (and without a leading
            # "the"), to the head and any "of/on/for ..." of capitalised words after it
            first = max((i + 1 for i in range(at) if lowered[i] in _LIST_WORDS), default=0)
            while first < at and lowered[first] in lexicon.CONNECTORS:
                first += 1
            last = at
            i = at + 1
            while i < len(run) and lowered[i] in _TAIL_WORDS:
                j = i + 1
                while j < len(run) and lowered[j] in lexicon.CONNECTORS:
                    j += 1
                if j >= len(run) or lowered[j] in _LIST_WORDS:
                    break
                while j + 1 < len(run) and lowered[j + 1] not in lexicon.CONNECTORS:
                    j += 1
                last, i = j, j + 1
            if last > first:
                found.append((run[first][0], run[last][1], type_, f"head.{type_.lower()}:{lowered[at]}"))
            break
        run.clear()

    for word in words:
        gap = text[run[-1][1]:word[0]] if run else ""
        joined = not run or gap in (" ", "-", " - ", "'", "’")
        if not joined:
            close()
        if _is_capitalised(word[2]) or (run and word[2].lower() in lexicon.CONNECTORS):
            run.append(word)
        else:
            close()
    close()
    for match in lexicon.TITLES.finditer(text, start, end):
        found.append((match.start("name"), match.end("name"), "Person", "title.person"))
    return found


# -- dates -----------------------------------------------------------------------------------------
def _dates_in(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """(offset, EDTF date, pattern) of every date in text[start:end], most precise first per place."""
    found: list[tuple[int, int, str, str]] = []
    for name, pattern in lexicon.DATE_PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(s <= match.start() < e for s, e, _, _ in found):
                continue
            found.append((match.start(), match.end(), _edtf(name, match), name))
    return sorted((s, d, n) for s, _, d, n in found)


def _edtf(name: str, match: re.Match[str]) -> str:
    groups = match.groupdict()
    if name == "decade":
        return f"{groups['y']}X"
    year = groups["y"]
    month = lexicon.MONTHS[groups["mn"].lower()] if groups.get("mn") else (int(groups["m"]) if groups.get("m") else None)
    if month is None:
        return year
    if groups.get("d"):
        return f"{year}-{month:02d}-{int(groups['d']):02d}"
    return f"{year}-{month:02d}"


def _dateline(text: str, paragraphs: list[Paragraph]) -> str | None:
    if not paragraphs:
        return None
    match = lexicon.DATELINE.match(text, paragraphs[0].start, paragraphs[0].end)
    if not match:
        return None
    return f"XXXX-{lexicon.MONTHS[match['mn'].lower()]:02d}-{int(match['d']):02d}"


# Trade read from a possessive ("X's exports focus on A, B and C", "A and B account for
# the largest share of X's imports") or from shares ("A and B follow with 5 % and 6 %"):
# the partners are compared, not trading with each other.
_POSSESSIVE_TRADE_RULES = frozenset(
    t.name for t in lexicon.TRIGGERS if t.type == "TRADES_WITH" and t.direction in BETWEEN)
_PAIRED_TRADE_RULES = frozenset(t.name for t in lexicon.TRIGGERS if t.type == "TRADES_WITH" and t.direction == "pair")
SHARES_COMPARED = 2  # percentages in one sentence from which it compares shares


def _without_compared_partners(found: list[Candidate | None], passage: str) -> list[Candidate]:
    """The candidates of one sentence, without the symmetric trade links between
    partners it compares: two partners of the state whose trade a possessive rule
    read, or any two states of a sentence that gives shares."""
    kept = [c for c in found if c is not None]
    possessors = {c.from_.key for c in kept if c.rule in _POSSESSIVE_TRADE_RULES and c.from_}
    shares = len(lexicon.PERCENTAGE.findall(passage)) >= SHARES_COMPARED
    return [c for c in kept if c.rule not in _PAIRED_TRADE_RULES or not (
        shares or (possessors and c.from_ and c.to and not {c.from_.key, c.to.key} & possessors))]


CARRIED_FLAG = "carried-subject"
CARRIED_RANK = 1  # as confident as the second-nearest subject: 0.1 less than the trigger
CARRIED_REACH = 4  # words before the previous sentence's first name, at most, for it to be that sentence's subject


def _carried_subject(text: str, sentences: list[Sentence], number: int, spots: list[Spot],
                     starts: list[int]) -> Spot | None:
    """The name the sentence before (in the same paragraph) opens with: the subject a
    sentence with none of its own carries over."""
    if number == 0 or sentences[number - 1].paragraph != sentences[number].paragraph:
        return None
    previous = sentences[number - 1]
    first = next(iter(within(spots, starts, previous)), None)
    if first is None or len(text[previous.start:first.start].split()) > CARRIED_REACH:
        return None
    return first


# -- the pipeline -------------------------------------------------------------------------------------------
def analyse(text: str, gazetteer: Gazetteer) -> Analysis:
    paragraphs, sentences = split(text)
    folded = fold_with_offsets(text)
    mentions = [m for m in gazetteer.find(text, folded) if not lexicon.CITATION_AFTER.match(text, m.end)]
    sentences = joined_across(sentences, [(m.start, m.end) for m in mentions])
    spots = [Spot(m.start, m.end, endpoint_of(m), "gazetteer") for m in mentions]
    dateline = _dateline(text, paragraphs)

    candidates: list[Candidate] = []
    proposed: dict[tuple[str, str], Candidate] = {}
    for sentence in sentences:
        for start, end, type_, rule in propose_names(text, sentence.start, sentence.end):
            if any(s.start < end and start < s.end for s in spots):
                continue  # a known entity is named here
            name = text[start:end]
            spot = Spot(start, end, Endpoint(type_, name), rule)
            spots.append(spot)
            key = (type_, name.casefold())
            if key not in proposed:
                lo, hi = excerpt_span(text, sentence, start, end)
                proposed[key] = Candidate(
                    kind="entity", rule=rule, confidence=0.6 if rule != "title.person" else 0.55,
                    excerpt=text[lo:hi], locator={"paragraph": sentence.paragraph, "start": start, "end": end},
                    type=type_, name=name,
                )
    spots += coreference.resolve(text, sentences, spots)
    spots.sort(key=lambda s: s.start)
    starts = [s.start for s in spots]
    candidates.extend(proposed.values())

    paragraph_dates = {p.number: _dates_in(text, p.start, p.end) for p in paragraphs}
    seen: dict[str, Candidate] = {}
    cues: dict[int, list[Cue]] = {}  # per sentence (by its start): the words that cue a type
    for number, sentence in enumerate(sentences):
        in_sentence = within(spots, starts, sentence)
        if not in_sentence:
            continue
        carried = _carried_subject(text, sentences, number, spots, starts)
        cued = cues.setdefault(sentence.start, [])
        passage = text[sentence.start:sentence.end]
        lists = list_groups(text, in_sentence)
        found: list[Candidate | None] = []
        for trigger in lexicon.TRIGGERS:
            if trigger.direction in BETWEEN:
                for from_spot, to_spot, match in neighbours(text, trigger, in_sentence, lists):
                    found.append(relationship_candidate(text, trigger, sentence, match, from_spot, to_spot, 0, passage,
                                               paragraph_dates[sentence.paragraph], dateline))
                continue
            for match in trigger.pattern.finditer(text, sentence.start, sentence.end):
                if any(s.start <= match.start() < s.end for s in in_sentence):
                    continue  # the trigger word is part of a name ("Council of Ministers")
                # "X was founded in 2012. In total, 262 students from Y …": a forward trigger
                # whose sentence names nothing before it takes the subject the sentence before opens with
                carry = carried is not None and trigger.direction == "forward" and not any(
                    spot.end <= match.start() for spot in in_sentence)
                if trigger.direction == "cue" or len(in_sentence) + carry < 2:
                    cued.append((match.start(), match.end(), trigger))
                    break  # a cue, or one name only: the type is cued, there is nothing to link here
                if carry:
                    assert carried is not None
                    ends = [(from_spot, to_spot, CARRIED_RANK) for from_spot, to_spot, _ in trigger_ends(
                        text, trigger, [carried, *in_sentence], match.start(), match.end(), lists)
                        if from_spot is carried]
                else:
                    ends = trigger_ends(text, trigger, in_sentence, match.start(), match.end(), lists)
                if not ends:
                    # a trigger that linked its own ends has said which pair it means; one
                    # that found none cues its type for the co-mentions of the sentence
                    cued.append((match.start(), match.end(), trigger))
                for from_spot, to_spot, distance in ends:
                    found.append(relationship_candidate(text, trigger, sentence, match, from_spot, to_spot, distance, passage,
                                               paragraph_dates[sentence.paragraph], dateline,
                                               flag=CARRIED_FLAG if carry else None))
        for candidate in _without_compared_partners(found, passage):
            previous = seen.get(candidate.fingerprint)
            if previous is None or previous.confidence < candidate.confidence:
                seen[candidate.fingerprint] = candidate
    for candidate in [*rankings(text, paragraphs, sentences, spots, paragraph_dates, dateline),
                      *demonym_places(text, sentences, spots, gazetteer, paragraph_dates, dateline),
                      *inner_names(text, sentences, spots, gazetteer, paragraph_dates, dateline),
                      *frame_candidates(text, sentences, spots, paragraph_dates, dateline)]:
        previous = seen.get(candidate.fingerprint)
        if previous is None or previous.confidence < candidate.confidence:
            seen[candidate.fingerprint] = candidate
    linked = {frozenset((c.from_.key, c.to.key)) for c in seen.values() if c.from_ and c.to}
    for candidate in co_mentions(text, sentences, spots, cues, paragraph_dates, dateline):
        assert candidate.from_ and candidate.to
        pair = frozenset((candidate.from_.key, candidate.to.key))
        if pair not in linked:
            linked.add(pair)
            seen[candidate.fingerprint] = candidate
    candidates.extend(seen.values())
    return Analysis(paragraphs, sentences, mentions, spots, candidates, dateline)
