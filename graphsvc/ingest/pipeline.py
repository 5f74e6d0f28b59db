"""The ingestion pipeline as a library: a text in, candidates out. No database.

`analyse(text, gazetteer)` finds paragraphs and sentences, the mentions of
known entities, names of new entities (by their heads, forms and titles) and
relationship candidates (by the trigger patterns of graphsvc.ingest.lexicon),
each with a verbatim excerpt, a locator, a date when the text gives one, the
sectors its sentence speaks of, a confidence and the rule that made it.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from graphsvc.ingest import lexicon
from graphsvc.ingest.gazetteer import Gazetteer, Known, Mention, fold_with_offsets
from graphsvc.ingest.segments import Paragraph, Sentence, split
from graphsvc.vocabulary import SYMMETRIC_TYPES

DEFAULT_THRESHOLD = 0.5
EXCERPT_WORDS = 30
_WORD = re.compile(r"\S+")
_NAME_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|\.(?=\w))*\.?", re.UNICODE)
_HEAD_SETS = [(type_, frozenset(heads)) for type_, heads in lexicon.HEADS.items()]
_LIST_WORDS = frozenset({"and", "ve", "və", "и", "with", "ile"})
_TAIL_WORDS = frozenset({"of", "on", "for", "по", "для"})


@dataclass(frozen=True)
class Endpoint:
    """A known entity (`id`) or a proposed one (`name`, `type`)."""

    type: str
    name: str
    id: str | None = None
    options: tuple[str, ...] = ()  # the ids an ambiguous mention may be

    def as_json(self) -> dict[str, Any]:
        if self.id:
            return {"id": self.id, "name": self.name, "type": self.type}
        body: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.options:
            body["ambiguous"] = list(self.options)
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


# -- new names ----------------------------------------------------------------------------------
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


# -- the pipeline -------------------------------------------------------------------------------------------
def analyse(text: str, gazetteer: Gazetteer) -> Analysis:
    paragraphs, sentences = split(text)
    folded = fold_with_offsets(text)
    mentions = gazetteer.find(text, folded)
    spots = [Spot(m.start, m.end, _endpoint(m), "gazetteer") for m in mentions]
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
    spots.sort(key=lambda s: s.start)
    starts = [s.start for s in spots]
    candidates.extend(proposed.values())

    paragraph_dates = {p.number: _dates_in(text, p.start, p.end) for p in paragraphs}
    seen: dict[str, Candidate] = {}
    cues: dict[int, set[str]] = {}  # per sentence (by its start): the types its trigger words cue
    for sentence in sentences:
        in_sentence = _within(spots, starts, sentence)
        if not in_sentence:
            continue
        cued = cues.setdefault(sentence.start, set())
        passage = text[sentence.start:sentence.end]
        lists = _list_groups(text, in_sentence)
        found: list[Candidate | None] = []
        for trigger in lexicon.TRIGGERS:
            if trigger.direction in BETWEEN:
                for from_spot, to_spot, match in _neighbours(text, trigger, in_sentence):
                    found.append(_relationship(text, trigger, sentence, match, from_spot, to_spot, 0, passage,
                                               paragraph_dates[sentence.paragraph], dateline))
                continue
            for match in trigger.pattern.finditer(text, sentence.start, sentence.end):
                if any(s.start <= match.start() < s.end for s in in_sentence):
                    continue  # the trigger word is part of a name ("Council of Ministers")
                cued.add(trigger.type)
                if trigger.direction == "cue" or len(in_sentence) < 2:
                    break  # a cue, or one name only: the type is cued, there is nothing to link here
                for from_spot, to_spot, distance in _ends(text, trigger, in_sentence, match.start(), match.end(), lists):
                    found.append(_relationship(text, trigger, sentence, match, from_spot, to_spot, distance, passage,
                                               paragraph_dates[sentence.paragraph], dateline))
        for candidate in found:
            if candidate is None:
                continue
            previous = seen.get(candidate.fingerprint)
            if previous is None or previous.confidence < candidate.confidence:
                seen[candidate.fingerprint] = candidate
    for candidate in _rankings(text, paragraphs, sentences, spots, paragraph_dates, dateline):
        previous = seen.get(candidate.fingerprint)
        if previous is None or previous.confidence < candidate.confidence:
            seen[candidate.fingerprint] = candidate
    linked = {frozenset((c.from_.key, c.to.key)) for c in seen.values() if c.from_ and c.to}
    for candidate in _co_mentions(text, sentences, spots, gazetteer, cues, paragraph_dates, dateline):
        assert candidate.from_ and candidate.to
        pair = frozenset((candidate.from_.key, candidate.to.key))
        if pair not in linked:
            linked.add(pair)
            seen[candidate.fingerprint] = candidate
    candidates.extend(seen.values())
    return Analysis(paragraphs, sentences, mentions, spots, candidates, dateline)


CO_MENTION_RULE = "co-mention.graph-prior"
RANKED_RULE = "ranked-in.paragraph"
RANK_REACH = 3  # sentences between a ranked state and the index's name, at most
RANK_SENTENCE_PENALTY = 0.05  # per sentence between them
SENTENCE_PENALTY = 0.15  # a co-mention across a sentence boundary
_NOTHING = re.compile("")


def _rankings(
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
        indices = [(number, spot) for number, sentence in members for spot in _within(spots, starts, sentence)
                   if lexicon.INDEX_NAME.search(spot.endpoint.name)]
        if not indices:
            continue
        for number, sentence in members:
            cue = lexicon.RANK_CUE.search(text, sentence.start, sentence.end)
            for state in _within(spots, starts, sentence):
                if state.endpoint.type != "State":
                    continue
                evidence = cue or lexicon.FIGURES_AFTER.match(text, state.end, sentence.end)
                if evidence is None:
                    continue
                apart, index = min(((abs(n - number), spot) for n, spot in indices),
                                   key=lambda item: (item[0], abs(item[1].start - state.start)))
                if apart > RANK_REACH:
                    continue
                candidate = _derived(text, RANKED_RULE, "RANKED_IN",
                                     lexicon.RANKED_CONFIDENCE - RANK_SENTENCE_PENALTY * apart, sentence, evidence,
                                     state, index, paragraph_dates, dateline)
                if candidate is not None:
                    found.append(candidate)
    return found


def _derived(
    text: str, rule: str, rel_type: str, confidence: float, sentence: Sentence, evidence: re.Match[str],
    from_spot: Spot, to_spot: Spot, paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> Candidate | None:
    """A candidate of a rule that is not a trigger of the lexicon (rankings, co-mentions),
    with `sentence` as its evidence."""
    trigger = lexicon.Trigger(rule, rel_type, evidence.re, "pair", (), (), confidence)
    return _relationship(text, trigger, sentence, evidence, from_spot, to_spot, 0, text[sentence.start:sentence.end],
                         paragraph_dates[sentence.paragraph], dateline)


def _within(spots: list[Spot], starts: list[int], sentence: Sentence) -> list[Spot]:
    """The spots inside a sentence (spots sorted by start; starts their starts)."""
    first = bisect.bisect_left(starts, sentence.start)
    last = bisect.bisect_left(starts, sentence.end)
    return [s for s in spots[first:last] if s.end <= sentence.end]


def _co_mentions(
    text: str, sentences: list[Sentence], spots: list[Spot], gazetteer: Gazetteer, cues_of: dict[int, set[str]],
    paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> list[Candidate]:
    """Two entities named in one sentence, or in two neighbouring sentences of a
    paragraph, that no other rule linked. The type: of those the graph gives a link
    between their two types, the most frequent one a trigger word of the sentences
    cues ("member", "in", "for students"), else the most frequent. The confidence
    falls with the names between them, with a crowded sentence and with a sentence
    boundary between them. The weakest rule; a curator's queue shows it last."""
    found: list[Candidate] = []
    starts = [s.start for s in spots]
    named = [_distinct(_within(spots, starts, sentence)) for sentence in sentences]
    cued = [cues_of.get(sentence.start, set()) for sentence in sentences]
    for number, sentence in enumerate(sentences):
        # names of one list are each other's peers, not each other's facts
        lists = _list_groups(text, named[number])
        pairs = [(a, b, 0) for i, a in enumerate(named[number]) for b in named[number][i + 1:]
                 if lists[a] != lists[b]]
        crowd = len(named[number])
        cues = cued[number]
        following = number + 1
        if following < len(sentences) and sentences[following].paragraph == sentence.paragraph:
            pairs += [(a, b, 1) for a in named[number] for b in named[following]
                      if a.endpoint.key != b.endpoint.key]
            cues = cues | cued[following]
        for a, b, apart in pairs:
            options = [o for o in gazetteer.priors.options(a.endpoint.type, b.endpoint.type)
                       if o[0] in cues or o[0] not in lexicon.CUED_ONLY]
            if not options:
                continue
            rel_type, a_first, share = next((o for o in options if o[0] in cues), options[0])
            if apart:
                crowd_of_pair = crowd + len(named[following])
                confidence = CO_MENTION_BASE - SENTENCE_PENALTY - (0.1 if crowd_of_pair > 6 else 0)
                evidence = sentences[following]
            else:
                between = len({lists[s] for s in named[number] if a.end <= s.start and s.end <= b.start}
                              - {lists[a], lists[b]})
                confidence = CO_MENTION_BASE - 0.12 * min(between, 2) - (0.05 if crowd > 3 else 0) - (
                    0.05 if crowd > 5 else 0)
                evidence = sentence
            confidence += SHARE_WEIGHT * share + (CUED_BONUS if rel_type in cues else 0)
            if confidence <= 0.05:
                continue
            from_spot, to_spot = (a, b) if a_first else (b, a)
            at_start = _NOTHING.match(text, evidence.start)  # no trigger word: the evidence is the sentence
            assert at_start is not None
            candidate = _derived(text, CO_MENTION_RULE, rel_type, confidence, evidence, at_start, from_spot, to_spot,
                                 paragraph_dates, dateline)
            if candidate is not None:
                found.append(candidate)
    return found


