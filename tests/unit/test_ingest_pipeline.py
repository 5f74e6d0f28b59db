"""The ingestion pipeline as a library (no database): segmentation, the gazetteer's
folding and word boundaries, triggers per language, dates, excerpts, intake limits."""

from __future__ import annotations

import io
import time
import zlib

import pypdf
import pytest
from pypdf import PdfWriter

from graphsvc.errors import Problem
from graphsvc.ingest import intake
from graphsvc.ingest.candidates import EXCERPT_WORDS, Candidate
from graphsvc.ingest.gazetteer import Gazetteer
from graphsvc.ingest.pipeline import analyse
from graphsvc.ingest.co_mentions import CO_MENTION_RULE
from graphsvc.ingest.segments import split

ENTITIES = [
    ("state:kazakhstan", "State", "Kazakhstan", ["Kazakistan", "Қазақстан", "Казахстан"]),
    ("state:turkiye", "State", "Türkiye", ["Turkey", "Турция"]),
    ("state:hungary", "State", "Hungary", ["Macaristan", "Венгрия"]),
    ("state:kyrgyzstan", "State", "Kyrgyzstan", ["Kırgızistan", "Киргизия"]),
    ("org:turksoy", "Organisation", "TURKSOY", ["TÜRKSOY", "ТЮРКСОЙ"]),
    ("org:ots", "Organisation", "Organisation of Turkic States",
     ["Organization of Turkic States", "OTS", "Türk Devletleri Teşkilatı", "Организация тюркских государств"]),
    ("org:turkic-academy", "Organisation", "International Turkic Academy",
     ["Turkic Academy", "Международная тюркская академия"]),
    ("org:yunus-emre-institute", "Organisation", "Yunus Emre Institute", ["Yunus Emre Enstitüsü"]),
    ("person:kubanychbek-omuraliev", "Person", "Kubanychbek Omuraliev", []),
    ("place:astana", "Place", "Astana", ["Астана"]),
    # two entities share an alias: resolved only by what else the text names
    ("org:ministry-of-culture-of-azerbaijan", "Organisation", "Ministry of Culture of Azerbaijan", ["Ministry of Culture"]),
    ("org:ministry-of-culture-and-tourism-of-turkiye", "Organisation", "Ministry of Culture and Tourism of Türkiye",
     ["Ministry of Culture"]),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(ENTITIES)


def _ids(text: str, gazetteer: Gazetteer) -> list[str]:
    return [m.entity.id for m in gazetteer.find(text) if m.entity]


def _facts(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str, str | None]]:
    return {(c.type, c.from_.key, c.to.key, c.start) for c in analyse(text, gazetteer).kept()
            if c.kind == "relationship" and c.from_ and c.to}


def test_paragraphs_and_sentences_carry_offsets_into_the_text() -> None:
    text = "First one. Dr. Smith came on 3 May.\n\nSecond paragraph: A. Yasawi wrote it. Then more."
    paragraphs, sentences = split(text)
    assert [(p.number, text[p.start:p.end]) for p in paragraphs] == [
        (1, "First one. Dr. Smith came on 3 May."), (2, "Second paragraph: A. Yasawi wrote it. Then more.")]
    assert [text[s.start:s.end] for s in sentences] == [
        "First one.", "Dr. Smith came on 3 May.", "Second paragraph: A. Yasawi wrote it.", "Then more."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kazakistan'ın ve Türkiye'nin kültürel bağları", ["state:kazakhstan", "state:turkiye"]),
        ("Қазақстанның мәдениеті", ["state:kazakhstan"]),
        ("Turkiyenin ve Kazakistanın", ["state:turkiye", "state:kazakhstan"]),
        ("в Казахстане и Турции", ["state:kazakhstan", "state:turkiye"]),
        ("членом Международной тюркской академии", ["org:turkic-academy"]),
        ("Kazakhstan's and TURKEY's", ["state:kazakhstan", "state:turkiye"]),
        # a name inside a longer word is not a mention
        ("Kazakhstanian Turkeyish OTSX", []),
    ],
)
def test_gazetteer_finds_names_through_suffixes_scripts_and_case(gazetteer: Gazetteer, text: str,
                                                                 expected: list[str]) -> None:
    assert _ids(text, gazetteer) == expected


