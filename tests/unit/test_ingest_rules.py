"""This round's rules, each on a text written for it: a paragraph that a page break
split, the type a definite description agrees with, and the relationships a name
states through the names it holds (graphsvc/ingest/inner_names.py)."""

from __future__ import annotations

import pytest

from graphsvc.ingest.gazetteer import Gazetteer
from graphsvc.ingest.pipeline import analyse
from graphsvc.ingest.segments import split

ENTITIES = [
    ("state:kazakhstan", "State", "Kazakhstan", ["Republic of Kazakhstan", "Казахстан"]),
    ("state:turkiye", "State", "Türkiye", ["Turkey", "Republic of Turkey"]),
    ("state:hungary", "State", "Hungary", ["Macaristan"]),
    ("place:ankara", "Place", "Ankara", []),
    ("org:steppe-university", "Organisation", "Steppe University", []),
    ("org:ots", "Organisation", "Organisation of Turkic States", ["OTS"]),
    ("org:embassy-hungary-kazakhstan", "Organisation", "Embassy of Hungary in Kazakhstan", []),
    ("org:ministry-of-energy-kazakhstan", "Organisation", "Ministry of Energy of the Republic of Kazakhstan", []),
    ("org:union-of-painters-turkiye", "Organisation", "Union of Painters of Türkiye", []),
    ("org:centre-for-kazakh-studies", "Organisation", "Centre for the Study of Kazakhstan", []),
    ("org:ankara-reading-society", "Organisation", "Reading Society in Ankara", []),
    ("org:ankara-music-college", "Organisation", "Ankara Music College", []),
    ("agreement:steppe-rail-accord", "Agreement", "Rail Accord between Türkiye and Hungary", []),
    ("programme:grant-from-kazakhstan", "Programme", "travel grant from the Republic of Kazakhstan", []),
    ("programme:steppe-university-exchange", "Programme", "Exchange Programme of the Steppe University", []),
    ("event:ots-summit-12", "Event", "12th Summit of the Organisation of Turkic States", []),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(ENTITIES)


def _facts(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str, str]]:
    return {(c.type, c.from_.key, c.to.key, c.rule) for c in analyse(text, gazetteer).kept()
            if c.kind == "relationship" and c.from_ and c.to}


# -- layout: a blank line inside a sentence ------------------------------------------------------
def test_a_blank_line_inside_a_sentence_does_not_end_its_paragraph() -> None:
    text = ("Rail links grew fast. By the spring of that year the two ministries had\n\n"
            "agreed on a timetable, and trains ran weekly.\n\nA new section. It begins here.")
    paragraphs, sentences = split(text)
    assert [text[p.start:p.end].split()[0] for p in paragraphs] == ["Rail", "A"]
    assert [text[s.start:s.end] for s in sentences][1] == (
        "By the spring of that year the two ministries had\n\nagreed on a timetable, and trains ran weekly.")


def test_a_blank_line_after_a_word_no_sentence_ends_with_does_not_end_its_paragraph() -> None:
    text = "Many studied at the best colleges in\n\nTürkiye, including 40 doctoral students."
    paragraphs, sentences = split(text)
    assert len(paragraphs) == 1 and len(sentences) == 1


@pytest.mark.parametrize("text", [
    "The first part ends here.\n\nthe second paragraph opens in lower case.",  # a stop ends the first
    "Introduction\n\nThe study opens with a capital.",  # a heading, then a sentence
])
def test_a_paragraph_that_ends_or_a_capital_that_opens_keeps_the_break(text: str) -> None:
    paragraphs, _ = split(text)
    assert len(paragraphs) == 2


def test_a_sentence_split_by_a_page_break_is_read_whole(gazetteer: Gazetteer) -> None:
    text = "In 2019 Türkiye and Hungary became\n\nmembers of the Organisation of Turkic States."
    found = _facts(text, gazetteer)
    assert ("MEMBER_OF", "state:turkiye", "org:ots", "member-of.en") in found
    assert ("MEMBER_OF", "state:hungary", "org:ots", "member-of.en") in found