CO_MENTION_BASE = 0.2
CUED_BONUS = 0.1
SHARE_WEIGHT = 0.4  # times the share of the pair of types the graph gives the chosen relationship type


def _distinct(named: list[Spot]) -> list[Spot]:
    """The first mention of each entity, in the order of the text."""
    first: dict[str, Spot] = {}
    for spot in named:
        first.setdefault(spot.endpoint.key, spot)
    return sorted(first.values(), key=lambda s: s.start)


def _endpoint(mention: Mention) -> Endpoint:
    known = mention.entity
    if known is not None:
        return Endpoint(known.type, known.name, known.id)
    first: Known = mention.options[0]
    return Endpoint(first.type, mention.surface, None, tuple(k.id for k in mention.options))


BETWEEN = ("between", "between-back")
_TITLE_OF_TAIL = re.compile(r"(?:\s+\w+){0,2}?\s+of\s+(?:the\s+)?", re.IGNORECASE)  # "Director [General] of the "


def _neighbours(text: str, trigger: lexicon.Trigger, spots: list[Spot]) -> list[tuple[Spot, Spot, re.Match[str]]]:
    """(from, to, the text between them) for two neighbouring names whose gap is the
    trigger's pattern, whole ("the Yunus Emre Institute in Astana")."""
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
    return pairs