# Names whose last word ends in a vowel pair or -й: their transliterated case forms
# had been cut at different letters ("galereya" -> "galere", "galeree" -> "galer").
RUSSIAN_NAMES = [
    ("org:gallery", "Organisation", "Государственная картинная галерея", []),
    ("org:museum", "Organisation", "Музей тюркской письменности", []),
    ("org:assembly", "Organisation", "Парламентская ассамблея", []),
    ("org:academy", "Organisation", "Тюркская академия", []),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Выставка открылась в Государственной картинной галерее.", ["org:gallery"]),
        ("Директор Государственной картинной галереи и сотрудники", ["org:gallery"]),
        ("руководство Государственной картинной галереей", ["org:gallery"]),
        ("в Музее тюркской письменности; с Музеем тюркской письменности; Музея тюркской письменности",
         ["org:museum", "org:museum", "org:museum"]),
        ("на сессии Парламентской ассамблеи; перед Парламентской ассамблеей", ["org:assembly", "org:assembly"]),
        ("с Тюркской академией; в Тюркскую академию", ["org:academy", "org:academy"]),
        # a stem is no prefix: another word that starts like a name is no mention of it
        ("Музыка тюркской письменности", []),
    ],
)
def test_russian_case_forms_of_names_ending_in_vowels_are_found(text: str, expected: list[str]) -> None:
    assert _ids(text, Gazetteer(RUSSIAN_NAMES)) == expected


def test_a_russian_case_form_is_found_as_written_to_its_last_letter() -> None:
    text = "Выставка открылась в Государственной картинной галерее."
    assert [text[m.start:m.end] for m in Gazetteer(RUSSIAN_NAMES).find(text)] == [
        "Государственной картинной галерее"]


def test_mentions_point_at_the_text_as_written(gazetteer: Gazetteer) -> None:
    text = "Yesterday TÜRKSOY met in Астана."
    assert [(text[m.start:m.end], m.entity.id if m.entity else None) for m in gazetteer.find(text)] == [
        ("TÜRKSOY", "org:turksoy"), ("Астана", "place:astana")]


def test_a_shared_alias_is_resolved_by_a_co_mention_or_left_ambiguous(gazetteer: Gazetteer) -> None:
    resolved = gazetteer.find("The Ministry of Culture and Tourism of Türkiye said the Ministry of Culture agreed.")
    assert [m.entity.id if m.entity else None for m in resolved] == [
        "org:ministry-of-culture-and-tourism-of-turkiye", "org:ministry-of-culture-and-tourism-of-turkiye"]
    assert resolved[1].resolved_by == "co-mention"
    ambiguous = gazetteer.find("The Ministry of Culture agreed.")
    assert ambiguous[0].entity is None and ambiguous[0].resolved_by == "ambiguous"
    assert {k.id for k in ambiguous[0].options} == {
        "org:ministry-of-culture-of-azerbaijan", "org:ministry-of-culture-and-tourism-of-turkiye"}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Kyrgyzstan became a member of the Turkic Academy in 2012.",
         ("MEMBER_OF", "state:kyrgyzstan", "org:turkic-academy", "2012")),
        ("Kırgızistan 2012 yılında TÜRKSOY'un üyesi oldu.", ("MEMBER_OF", "state:kyrgyzstan", "org:turksoy", "2012")),
        ("Киргизия стала членом Международной тюркской академии в марте 2012 года.",
         ("MEMBER_OF", "state:kyrgyzstan", "org:turkic-academy", "2012-03")),
        ("Hungary has had observer status in the OTS since 2018.", ("OBSERVER_OF", "state:hungary", "org:ots", "2018")),
        ("Macaristan, Türk Devletleri Teşkilatı'nın gözlemci üyesidir.", ("OBSERVER_OF", "state:hungary", "org:ots", None)),
        ("Венгрия является наблюдателем в Организации тюркских государств с 1990-х.",
         ("OBSERVER_OF", "state:hungary", "org:ots", "199X")),
        ("The Yunus Emre Institute is located in Astana.",
         ("LOCATED_IN", "org:yunus-emre-institute", "place:astana", None)),
    ],
)
def test_triggers_give_type_direction_and_date(gazetteer: Gazetteer, text: str,
                                               fact: tuple[str, str, str, str | None]) -> None:
    assert fact in _facts(text, gazetteer)


