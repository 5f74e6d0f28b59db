"""Citing a source: its short form, and its record as CSL-JSON and BibTeX.

One definition of how a source is cited, used by the loader (every evidence
item stores its source's short citation), `GET /sources` and its formats.

Authors are written in seed/sources.yaml as printed. "Family, Given" is
read as such; "Given Family" takes the last word as the family name; a name
with a lower-case word after the first ("Trend news agency") is an
organisation and is cited whole. Write "Family, Given" wherever the family
name is not the last word ("Alieva, Perizat Tazabay kizi").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import orjson

from graphsvc import dates


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation, cited whole

    @property
    def cited(self) -> str:
        return self.literal or self.family


def parse_name(raw: str) -> Name:
    text = " ".join(raw.split())
    if "," in text:
        family, _, given = text.partition(",")
        return Name(family=family.strip(), given=given.strip())
    words = text.split(" ")
    if len(words) == 1 or any(word[:1].islower() for word in words[1:]):
        return Name(literal=text)
    return Name(family=words[-1], given=" ".join(words[:-1]))


def source_year(doc: Any) -> int | None:
    """The year of publication: `year`, else the year `published` names (None when not stated)."""
    year = getattr(doc, "year", None)
    if isinstance(year, int):
        return year
    published = getattr(doc, "published", None)
    lower = dates.lower_bound(published) if published else None
    upper = dates.upper_bound(published) if published else None
    if lower and upper and lower[:4] == upper[:4]:
        return int(lower[:4])
    return None


def short_citation(doc: Any) -> str:
    """"Bazarbayev et al. (2025)", "Khamdamov and Alieva (2025)", "Ismayilov (n.d.)"."""
    names = [parse_name(a) for a in getattr(doc, "authors", None) or [] if a.strip()]
    year = source_year(doc)
    when = f"({year})" if year else "(n.d.)"
    if not names:
        title = getattr(doc, "title", "") or getattr(doc, "id", "")
        words = title.split()
        label = " ".join(words[:4]) + ("…" if len(words) > 4 else "")
        return f"“{label}” {when}"
    if len(names) == 1:
        who = names[0].cited
    elif len(names) == 2:
        who = f"{names[0].cited} and {names[1].cited}"
    else:
        who = f"{names[0].cited} et al."
    return f"{who} {when}"


def csl_type(doc: Any) -> str:
    if getattr(doc, "venue", None) or getattr(doc, "doi", None):
        return "article-journal"
    if getattr(doc, "url", None) and not getattr(doc, "file", None):
        return "webpage"
    return "article"


def csl_json(doc: Any) -> list[dict[str, Any]]:
    """The source as CSL-JSON (an array of one item), as Zotero and citeproc read it."""
    item: dict[str, Any] = {"id": doc.id, "type": csl_type(doc), "title": doc.title}
    authors = []
    for raw in doc.authors or []:
        name = parse_name(raw)
        authors.append({"literal": name.literal} if name.literal else {"family": name.family, "given": name.given})
    if authors:
        item["author"] = authors
    year = source_year(doc)
    if doc.published and dates.is_iso_day(dates.lower_bound(doc.published) or "") and year:
        parts = _date_parts(doc.published)
        item["issued"] = {"date-parts": [parts]}
    elif year:
        item["issued"] = {"date-parts": [[year]]}
    # CSL readers (citeproc-py among them) know no license variable: license and attribution go in the note.
    license_note = "; ".join(
        part for part in (
            f"License: {doc.license}" if getattr(doc, "license", None) else "",
            f"Attribution: {doc.attribution}" if getattr(doc, "attribution", None) else "",
        ) if part
    )
    optional = {
        "container-title": getattr(doc, "venue", None),
        "DOI": doc.doi,
        "URL": doc.url,
        "language": getattr(doc, "language", None),
        "note": license_note,
    }
    item.update({key: value for key, value in optional.items() if value})
    return [item]


def _date_parts(published: str) -> list[int]:
    """"2025-06-21" -> [2025, 6, 21]; "2025-06" -> [2025, 6]; "2025" -> [2025]."""
    match = re.match(r"^([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?$", published)
    if not match:
        lower = dates.lower_bound(published) or ""
        return [int(lower[:4])] if lower else []
    return [int(part) for part in match.groups() if part]


# BibTeX: characters that mean something to TeX, written so they print as themselves.
_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
_TEX_PATTERN = re.compile("|".join(re.escape(c) for c in _TEX_SPECIAL))


def tex_escape(text: str) -> str:
    return _TEX_PATTERN.sub(lambda m: _TEX_SPECIAL[m.group(0)], text)


def bibtex_key(doc: Any) -> str:
    """`src:bazarbayev-2025-soft-power` -> `bazarbayev2025softpower` (letters and digits only)."""
    return re.sub(r"[^a-z0-9]", "", doc.id.split(":", 1)[-1].lower()) or "source"


def bibtex(doc: Any) -> str:
    """The source as one BibTeX entry (UTF-8; biber and BibTeX with inputenc read it)."""
    entry_type = {"article-journal": "article", "webpage": "online"}.get(csl_type(doc), "misc")
    names = []
    for raw in doc.authors or []:
        name = parse_name(raw)
        # An organisation in double braces, so BibTeX does not split it into given and family names.
        names.append("{" + tex_escape(name.literal) + "}" if name.literal
                     else f"{tex_escape(name.family)}, {tex_escape(name.given)}".rstrip(", "))
    fields: list[tuple[str, str | None]] = [
        ("author", " and ".join(names) or None),
        ("title", "{" + tex_escape(doc.title) + "}"),
        ("journal" if entry_type == "article" else "howpublished", tex_escape(doc.venue) if getattr(doc, "venue", None) else None),
        ("year", str(source_year(doc)) if source_year(doc) else None),
        ("doi", tex_escape(doc.doi) if doc.doi else None),
        ("url", doc.url),
        ("language", getattr(doc, "language", None)),
        ("note", tex_escape("License: " + doc.license) if getattr(doc, "license", None) else None),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{entry_type}{{{bibtex_key(doc)},\n{body}\n}}\n"


# -- evidence as stored ------------------------------------------------------------
# Neo4j lists hold no maps, so an evidence item's locator is stored as JSON
# text in the relationship's `locators` list, with the short citation of its
# source beside it: every reader that zips sources/excerpts/locators
# (graph/shapes.py evidence_list) then answers both without a join.
LOCATOR_FIELDS = ("section", "paragraph", "start", "end")


def encode_locator(locator: dict[str, Any], citation: str | None) -> str:
    stored = {key: locator.get(key) for key in LOCATOR_FIELDS if locator.get(key) not in (None, "")}
    if citation:
        stored["citation"] = citation
    return json.dumps(stored, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_locator(stored: str | None) -> tuple[dict[str, Any], str | None]:
    """(locator {section, paragraph, start, end}, citation) from a stored string.

    A plain string (written before locators were structured, or by hand in
    Neo4j Browser) is the section.
    """
    text = stored or ""
    data: Any = None
    if text.startswith("{"):
        try:
            data = orjson.loads(text)  # a ranking's answer decodes thousands: orjson, as the answers are written
        except ValueError:
            data = None
    if not isinstance(data, dict):
        return {"section": text, "paragraph": None, "start": None, "end": None}, None
    locator = {key: data.get(key) for key in LOCATOR_FIELDS}
    locator["section"] = locator["section"] or ""
    citation = data.get("citation")
    return locator, citation if isinstance(citation, str) else None