def _fits(spot: Spot, types: tuple[str, ...]) -> bool:
    return spot.endpoint.type in types


def _list_groups(text: str, spots: list[Spot]) -> dict[Spot, int]:
    """Which names of a sentence stand in one coordinated list ("Azerbaijan, Kazakhstan
    and Türkiye"): neighbours joined by a comma or a conjunction share a number."""
    groups: dict[Spot, int] = {}
    ordered = sorted(spots, key=lambda s: s.start)
    group = 0
    for previous, spot in zip([None, *ordered], ordered):
        if previous is None or previous.end > spot.start or \
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


def _ends(text: str, trigger: lexicon.Trigger, spots: list[Spot], t_start: int, t_end: int,
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
        near = sorted(spots, key=lambda s: min(abs(s.start - t_end), abs(s.end - t_start)))
        actors = [s for s in near if _fits(s, trigger.from_types)]
        distinct: list[Spot] = []
        for s in actors:
            if all(s.endpoint.key != d.endpoint.key for d in distinct):
                distinct.append(s)
        for i in range(min(len(distinct), 3)):
            for j in range(i + 1, min(len(distinct), 3)):
                pairs.append((distinct[i], distinct[j], i + j - 1))
    return [(a, b, d) for a, b, d in pairs if a.endpoint.key != b.endpoint.key]


def _relationship(
    text: str, trigger: lexicon.Trigger, sentence: Sentence, match: re.Match[str], from_spot: Spot, to_spot: Spot,
    rank: int, passage: str, paragraph_dates: list[tuple[int, str, str]], dateline: str | None,
) -> Candidate | None:
    # an end in another sentence of the paragraph: the evidence is this sentence's part
    lo = max(min(from_spot.start, to_spot.start, match.start()), sentence.start)
    hi = min(max(from_spot.end, to_spot.end, match.end()), sentence.end)
    confidence = trigger.confidence - 0.1 * rank
    flags: list[str] = []
    for end in (from_spot, to_spot):
        if end.endpoint.id is None:
            confidence -= 0.1
            flags.append("ambiguous" if end.endpoint.options else "new-entity")
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