def test_observer_is_not_read_as_member(gazetteer: Gazetteer) -> None:
    facts = _facts("Macaristan, Türk Devletleri Teşkilatı'nın gözlemci üyesidir.", gazetteer)
    assert ("MEMBER_OF", "state:hungary", "org:ots", None) not in facts


def test_a_dateline_is_a_hint_not_a_date(gazetteer: Gazetteer) -> None:
    analysis = analyse("ASTANA, April 23. Kyrgyzstan is a member of TURKSOY, officials said.", gazetteer)
    member = next(c for c in analysis.kept() if c.type == "MEMBER_OF")
    assert member.start is None and member.date_hint == "XXXX-04-23" and "date-from-dateline" in member.flags


def test_new_names_are_proposed_by_heads_forms_and_titles(gazetteer: Gazetteer) -> None:
    text = ("The Turkic Culture Heritage Foundation and the Turkic Academy signed a Memorandum of Understanding "
            "on Cultural Exchange. Secretary General Kubanychbek Omuraliev attended the Turkic Film Festival "
            "with President Sadyr Japarov.")
    proposals = {(c.type, c.name, c.rule) for c in analyse(text, gazetteer).candidates if c.kind == "entity"}
    assert ("Organisation", "Turkic Culture Heritage Foundation", "head.organisation:foundation") in proposals
    assert ("Agreement", "Memorandum of Understanding on Cultural Exchange", "head.agreement:memorandum") in proposals
    assert ("Event", "Turkic Film Festival", "head.event:festival") in proposals
    assert ("Person", "Sadyr Japarov", "title.person") in proposals
    # a known person is a mention, not a proposal
    assert not any(name == "Kubanychbek Omuraliev" for _, name, _ in proposals)


def test_excerpts_are_verbatim_short_and_hold_their_evidence(gazetteer: Gazetteer) -> None:
    filler = " ".join(f"word{i}" for i in range(40))
    text = f"{filler} and then Kyrgyzstan became a member of TURKSOY in 1993 while {filler}."
    candidate = next(c for c in analyse(text, gazetteer).kept() if c.type == "MEMBER_OF")
    assert candidate.excerpt in text
    assert text[candidate.locator["start"]:candidate.locator["end"]] == candidate.excerpt
    assert len(candidate.excerpt.split()) <= EXCERPT_WORDS
    assert "Kyrgyzstan" in candidate.excerpt and "TURKSOY" in candidate.excerpt
    assert 0 < candidate.confidence <= 1 and candidate.rule == "member-of.en"


LIMITS = intake.Limits(max_bytes=10_000, max_pdf_pages=5, max_seconds=5.0)


@pytest.mark.parametrize(
    ("data", "media_type", "charset", "status", "type_"),
    [
        (b"", intake.PLAIN, None, 422, "empty-text"),
        (b"   \n\n  ", intake.PLAIN, None, 422, "empty-text"),
        (bytes(range(256)) * 4, intake.PLAIN, None, 422, "unknown-encoding"),
        (b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10 Kazakhstan TURKSOY text text text", intake.PLAIN, None, 422,
         "binary-data"),
        ("Türkiye".encode("utf-8"), intake.PLAIN, "no-such-charset", 422, "unknown-encoding"),
        (b"x" * 10_001, intake.PLAIN, None, 413, "body-too-large"),
    ],
)
def test_bad_input_is_a_clear_problem(data: bytes, media_type: str, charset: str | None, status: int,
                                      type_: str) -> None:
    with pytest.raises(Problem) as caught:
        intake.read(data, media_type, charset, LIMITS)
    assert caught.value.status == status and caught.value.type.endswith(type_)


def test_unsupported_types_are_415() -> None:
    with pytest.raises(Problem) as caught:
        intake.media_type_of("image/png")
    assert caught.value.status == 415
    assert intake.media_type_of("text/plain; charset=windows-1254") == (intake.PLAIN, "windows-1254")


