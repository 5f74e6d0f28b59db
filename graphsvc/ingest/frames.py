"""Facts whose one end is the frame a passage sets rather than a word next to the other:

- members listed after "the member states": "books for the schools of the member
  countries—Türkiye, Kazakhstan and Azerbaijan". The states listed right after the
  words are members of the organisation the passage is about: the last one named (or
  referred to: "the academy") before the words in their sentence, else in the
  sentence before;
- speakers at the event a sentence opens with: "During the 10th Summit of the OTS,
  the President of Kazakhstan, K. Tokayev, noted that …": the people, states and
  organisations named between the event and the verb of saying took part in it;
- the place a sentence opens with: "In Kazakhstan, an exhibition by D. Mamedova entitled
  \"Almaty …\" was opened": the events the sentence says were held, opened or shown
  there are located in it;
- "one of them": "The Republic of Turkey develops many scholarship programmes … One
  of them is … Türkiye Bursları": the programme, event or organisation the sentence
  names is one of those the subject of the sentence before runs;
- the programme or event a sentence is "within the framework of": "Within the framework
  of the programme \"Y\", the Secretary General of X visited …": the first state or
  organisation named after the frame runs the programme (RUNS) or organised the event
  (ORGANISED); "в рамках программы Y …", "Y çerçevesinde X …";
- the address that closes an affiliation block: "Azerbaijan University of Languages,
  Azerbaijan University, 71 Ceyhun Hajibeyli Street, Nasimi District, Baku, Azerbaijan":
  the organisations the block lists are in the city ("Baku") it closes with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graphsvc.ingest import lexicon
from graphsvc.ingest.candidates import Candidate, Spot
from graphsvc.ingest.relations import derived_candidate, evidence_at, list_groups, within
from graphsvc.ingest.segments import Sentence

MEMBERS_RULE = "members-listed.en"
SPEAKERS_RULE = "speakers-at-event.en"
PLACE_OPENING_RULE = "place-opening.en"
ADDRESS_RULE = "address.block"
ONE_OF_THEM_RULE = "one-of-them.en"
FRAMEWORK_RULE = "within-framework"
PREVIOUS_SENTENCE_PENALTY = 0.05  # the organisation is named in the sentence before


@dataclass(frozen=True)
class _Read:
    """A fact one of the readers below found in a sentence."""

    rule: str
    type: str
    confidence: float
    evidence: re.Match[str]
    from_spot: Spot
    to_spot: Spot


def frame_candidates(
    text: str, sentences: list[Sentence], spots: list[Spot],
    paragraph_dates: dict[int, list[tuple[int, str, str]]], dateline: str | None,
) -> list[Candidate]:
    """The candidates of the readers below, sentence by sentence."""
    starts = [s.start for s in spots]
    named = [within(spots, starts, sentence) for sentence in sentences]
    found: list[Candidate] = []
    for number, sentence in enumerate(sentences):
        here = named[number]
        same_paragraph = number > 0 and sentences[number - 1].paragraph == sentence.paragraph
        previous = sentences[number - 1] if same_paragraph else None
        before = named[number - 1] if same_paragraph else []
        for read in (*_listed_members(text, sentence, here, before), *_event_speakers(text, sentence, here),
                     *_place_openings(text, sentence, here), *_address_blocks(text, here),
                     *_one_of_them(text, sentence, here, previous, before), *_frameworks(text, sentence, here)):
            candidate = derived_candidate(text, read.rule, read.type, read.confidence, sentence, read.evidence,
                                          read.from_spot, read.to_spot, paragraph_dates, dateline)
            if candidate is not None:
                found.append(candidate)
    return found


def _listed_members(text: str, sentence: Sentence, here: list[Spot], before: list[Spot]) -> Iterator[_Read]:
    for match in lexicon.MEMBERS_LISTED.finditer(text, sentence.start, sentence.end):
        members = _listed_after(text, here, match)
        organisations = [s for s in here if s.end <= match.start() and s.endpoint.type == "Organisation"]
        penalty = 0.0
        if not organisations:
            organisations = [s for s in before if s.endpoint.type == "Organisation"]
            penalty = PREVIOUS_SENTENCE_PENALTY
        if not members or not organisations:
            continue
        for member in members:
            yield _Read(MEMBERS_RULE, "MEMBER_OF", lexicon.MEMBERS_LISTED_CONFIDENCE - penalty, match, member,
                        organisations[-1])


def _listed_after(text: str, spots: list[Spot], match: re.Match[str]) -> list[Spot]:
    """The states of the list that opens right after the words."""
    first = next((s for s in spots if s.start >= match.end()), None)
    if first is None or first.start - match.end() > 2 or first.endpoint.type != "State":
        return []
    lists = list_groups(text, spots)
    return [s for s in spots if lists[s] == lists[first] and s.endpoint.type == "State"]


def _event_speakers(text: str, sentence: Sentence, here: list[Spot]) -> Iterator[_Read]:
    event = next((s for s in here if s.endpoint.type == "Event"), None)
    if event is None:
        return
    opening = lexicon.EVENT_OPENING.match(text, sentence.start, event.start)
    if opening is None or text[opening.end():event.start].strip().lower() not in ("", "the"):
        return  # the sentence does not open with the event ("During the X, …")
    verb = lexicon.SAYING.search(text, event.end, sentence.end)
    if verb is None:
        return
    for speaker in here:
        if event.end <= speaker.start and speaker.end <= verb.start() and speaker.endpoint.type in lexicon.AGENTS:
            yield _Read(SPEAKERS_RULE, "PARTICIPATED_IN", lexicon.SPEAKERS_CONFIDENCE, verb, speaker, event)


def _place_openings(text: str, sentence: Sentence, here: list[Spot]) -> Iterator[_Read]:
    opening = lexicon.PLACE_OPENING.match(text, sentence.start, sentence.end)
    place = here[0] if here else None
    if opening is None or place is None or place.start != opening.end() or \
            place.endpoint.type not in ("Place", "State") or not text.startswith(",", place.end):
        return
    happened = lexicon.HAPPENED.search(text, place.end, sentence.end)
    if happened is None:
        return
    for event in (s for s in here[1:] if s.endpoint.type == "Event"):  # "… was opened", "прошла …"
        yield _Read(PLACE_OPENING_RULE, "LOCATED_IN", lexicon.PLACE_OPENING_CONFIDENCE, happened, event, place)


def _address_blocks(text: str, here: list[Spot]) -> Iterator[_Read]:
    for at, (place, state) in enumerate(zip(here, here[1:])):
        if place.endpoint.type != "Place" or state.endpoint.type != "State" \
                or not lexicon.ADDRESS_CLOSE.fullmatch(text, place.end, state.start) \
                or not lexicon.ADDRESS_CLOSE_TAIL.match(text, state.end):
            continue
        listed: list[Spot] = []
        follows = place
        for spot in reversed(here[:at]):  # back through the block, nearest first
            if spot.endpoint.type != "Organisation" or spot.end > follows.start \
                    or not lexicon.ADDRESS_PART_GAP.fullmatch(text, spot.end, follows.start):
                break
            listed.append(spot)
            follows = spot
        if not listed or not lexicon.ADDRESS_MARK.search(text, listed[0].end, place.start):
            continue  # no organisation, or no street, district or number: not an address
        for organisation in listed:
            yield _Read(ADDRESS_RULE, "LOCATED_IN", lexicon.ADDRESS_BLOCK_CONFIDENCE, evidence_at(text, place.start),
                        organisation, place)


def _one_of_them(text: str, sentence: Sentence, here: list[Spot], previous: Sentence | None,
                 before: list[Spot]) -> Iterator[_Read]:
    opening = lexicon.ONE_OF_THEM.match(text, sentence.start, sentence.end)
    if opening is None or previous is None:
        return
    named = next((s for s in here if s.endpoint.type in ("Programme", "Event", "Organisation")), None)
    verb = lexicon.RUNS_MANY.search(text, previous.start, previous.end)
    if named is None or verb is None:
        return
    runner = next((s for s in reversed(before) if s.end <= verb.start() and s.endpoint.type in lexicon.ACTORS), None)
    if runner is not None and runner.endpoint.key != named.endpoint.key:
        yield _Read(ONE_OF_THEM_RULE, "RUNS", lexicon.ONE_OF_THEM_CONFIDENCE, opening, runner, named)


def _frameworks(text: str, sentence: Sentence, here: list[Spot]) -> Iterator[_Read]:
    """"Within the framework of Y, … X …": Y a programme (X RUNS it) or an event (X
    ORGANISED it), named right after the words (Turkish: right before them); X the
    first state or organisation after them in the sentence."""
    for match in lexicon.FRAMEWORK_OF.finditer(text, sentence.start, sentence.end):
        if match["before"] is not None:  # "Y çerçevesinde": the frame ends where the words start
            frame = next((s for s in here if s.end <= match.start()
                          and lexicon.FRAMEWORK_SUFFIX.fullmatch(text, s.end, match.start())), None)
        else:
            frame = next((s for s in here if 0 <= s.start - match.end() <= 2), None)
        if frame is None or frame.endpoint.type not in lexicon.FRAMEWORK_TYPES:
            continue
        actor = next((s for s in here if s.start >= max(frame.end, match.end())
                      and s.endpoint.type in lexicon.ACTORS and s.endpoint.key != frame.endpoint.key), None)
        if actor is not None:
            yield _Read(FRAMEWORK_RULE, lexicon.FRAMEWORK_TYPES[frame.endpoint.type],
                        lexicon.FRAMEWORK_CONFIDENCE, match, actor, frame)
