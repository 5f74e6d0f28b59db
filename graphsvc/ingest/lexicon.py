"""The words the rules look for: relationship triggers, heads of new names,
titles, sectors and dates, in English, Turkish (and Azerbaijani) and Russian.

Every pattern is matched case-insensitively on the text as written. A
trigger says how its ends sit around it:

- `forward`: the subject before the trigger, the object after it
  ("Kazakhstan is a member of TURKSOY");
- `backward`: the object before, the subject after ("... founded by TİKA");
- `sov`: both before it, subject first, as Turkish puts them
  ("Kazakistan TÜRKSOY'un üyesidir");
- `pair`: the two actors nearest to it, for symmetric types
  ("cooperation between Azerbaijan and Kazakhstan");
- `nearest`: a person and the organisation or state nearest a title;
- `within`: the states of the sentence are members of the organisations listed
  right after the trigger ("integration between A and B within the OTS");
- `founders`: the list right after the trigger founded the name nearest it
  ("TURKSOY, founded in 1993 by an agreement between A, B and C", "as a
  result of an agreement between A and B, the X University was founded");
- `of-list`: the name right after the trigger is the object, the list after it and
  a copula (`COPULA`: "are", "include", ":") the subjects ("the members of TURKSOY
  are A, B and C", "членами X являются A и B");
- `cue`: no candidate of its own; its words choose the type of the co-mention
  rule's candidates ("for Kazakh students": BENEFITS). Types a text must state in
  words (all but graphsvc/ingest/model_ends.PLACEMENT_TYPES: a membership, a visit,
  a post, a cooperation, …) are never guessed without one;
- `between`, `between-back`: the pattern is the whole text between two
  neighbouring names, the first the subject (`between`: "the Yunus Emre
  Institute in Astana", "Baku, Azerbaijan", "Türkiye's Great Student Project")
  or the second (`between-back`: "Ankara'daki Yunus Emre Enstitüsü"). Facts no
  verb states, read from how the names sit; `tail`, when set, must match the
  text right after the second name ("Baku, Azerbaijan" ends a line or a
  sentence, where "Baku, Azerbaijan and Kazakhstan" is a list); `lead`, when
  set, must end right before the first name ("the Director of the X, Y").

Why one module: it is the one place where the rules' words are read and
extended (docs/ingestion.md); split by type or language, a trigger's pattern
and the patterns it is weighed against would sit in different files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Direction = Literal["forward", "backward", "sov", "pair", "nearest", "founders", "within", "of-list", "between",
                    "between-back", "cue"]

ACTORS = ("State", "Organisation")
AGENTS = ("State", "Organisation", "Person")
ANY = ("State", "Organisation", "Person", "Agreement", "Event", "Programme", "Place")


@dataclass(frozen=True)
class Trigger:
    name: str  # the rule's name, shown with every candidate it makes
    type: str
    pattern: re.Pattern[str]
    direction: Direction
    from_types: tuple[str, ...]
    to_types: tuple[str, ...]
    confidence: float
    tail: re.Pattern[str] | None = None  # `between` rules: what must follow the second name
    lead: re.Pattern[str] | None = None  # `between` rules: what must end right before the first name


def _t(name: str, type_: str, pattern: str, direction: Direction, from_types: tuple[str, ...],
       to_types: tuple[str, ...], confidence: float, tail: str | None = None, lead: str | None = None) -> Trigger:
    def compiled(source: str | None) -> re.Pattern[str] | None:
        return re.compile(source, re.IGNORECASE | re.UNICODE) if source is not None else None

    return Trigger(name, type_, re.compile(pattern, re.IGNORECASE | re.UNICODE), direction, from_types, to_types,
                   confidence, compiled(tail), compiled(lead))


# A name that closes an address or an affiliation line: the end of the line, of
# the sentence, of a line set in emphasis ("Baku, Azerbaijan**Email: …"), or a date
# after a comma ("BAKU, Azerbaijan, April 23").
_CLOSES = r"\s*(?:$|\n|[.;:)*]|,\s*(?:\d|[A-Z][a-z]+\s+\d))"
# … or one more place and then that: "… University, Turkistan, Republic of Kazakhstan"
_CLOSES_ADDRESS = (r"(?:\s*,\s*(?:(?:the\s+)?Republic\s+of\s+)?[^\W\d_][\w’'-]*(?:\s+[^\W\d_][\w’'-]*)?)?"
                   + _CLOSES)
# "took place" in Russian, in the past: an event held somewhere (held-in.ru, HAPPENED)
_TOOK_PLACE_RU = r"прош[её]л|прошла|прошли|прошло|состоял(?:ся|ась|ись|ось)"
# A title and "of" just before an organisation's name: "the Director of the ... Theatre, Ainur K."
_TITLE_OF = (r"\b(?:president|director(?:[- ]general)?|general\s+director|rector|chair(?:man|woman|person)?|head"
             r"|secretary[- ]general|ambassador|minister|representative|dean|(?:deputy|vice)[- ][\w ]{0,30}?)"
             r"\s+of\s+(?:the\s+)?")
# "in", "based in", "which is located in", "who live in", "in the Turkish city of"
_IN_PLACE_EN = (r"\s*,?\s+(?:(?:which|that|who)\s+(?:is|are|was|were)\s+|who\s+)?"
                r"(?:(?:located|based|situated|headquartered|held|opened|operating|live|living|lives|works|operates)\s+)?"
                r"in\s+(?:the\s+)?(?:(?:[\w-]+\s+)?(?:city|capital|region|town|province|village)\s+of\s+)?")


# "founded … as a result of an agreement between (the ministries of) A and B"
_FOUNDED = r"(?:founded|established|created|set\s+up)\b"
FOUNDED_WORD = re.compile(r"\b" + _FOUNDED, re.IGNORECASE)
_BY_AGREEMENT = (r"(?:as\s+a\s+result\s+of|under|through|following|on\s+the\s+basis\s+of|by)\s+(?:an?\s+|the\s+)?"
                 r"(?:\w+\s+)?(?:agreements?|treaty|accord)\s+between\s+"
                 r"(?:the\s+(?:ministries|governments|heads\s+of\s+state)\s+of\s+)?(?:the\s+)?")

# What sets an organisation as the frame of a cooperation, not a party to it, right
# before its name: "cooperation within (the framework of) the OTS", "through
# international organisations such as TURKSOY".
FRAME_BEFORE = re.compile(
    r"\b(?:within|through|via)\s+(?:the\s+(?:framework|structure)\s+of\s+)?"
    r"(?:(?:international\s+)?organi[sz]ations\s+such\s+as\s+)?(?:the\s+)?$", re.IGNORECASE)

# After a `pair` trigger, the words that name its parties next ("cooperation between A and B").
PARTIES_FOLLOW = re.compile(r"\s+(?:\w+\s+){0,2}?(?:between|among|amongst|arasında|между)\s",
                            re.IGNORECASE | re.UNICODE)

# Between an `of-list` trigger's object and its subjects: "… of X are A, B and C".
COPULA = re.compile(r"\s*,?\s*(?:are|were|include[sd]?|comprise[sd]?|являются|являлись|—|:)\s*(?:the\s+)?",
                    re.IGNORECASE | re.UNICODE)

# -- rankings -------------------------------------------------------------------------------
# A name that is an index or a ranking ("Global Soft Power Index", "Рейтинг ...").
INDEX_NAME = re.compile(
    r"\b(?:index|indices|ranking|rankings|rating|barometer|endeksi|sıralaması|индекс\w*|рейтинг\w*)\b",
    re.IGNORECASE | re.UNICODE)
# A sentence that ranks: an ordinal, "ranked", a place or position.
RANK_CUE = re.compile(
    r"\b(?:rank(?:ed|s|ing)?|\d+(?:st|nd|rd|th)|first|second|third|top\s+\d+|places?|positions?|score[sd]?"
    r"|sırada|sıralama\w*|sıraya|мест[оае]|позици\w+|рейтинг\w*)\b",
    re.IGNORECASE | re.UNICODE)
# A table row: the name followed by several figures ("Kazakhstan 58 75 88 79 80").
FIGURES_AFTER = re.compile(r"(?:\s+\d{1,3}(?:[.,]\d+)?){3,}(?!\d)")
RANKED_CONFIDENCE = 0.65

# -- how two co-mentioned names stand (graphsvc/ingest/co_mentions.py) ------------------------
# The words between two names of one sentence that make them one phrase: function
# words, an apposition's comma, dash or bracket, a possessive ("X's Y", "X of the Y",
# "X (Y)", "X in Y", "X'daki Y", "X в Y"); at most three of them.
PHRASE_GAP = re.compile(
    r"(?:['’]\w{0,5})?\s*[,(—–-]?\s*(?:(?:of|in|at|for|from|to|on|by|the|a|an|its|their|this|"
    r"de|da|den|dan|daki|deki|için|в|во|на|при|из|для|с)\s+){0,3}[\"“«(]?",
    re.IGNORECASE | re.UNICODE)
# What ends a clause between two names: a semicolon, a colon, a new clause ("which",
# "while", "whereas", "but", "although"); a verb of saying (SAYING) does too.
CLAUSE_BREAK = re.compile(
    r"[;:]|,\s*(?:which|who|while|whereas|but|although|however|where|when)\b"
    r"|,\s*(?:ancak|fakat|ama)\b|,\s*(?:который|которая|которые|но|а|однако)\b",
    re.IGNORECASE | re.UNICODE)
# A bibliography entry or a link: names in it are a reference's parts, not a fact the text states.
REFERENCE_LINE = re.compile(
    r"https?://|www\.|\(\d{4}[a-z]?\)\s*\.|\bdoi\b|\bet\s+al\.|\bpp\.\s*\d|\bvol\.\s*\d|\b\d+\(\d+\),\s*\d"
    r"|\.\s+\*[A-ZА-Я]|\*,\s*\d",
    re.IGNORECASE)
# The words between two names A and B that cue a type, and which way they read it:
# "A in B", "A at the B", "A for B" make A the start; "A run by B", "A held at B"
# make B the start. A cue the model does not allow that way round chooses nothing
# ("Türkiye's soft power in the Balkans" does not put the Balkans in Türkiye).
GAP_CUES: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (type_, re.compile(pattern, re.IGNORECASE | re.UNICODE), a_first) for type_, pattern, a_first in (
        ("PARTICIPATED_IN", r"\b(?:at|during)\s+the\s+$|"
                            r"\b(?:attend\w*|took\s+part\s+in|take\s+part\s+in|particip\w+|katıl\w*|участв\w*)\b",
         True),
        ("PARTICIPATED_IN", r"\bheld\s+(?:at|in|by)\s+(?:the\s+)?$", False),
        ("LOCATED_IN", r"(?:\b(?:in|near|at)\s+(?:the\s+)?(?:(?:[\w-]+\s+)?(?:city|capital|region|town)\s+of\s+)?|['’]d[ae](?:ki)?\s+|"
                       r"\bв[о]?\s+(?:городе\s+)?)$", True),
        ("PART_OF", r"(?:\b(?:at|of)\s+(?:the\s+)?|\bпри\s+|['’]\w{0,4}\s+bünyesindeki\s+)$", True),
        ("BENEFITS", r"\b(?:for|from)\s+(?:the\s+)?$", True),
        ("RUNS", r"^['’]s\b", True),
        ("RUNS", r"\b(?:run|organi[sz]ed|implemented|launched)\s+by\s+(?:the\s+)?$", False),
    ))
PERCENTAGE = re.compile(r"\d+(?:[.,]\d+)?\s*%")
POSSESSIVE_GAP = re.compile(r"['’]s\s")  # "X's Y": the possessor is the whole, the runner, the home

TRIGGERS: tuple[Trigger, ...] = (
    # -- membership ---------------------------------------------------------------
    _t("member-of.en", "MEMBER_OF",
       r"\b(?:(?:full|founding|a|the)\s+)?members?(?:\s+states?|\s+countries)?\s+of\b|\bjoined\b|\bmembership\s+(?:in|of)\b",
       "forward", ACTORS, ("Organisation",), 0.8),
    _t("members-of-are.en", "MEMBER_OF",
       r"\b(?:(?:full|founding)\s+)?members?(?:\s+states?|\s+countries)?\s+of\s+(?:the\s+)?", "of-list", ACTORS,
       ("Organisation",), 0.7),
    _t("members-of-are.ru", "MEMBER_OF", r"\b(?:государствами-)?членами\s+", "of-list", ACTORS, ("Organisation",), 0.7),
    _t("members-include.en", "MEMBER_OF",
       r"\bmembers?(?:\s+states?|\s+countries)?\s+(?:are|were|include|included|including)\b|\bmembers?\s*:",
       "backward", ACTORS, ("Organisation",), 0.7),
    # "cooperation … within the Organisation of Turkic States", "integration of A and B
    # through international organisations such as TURKSOY and the OTS"
    _t("member-within.en", "MEMBER_OF",
       r"\b(?:cooperation|co-operation|integration|partnership)\b[^.;]{0,160}?\b(?:within|through|via)\s+"
       r"(?:the\s+(?:framework|structure)\s+of\s+)?(?:(?:international\s+)?organi[sz]ations\s+such\s+as\s+)?(?:the\s+)?",
       "within", ("State",), ("Organisation",), 0.55),
    _t("member-of.tr", "MEMBER_OF", r"(?<!gözlemci )\büye(?:si|leri|sidir|liğ\w*|\s+olan|\s+oldu\w*|\s+ülke\w*)?\b",
       "sov", ACTORS, ("Organisation",), 0.7),
    _t("member-of.ru", "MEMBER_OF",
       r"\bчлен(?:ом|ы|ами|а)?\b|\bвступил[аио]?\s+в\b|\bвход(?:ит|ят)\s+в\b|\bгосударств(?:о|а)-член\w*",
       "forward", ACTORS, ("Organisation",), 0.75),
    _t("observer.en", "OBSERVER_OF", r"\bobservers?(?:\s+status)?(?:\s+(?:in|at|of|to))?\b",
       "forward", ACTORS, ("Organisation",), 0.8),
    _t("observer.tr", "OBSERVER_OF", r"\bgözlemci\w*", "sov", ACTORS, ("Organisation",), 0.75),
    _t("observer.ru", "OBSERVER_OF", r"\bнаблюдател\w*", "forward", ACTORS, ("Organisation",), 0.75),
    # -- founding -------------------------------------------------------------------
    _t("established-by.en", "ESTABLISHED_BY",
       r"\b(?:was|were|has\s+been|had\s+been|is|being)?\s*(?:jointly\s+)?(?:founded|established|created|set\s+up|launched|initiated)\s+(?:\w+\s+){0,5}?by\b|\bat\s+the\s+initiative\s+of\b|\bon\s+the\s+initiative\s+of\b"
       r"|\b(?:founded|established|created|set\s+up)\s+under\s+the\s+auspices\s+of\b",  # "an institute created under …"
       "forward", ("Organisation", "Programme", "Agreement", "Event", "State"), AGENTS, 0.8),
    # "created through the conclusion of the X Agreement", "founded under the Y Programme"
    _t("established-through.en", "ESTABLISHED_BY",
       r"\b(?:founded|established|created|set\s+up)\s+(?:\w+\s+){0,3}?(?:through|under|as\s+a\s+result\s+of"
       r"|on\s+the\s+basis\s+of|in\s+accordance\s+with|pursuant\s+to)\b",
       "forward", ("Organisation", "Programme", "Event", "State"), ("Agreement", "Programme"), 0.7),
    # "founded in 1993 as a result of agreements between (the ministries of) A, B and C";
    # "under an agreement between A and B, the X was established"
    _t("founded-by-agreement.en", "FOUNDED",
       rf"\b(?:{_FOUNDED}\s+(?:in\s+\d{{4}}\s+)?{_BY_AGREEMENT}|{_BY_AGREEMENT}(?=.*?\b{_FOUNDED}))",
       "founders", ACTORS, ("Organisation", "Programme", "Event"), 0.65),
    _t("founded.en", "FOUNDED", r"\b(?:founded|established|created|set\s+up|co-founded)\b(?!\s+(?:\w+\s+){0,5}?by\b)(?!\s+in\b)",
       "forward", AGENTS, ("Organisation", "Programme", "Event"), 0.65),
    _t("established-by.tr", "ESTABLISHED_BY", r"\btarafından\s+(?:\w+\s+){0,3}?(?:kurul\w*|oluşturul\w*|başlatıl\w*)",
       "backward", ("Organisation", "Programme", "Agreement", "Event"), AGENTS, 0.8),
    _t("founded.tr", "FOUNDED", r"\b(?:kurdu|kurmuştur|kurmuş|kurulmasına\s+öncülük\s+etti)\b", "sov", AGENTS,
       ("Organisation", "Programme", "Event"), 0.65),
    _t("founded.ru", "FOUNDED", r"\b(?:основал[аи]?|учредил[аи]?|создал[аи]?)\b", "forward", AGENTS,
       ("Organisation", "Programme", "Event"), 0.7),
    _t("established-by.ru", "ESTABLISHED_BY",
       r"\b(?:основан[аоы]?|учрежден[аоы]?|учреждён[аоы]?|создан[аоы]?)\b(?:\s+\S+){0,3}?\s+(?:по\s+инициативе|при\s+поддержке)\b",
       "forward", ("Organisation", "Programme", "Agreement", "Event"), AGENTS, 0.7),
    # -- succession: "the Turkic Council was renamed the OTS", "X (formerly Y)", "the successor of Y"
    _t("succeeded.en", "SUCCEEDED", r"\b(?:succeeded|replaced|(?:is|was|became)\s+the\s+successor\s+(?:of|to))\b"
       r"(?!\s+by\b)", "forward", ("Organisation", "Agreement", "State"), ("Organisation", "Agreement", "State"), 0.7),
    _t("renamed.en", "SUCCEEDED",
       r"\b(?:was|were|has\s+been|had\s+been)\s+(?:renamed|transformed|reorgani[sz]ed)(?:\s+(?:as|into|to))?\b"
       r"|\b(?:was|were)\s+(?:succeeded|replaced)\s+by\b",
       "backward", ("Organisation", "Agreement", "State"), ("Organisation", "Agreement", "State"), 0.7),
    _t("formerly.en", "SUCCEEDED", r"\s*[,(]\s*(?:formerly|previously)(?:\s+(?:known\s+as|called))?\s+(?:the\s+)?",
       "between", ("Organisation", "Agreement", "State"), ("Organisation", "Agreement", "State"), 0.7),
    _t("renamed.ru", "SUCCEEDED", r"\bпреобразован\w*\s+в\b|\bпереименован\w*\s+в\b", "backward",
       ("Organisation", "Agreement", "State"), ("Organisation", "Agreement", "State"), 0.65),
    # -- agreements --------------------------------------------------------------------
    _t("party-to.en", "PARTY_TO",
       r"\b(?:signed|ratified|acceded\s+to|part(?:y|ies)\s+to|signator(?:y|ies)\s+(?:to|of)|concluded)\b",
       "forward", ACTORS, ("Agreement",), 0.75),
    _t("signed.en", "SIGNED", r"\bsigned\b", "forward", ("Person",), ("Agreement",), 0.75),
    _t("party-to.tr", "PARTY_TO", r"\b(?:imzaladı\w*|imzalandı\w*|imzalanan|imzalamış\w*|taraf\w*)\b", "sov",
       ACTORS, ("Agreement",), 0.7),
    _t("party-to.ru", "PARTY_TO", r"\b(?:подписал[аи]?|подписан[аоы]?|ратифицировал[аи]?|участник\w*\s+(?:соглашени|договор)\w*)",
       "forward", ACTORS, ("Agreement",), 0.7),
    _t("adopted.en", "ADOPTED", r"\b(?:adopted|approved)\b", "forward", ("Organisation", "Event"),
       ("Agreement", "Programme"), 0.65),
    # -- events --------------------------------------------------------------------------
    _t("participated.en", "PARTICIPATED_IN",
       r"\b(?:took\s+part\s+in|taking\s+part\s+in|participated\s+in|participates\s+in|participation\s+(?:in|of)|attended|participants?\s+(?:of|in)|delegations?\s+(?:at|to))\b",
       "forward", AGENTS, ("Event",), 0.8),
    # a communiqué's "X said at the IV meeting of …", "speaking at the forum"
    _t("spoke-at.en", "PARTICIPATED_IN",
       r"\b(?:said|spoke|speaking|noted|stated|remarked|announced)\s+at\b|\b(?:in\s+(?:his|her)\s+)?speech\s+at\b",
       "forward", AGENTS, ("Event",), 0.7),
    _t("participated.tr", "PARTICIPATED_IN", r"\b(?:katıldı\w*|katılım\w*|katılan\w*|katılmış\w*)\b", "sov",
       AGENTS, ("Event",), 0.7),
    _t("participated.ru", "PARTICIPATED_IN", r"\b(?:принял[аи]?\s+участие\s+в|участвовал[аи]?\s+в|участник\w*)\b",
       "forward", AGENTS, ("Event",), 0.75),
    _t("organised-by.en", "ORGANISED",
       r"\b(?:organi[sz]ed|hosted|held|convened|co-organi[sz]ed)\s+by\b|\bunder\s+the\s+auspices\s+of\b",
       "backward", AGENTS, ("Event", "Programme"), 0.8),
    _t("organised.en", "ORGANISED", r"\b(?:organi[sz]ed|organi[sz]es|hosted|hosts|convened)\b(?!\s+by\b)",
       "forward", AGENTS, ("Event", "Programme"), 0.7),
    _t("organised.tr", "ORGANISED", r"\b(?:düzenledi\w*|düzenlen\w*|ev\s+sahipliği\w*|organize\s+etti\w*)",
       "sov", AGENTS, ("Event", "Programme"), 0.65),
    _t("organised.ru", "ORGANISED", r"\b(?:организовал[аи]?|провел[аи]?|провёл|организован[аоы]?)\b",
       "forward", AGENTS, ("Event", "Programme"), 0.65),
    # -- people ------------------------------------------------------------------------------
    _t("holds-position.en", "HOLDS_POSITION",
       r"\b(?:president|secretary[- ]general|rector|ambassador|minister|prime\s+minister|chairman|chair|director(?:[- ]general)?|dean|head|deputy\s+\w+|vice[- ]\w+)\b",
       "nearest", ("Person",), ACTORS, 0.7),
    _t("holds-position.tr", "HOLDS_POSITION",
       r"\b(?:cumhurbaşkanı|başkanı|genel\s+sekreteri|rektörü|büyükelçisi|bakanı|müdürü|dekanı)\b",
       "nearest", ("Person",), ACTORS, 0.7),
    _t("holds-position.ru", "HOLDS_POSITION",
       r"\b(?:президент\w*|генеральн\w+\s+секретар\w*|ректор\w*|посол|посла|министр\w*|председател\w*|директор\w*)\b",
       "nearest", ("Person",), ACTORS, 0.7),
    _t("affiliated.en", "AFFILIATED_WITH",
       r"\b(?:student|students|professor|lecturer|researcher|graduate|graduates|scholar|teacher|staff)\s+(?:at|of|from)\b",
       "nearest", ("Person",), ("Organisation",), 0.6),
    # -- places ---------------------------------------------------------------------------------
    _t("operates-in.en", "OPERATES_IN",
       r"\b(?:branch(?:es)?|offices?|representative\s+offices?|cent(?:re|er)s?|campus(?:es)?|operates|opened)\s+(?:\w+\s+){0,3}?in\b",
       "forward", ("Organisation",), ("State", "Place"), 0.7),
    _t("operates-in.tr", "OPERATES_IN", r"\b(?:şube\w*|temsilcili\w*|ofis\w*|merkez\w*)\b", "sov", ("Organisation",),
       ("State", "Place"), 0.55),
    _t("operates-in.ru", "OPERATES_IN", r"\b(?:филиал\w*|представительств\w*|отделени\w*)\b", "forward",
       ("Organisation",), ("State", "Place"), 0.6),
    _t("located-in.en", "LOCATED_IN",
       r"\b(?:located|based|headquartered|situated|seated)\s+in\b|\bheadquarters?\s+(?:is\s+|are\s+)?in\b",
       "forward", ("Organisation", "Event", "Place"), ("Place", "State"), 0.8),
    # "a state that emerged … in the territory of present-day Kazakhstan": the verb says the subject
    # stands there (not "Kazakhs living in the territory of X"); a place is not its subject ("the
    # steppes of Central Asia in the territory of …" describe one place twice)
    _t("territory-of.en", "LOCATED_IN",
       r"\b(?:emerged|existed|arose|lay|lies|was\s+(?:located|situated|formed|founded|established))\b[^.;,]{0,80}?"
       r"\b(?:in|on|within)\s+the\s+territory\s+of\s+(?:(?:present|modern)[- ]day\s+|modern\s+|today['’]s\s+)?"
       r"(?:the\s+)?",
       "forward", ("State", "Organisation", "Event"), ("Place", "State"), 0.6),
    _t("held-in.en", "LOCATED_IN",
       r"\b(?:held|took\s+place|opened|staged|hosted|organi[sz]ed)\s+(?:\w+\s+){0,2}?in\b"
       r"(?:\s+the\s+(?:cities|city|capital|region|regions)\s+of)?",
       "forward", ("Event",), ("Place", "State"), 0.7),
    # an event held at an organisation (a gallery, a theatre, a university): its host took part
    # in it; "held in" a place or state is LOCATED_IN (held-in.en)
    _t("held-at.en", "PARTICIPATED_IN", r"\b(?:was|were|will\s+be|is|are|being)\s+(?:held|staged|hosted)\s+at\b",
       "backward", ("Organisation",), ("Event",), 0.6),
    _t("held-at.ru", "PARTICIPATED_IN",
       rf"\b(?:{_TOOK_PLACE_RU}|пройд[её]т|проходит|проводится)\s+в\b",
       "backward", ("Organisation",), ("Event",), 0.55),
    _t("held-in.ru", "LOCATED_IN",
       rf"\b(?:{_TOOK_PLACE_RU}|проходит|проход(?:ил|ила|или)|проводится)\s+в\b",
       "forward", ("Event",), ("Place", "State"), 0.65),
    _t("part-of.en", "PART_OF", r"\b(?:(?:is|are|as)\s+)?(?:a\s+|an\s+)?part\s+of\b|\b(?:faculty|department|subsidiary|affiliate)\s+of\b",
       "forward", ("Organisation", "Place", "Event"), ("Organisation", "Place", "Event"), 0.65),
    _t("visited.en", "VISITED", r"\b(?:visited|visiting|visits|(?:official\s+|state\s+)?visit\s+to|arrived\s+in|trip\s+to)\b",
       "forward", AGENTS, ("State", "Place"), 0.75),
    _t("visited.tr", "VISITED", r"\bziyaret\w*", "sov", AGENTS, ("State", "Place"), 0.7),
    _t("visited.ru", "VISITED", r"\b(?:посетил[аи]?|визит\w*\s+в|прибыл[аи]?\s+в)\b", "forward", AGENTS,
       ("State", "Place"), 0.7),
    _t("designated.en", "DESIGNATED", r"\b(?:declared|designated|proclaimed|named|inscribed)\b(?:\s+\S+){0,6}?\s+by\b",
       "backward", ("Organisation",), ("Place", "Event", "Programme"), 0.7),
    _t("dedicated-to.en", "DEDICATED_TO",
       r"\b(?:dedicated|devoted)\s+to\b(?:\s+the\s+(?:memory|life|work|legacy)\s+of\b)?|\bin\s+(?:honou?r|memory)\s+of\b",
       "forward", ("Event", "Programme"), ("Person", "Place", "Event", "Organisation", "State"), 0.7),
    # Turkish puts the honoured first: "Abay'a ithaf edilen sergi", "Abay anısına düzenlenen festival"
    _t("dedicated-to.tr", "DEDICATED_TO", r"\b(?:ithaf\s+edil\w*|adanmış|anısına)", "backward", ("Event", "Programme"),
       ("Person", "Place", "Event", "Organisation", "State"), 0.65),
    _t("dedicated-to.ru", "DEDICATED_TO", r"\b(?:посвящ[её]нн?\w*|в\s+честь|памяти)\b", "forward", ("Event", "Programme"),
       ("Person", "Place", "Event", "Organisation", "State"), 0.65),
    # -- support and money ------------------------------------------------------------------
    _t("funded-by.en", "FUNDS", r"\b(?:funded|financed|sponsored|supported\s+financially)\s+by\b|\bgrant\s+(?:from|of)\b",
       "backward", AGENTS, ("Organisation", "Programme", "Event"), 0.75),
    _t("funds.en", "FUNDS", r"\b(?:funds|funded|finances|financed|sponsors|sponsored|allocated)\b(?!\s+by\b)",
       "forward", AGENTS, ("Organisation", "Programme", "Event"), 0.6),
    # a paper's funding line: "funded by the X Committee (Grant No. AP1234)", "… by X under grant Y"
    _t("funder-grant.en", "FUNDS", r"\s*(?:\(\s*|,\s*|\s(?:under|through|within)\s+)(?:the\s+)?", "between",
       ("Organisation", "State"), ("Programme",), 0.7,
       lead=r"\b(?:funded|financed|supported|sponsored)\s+(?:\w+\s+){0,2}?by\s+(?:the\s+)?"),
    _t("supported-by.en", "SUPPORTS", r"\b(?:supported|backed|promoted|endorsed)\s+by\b|\bwith\s+the\s+support\s+of\b",
       "backward", AGENTS, ("Organisation", "Programme", "Event"), 0.7),
    _t("supports.en", "SUPPORTS",
       r"\b(?:supports|supported|backs|backed|promotes|promoted|endorsed)\b(?!\s+(?:by|through|via|within)\b)",
       "forward", AGENTS, ("Organisation", "Programme", "Event"), 0.55),
    _t("supports.tr", "SUPPORTS", r"\b(?:destekle\w*|desteği\w*)", "sov", AGENTS, ("Organisation", "Programme", "Event"),
       0.55),
    _t("supports.ru", "SUPPORTS", r"\bподдерж\w*", "forward", AGENTS, ("Organisation", "Programme", "Event"), 0.55),
    # "run jointly by the governments of A and B", "its management is appointed by the Ministry of …"
    _t("runs.en", "RUNS",
       r"\b(?:implemented|run|managed|administered|coordinated|governed|overseen|operated)\s+(?:jointly\s+)?by\b"
       r"|\b(?:management|administration|leadership|board|rector|rectorate)\s+(?:is|are|was|were)\s+"
       r"(?:(?:jointly|appointed|elected|formed)\s+)+by\b",
       "backward", ACTORS, ("Organisation", "Programme", "Event"), 0.7),
    _t("runs-active.en", "RUNS", r"\b(?:runs|implements|implemented|manages|administers|coordinates)\b(?!\s+by\b)",
       "forward", ACTORS, ("Programme", "Event"), 0.6),
    # -- cooperation -------------------------------------------------------------------------
    _t("cooperates.en", "COOPERATES_WITH",
       r"\b(?:cooperat\w*|co-operat\w*|collaborat\w*|partnership|partners?\s+with|ties|relations|exchanges?|memorandum)\b",
       "pair", ACTORS, ACTORS, 0.55),
    _t("cooperates.tr", "COOPERATES_WITH", r"\b(?:işbirliği\w*|iş\s+birliği\w*|əməkdaşlı\w*|ilişki\w*|əlaqə\w*)",
       "pair", ACTORS, ACTORS, 0.55),
    _t("cooperates.ru", "COOPERATES_WITH", r"\b(?:сотрудничеств\w*|партн[её]рств\w*|взаимодейств\w*|отношени\w*)",
       "pair", ACTORS, ACTORS, 0.55),
    _t("trades.en", "TRADES_WITH", r"\b(?:trade|exports?|imports?|trading\s+partners?)\b", "pair", ("State",),
       ("State",), 0.55),
    # "… the programme, and 262 students from Kazakhstan studied", "people from all over X enrolled"
    _t("beneficiaries-from.en", "BENEFITS",
       r"\b(?:students|people|applicants|personnel|youth|teachers|citizens|scholars|specialists|pupils|graduates"
       r"|participants)\s+from\s+(?:all\s+over\s+)?(?:the\s+)?(?=\S)",
       "forward", ("Programme", "Organisation", "Event"), ("State", "Place"), 0.55),
    # "popularising Turkish culture and language in Kazakhstan": the audience benefits
    _t("promotes-in.en", "BENEFITS",
       r"\b(?:populari[sz]\w*|promot(?:e|es|ed|ing)|teach(?:es|ing)?|spread(?:s|ing)?)\s+(?:[\w-]+\s+){0,5}?in\s+"
       r"(?:the\s+)?(?=\S)",
       "forward", ("Programme", "Organisation"), ("State", "Place"), 0.5),
    # -- words that only cue the co-mention rule's type (no direction of their own) -----------
    _t("benefits.cue", "BENEFITS",
       r"\bfor\s+(?:\w+\s+){0,3}?(?:students|applicants|citizens|people|peoples|youth|teachers|pupils|scholars|"
       r"audiences?|readers)\b|\bbenefit\w*|\bintegration\s+of\b|\bacquaint\w*|\bin\s+favou?r\s+of\b"
       r"|\b(?:öğrenciler|vatandaşlar)\s+için\b|\bдля\s+(?:\w+\s+){0,2}?(?:студентов|граждан|молод[её]жи)\b",
       "cue", (), (), 0),
    _t("ranked.cue", "RANKED_IN", RANK_CUE.pattern, "cue", (), (), 0),
    # -- how two names sit (the pattern is the whole text between them) ----------------------
    _t("in-place.en", "LOCATED_IN", _IN_PLACE_EN, "between", ("Organisation", "Event"), ("Place", "State"), 0.7),
    _t("in-place.ru", "LOCATED_IN", r"\s*,?\s+(?:(?:расположенн\w+|находящ\w+)\s+)?(?:в|во)\s+(?:город[еа]\s+)?",
       "between", ("Organisation", "Event"), ("Place", "State"), 0.65),
    _t("in-place.tr", "LOCATED_IN",
       r"['’]?(?:da|de|ta|te|də|tə)(?:ki|\s+bulunan|\s+yer\s+alan|\s+düzenlenen|\s+yapılan|\s+gerçekleştirilen)\s+",
       "between-back", ("Organisation", "Event"), ("Place", "State"), 0.65),
    _t("place-of-state.en", "LOCATED_IN", r"\s+(?:region|province|city|district|oblast)?\s*of\s+(?:the\s+)?",
       "between", ("Place",), ("State",), 0.6),
    _t("address.comma", "LOCATED_IN", r"\s*,\s*(?:(?:the\s+)?Republic\s+of\s+)?", "between",
       ("Organisation", "Place"), ("Place", "State"), 0.6, tail=_CLOSES_ADDRESS),
    # a paper's byline: the author's name, then a line that opens with the affiliation
    _t("byline.affiliation", "AFFILIATED_WITH", r"[ \t*]*\n[ \t*]*", "between", ("Person",), ("Organisation",), 0.55,
       tail=r"\s*(?:,|$|\n|\*)"),
    # a unit of an organisation: "the Turkology Research Centre at X University",
    # "Центр … при университете", "Üniversitesi bünyesindeki Merkez"
    _t("unit-at.en", "PART_OF", r"\s+(?:(?:which\s+)?(?:operates|operating|works|based)\s+)?at\s+(?:the\s+)?",
       "between", ("Organisation",), ("Organisation",), 0.6),
    _t("unit-at.ru", "PART_OF", r"\s+при\s+", "between", ("Organisation",), ("Organisation",), 0.6),
    _t("unit-at.tr", "PART_OF", r"['’]?(?:n[ıiuü]n)?\s+bünyesind(?:eki|e\s+(?:kurulan|faaliyet\s+gösteren))\s+",
       "between-back", ("Organisation",), ("Organisation",), 0.6),
    # "the state visits of the President of Uzbekistan Sh. Mirziyoyev to Kazakhstan"
    _t("visit-of-to.en", "VISITED", r"\s+to\s+(?:the\s+)?", "between", AGENTS, ("State", "Place"), 0.7,
       lead=r"\bvisits?\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,6}"),
    _t("possessive-visit.en", "VISITED",
       r"['’]s\s+(?:(?:official|state|working|first|recent)\s+)*visits?\s+to\s+(?:the\s+)?", "between", AGENTS,
       ("State", "Place"), 0.75),
    # "an exhibition by D. Mamedova entitled \"Almaty …\"": the author took part in the work named
    _t("work-by.en", "PARTICIPATED_IN", r"\s*,?\s*(?:entitled|titled|called)\s+[\"“«]?", "between", ("Person",), ("Event",),
       0.6, lead=r"\b(?:exhibition|concert|performance|recital|show|film|play|lecture|presentation)\s+by\s+$"),
    _t("title-of.en", "HOLDS_POSITION", r"\s*,?\s*", "between-back", ("Person",), ("Organisation", "State"), 0.75,
       lead=_TITLE_OF),
    # "Kazakhstan's exports focus more on Italy, China and Russia", "X's trade with Y": the
    # possessor trades with each partner listed; "A and B account for the largest share of
    # X's imports": X trades with each partner listed before
    _t("trade-possessive.en", "TRADES_WITH",
       r"['’]s\s+(?:exports?|imports?|trade|trade\s+turnover)\s+(?:\w+\s+){0,3}?(?:to|from|with|on)\s+(?:the\s+)?",
       "between", ("State",), ("State", "Organisation"), 0.65),
    _t("trade-share.en", "TRADES_WITH",
       r"\s+(?:accounts?|accounted)\s+for\s+(?:\w+\s+){0,5}?(?:of\s+)(?:the\s+)?",
       "between-back", ("State",), ("State",), 0.6, tail=r"['’]s\s+(?:exports|imports|trade)\b"),
    _t("possessive-programme.en", "RUNS", r"['’]s\s+", "between", ("State", "Organisation"), ("Programme",), 0.6),
    _t("possessive-programme.tr", "RUNS", r"['’]n?[ıiuü]n\s+", "between", ("State", "Organisation"), ("Programme",),
       0.55),
    _t("possessive-part.en", "PART_OF", r"['’]s\s+", "between-back", ("Organisation",), ("State", "Organisation"),
       0.5),
)

# -- demonyms -----------------------------------------------------------------------------
# "the Turkish city of Niğde": the adjective names the state the place is in
# (relations.demonym_places). The state's name is looked up in the gazetteer, so a
# state the graph does not hold is skipped.
DEMONYMS = {
    "turkish": "Türkiye", "kazakh": "Kazakhstan", "kyrgyz": "Kyrgyzstan", "uzbek": "Uzbekistan",
    "azerbaijani": "Azerbaijan", "turkmen": "Turkmenistan", "hungarian": "Hungary", "russian": "Russia",
    "chinese": "China", "iranian": "Iran", "tajik": "Tajikistan", "mongolian": "Mongolia",
}
DEMONYM_PLACE = re.compile(
    r"\bthe\s+(?P<demonym>" + "|".join(DEMONYMS) + r")\s+(?:city|town|capital|region|province|village|district|oblast)"
    r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
DEMONYM_CONFIDENCE = 0.65

# -- members listed after "the member states" ----------------------------------------------------
# "books for the schools of the member countries—Türkiye, Kazakhstan and Azerbaijan": the
# states listed right after are members of the organisation the passage speaks of
# (graphsvc/ingest/frames.py).
MEMBERS_LISTED = re.compile(
    r"\bmember\s+(?:states|countries|nations)\s*(?:[—–:(]|--?|,?\s+(?:such\s+as|including|namely)\b)\s*(?:the\s+)?"
    r"|\büye\s+(?:ülke|devlet)\w*\s*[—–:(]\s*"
    r"|\bгосударств\w*[- ]член\w*\s*(?:[—–:(]|,?\s+(?:таки\w+\s+как|в\s+том\s+числе)\b)\s*",
    re.IGNORECASE | re.UNICODE)
MEMBERS_LISTED_CONFIDENCE = 0.6

# -- speakers at the event a sentence opens with ------------------------------------------------
# "During the 10th Summit of the OTS, the President of Kazakhstan, K. Tokayev, noted …"
# (graphsvc/ingest/frames.py): the opening, then the event's name ("the" between them at most).
EVENT_OPENING = re.compile(
    r"(?:during|at|on\s+the\s+(?:sidelines|margins)\s+of|in\s+the\s+course\s+of|speaking\s+at"
    r"|во\s+время|в\s+ходе|на)\s+",
    re.IGNORECASE | re.UNICODE)
SAYING = re.compile(
    r"\b(?:noted|said|stated|emphasi[sz]ed|stressed|underlined|declared|announced|remarked|pointed\s+out"
    r"|отметил[аи]?|заявил[аи]?|подчеркнул[аи]?|сказал[аи]?)\b",
    re.IGNORECASE | re.UNICODE)
SPEAKERS_CONFIDENCE = 0.6

# -- the place a sentence opens with ---------------------------------------------------------------
# "In Kazakhstan, an exhibition … was opened", "В Астане, …" (graphsvc/ingest/frames.py):
# the opening, then the place's name and a comma; the verb says the event happened there.
PLACE_OPENING = re.compile(r"(?:in|во?)\s+(?:the\s+(?:city|capital|region)\s+of\s+)?", re.IGNORECASE | re.UNICODE)
HAPPENED = re.compile(
    r"\b(?:was|were|is|are|will\s+be|has\s+been|have\s+been)\s+(?:held|opened|organi[sz]ed|staged|presented|"
    r"launched|shown|screened|hosted|inaugurated)\b|\btook\s+place\b"
    rf"|\b(?:{_TOOK_PLACE_RU}|открыл(?:ся|ась|ись|ось))\b",
    re.IGNORECASE | re.UNICODE)
PLACE_OPENING_CONFIDENCE = 0.6

# -- "within the framework of" --------------------------------------------------------------------
# "Within the framework of the programme \"Y\", X …", "в рамках программы Y", "Y çerçevesinde"
# (graphsvc/ingest/frames.py): the frame's type says what the actor named after it does to it.
FRAMEWORK_OF = re.compile(
    r"\b(?:within|under|as\s+part\s+of)\s+the\s+framework\s+of\s+(?:the\s+)?"
    r"(?:(?:programme|program|project|initiative|festival)\s+)?[\"“«]?"
    r"|\bв\s+рамках\s+(?:(?:программы|проекта|фестиваля)\s+)?[\"«]?"
    r"|(?P<before>\s+çerçevesinde\b)",
    re.IGNORECASE | re.UNICODE)
FRAMEWORK_SUFFIX = re.compile(r"(?:['’]?(?:n[ıiuü]n|[ıiuü]n))?", re.IGNORECASE)  # "Y'nin çerçevesinde"
FRAMEWORK_TYPES = {"Programme": "RUNS", "Event": "ORGANISED"}
FRAMEWORK_CONFIDENCE = 0.55

# -- "one of them" -----------------------------------------------------------------------------
# "Türkiye develops many scholarship programmes … One of them is Türkiye Bursları"
# (graphsvc/ingest/frames.py): the sentence before says who runs them, this one names one.
ONE_OF_THEM = re.compile(
    r"(?:one\s+of\s+(?:them|these|those)|bunlardan\s+biri|одн(?:а|ой|им)\s+из\s+(?:них|таких))\b",
    re.IGNORECASE | re.UNICODE)
RUNS_MANY = re.compile(
    r"\b(?:develops|developed|offers|offered|runs|ran|implements|implemented|launched|provides|provided|organises"
    r"|organizes|organised|organized|operates|sponsors|funds)\b(?:\s+\w+){0,6}?\s+(?:programmes|programs|projects"
    r"|initiatives|scholarships|events|festivals|courses|centres|centers|institutes)\b"
    r"|\b(?:реализует|предлагает|организует|проводит)\b|\b(?:yürütüyor|sunuyor|düzenliyor)\b",
    re.IGNORECASE | re.UNICODE)
ONE_OF_THEM_CONFIDENCE = 0.6

# -- an affiliation block closed by its address ----------------------------------------------------
# "Azerbaijan University of Languages, Azerbaijan University, 71 Ceyhun Hajibeyli Street,
# Nasimi District, Baku, Azerbaijan": the organisations the block lists are in the city
# its address closes with (graphsvc/ingest/frames.py). The block holds no stop between
# its parts, and a street, a district, a box or a number says it is an address.
ADDRESS_CLOSE = re.compile(r"\s*,\s*(?:(?:the\s+)?Republic\s+of\s+)?", re.IGNORECASE)
ADDRESS_CLOSE_TAIL = re.compile(_CLOSES, re.IGNORECASE)
ADDRESS_PART_GAP = re.compile(r"[^.;!?]{0,160}", re.UNICODE)
ADDRESS_MARK = re.compile(
    r"\d|\b(?:street|str\.|st\.|avenue|ave\.|road|boulevard|district|square|building|floor|p\.?\s?o\.?\s+box"
    r"|prospekt|prospect|küçəsi|küç\.|prospekti|rayonu|caddesi|cad\.|sokak|sok\.|mahallesi|mah\."
    r"|улица|ул\.|проспект|район)(?!\w)",
    re.IGNORECASE | re.UNICODE)
ADDRESS_BLOCK_CONFIDENCE = 0.55

# -- names inside names ----------------------------------------------------------------------
# A name that holds another known name says how the two stand: "the Agreement between
# A and B" (its parties), "the Ministry of Defence of X" (a body of the state), "the
# Embassy of X in Y" (where it works), "the Union of Writers of X" (where it is), "a
# scholarship from X" (who pays), "the 10th Summit of the Y" (who holds it).
# `before` is searched in the outer name before the inner one; `head` in the outer name.
@dataclass(frozen=True)
class InnerLink:
    name: str
    type: str
    outer_types: tuple[str, ...]
    inner_types: tuple[str, ...]
    before: re.Pattern[str]
    outer_first: bool  # the outer name is the relationship's `from`
    confidence: float
    head: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None  # searched in the outer name before the inner one


def _inner(name: str, type_: str, outer_types: tuple[str, ...], inner_types: tuple[str, ...], before: str,
           outer_first: bool, confidence: float, head: str | None = None, unless: str | None = None) -> InnerLink:
    def compiled(source: str | None) -> re.Pattern[str] | None:
        return re.compile(source, re.IGNORECASE | re.UNICODE) if source is not None else None

    return InnerLink(name, type_, outer_types, inner_types, re.compile(before, re.IGNORECASE | re.UNICODE),
                     outer_first, confidence, compiled(head), compiled(unless))


_OF_STATE = r"\b(?:of|in)\s+(?:the\s+)?(?:(?:republic|government|people['’]s\s+republic)\s+of\s+(?:the\s+)?)?$"
_STATE_BODY = (r"\b(?:ministry|ministries|committee|agency|government|parliament|cabinet|administration|"
               r"armed\s+forces|national\s+bank|central\s+bank|bakanlığı|министерств\w*|комитет\w*|правительств\w*)\b")
_MISSION = (r"\b(?:embassy|embassies|consulate|representative\s+office|representation|branch|office|mission|"
            r"büyükelçiliği|temsilciliği|посольств\w*|представительств\w*|филиал\w*)\b")
INNER_LINKS: tuple[InnerLink, ...] = (
    # "Agreement between the Republic of A and the Republic of B": every actor after "between"
    _inner("inner-name.parties", "PARTY_TO", ("Agreement",), ACTORS, r"\b(?:between|among|между)\b", False, 0.7),
    _inner("inner-name.mission-in", "OPERATES_IN", ("Organisation",), ("State", "Place"), r"\bin\s+(?:the\s+)?$",
           True, 0.65, head=_MISSION),
    _inner("inner-name.state-body", "PART_OF", ("Organisation",), ("State",), _OF_STATE, True, 0.65,
           head=_STATE_BODY),
    # not "the Embassy of X" (the state that sends it) nor "the Centre for the Culture of X" (its topic)
    _inner("inner-name.of-place", "LOCATED_IN", ("Organisation",), ("State", "Place"), _OF_STATE, True, 0.55,
           unless=_MISSION + r"|\b(?:for|on|about)\b"),
    # "Baku International Center for Multiculturalism", "Ankara University": a city opens the name
    _inner("inner-name.place-first", "LOCATED_IN", ("Organisation",), ("Place",), r"^(?:the\s+)?$", True, 0.55),
    _inner("inner-name.funded-from", "FUNDS", ("Programme",), ACTORS,
           r"\b(?:from|by)\s+(?:the\s+)?(?:(?:republic|government)\s+of\s+(?:the\s+)?)?$", False, 0.6,
           head=r"\b(?:scholarships?|grants?|fellowships?|funding|stipends?|burs\w*|стипенди\w*|грант\w*)\b"),
    _inner("inner-name.event-of", "ORGANISED", ("Event",), ("Organisation",), r"\bof\s+(?:the\s+)?$", False, 0.6,
           head=r"\b(?:summit|session|congress|general\s+assembly|zirvesi|kurultayı|саммит\w*|сесси\w*)\b"),
)

# -- citations ------------------------------------------------------------------------------------
# A name an author-year citation cites is its author, not a mention: "(Shevchenko, 2023)",
# "(Kalaganov et al., 2018; …)". A document's year after its own title ("Turkic World Vision
# 2040 (2021)") is no citation: only a comma or "et al." comes before a cited year.
CITATION_AFTER = re.compile(r"(?:,\s*|\s+et\s+al\.?,?\s*)(?:1[89]|20)\d\d[a-z]?\s*[;)]")

# -- lists -------------------------------------------------------------------------------------
# What joins two names of one coordinated list: "A, B", "A and B", "A, B, and C", "A ve B", "A и B".
LIST_GAP = re.compile(
    r"\s*(?:,\s*(?:(?:and|or|ve|veya|və|и|или)\s+)?|\s(?:and|or|ve|veya|ile|və|и|или)\s+)(?:the\s+)?",
    re.IGNORECASE | re.UNICODE)

# -- new names ------------------------------------------------------------------------------
# A run of capitalised words ending in (or containing) one of these heads names
# a thing of that type. Lowercase forms: the run is matched case-insensitively
# on its words.
HEADS: dict[str, tuple[str, ...]] = {
    "Organisation": (
        "university", "institute", "foundation", "council", "ministry", "agency", "academy", "association",
        "union", "organisation", "organization", "fund", "committee", "centre", "center", "theatre", "theater",
        "museum", "library", "chamber", "assembly", "parliament", "bank", "college", "school", "faculty",
        "üniversitesi", "enstitüsü", "vakfı", "konseyi", "bakanlığı", "ajansı", "akademisi", "teşkilatı",
        "birliği", "merkezi", "derneği", "kurumu", "meclisi", "universiteti", "institutu", "nazirliyi",
        "университет", "институт", "фонд", "совет", "министерство", "агентство", "академия", "организация",
        "ассоциация", "союз", "центр", "комитет", "театр", "музей",
    ),
    "Agreement": (
        "memorandum", "agreement", "treaty", "declaration", "protocol", "convention", "charter", "accord",
        "anlaşması", "antlaşması", "mutabakat", "bildirgesi", "sözleşmesi", "protokolü", "müqaviləsi",
        "соглашение", "договор", "меморандум", "декларация", "протокол", "хартия",
    ),
    "Programme": (
        "programme", "program", "strategy", "initiative", "project", "scholarship", "scholarships",
        "programı", "projesi", "bursları", "программа", "стратегия", "проект",
    ),
    "Event": (
        "summit", "meeting", "forum", "festival", "conference", "congress", "games", "olympiad", "exhibition",
        "days", "week", "year", "symposium", "zirvesi", "toplantısı", "forumu", "festivali", "kongresi",
        "konferansı", "günleri", "oyunları", "саммит", "встреча", "форум", "фестиваль", "конференция",
        "конгресс", "дни", "игры", "заседание",
    ),
}
# Words that may join the capitalised words of one name.
CONNECTORS = frozenset(
    "of the for and on in de des du la le el al ve ile və и по для of-the".split()
)
# Titles before a person's name.
TITLES = re.compile(
    r"\b(?:President|Vice[- ]President|Prime\s+Minister|Secretary[- ]General|Rector|Ambassador|Minister|"
    r"Chairman|Director|Dean|Professor|Prof\.|Dr\.|Mr\.|Mrs\.|Ms\.|Deputy\s+\w+|Head|"
    r"Cumhurbaşkanı|Başbakan|Genel\s+Sekreteri?|Rektörü?|Büyükelçisi?|Bakanı?|Prezidenti|Səfiri|Rektoru|"
    r"Президент|Премьер-министр|Генеральный\s+секретарь|Ректор|Посол|Министр|Председатель|Директор)"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-ZÇĞİÖŞÜƏ][\w'’-]*\s+){1,5}?)?[,\s]+"
    r"(?P<name>(?:[A-ZÇĞİÖŞÜƏА-ЯЁҚҒҰҮӨӘІҺ][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-ZÇĞİÖŞÜƏА-ЯЁҚҒҰҮӨӘІҺ][\w'’-]+|[A-Z]\.)){1,3})",
    re.UNICODE,
)

# -- sectors -------------------------------------------------------------------------------
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "culture": ("cultur", "kültür", "mədəni", "культур", "festival", "мәдени"),
    "education": ("educat", "universit", "student", "school", "eğitim", "öğrenci", "təhsil", "образован",
                  "студент", "университет", "scholarship", "academic"),
    "science": ("science", "scientific", "research", "bilim", "elm", "наук", "научн", "исследова"),
    "language": ("language", "linguist", "alphabet", "dil", "язык", "тіл"),
    "heritage": ("heritage", "unesco", "monument", "miras", "наслед"),
    "arts": ("theatre", "theater", "music", "art ", "arts", "film", "cinema", "painting", "tiyatro", "театр",
             "музык", "exhibition"),
    "literature": ("literat", "poet", "writer", "book", "edebiyat", "ədəbiyyat", "литератур", "поэт"),
    "media": ("media", "television", "tv ", "broadcast", "press", "journalis", "медиа", "сми"),
    "tourism": ("touris", "turizm", "туризм"),
    "youth": ("youth", "young", "gençlik", "gənc", "молод"),
    "economy": ("econom", "invest", "business", "ekonomi", "iqtisad", "эконом", "инвест"),
    "trade": ("trade", "export", "import", "ticaret", "ticarət", "торгов"),
    "energy": ("energy", "oil", "gas", "enerji", "энерг", "нефт"),
    "transport": ("transport", "railway", "corridor", "logistic", "ulaşım", "транспорт"),
    "politics": ("politic", "summit", "president", "siyas", "политик"),
    "diplomacy": ("diploma", "embassy", "ambassador", "foreign minist", "diplomasi", "дипломат", "посол"),
    "space": ("space agency", "satellite", "cosmos", "uzay", "космос"),
}
DEFAULT_SECTOR = "diplomacy"

# -- dates -----------------------------------------------------------------------------------
MONTHS: dict[str, int] = {}
for number, names in enumerate(
    (
        ("january", "jan", "ocak", "yanvar", "января", "январь", "январе"),
        ("february", "feb", "şubat", "fevral", "февраля", "февраль", "феврале"),
        ("march", "mar", "mart", "марта", "март", "марте"),
        ("april", "apr", "nisan", "aprel", "апреля", "апрель", "апреле"),
        ("may", "mayıs", "may", "мая", "май", "мае"),
        ("june", "jun", "haziran", "iyun", "июня", "июнь", "июне"),
        ("july", "jul", "temmuz", "iyul", "июля", "июль", "июле"),
        ("august", "aug", "ağustos", "avqust", "августа", "август", "августе"),
        ("september", "sep", "sept", "eylül", "sentyabr", "сентября", "сентябрь", "сентябре"),
        ("october", "oct", "ekim", "oktyabr", "октября", "октябрь", "октябре"),
        ("november", "nov", "kasım", "noyabr", "ноября", "ноябрь", "ноябре"),
        ("december", "dec", "aralık", "dekabr", "декабря", "декабрь", "декабре"),
    ),
    start=1,
):
    for month_name in names:
        MONTHS[month_name] = number
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>1[89]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)\s+(?P<mn>{_MONTH})\.?,?\s+(?P<y>1[89]\d\d|20\d\d)\b", re.IGNORECASE)),
    ("mdy", re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<d>[0-3]?\d),?\s+(?P<y>1[89]\d\d|20\d\d)\b", re.IGNORECASE)),
    ("dotted", re.compile(r"\b(?P<d>[0-3]\d)\.(?P<m>0[1-9]|1[0-2])\.(?P<y>1[89]\d\d|20\d\d)\b")),
    ("month-year", re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<y>1[89]\d\d|20\d\d)\b", re.IGNORECASE)),
    ("decade", re.compile(r"\b(?P<y>1[89]\d|20\d)0(?:s|'s|-e|-х|-x|-ies|lar|ler|lı|li)\b", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\d.,/-])(?P<y>1[89]\d\d|20\d\d)(?![\d%]|\s*(?:%|percent|per\s+cent))")),
)
# A dateline opens a news report: "BAKU, Azerbaijan, April 23." (no year).
DATELINE = re.compile(rf"^\s*[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]+,(?:\s*[\w ]+,)?\s*(?P<mn>{_MONTH})\.?\s+(?P<d>[0-3]?\d)\b",
                      re.IGNORECASE)