def test_a_named_charset_is_honoured() -> None:
    text = "Kazakistan'ın ve Türkiye'nin kültürel bağları güçleniyor."
    taken = intake.read(text.encode("cp1254"), intake.PLAIN, "windows-1254", LIMITS)
    assert taken.text == text


def test_html_keeps_the_main_text_only_and_never_markup() -> None:
    page = (b"<html><head><title>News</title><script>alert('head')</script></head><body>"
            b"<nav>Home | About</nav><main><h1>Kazakhstan and TURKSOY</h1>"
            b"<p onclick=\"alert('click')\">Kazakhstan is a member of <a href=\"javascript:alert(1)\">TURKSOY</a>.</p>"
            b"<script>document.title='owned'</script><img src=x onerror=alert(2)></main>"
            b"<footer>Copyright</footer></body></html>")
    taken = intake.read(page, intake.HTML, None, LIMITS)
    assert taken.title == "News"
    assert taken.text == "Kazakhstan and TURKSOY\n\nKazakhstan is a member of TURKSOY."


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_without_a_text_layer_is_422_and_a_long_one_413() -> None:
    with pytest.raises(Problem) as caught:
        intake.read(_pdf(2), intake.PDF, None, LIMITS)
    assert caught.value.status == 422 and caught.value.type.endswith("pdf-without-text")
    with pytest.raises(Problem) as caught:
        intake.read(_pdf(6), intake.PDF, None, LIMITS)
    assert caught.value.status == 413 and caught.value.type.endswith("pdf-too-long")
    with pytest.raises(Problem) as caught:
        intake.read(b"%PDF-1.7 this is not really a pdf" * 3, intake.PDF, None, LIMITS)
    assert caught.value.status == 422


# -- rules read from how names sit, and from the paragraph (texts written for the tests) -----------
PLACES = [
    ("state:azerbaijan", "State", "Azerbaijan", ["Azərbaycan", "Азербайджан"]),
    ("state:kazakhstan", "State", "Kazakhstan", ["Kazakistan", "Казахстан"]),
    ("state:turkiye", "State", "Türkiye", ["Turkey"]),
    ("state:finland", "State", "Finland", []),
    ("place:baku", "Place", "Baku", ["Bakı", "Баку"]),
    ("place:ankara", "Place", "Ankara", []),
    ("place:shymkent-region", "Place", "Shymkent region", []),
    ("event:steppe-book-fair", "Event", "Steppe Book Fair", ["Bozkır Kitap Fuarı", "Степная книжная ярмарка"]),
    ("person:aigerim-sadykova", "Person", "Aigerim Sadykova", []),
    ("person:ozan-demir", "Person", "Ozan Demir", []),
    ("org:turkic-culture-fund", "Organisation", "Turkic Culture Fund", ["Türk Kültür Vakfı", "Фонд тюркской культуры"]),
    ("org:steppe-university", "Organisation", "Steppe University", []),
    ("org:trade-agency", "Organisation", "Trade Agency", []),
    ("programme:steppe-scholarships", "Programme", "Steppe Scholarships", []),
    ("programme:openness-index", "Programme", "Cultural Openness Index", []),
]


