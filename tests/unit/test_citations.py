"""Citing a source (graphsvc/citations.py): the short form, CSL-JSON that a CSL
processor reads, BibTeX that a BibTeX parser reads, and the stored locator."""

from __future__ import annotations

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

from graphsvc import citations
from graphsvc.curation.specs import SourceDoc

ARTICLE = SourceDoc(
    id="src:testwriter-2025-fixtures",
    title="Fixtures & {Braces}: 100% of the_cases",
    authors=["Ada Testwriter", "Second, Ben", "Cem Third"],
    published="2025-06-21",
    venue="Journal of Fixtures",
    doi="10.0000/fixture.1",
    license="CC BY 4.0",
    attribution="© 2025 the authors",
    language="en",
    file="fixture-report.txt",
)


def test_short_citations() -> None:
    assert citations.short_citation(ARTICLE) == "Testwriter et al. (2025)"
    two = ARTICLE.model_copy(update={"authors": ["Mirzoumid Khamdamov", "Alieva, Perizat Tazabay kizi"]})
    assert citations.short_citation(two) == "Khamdamov and Alieva (2025)"
    agency = ARTICLE.model_copy(update={"authors": ["Trend news agency"], "published": None})
    assert citations.short_citation(agency) == "Trend news agency (n.d.)"
    decade = ARTICLE.model_copy(update={"authors": ["Ada Testwriter"], "published": "199X"})
    assert citations.short_citation(decade) == "Testwriter (n.d.)", "a decade names no year of publication"
    assert citations.short_citation(ARTICLE.model_copy(update={"year": 2024})) == "Testwriter et al. (2024)"


def test_csl_json_is_read_by_a_csl_processor() -> None:
    items = citations.csl_json(ARTICLE)
    assert items[0]["author"][1] == {"family": "Second", "given": "Ben"}
    assert items[0]["issued"] == {"date-parts": [[2025, 6, 21]]}
    assert items[0]["note"] == "License: CC BY 4.0; Attribution: © 2025 the authors"
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(ARTICLE.id)]))
    (entry,) = [str(item) for item in bibliography.bibliography()]
    for part in ("Testwriter", "Second", "Third", "2025", "Fixtures & {Braces}", "Journal of Fixtures"):
        assert part in entry, (part, entry)


def test_an_organisation_is_one_literal_name_in_csl_json() -> None:
    agency = ARTICLE.model_copy(update={"authors": ["Trend news agency"]})
    assert citations.csl_json(agency)[0]["author"] == [{"literal": "Trend news agency"}]


def test_bibtex_is_read_by_a_bibtex_parser() -> None:
    text = citations.bibtex(ARTICLE)
    entry = parse_string(text, "bibtex").entries["testwriter2025fixtures"]
    assert entry.type == "article"
    assert [str(person) for person in entry.persons["author"]] == ["Testwriter, Ada", "Second, Ben", "Third, Cem"]
    assert entry.fields["title"] == r"{Fixtures \& \{Braces\}: 100\% of the\_cases}"
    assert entry.fields["journal"] == "Journal of Fixtures"
    assert entry.fields["year"] == "2025"
    assert entry.fields["doi"] == "10.0000/fixture.1"
    assert entry.fields["note"] == "License: CC BY 4.0"


def test_an_organisation_stays_whole_in_bibtex() -> None:
    text = citations.bibtex(ARTICLE.model_copy(update={"authors": ["Trend news agency"]}))
    (person,) = parse_string(text, "bibtex").entries["testwriter2025fixtures"].persons["author"]
    assert person.last_names == ["{Trend news agency}"]


def test_the_stored_locator_carries_the_citation_and_reads_back() -> None:
    stored = citations.encode_locator({"section": "Results", "paragraph": 12, "start": 4031, "end": 4120},
                                      "Bazarbayev et al. (2025)")
    locator, citation = citations.decode_locator(stored)
    assert locator == {"section": "Results", "paragraph": 12, "start": 4031, "end": 4120}
    assert citation == "Bazarbayev et al. (2025)"
    assert citations.decode_locator("Results") == ({"section": "Results", "paragraph": None, "start": None,
                                                    "end": None}, None)
