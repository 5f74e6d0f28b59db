"""Sources as first-class records: GET /sources, GET /sources/{id} and its
CSL-JSON and BibTeX, and the citation and locator every evidence item carries."""

from __future__ import annotations

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from fastapi.testclient import TestClient
from pybtex.database import parse_string

from graphsvc.citations import short_citation

SOFT_POWER = "src:bazarbayev-2025-soft-power"


def test_every_source_is_listed_with_its_citation_license_and_counts(client: TestClient, seed_report) -> None:
    response = client.get("/sources")
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}
    seed = seed_report.seed
    assert set(items) == set(seed.sources)
    for source_id, doc in seed.sources.items():
        item = items[source_id]
        assert item["citation"] == short_citation(doc)
        assert item["license"] == doc.license and item["tier"] == doc.tier
        cited_by = [rel for rel in seed.relationships.values() if any(e.source == source_id for e in rel.evidence)]
        excerpts = sum(1 for rel in seed.relationships.values() for e in rel.evidence if e.source == source_id) + sum(
            1 for entity in seed.entities.values() for e in entity.spec.evidence if e.source == source_id
        )
        mentioned_by = [entity for entity in seed.entities.values() if source_id in entity.sources]
        assert item["counts"] == {"entities": len(mentioned_by), "relationships": len(cited_by), "excerpts": excerpts}
    soft_power = items[SOFT_POWER]
    assert soft_power["citation"] == "Bazarbayev et al. (2025)"
    assert soft_power["year"] == 2025
    assert soft_power["license"] == "CC BY 2.0"
    assert soft_power["counts"]["relationships"] > 100


def test_one_source_as_json_csl_json_and_bibtex(client: TestClient) -> None:
    one = client.get(f"/sources/{SOFT_POWER}")
    assert one.status_code == 200 and one.json()["citation"] == "Bazarbayev et al. (2025)"

    csl = client.get(f"/sources/{SOFT_POWER}", params={"format": "csl-json"})
    assert csl.status_code == 200
    assert csl.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    parsed_csl = CiteProcJSON(csl.json())
    assert [str(name.family) for name in parsed_csl[SOFT_POWER]["author"]] == [
        "Bazarbayev", "Akdeniz", "Amirbek", "Abzhalov", "Anuarbekuly"]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, parsed_csl, formatter.plain)
    bibliography.register(Citation([CitationItem(SOFT_POWER)]))
    (entry,) = [str(item) for item in bibliography.bibliography()]
    assert "Bazarbayev" in entry and "2025" in entry and "Soft Power" in entry, entry

    bib = client.get(f"/sources/{SOFT_POWER}", params={"format": "bibtex"})
    assert bib.status_code == 200 and bib.headers["content-type"].startswith("application/x-bibtex")
    (parsed,) = parse_string(bib.text, "bibtex").entries.values()
    assert [p.last_names for p in parsed.persons["author"]][0] == ["Bazarbayev"]
    assert parsed.fields["year"] == "2025" and parsed.fields["note"] == "License: CC BY 2.0"


def test_unknown_source_and_bad_format_are_problems(client: TestClient) -> None:
    missing = client.get("/sources/src:no-such-source")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    bad = client.get(f"/sources/{SOFT_POWER}", params={"format": "xml"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")


def test_every_evidence_item_carries_its_citation_and_a_locator(client: TestClient, seed_report) -> None:
    citation_of = {sid: short_citation(doc) for sid, doc in seed_report.seed.sources.items()}
    graph = client.get("/export", params={"format": "json"}).json()
    items = [item for element in graph["nodes"] + graph["edges"] for item in element["evidence"]]
    assert len(items) > 300
    for item in items:
        assert item["citation"] == citation_of[item["source"]]
        assert set(item["locator"]) == {"section", "paragraph", "start", "end"}
    turksoy = client.get("/entities/org:turksoy/neighbourhood", params={"depth": 1}).json()
    assert all(item["citation"] for edge in turksoy["edges"] for item in edge["evidence"])