@pytest.fixture(scope="module")
def places() -> Gazetteer:
    return Gazetteer(PLACES)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Last week the Turkic Culture Fund in Ankara opened a reading room.",
         ("LOCATED_IN", "org:turkic-culture-fund", "place:ankara", "in-place.en")),
        ("Scholars of the Steppe University in the Turkish city of Ankara met for a week.",
         ("LOCATED_IN", "org:steppe-university", "place:ankara", "in-place.en")),
        ("Ankara'daki Türk Kültür Vakfı yeni bir salon açtı.",
         ("LOCATED_IN", "org:turkic-culture-fund", "place:ankara", "in-place.tr")),
        ("Фонд тюркской культуры в Баку открыл читальный зал.",
         ("LOCATED_IN", "org:turkic-culture-fund", "place:baku", "in-place.ru")),
        ("Correspondence: Steppe University, Kazakhstan",
         ("LOCATED_IN", "org:steppe-university", "state:kazakhstan", "address.comma")),
        ("BAKU, Azerbaijan, May 4. Officials spoke.", ("LOCATED_IN", "place:baku", "state:azerbaijan", "address.comma")),
        ("Delegates toured the Shymkent region of Kazakhstan.",
         ("LOCATED_IN", "place:shymkent-region", "state:kazakhstan", "place-of-state.en")),
        ("Many applicants value Kazakhstan's Steppe Scholarships highly.",
         ("RUNS", "state:kazakhstan", "programme:steppe-scholarships", "possessive-programme.en")),
        ("Kazakistan'ın Steppe Scholarships programı büyüyor.",
         ("RUNS", "state:kazakhstan", "programme:steppe-scholarships", "possessive-programme.tr")),
        ("In May the Rector of the Steppe University, Aigerim Sadykova, and Ozan Demir met.",
         ("HOLDS_POSITION", "person:aigerim-sadykova", "org:steppe-university", "title-of.en")),
        ("The Steppe Book Fair was held last week in Ankara.",
         ("LOCATED_IN", "event:steppe-book-fair", "place:ankara", "held-in.en")),
        ("Степная книжная ярмарка прошла в Баку.",
         ("LOCATED_IN", "event:steppe-book-fair", "place:baku", "held-in.ru")),
        ("Ankara'da düzenlenen Bozkır Kitap Fuarı sona erdi.",
         ("LOCATED_IN", "event:steppe-book-fair", "place:ankara", "in-place.tr")),
        ("Officials of Kazakhstan's Trade Agency met the press.",
         ("PART_OF", "org:trade-agency", "state:kazakhstan", "possessive-part.en")),
    ],
)
def test_neighbouring_names_give_facts_no_verb_states(places: Gazetteer, text: str,
                                                      fact: tuple[str, str, str, str]) -> None:
    found = {(c.type, c.from_.key, c.to.key, c.rule) for c in analyse(text, places).kept()
             if c.kind == "relationship" and c.from_ and c.to}
    assert fact in found


def test_a_comma_list_of_places_is_not_an_address(places: Gazetteer) -> None:
    found = _facts("Delegations came from Baku, Azerbaijan and Kazakhstan to the meeting.", places)
    assert not any(type_ == "LOCATED_IN" for type_, *_ in found)


def test_a_ranking_links_each_state_to_the_index_of_its_paragraph(places: Gazetteer) -> None:
    text = ("The Cultural Openness Index compares 120 countries every year.\n\n"
            "The Cultural Openness Index was published in March. In 2025, Türkiye was ranked 12th, "
            "while Finland was 9th. Kazakhstan rose to 40th place. Azerbaijan hosted the launch.")
    found = {(c.type, c.from_.key, c.to.key, c.start) for c in analyse(text, places).kept()
             if c.kind == "relationship" and c.from_ and c.to and c.type == "RANKED_IN"}
    assert found == {("RANKED_IN", "state:turkiye", "programme:openness-index", "2025"),
                     ("RANKED_IN", "state:finland", "programme:openness-index", "2025"),
                     ("RANKED_IN", "state:kazakhstan", "programme:openness-index", None)}


def test_a_table_row_of_figures_ranks_its_state(places: Gazetteer) -> None:
    text = "Table 2: Cultural Openness Index\nCountry 2022 2023 2024\nKazakhstan 58 61 49\nAzerbaijan hosted nothing."
    ranked = {c.from_.key for c in analyse(text, places).kept()
              if c.kind == "relationship" and c.from_ and c.type == "RANKED_IN"}
    assert ranked == {"state:kazakhstan"}


def test_a_soft_sign_is_part_of_its_word() -> None:
    # ь and ъ fold to nothing: "культуры" is one word, as fold() has it
    gazetteer = Gazetteer([("org:fund", "Organisation", "Фонд культуры", [])])
    assert [m.entity.id for m in gazetteer.find("Фонд культуры открыл зал.") if m.entity] == ["org:fund"]


