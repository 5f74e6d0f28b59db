"""Coreference by rules and the rules that read facts through it, on texts written for
these tests (graphsvc/ingest/coreference.py, graphsvc/ingest/lexicon.py)."""

from __future__ import annotations

import pytest

from graphsvc.ingest.candidates import Candidate
from graphsvc.ingest.coreference import RULE
from graphsvc.ingest.gazetteer import Gazetteer
from graphsvc.ingest.pipeline import analyse
from graphsvc.ingest.co_mentions import CO_MENTION_RULE

ENTITIES = [
    ("state:kazakhstan", "State", "Kazakhstan", ["Kazakistan", "Казахстан", "Republic of Kazakhstan"]),
    ("state:uzbekistan", "State", "Uzbekistan", ["Özbekistan", "Узбекистан"]),
    ("state:turkiye", "State", "Türkiye", ["Turkey", "Турция"]),
    ("org:ots", "Organisation", "Organisation of Turkic States", ["OTS", "Türk Devletleri Teşkilatı"]),
    ("org:turksoy", "Organisation", "TURKSOY", []),
    ("org:steppe-university", "Organisation", "Great Steppe University",
     ["Büyük Bozkır Üniversitesi", "Университет Великой степи"]),
    ("org:turkic-academy", "Organisation", "Turkic Academy", ["Türk Akademisi", "Тюркская академия"]),
    ("org:nomad-foundation", "Organisation", "Nomad Heritage Foundation", []),
    ("org:folk-song-centre", "Organisation", "Folk Song Research Centre",
     ["Halk Müziği Araştırma Merkezi", "Центр народной песни"]),
    ("agreement:good-neighbourliness", "Agreement", "Treaty of Good Neighbourliness", []),
    ("agreement:aral-accord", "Agreement", "Aral Accord", []),
    ("programme:bridge-scholarship", "Programme", "Bridge Scholarship", []),
    ("programme:caravan-exchange", "Programme", "Caravan Exchange", []),
    ("person:aigerim-sadykova", "Person", "Aigerim Sadykova", []),
    ("person:ozan-demir", "Person", "Ozan Demir", []),
    ("event:steppe-summit", "Event", "Summit of the Steppe", []),
    ("place:astana", "Place", "Astana", ["Астана"]),
    ("place:shymkent", "Place", "Shymkent", []),
    ("place:samarkand", "Place", "Samarkand", []),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(ENTITIES)


def _kept(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    return [c for c in analyse(text, gazetteer).kept() if c.kind == "relationship" and c.from_ and c.to]


def _facts(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str]]:
    return {(c.type, c.from_.key, c.to.key) for c in _kept(text, gazetteer) if c.from_ and c.to}


def _resolved(text: str, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(the anaphor as written, the id it stands for)."""
    return [(text[s.start:s.end], s.endpoint.key) for s in analyse(text, gazetteer).spots if s.rule == RULE]


def test_a_definite_description_stands_for_the_last_name_with_its_head(gazetteer: Gazetteer) -> None:
    text = ("The Great Steppe University opened its doors in 1995 with the support of TURKSOY. "
            "The university is located in Shymkent.")
    assert _resolved(text, gazetteer) == [("The university", "org:steppe-university")]
    located = next(c for c in _kept(text, gazetteer) if c.type == "LOCATED_IN")
    assert (located.from_ and located.from_.id, located.to and located.to.id) == ("org:steppe-university",
                                                                                  "place:shymkent")
    assert "coreference" in located.flags
    assert located.from_ is not None and located.from_.as_json()["resolved_by"] == "coreference"
    # the same fact stated with the name is a little more confident
    named = next(c for c in _kept("The Great Steppe University is located in Shymkent.", gazetteer)
                 if c.type == "LOCATED_IN")
    assert located.confidence < named.confidence and "coreference" not in named.flags


def test_a_generic_head_takes_the_last_name_of_its_type(gazetteer: Gazetteer) -> None:
    text = "Kazakhstan joined TURKSOY in 1993. The organisation is based in Astana."
    assert _resolved(text, gazetteer) == [("The organisation", "org:turksoy")]
    assert ("LOCATED_IN", "org:turksoy", "place:astana") in _facts(text, gazetteer)


def test_a_description_without_an_antecedent_or_before_a_name_stands_for_nothing(gazetteer: Gazetteer) -> None:
    assert _resolved("Kazakhstan joined TURKSOY. The university opened later.", gazetteer) == []
    # an apposition names its thing: "the festival" here is not the university
    assert _resolved("The Great Steppe University grew. The festival \"Steppe Songs\" was held.", gazetteer) == []


def test_the_two_countries_stand_for_the_last_two_states(gazetteer: Gazetteer) -> None:
    text = ("Uzbekistan and Kazakhstan held talks in Samarkand in May.\n\n"
            "The two countries signed the Treaty of Good Neighbourliness in 1998.")
    assert sorted(_resolved(text, gazetteer)) == [("The two countries", "state:kazakhstan"),
                                                  ("The two countries", "state:uzbekistan")]
    facts = _facts(text, gazetteer)
    assert ("PARTY_TO", "state:uzbekistan", "agreement:good-neighbourliness") in facts
    assert ("PARTY_TO", "state:kazakhstan", "agreement:good-neighbourliness") in facts


@pytest.mark.parametrize(
    ("text", "anaphor"),
    [
        ("Özbekistan ve Kazakistan Semerkant'ta görüştü. İki ülke yeni bir anlaşma imzaladı.", "İki ülke"),
        ("Узбекистан и Казахстан провели переговоры. Обе страны подписали договор.", "Обе страны"),
    ],
)
def test_the_two_countries_in_turkish_and_russian(gazetteer: Gazetteer, text: str, anaphor: str) -> None:
    assert sorted(_resolved(text, gazetteer)) == [(anaphor, "state:kazakhstan"), (anaphor, "state:uzbekistan")]


@pytest.mark.parametrize(
    ("text", "anaphor"),
    [
        ("Türk Akademisi 1993 yılında kuruldu. Bu akademi Türk dilleri üzerine çalışır.", "Bu akademi"),
        ("Тюркская академия работает с 2010 года. Академия издаёт учебники.", "Академия"),
        ("Университет Великой степи открыт в 1995 году. Данный университет готовит учителей.", "Данный университет"),
    ],
)
def test_definite_descriptions_in_turkish_and_russian(gazetteer: Gazetteer, text: str, anaphor: str) -> None:
    assert [a for a, _ in _resolved(text, gazetteer)] == [anaphor]


def test_it_stands_for_the_previous_sentence_s_first_name(gazetteer: Gazetteer) -> None:
    text = ("The Nomad Heritage Foundation restores caravanserais along the old routes. "
            "It was established by the Organisation of Turkic States in 2015.")
    assert _resolved(text, gazetteer) == [("It", "org:nomad-foundation")]
    assert ("ESTABLISHED_BY", "org:nomad-foundation", "org:ots") in _facts(text, gazetteer)


def test_they_stands_for_the_list_the_previous_sentence_opens_with(gazetteer: Gazetteer) -> None:
    text = "Kazakhstan and Uzbekistan share a long border. They are members of TURKSOY."
    facts = _facts(text, gazetteer)
    assert {("MEMBER_OF", "state:kazakhstan", "org:turksoy"), ("MEMBER_OF", "state:uzbekistan", "org:turksoy")} <= facts


@pytest.mark.parametrize(
    "second",
    ["It should be noted that TURKSOY met in Astana.", "It is important to see TURKSOY grow.",
     "Aigerim Sadykova said it was a member of TURKSOY."],
)
def test_an_expletive_it_or_an_it_after_a_name_stands_for_nothing_here(gazetteer: Gazetteer, second: str) -> None:
    assert _resolved("Kazakhstan hosted the talks. " + second, gazetteer) == []


def test_it_is_never_a_person(gazetteer: Gazetteer) -> None:
    assert _resolved("Ozan Demir spoke first. It was a member of TURKSOY.", gazetteer) == []


# -- rules for facts no verb states -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # an affiliation line with a city and a state, and one set in emphasis
        ("Department of History, Great Steppe University, Shymkent, Republic of Kazakhstan\n",
         ("LOCATED_IN", "org:steppe-university", "place:shymkent")),
        ("*Great Steppe University,**12 Abay Street,**Shymkent, Kazakhstan**Email: x@example.org*",
         ("LOCATED_IN", "place:shymkent", "state:kazakhstan")),
        # a byline: the author, then a line that opens with the affiliation
        ("Aigerim Sadykova\nGreat Steppe University, associate professor\n",
         ("AFFILIATED_WITH", "person:aigerim-sadykova", "org:steppe-university")),
        # a unit of an organisation
        ("The Folk Song Research Centre at the Great Steppe University published a songbook.",
         ("PART_OF", "org:folk-song-centre", "org:steppe-university")),
        ("The Folk Song Research Centre operates at the Great Steppe University.",
         ("PART_OF", "org:folk-song-centre", "org:steppe-university")),
        ("Büyük Bozkır Üniversitesi bünyesindeki Halk Müziği Araştırma Merkezi yeni bir kitap yayımladı.",
         ("PART_OF", "org:folk-song-centre", "org:steppe-university")),
        ("Центр народной песни при Университете Великой степи издал сборник.",
         ("PART_OF", "org:folk-song-centre", "org:steppe-university")),
        # visits written as nouns
        ("The visit of the Rector of the Turkic Academy Ozan Demir to Uzbekistan in 2021 was fruitful.",
         ("VISITED", "person:ozan-demir", "state:uzbekistan")),
        ("Aigerim Sadykova's official visit to Türkiye opened new projects.",
         ("VISITED", "person:aigerim-sadykova", "state:turkiye")),
        # a communiqué's "X said at the meeting"
        ("Prices rise, Aigerim Sadykova said at the Summit of the Steppe in Shymkent.",
         ("PARTICIPATED_IN", "person:aigerim-sadykova", "event:steppe-summit")),
        # founded through an agreement
        ("The Turkic Academy was created through the conclusion of the Aral Accord in 2010.",
         ("ESTABLISHED_BY", "org:turkic-academy", "agreement:aral-accord")),
        # a state's programmes, listed
        ("Türkiye's Bridge Scholarship and Caravan Exchange bring students to Ankara.",
         ("RUNS", "state:turkiye", "programme:caravan-exchange")),
    ],
)
def test_rules_for_how_names_sit(gazetteer: Gazetteer, text: str, fact: tuple[str, str, str]) -> None:
    assert fact in _facts(text, gazetteer)


@pytest.mark.parametrize(
    "text",
    ["The Nomad Heritage Foundation, a trust founded in 2001 as a result of agreements between the ministries of "
     "Kazakhstan, Uzbekistan and Türkiye, restores caravanserais.",
     "In 2001, under an agreement between Kazakhstan, Uzbekistan and Türkiye, the Nomad Heritage Foundation was "
     "established in Shymkent."],
)
def test_the_parties_to_a_founding_agreement_founded_what_it_set_up(gazetteer: Gazetteer, text: str) -> None:
    facts = _facts(text, gazetteer)
    assert {("FOUNDED", state, "org:nomad-foundation")
            for state in ("state:kazakhstan", "state:uzbekistan", "state:turkiye")} <= facts


@pytest.mark.parametrize(
    "text",
    ["Cultural integration between Kazakhstan and Uzbekistan deepens within the Organisation of Turkic States.",
     "The cooperation of Kazakhstan and Uzbekistan is promoted through international organisations such as "
     "TURKSOY and the Organisation of Turkic States."],
)
def test_states_cooperating_within_an_organisation_are_its_members(gazetteer: Gazetteer, text: str) -> None:
    facts = _facts(text, gazetteer)
    assert {("MEMBER_OF", "state:kazakhstan", "org:ots"), ("MEMBER_OF", "state:uzbekistan", "org:ots")} <= facts


def test_a_demonym_before_city_of_names_the_state_the_place_is_in(gazetteer: Gazetteer) -> None:
    facts = _facts("The Folk Song Research Centre works in the Kazakh city of Shymkent.", gazetteer)
    assert {("LOCATED_IN", "place:shymkent", "state:kazakhstan"),
            ("LOCATED_IN", "org:folk-song-centre", "place:shymkent")} <= facts
    # a state the graph does not hold gives nothing
    assert not _facts("The Folk Song Research Centre works in the Tajik city of Shymkent.", gazetteer) - {
        ("LOCATED_IN", "org:folk-song-centre", "place:shymkent")}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("The Bridge Scholarship grew fast. In 2020 the programme brought 300 students from Uzbekistan to Ankara.",
         ("BENEFITS", "programme:bridge-scholarship", "state:uzbekistan")),
        ("The Nomad Heritage Foundation has been popularising Kazakh music and crafts in Türkiye since 2015.",
         ("BENEFITS", "org:nomad-foundation", "state:turkiye")),
    ],
)
def test_who_a_programme_or_an_organisation_serves(gazetteer: Gazetteer, text: str,
                                                   fact: tuple[str, str, str]) -> None:
    assert fact in _facts(text, gazetteer)


def test_the_organisation_a_cooperation_happens_within_is_not_a_party_to_it(gazetteer: Gazetteer) -> None:
    facts = _facts("Within the Organisation of Turkic States, cooperation of Kazakhstan and Uzbekistan grows.",
                   gazetteer)
    assert ("COOPERATES_WITH", "state:kazakhstan", "state:uzbekistan") in facts
    assert not {f for f in facts if f[0] == "COOPERATES_WITH" and "org:ots" in f}


def test_an_address_chain_does_not_reach_into_a_list(gazetteer: Gazetteer) -> None:
    facts = _facts("Delegates came from Shymkent, Uzbekistan and Türkiye.", gazetteer)
    assert not any(t == "LOCATED_IN" for t, _, _ in facts)


def test_a_co_mention_never_guesses_a_type_a_text_must_state(gazetteer: Gazetteer) -> None:
    """A visit, a post, an affiliation or a cooperation is read from its words only:
    a person and a state named together are linked by no co-mention."""
    guessed = {c.type for c in analyse("Ozan Demir spoke about Uzbekistan at length.", gazetteer).candidates
               if c.kind == "relationship" and c.rule == CO_MENTION_RULE}
    assert guessed == set()