# -- coreference: "the university" is an organisation ----------------------------------------------
def test_a_description_takes_a_name_of_its_type_only(gazetteer: Gazetteer) -> None:
    text = ("The Steppe University opened in 1995. Many apply to the Exchange Programme of the Steppe University. "
            "The university is run by the Ministry of Energy of the Republic of Kazakhstan.")
    anaphors = [s for s in analyse(text, gazetteer).spots if s.rule == "coreference"]
    assert [(text[s.start:s.end], s.endpoint.id) for s in anaphors] == [("The university", "org:steppe-university")]


# -- names inside names ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("The Rail Accord between Türkiye and Hungary entered into force in May.",
         ("PARTY_TO", "state:turkiye", "agreement:steppe-rail-accord", "inner-name.parties")),
        ("The Rail Accord between Türkiye and Hungary entered into force in May.",
         ("PARTY_TO", "state:hungary", "agreement:steppe-rail-accord", "inner-name.parties")),
        ("A reception at the Embassy of Hungary in Kazakhstan drew many guests.",
         ("OPERATES_IN", "org:embassy-hungary-kazakhstan", "state:kazakhstan", "inner-name.mission-in")),
        ("A statement of the Ministry of Energy of the Republic of Kazakhstan followed.",
         ("PART_OF", "org:ministry-of-energy-kazakhstan", "state:kazakhstan", "inner-name.state-body")),
        ("Works lent by the Union of Painters of Türkiye were shown.",
         ("LOCATED_IN", "org:union-of-painters-turkiye", "state:turkiye", "inner-name.of-place")),
        ("Members of the Reading Society in Ankara read aloud.",
         ("LOCATED_IN", "org:ankara-reading-society", "place:ankara", "inner-name.of-place")),
        ("Pupils of the Ankara Music College sang.",
         ("LOCATED_IN", "org:ankara-music-college", "place:ankara", "inner-name.place-first")),
        ("Two students received a travel grant from the Republic of Kazakhstan last year.",
         ("FUNDS", "state:kazakhstan", "programme:grant-from-kazakhstan", "inner-name.funded-from")),
        ("Leaders met at the 12th Summit of the Organisation of Turkic States.",
         ("ORGANISED", "org:ots", "event:ots-summit-12", "inner-name.event-of")),
    ],
)
def test_a_name_states_how_it_stands_to_the_names_it_holds(gazetteer: Gazetteer, text: str,
                                                           fact: tuple[str, str, str, str]) -> None:
    assert fact in _facts(text, gazetteer)


@pytest.mark.parametrize("text", [
    "A reception at the Embassy of Hungary in Kazakhstan drew many guests.",  # the state that sends it
    "Scholars of the Centre for the Study of Kazakhstan met in spring.",  # its topic, not its place
])
def test_a_sending_state_or_a_topic_is_not_where_an_organisation_is(gazetteer: Gazetteer, text: str) -> None:
    located = {(f, t) for type_, f, t, _ in _facts(text, gazetteer) if type_ == "LOCATED_IN"}
    assert ("org:embassy-hungary-kazakhstan", "state:hungary") not in located
    assert ("org:centre-for-kazakh-studies", "state:kazakhstan") not in located


# -- who runs an organisation; members listed after "the member states" ----------------------------
def test_an_organisation_run_jointly_by_two_states(gazetteer: Gazetteer) -> None:
    text = ("The Steppe University opened in 1995. The university management is appointed jointly by the "
            "governments of Türkiye and Kazakhstan.")
    found = _facts(text, gazetteer)
    assert ("RUNS", "state:turkiye", "org:steppe-university", "runs.en") in found
    assert ("RUNS", "state:kazakhstan", "org:steppe-university", "runs.en") in found


def test_states_listed_after_the_member_states_are_members_of_the_organisation_in_question(
        gazetteer: Gazetteer) -> None:
    text = ("Much of the work goes on within the Organisation of Turkic States. Teachers from the member "
            "states—Türkiye, Kazakhstan and Hungary—wrote a common atlas. Other member states watched.")
    members = {f for type_, f, t, rule in _facts(text, gazetteer)
               if type_ == "MEMBER_OF" and t == "org:ots" and rule == "members-listed.en"}
    assert members == {"state:turkiye", "state:kazakhstan", "state:hungary"}