def test_a_listed_object_gives_one_candidate_per_member(gazetteer: Gazetteer) -> None:
    found = _facts("The founding members of TURKSOY are Kazakhstan, Kyrgyzstan and Türkiye.", gazetteer)
    assert {("MEMBER_OF", state, "org:turksoy", None) for state in
            ("state:kazakhstan", "state:kyrgyzstan", "state:turkiye")} <= found


def test_the_members_of_x_are_a_list_in_russian_too(gazetteer: Gazetteer) -> None:
    found = {(c.type, c.from_.key, c.to.key, c.rule) for c in analyse(
        "Членами ТЮРКСОЙ являются Казахстан, Киргизия и Турция.", gazetteer).kept()
        if c.kind == "relationship" and c.from_ and c.to}
    assert {("MEMBER_OF", state, "org:turksoy", "members-of-are.ru") for state in
            ("state:kazakhstan", "state:kyrgyzstan", "state:turkiye")} <= found


def test_listed_subjects_share_the_nearest_ones_confidence(gazetteer: Gazetteer) -> None:
    analysis = analyse("Kazakhstan, Kyrgyzstan and Türkiye joined TURKSOY in 1993.", gazetteer)
    members = {c.from_.key: c.confidence for c in analysis.kept() if c.type == "MEMBER_OF" and c.from_}
    assert set(members) == {"state:kazakhstan", "state:kyrgyzstan", "state:turkiye"}
    assert len(set(members.values())) == 1


def _co_mentions(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    return [c for c in analyse(text, gazetteer).candidates if c.kind == "relationship" and c.rule == CO_MENTION_RULE]


def test_names_of_one_list_are_not_paired_by_co_mention(places: Gazetteer) -> None:
    def pairs(text: str) -> set[frozenset[str]]:
        return {frozenset((c.from_.key, c.to.key)) for c in _co_mentions(text, places) if c.from_ and c.to}

    assert pairs("Ankara, Baku and the Shymkent region sent delegations.") == set()
    assert pairs("Baku welcomed a delegation from Ankara.") == {frozenset(("place:baku", "place:ankara"))}


def test_co_mention_reaches_the_next_sentence_with_less_confidence(places: Gazetteer) -> None:
    (a,) = _co_mentions("The Steppe University welcomed guests from Ankara.", places)
    (b,) = _co_mentions("The Steppe University welcomed guests. Ankara sent them.", places)
    assert (a.type, a.from_.key, a.to.key) == (b.type, b.from_.key, b.to.key) == (
        "LOCATED_IN", "org:steppe-university", "place:ankara")
    assert b.confidence < a.confidence and b.excerpt == "Ankara sent them."


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # no word for it: the first type the model allows between the two that two names
        # can state by standing together (an organisation and a state: where it is)
        ("Kazakhstan values the Steppe University.", ("LOCATED_IN", "org:steppe-university", "state:kazakhstan")),
        # the words between them choose among the model's types, in the model's direction
        ("Readers of the Steppe University of the Turkic Culture Fund met.",
         ("PART_OF", "org:steppe-university", "org:turkic-culture-fund")),
        ("The Steppe Scholarships for Kazakhstan grew.", ("BENEFITS", "programme:steppe-scholarships",
                                                          "state:kazakhstan")),
        ("Ozan Demir spoke during the Steppe Book Fair.",
         ("PARTICIPATED_IN", "person:ozan-demir", "event:steppe-book-fair")),
    ],
)
def test_a_co_mention_is_typed_by_the_model_and_the_words(places: Gazetteer, fact: tuple[str, str, str],
                                                          text: str) -> None:
    assert [(c.type, c.from_.key, c.to.key) for c in _co_mentions(text, places) if c.from_ and c.to] == [fact]


def _co_mention(text: str, gazetteer: Gazetteer) -> tuple[str, str, str, float]:
    (candidate,) = [c for c in _co_mentions(text, gazetteer) if c.from_ and c.to]
    assert candidate.from_ and candidate.to
    return candidate.type, candidate.from_.key, candidate.to.key, candidate.confidence


