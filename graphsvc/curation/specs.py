"""What a curator writes: an entity, one statement of a relationship, a citation, a source document.

The same models read `seed/*.yaml` (graphsvc/curation/seedfiles.py) and the
bodies of curation writes (graphsvc/curation/writes.py, routers/curation.py),
with the rules each item obeys on its own: ids, EDTF dates, typed figures.
Rules across items (ids that resolve, excerpts found in their texts, the tier
merge, founding dates) are seedfiles.validate's and writes.py's.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graphsvc import dates
from graphsvc.vocabulary import FIGURE_QUALIFIERS, INTEGER_FIGURES

EdtfDate = str  # as written, checked by graphsvc.dates (EDTF, ISO 8601-2)
_PROP_KEY = re.compile(r"^[a-z][a-z0-9_]*$")

# Node and relationship properties the loader writes itself; seed `props` may not shadow them.
RESERVED_PROPS = frozenset(
    {"id", "name", "aliases", "kind", "start", "end", "sources", "excerpts", "locators", "sectors",
     "tier", "key", "origin", "search_keys", "t_from", "t_to", "evidence_sources", "evidence_excerpts",
     "evidence_locators", "type", "from", "to", "start_lower", "start_upper", "end_lower", "end_upper",
     "citations", "evidence_citations"}
)
Scalar = str | int | float | bool
QUALIFIER_SUFFIX = "_qualifier"
# The old way of hedging a figure, inside its name (`students_trained_more_than: 80`).
_QUALIFIER_IN_NAME = re.compile(
    r"_(" + "|".join(q.replace(" ", "_") for q in FIGURE_QUALIFIERS if q != "top") + r")$"
)


def check_date(value: Any) -> str | None:
    """A `start`/`end`/`published` as written, checked as EDTF (ValueError naming the problem)."""
    return dates.check_edtf(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_integer_figure(name: str) -> bool:
    return any(name == word or name.endswith("_" + word) for word in INTEGER_FIGURES)


def figure_rules(props: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The typed-figure rules: (problems, old forms to migrate).

    Problems: a `<figure>_qualifier` outside the vocabulary or beside no
    numeric figure. Old forms: a `year` figure (a year is the fact's
    `start`/`end`), a qualifier inside a figure's name, a count or rank that
    is not a whole number. `seed validate` reports old forms as warnings
    (errors with --strict); curated writes refuse them.
    """
    problems: list[str] = []
    old_forms: list[str] = []
    for key, value in props.items():
        if key.endswith(QUALIFIER_SUFFIX):
            figure = key[: -len(QUALIFIER_SUFFIX)]
            if value not in FIGURE_QUALIFIERS:
                problems.append(
                    f"props.{key}: {value!r} is not a qualifier (one of: {', '.join(FIGURE_QUALIFIERS)})"
                )
            if not _is_number(props.get(figure)):
                problems.append(f"props.{key}: qualifies no number: give props.{figure} as a number")
            continue
        if key == "year" or key.endswith("_year"):
            old_forms.append(f"props.{key}: a year is the fact's start/end (EDTF), not a figure")
        if _QUALIFIER_IN_NAME.search(key):
            old_forms.append(
                f"props.{key}: say the qualifier in a separate field: "
                f"{_QUALIFIER_IN_NAME.sub('', key)}: <number>, {_QUALIFIER_IN_NAME.sub('', key)}_qualifier: "
                f"\"{_QUALIFIER_IN_NAME.search(key).group(1).replace('_', ' ')}\""  # type: ignore[union-attr]
            )
        if is_integer_figure(key) and not (isinstance(value, int) and not isinstance(value, bool)):
            old_forms.append(f"props.{key}: {value!r} must be a whole number (a count or a rank)")
    return problems, old_forms


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Locator(_Strict):
    """Where an excerpt stands in its source text (computed by `graphsvc seed locate`)."""

    section: str = ""
    paragraph: int | None = Field(default=None, ge=1, description="1-based paragraph number in the text")
    start: int | None = Field(default=None, ge=0, description="character offset of the excerpt's first character")
    end: int | None = Field(default=None, ge=0, description="character offset just past its last (exclusive)")


class EvidenceSpec(_Strict):
    """One citation as a curator writes it (seed YAML, curation writes); the API shows it as models.Evidence."""

    source: str | None = None  # defaults to the fact file's `source`
    excerpt: str
    # The old string form ("Results") is read as the section.
    locator: Locator = Field(default_factory=Locator)

    @field_validator("locator", mode="before")
    @classmethod
    def _section_string(cls, value: Any) -> Any:
        if value is None:
            return Locator()
        if isinstance(value, str):
            return Locator(section=value)
        return value

    @field_validator("excerpt")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("excerpt is empty")
        return value


class SourceDoc(_Strict):
    """A document facts are taken from, with what a reference manager needs to cite it."""

    id: str
    title: str
    authors: list[str] = Field(default_factory=list, description="as printed: 'Given Family' or 'Family, Given'")
    affiliations: list[str] = Field(default_factory=list)
    year: int | None = Field(default=None, description="year of publication; defaults to the year of `published`")
    published: EdtfDate | None = None
    venue: str | None = Field(default=None, description="journal, proceedings, publisher or site")
    note: str = ""
    file: str | None = None
    doi: str | None = None
    url: str | None = None
    orcid: str | None = None
    license: str | None = Field(default=None, description="the document's own license, as it states it, or 'not stated'")
    attribution: str | None = Field(default=None, description="the attribution the document asks for, if any")
    language: str | None = Field(default=None, description="BCP 47 code of the text: en, ru, tr, ...")
    tier: str = "evidenced"

    _date = field_validator("published", mode="before")(classmethod(lambda cls, v: check_date(v)))


def _props_ok(props: dict[str, Any]) -> dict[str, Any]:
    for key, value in props.items():
        if not _PROP_KEY.match(key):
            raise ValueError(f"property name '{key}' must be snake_case")
        if key in RESERVED_PROPS:
            raise ValueError(f"property name '{key}' is reserved")
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, (str, int, float, bool)) for v in values):
            raise ValueError(f"property '{key}' must be a string, number, boolean or a list of them")
    problems, _old_forms = figure_rules(props)
    if problems:
        raise ValueError("; ".join(problems))
    return props


class EntitySpec(_Strict):
    """An entity as a curator writes it (seed YAML, PUT /entities/{id}); the API shows it as models.Entity."""

    id: str
    type: str
    kind: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    start: EdtfDate | None = None
    end: EdtfDate | None = None
    props: dict[str, Any] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    evidence: list[EvidenceSpec] = Field(default_factory=list)
    description: str | None = None

    _dates = field_validator("start", "end", mode="before")(classmethod(lambda cls, v: check_date(v)))
    _props = field_validator("props")(classmethod(lambda cls, v: _props_ok(v)))


class RelationshipSpec(_Strict):
    """One statement of a relationship as a curator writes it; the API shows the merged fact as models.Edge."""

    type: str
    from_: str = Field(alias="from")
    to: str
    key: str = ""
    start: EdtfDate | None = None
    end: EdtfDate | None = None
    sectors: list[str]
    props: dict[str, Any] = Field(default_factory=dict)
    tier: str = "evidenced"
    evidence: list[EvidenceSpec]

    _dates = field_validator("start", "end", mode="before")(classmethod(lambda cls, v: check_date(v)))
    _props = field_validator("props")(classmethod(lambda cls, v: _props_ok(v)))

    @field_validator("key", mode="before")
    @classmethod
    def _key(cls, value: Any) -> str:
        return "" if value is None else str(value)