def test_member_states_with_no_list_after_them_name_no_member(gazetteer: Gazetteer) -> None:
    text = "The Organisation of Turkic States met in Ankara. Its member states agreed, Türkiye first among them."
    assert not any(rule == "members-listed.en" for *_, rule in _facts(text, gazetteer))


# -- speakers at the event a sentence opens with ---------------------------------------------------
SPEAKERS = [
    ("state:kazakhstan", "State", "Kazakhstan", ["Republic of Kazakhstan", "Казахстан"]),
    ("person:aigerim-sadykova", "Person", "Aigerim Sadykova", ["Айгерим Садыкова"]),
    ("event:steppe-forum-2031", "Event", "Steppe Forum 2031", ["Степной форум 2031"]),
]


@pytest.mark.parametrize("text", [
    "During the Steppe Forum 2031, the Minister of Culture of Kazakhstan, Aigerim Sadykova, noted that films travel.",
    "На Степном форуме 2031 министр культуры Казахстана Айгерим Садыкова отметила, что фильмы нужны.",
])
def test_speakers_at_the_event_a_sentence_opens_with_took_part_in_it(text: str) -> None:
    found = _facts(text, Gazetteer(SPEAKERS))
    assert ("PARTICIPATED_IN", "state:kazakhstan", "event:steppe-forum-2031", "speakers-at-event.en") in found
    assert ("PARTICIPATED_IN", "person:aigerim-sadykova", "event:steppe-forum-2031", "speakers-at-event.en") in found


def test_an_event_named_later_in_the_sentence_frames_no_speaker() -> None:
    text = "Aigerim Sadykova of Kazakhstan noted that the Steppe Forum 2031 was well attended."
    assert not any(rule == "speakers-at-event.en" for *_, rule in _facts(text, Gazetteer(SPEAKERS)))


# -- an affiliation block closed by its address ------------------------------------------------------
def test_the_organisations_of_an_affiliation_block_are_in_the_city_its_address_closes_with(
        gazetteer: Gazetteer) -> None:
    text = ("Aigerim Sadykova\n\n*Steppe University,**Centre for the Study of Kazakhstan, Department of Song,**"
            "12 Kuşlar Street, Çankaya District, Ankara, Türkiye**Email: a@example.org*")
    found = {(type_, f, t) for type_, f, t, rule in _facts(text, gazetteer) if rule == "address.block"}
    assert found == {("LOCATED_IN", "org:steppe-university", "place:ankara"),
                     ("LOCATED_IN", "org:centre-for-kazakh-studies", "place:ankara")}


def test_names_in_a_sentence_with_no_street_or_number_are_no_address(gazetteer: Gazetteer) -> None:
    text = "Teachers of the Steppe University, friends of music, met in Ankara, Türkiye."
    assert not any(rule == "address.block" for *_, rule in _facts(text, gazetteer))


# -- trade read from a possessive ---------------------------------------------------------------------
TRADERS = [
    ("state:kazakhstan", "State", "Kazakhstan", []),
    ("state:hungary", "State", "Hungary", []),
    ("state:finland", "State", "Finland", []),
    ("state:japan", "State", "Japan", []),
]


def test_a_states_exports_to_a_list_of_partners() -> None:
    found = _facts("Last year Hungary's exports went mostly to Finland, Japan and Kazakhstan.", Gazetteer(TRADERS))
    assert {(f, t) for type_, f, t, rule in found if rule == "trade-possessive.en"} == {
        ("state:hungary", "state:finland"), ("state:hungary", "state:japan"), ("state:hungary", "state:kazakhstan")}


def test_partners_listed_before_their_share_of_a_states_imports() -> None:
    found = _facts("Finland and Japan account for a third of Hungary's imports.", Gazetteer(TRADERS))
    assert {(f, t) for type_, f, t, rule in found if rule == "trade-share.en"} == {
        ("state:hungary", "state:finland"), ("state:hungary", "state:japan")}


# -- where a state stood ---------------------------------------------------------------------------------
def test_a_state_that_emerged_in_the_territory_of_another() -> None:
    entities = [("state:steppe-khanate", "State", "Steppe Khanate", []), ("state:kazakhstan", "State", "Kazakhstan", []),
                ("place:great-steppe", "Place", "Great Steppe", [])]
    text = "The Steppe Khanate emerged in the 16th century on the Great Steppe in the territory of modern Kazakhstan."
    found = {(type_, f, t) for type_, f, t, rule in _facts(text, Gazetteer(entities)) if rule == "territory-of.en"}
    assert found == {("LOCATED_IN", "state:steppe-khanate", "state:kazakhstan")}