def test_words_between_two_names_cue_a_type_only_the_way_they_read_it(places: Gazetteer) -> None:
    """"X in Y" puts X in Y: when the model allows no X in Y (a state in a region), the
    words cue nothing and the pair is only as likely as its placement."""
    against = _co_mention("Kazakhstan's culture weeks in the Shymkent region drew crowds.", places)
    uncued = _co_mention("Kazakhstan's culture weeks reached the Shymkent region and drew crowds.", places)
    assert against == uncued
    assert against[:3] == ("LOCATED_IN", "place:shymkent-region", "state:kazakhstan")


def test_an_organisation_named_with_a_city_is_read_as_in_it_more_than_with_a_state(places: Gazetteer) -> None:
    """A reader takes an organisation and a city named together as the organisation and
    where it is more readily than an organisation and a state (its partner, its topic)."""
    city = _co_mention("The Steppe University thanked Ankara for the year.", places)
    state = _co_mention("The Steppe University thanked Kazakhstan for the year.", places)
    assert city[:3] == ("LOCATED_IN", "org:steppe-university", "place:ankara")
    assert state[:3] == ("LOCATED_IN", "org:steppe-university", "state:kazakhstan")
    assert city[3] > state[3]


def test_a_cue_word_right_before_a_name_makes_it_the_object(places: Gazetteer) -> None:
    """"a gift for Finnish readers": the readers are the ones served, whichever of the
    two names the text gives first."""
    readers = Gazetteer([*PLACES, ("org:finnish-readers-club", "Organisation", "Finnish readers", [])])
    served = _co_mention("Many books are a gift for Finnish readers. The Steppe University prints them.", readers)
    assert served[:3] == ("BENEFITS", "org:steppe-university", "org:finnish-readers-club")


def test_a_place_named_with_a_list_of_states_is_less_likely_in_each(places: Gazetteer) -> None:
    """A city lies in one state at most: named with two, no word says which."""
    def located(text: str) -> dict[str, float]:
        return {c.to.key: c.confidence for c in _co_mentions(text, places)
                if c.type == "LOCATED_IN" and c.from_ and c.from_.key == "place:ankara" and c.to}

    one = located("A book was presented in Ankara and praised by critics across Kazakhstan.")
    two = located("A book was presented in Ankara and praised by critics across Kazakhstan and Finland.")
    assert set(two) == {"state:kazakhstan", "state:finland"}
    assert max(two.values()) < one["state:kazakhstan"]


def test_a_co_mention_rises_with_how_closely_the_names_stand(places: Gazetteer) -> None:
    """One phrase over one clause; a clause over two clauses, another name between, or
    a bibliography entry: how texts are written, whatever they name."""

    def confidence(text: str) -> float:
        (candidate,) = [c for c in _co_mentions(text, places)
                        if c.from_ and c.from_.key == "org:steppe-university" and c.to and c.to.key == "place:ankara"]
        return candidate.confidence

    phrase = confidence("The Steppe University (Ankara) hosted readers.")
    clause = confidence("The Steppe University hosted many readers last year and thanked Ankara.")
    broken = confidence("The Steppe University hosted many readers; most of them later went to Ankara.")
    name_between = confidence("The Steppe University gave Ozan Demir a prize last year, mostly for Ankara.")
    reference = confidence("Steppe University. (2021). *Readers of Ankara*. Steppe Press.")
    assert phrase > clause > max(broken, name_between, reference)



DEFAULT_LIMITS = intake.Limits(max_bytes=5 * 2**20, max_pdf_pages=300, max_seconds=10.0)