def test_people_living_in_the_territory_of_a_state_locate_no_other_state() -> None:
    entities = [("state:kazakhstan", "State", "Kazakhstan", []), ("state:hungary", "State", "Hungary", [])]
    text = "Kazakhs living in the territory of Hungary and Hungarians living in the territory of Kazakhstan met."
    assert not any(rule == "territory-of.en" for *_, rule in _facts(text, Gazetteer(entities)))


# -- what an event is dedicated to; a full stop inside a name ----------------------------------------
HONOURS = [
    ("person:abai-test", "Person", "Magzhan Zhumabayev", ["Magzhan", "Mağcan", "Магжан"]),
    ("event:poetry-evening", "Event", "Steppe Poetry Evening", ["Bozkır Şiir Akşamı", "Вечер степной поэзии"]),
    ("event:songs-exhibition", "Event", "Songs. Heritage of the Steppe", []),
]


@pytest.mark.parametrize("text", [
    "The Steppe Poetry Evening, dedicated to the poet Magzhan, gathered 300 readers.",
    "Mağcan'a ithaf edilen Bozkır Şiir Akşamı 300 okuru bir araya getirdi.",
    "Вечер степной поэзии, посвящённый поэту Магжан, собрал 300 читателей.",
])
def test_an_event_dedicated_to_a_person(text: str) -> None:
    found = {(type_, f, t) for type_, f, t, _ in _facts(text, Gazetteer(HONOURS))}
    assert ("DEDICATED_TO", "event:poetry-evening", "person:abai-test") in found


def test_a_full_stop_inside_a_known_name_ends_no_sentence() -> None:
    text = 'On 3 May the exhibition "Songs. Heritage of the Steppe" dedicated to Magzhan Zhumabayev opened.'
    analysis = analyse(text, Gazetteer(HONOURS))
    assert len(analysis.sentences) == 1
    assert ("DEDICATED_TO", "event:songs-exhibition", "person:abai-test") in {
        (c.type, c.from_.key, c.to.key) for c in analysis.kept() if c.kind == "relationship" and c.from_ and c.to}


# -- a paper's funding line ---------------------------------------------------------------------------
FUNDERS = [
    ("org:steppe-science-fund", "Organisation", "Steppe Science Fund", []),
    ("programme:grant-ab123", "Programme", "Grant No. AB123", ["grant AB123"]),
]


@pytest.mark.parametrize("text", [
    "This study was funded by the Steppe Science Fund (Grant No. AB123).",
    "The work is supported financially by the Steppe Science Fund under grant AB123.",
])
def test_a_funder_and_the_grant_named_after_it(text: str) -> None:
    found = {(type_, f, t) for type_, f, t, rule in _facts(text, Gazetteer(FUNDERS)) if rule == "funder-grant.en"}
    assert found == {("FUNDS", "org:steppe-science-fund", "programme:grant-ab123")}


def test_a_grant_named_after_an_organisation_no_one_says_funds_it() -> None:
    text = "The Steppe Science Fund (Grant No. AB123) was discussed at length."
    assert not any(rule == "funder-grant.en" for *_, rule in _facts(text, Gazetteer(FUNDERS)))


# -- citations and named descriptions -------------------------------------------------------------------
def test_a_name_in_an_author_year_citation_is_its_author_not_a_mention(gazetteer: Gazetteer) -> None:
    text = "Rail links grew (Ankara, 2021; Hungary et al., 2019). The Steppe University in Ankara opened a library."
    mentioned = [text[m.start:m.end] for m in analyse(text, gazetteer).mentions]
    assert mentioned == ["Steppe University", "Ankara"]


def test_a_head_followed_by_the_name_it_introduces_is_no_anaphor(gazetteer: Gazetteer) -> None:
    text = ("Many apply to the Exchange Programme of the Steppe University. "
            "The programme document Rail Accord between Türkiye and Hungary was signed.")
    anaphors = [text[s.start:s.end] for s in analyse(text, gazetteer).spots if s.rule == "coreference"]
    assert anaphors == []


# -- the place a sentence opens with --------------------------------------------------------------------
OPENINGS = [
    ("place:astana", "Place", "Astana", ["Астана", "Астане"]),
    ("event:steppe-film-week", "Event", "Steppe Film Week", ["Неделя степного кино"]),
]


@pytest.mark.parametrize("text", [
    "In Astana, a programme of films called Steppe Film Week was opened by the mayor.",
    "В Астане, по традиции, прошла Неделя степного кино.",
])
def test_an_event_held_in_the_place_its_sentence_opens_with(text: str) -> None:
    found = {(type_, f, t) for type_, f, t, rule in _facts(text, Gazetteer(OPENINGS)) if rule == "place-opening.en"}
    assert found == {("LOCATED_IN", "event:steppe-film-week", "place:astana")}


def test_a_place_opening_a_sentence_that_says_nothing_happened_there() -> None:
    text = "In Astana, critics praised the Steppe Film Week."
    assert not any(rule == "place-opening.en" for *_, rule in _facts(text, Gazetteer(OPENINGS)))


# -- "one of them" ----------------------------------------------------------------------------------------
RUNNERS = [
    ("state:hungary", "State", "Hungary", ["Венгрия"]),
    ("programme:steppe-grants", "Programme", "Steppe Grants", ["Степные гранты"]),
]


@pytest.mark.parametrize("text", [
    "Hungary offers several study programmes to young people abroad. One of them is Steppe Grants, open since 2015.",
    "Венгрия реализует несколько программ для молодёжи. Одна из них — Степные гранты.",
])
def test_one_of_the_programmes_the_sentence_before_says_a_state_runs(text: str) -> None:
    found = {(type_, f, t) for type_, f, t, rule in _facts(text, Gazetteer(RUNNERS)) if rule == "one-of-them.en"}
    assert found == {("RUNS", "state:hungary", "programme:steppe-grants")}


def test_one_of_them_after_a_sentence_that_runs_nothing() -> None:
    text = "Hungary has many friends abroad. One of them is Steppe Grants."
    assert not any(rule == "one-of-them.en" for *_, rule in _facts(text, Gazetteer(RUNNERS)))


# -- succession and founding under an organisation's auspices ---------------------------------------------
SUCCESSORS = [
    ("org:steppe-council", "Organisation", "Steppe Council", ["Степной совет"]),
    ("org:steppe-union", "Organisation", "Union of Steppe States", ["Союз степных государств"]),
    ("org:steppe-institute", "Organisation", "Steppe Institute", []),
]


@pytest.mark.parametrize("text", [
    "In 2021 the Steppe Council was renamed the Union of Steppe States.",
    "The Union of Steppe States (formerly the Steppe Council) met in May.",
    "The Union of Steppe States succeeded the Steppe Council in 2021.",
    "В 2021 году Степной совет был преобразован в Союз степных государств.",
])
def test_an_organisation_that_succeeded_another(text: str) -> None:
    found = {(type_, f, t) for type_, f, t, _ in _facts(text, Gazetteer(SUCCESSORS))}
    assert ("SUCCEEDED", "org:steppe-union", "org:steppe-council") in found


def test_an_institute_created_under_the_auspices_of_an_organisation() -> None:
    text = "The Steppe Institute, created under the auspices of the Union of Steppe States, opened in 2012."
    found = {(type_, f, t) for type_, f, t, _ in _facts(text, Gazetteer(SUCCESSORS))}
    assert ("ESTABLISHED_BY", "org:steppe-institute", "org:steppe-union") in found


# -- "within the framework of" a programme or an event ------------------------------------------
FRAMEWORKS = [
    ("org:turkic-culture-fund", "Organisation", "Turkic Culture Fund", ["Türk Kültür Vakfı", "Фонд тюркской культуры"]),
    ("programme:steppe-scholarships", "Programme", "Steppe Scholarships", ["Степные стипендии"]),
    ("event:steppe-book-fair", "Event", "Steppe Book Fair", ["Bozkır Kitap Fuarı"]),
]