def _raw_pdf(page_refs: int, content: bytes) -> bytes:
    """A PDF written by hand: one page object, listed `page_refs` times in the page tree
    (which declares that many pages), its content stream Flate-compressed as given."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"3 0 R " * page_refs + b"] /Count %d >>" % page_refs,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_pdf_with_thousands_of_pages_is_refused_before_any_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _raw_pdf(5000, zlib.compress(b"BT /F1 12 Tf 10 10 Td (Kazakhstan and Turkey signed a treaty.) Tj ET"))
    # the same page, listed once, is read
    one = _raw_pdf(1, zlib.compress(b"BT /F1 12 Tf 10 10 Td (Kazakhstan and Turkey signed a treaty.) Tj ET"))
    assert intake.read(one, intake.PDF, None, DEFAULT_LIMITS).text == "Kazakhstan and Turkey signed a treaty."

    def no_page_is_read(*args: object, **kwargs: object) -> str:
        raise AssertionError("a page was read")

    monkeypatch.setattr(pypdf.PageObject, "extract_text", no_page_is_read)
    with pytest.raises(Problem) as caught:
        intake.read(data, intake.PDF, None, DEFAULT_LIMITS)
    assert caught.value.status == 413 and caught.value.type.endswith("pdf-too-long")
    assert "5000 pages" in caught.value.detail


def test_a_decompression_bomb_is_refused_not_inflated() -> None:
    # about 100 MB of page content in about 1 MB: pypdf stops inflating at its cap (75 MB)
    packer = zlib.compressobj(1)
    line = b"(Kazakhstan ) Tj " * 60_000
    bomb = (packer.compress(b"BT /F1 12 Tf 10 10 Td ") + b"".join(packer.compress(line) for _ in range(100))
            + packer.compress(b"ET") + packer.flush())
    data = _raw_pdf(1, bomb)
    assert len(data) < 2_000_000
    started = time.monotonic()
    with pytest.raises(Problem) as caught:
        intake.read(data, intake.PDF, None, DEFAULT_LIMITS)
    assert caught.value.status == 422 and caught.value.type.endswith("unreadable-pdf")
    assert "Limit reached" in caught.value.detail
    assert time.monotonic() - started < DEFAULT_LIMITS.max_seconds


def test_cooperation_between_names_its_parties_only(gazetteer: Gazetteer) -> None:
    # at any confidence: TURKSOY is named near the trigger but is not a party
    found = analyse("TURKSOY reported that cooperation between Kazakhstan and Hungary grew.", gazetteer).candidates
    cooperation = {frozenset((c.from_.key, c.to.key)) for c in found
                   if c.type == "COOPERATES_WITH" and c.from_ and c.to}
    assert cooperation == {frozenset(("state:kazakhstan", "state:hungary"))}


def test_a_thing_promoted_through_an_organisation_is_not_its_supporter(gazetteer: Gazetteer) -> None:
    passive = _facts("Kazakhstan's integration is promoted through TURKSOY.", gazetteer)
    active = _facts("Kazakhstan promoted TURKSOY abroad.", gazetteer)
    assert not any(type_ == "SUPPORTS" for type_, *_ in passive)
    assert ("SUPPORTS", "state:kazakhstan", "org:turksoy", None) in active


def test_a_title_of_an_organisation_goes_to_the_person_after_it(places: Gazetteer) -> None:
    text = "Ozan Demir and the Rector of the Steppe University, Aigerim Sadykova, opened the session."
    holders = {c.from_.key for c in analyse(text, places).candidates
               if c.type == "HOLDS_POSITION" and c.from_ and c.rule.startswith(("holds-position", "title-of"))}
    assert holders == {"person:aigerim-sadykova"}


def _carried(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str]]:
    return {(c.type, c.from_.key, c.to.key) for c in analyse(text, gazetteer).candidates
            if c.kind == "relationship" and c.from_ and c.to and "carried-subject" in c.flags}


def test_a_sentence_without_a_subject_carries_over_the_one_before(places: Gazetteer, gazetteer: Gazetteer) -> None:
    assert _carried("The Steppe Scholarships began in 2012. In 2023, 40 students from Kazakhstan held one.",
                    places) == {("BENEFITS", "programme:steppe-scholarships", "state:kazakhstan")}
    assert _carried("Казахстан провёл реформу школ в 1992 году. Через год вступил в ТЮРКСОЙ.", gazetteer) == {
        ("MEMBER_OF", "state:kazakhstan", "org:turksoy")}


def test_a_sentence_with_a_name_before_its_trigger_carries_nothing(places: Gazetteer) -> None:
    assert _carried("The Steppe Scholarships began in 2012. Ankara welcomed 40 students from Kazakhstan.",
                    places) == set()
    # a name deep inside the sentence before is not its subject
    assert _carried("In the spring of that year, after long talks, the Steppe Scholarships began. "
                    "In 2023, 40 students from Kazakhstan held one.", places) == set()