@pytest.mark.parametrize(("text", "fact"), [
    ('Within the framework of the programme "Steppe Scholarships", the Turkic Culture Fund sent 40 students abroad.',
     ("RUNS", "org:turkic-culture-fund", "programme:steppe-scholarships")),
    ("Within the framework of the Steppe Book Fair, the director of the Turkic Culture Fund opened a reading hall.",
     ("ORGANISED", "org:turkic-culture-fund", "event:steppe-book-fair")),
    ("В рамках программы «Степные стипендии» Фонд тюркской культуры направил за рубеж 40 студентов.",
     ("RUNS", "org:turkic-culture-fund", "programme:steppe-scholarships")),
    ("Bozkır Kitap Fuarı çerçevesinde Türk Kültür Vakfı bir okuma salonu açtı.",
     ("ORGANISED", "org:turkic-culture-fund", "event:steppe-book-fair")),
])
def test_the_actor_after_within_the_framework_of_runs_or_organised_it(text: str, fact: tuple[str, str, str]) -> None:
    assert (*fact, "within-framework") in _facts(text, Gazetteer(FRAMEWORKS))


def test_within_the_framework_of_a_cooperation_names_no_frame() -> None:
    text = "Within the framework of cultural cooperation, the Turkic Culture Fund sent 40 students abroad."
    assert not any(rule == "within-framework" for *_, rule in _facts(text, Gazetteer(FRAMEWORKS)))


# -- an event held at an organisation; a work by a person ------------------------------------------
HOSTS = [
    ("org:steppe-gallery", "Organisation", "Steppe Art Gallery", []),
    ("org:turkic-culture-fund", "Organisation", "Turkic Culture Fund", ["Фонд тюркской культуры"]),
    ("event:steppe-book-fair", "Event", "Steppe Book Fair", ["Степная книжная ярмарка"]),
    ("event:colours-of-the-steppe", "Event", "Colours of the Steppe", []),
    ("person:ozan-demir", "Person", "Ozan Demir", []),
    ("place:ankara", "Place", "Ankara", ["Анкара"]),
]


@pytest.mark.parametrize(("text", "fact"), [
    ("On 19 May 2024 the Steppe Book Fair will be held at the Steppe Art Gallery.",
     ("PARTICIPATED_IN", "org:steppe-gallery", "event:steppe-book-fair", "held-at.en")),
    ("Степная книжная ярмарка прошла в Фонде тюркской культуры.",
     ("PARTICIPATED_IN", "org:turkic-culture-fund", "event:steppe-book-fair", "held-at.ru")),
    ('In Ankara, an exhibition by Ozan Demir entitled "Colours of the Steppe" was opened.',
     ("PARTICIPATED_IN", "person:ozan-demir", "event:colours-of-the-steppe", "work-by.en")),
])
def test_the_host_and_the_author_of_an_event(text: str, fact: tuple[str, str, str, str]) -> None:
    assert fact in _facts(text, Gazetteer(HOSTS))


def test_an_event_held_in_a_place_is_located_there_not_hosted() -> None:
    found = _facts("Степная книжная ярмарка прошла в Анкаре.", Gazetteer(HOSTS))
    assert ("LOCATED_IN", "event:steppe-book-fair", "place:ankara", "held-in.ru") in found
    assert not any(type_ == "PARTICIPATED_IN" for type_, *_ in found)


# -- trade partners a sentence compares ---------------------------------------------------------

def test_the_partners_of_a_possessive_trade_are_not_each_others_partners(gazetteer: Gazetteer) -> None:
    assert {f[:3] for f in _facts("Kazakhstan's exports focus on Türkiye and Hungary.", gazetteer)
            if f[0] == "TRADES_WITH"} == {("TRADES_WITH", "state:kazakhstan", "state:turkiye"),
                                          ("TRADES_WITH", "state:kazakhstan", "state:hungary")}


def test_states_given_shares_are_compared_not_paired(gazetteer: Gazetteer) -> None:
    compared = "Türkiye and Hungary follow with 5% and 6%, while exports to Kazakhstan grew."
    assert not [f for f in _facts(compared, gazetteer) if f[0] == "TRADES_WITH"]
    # one figure is no comparison: trade between two states stays their trade
    assert ("TRADES_WITH", "state:turkiye", "state:hungary", "trades.en") in _facts(
        "Trade between Türkiye and Hungary grew by 5%.", gazetteer)
