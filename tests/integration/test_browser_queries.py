"""The Neo4j Browser material: every guide query runs as written on the loaded
seed and answers; the GraSS style sheet parses the way Browser parses it and
styles every label; guide.html is what build_guide() makes of the queries."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from neo4j import Driver

from graphsvc.browser_guide import GuideQuery, build_guide, guide_path, guide_queries
from graphsvc.settings import Settings, get_settings
from graphsvc.vocabulary import ENTITY_TYPES

QUERIES = guide_queries()
STYLE_LABELS = (*ENTITY_TYPES, "Source")


def example_params(driver: Driver, settings: Settings, query: GuideQuery) -> dict[str, Any]:
    """The header's `:param name => <expr>` values, evaluated the way Browser does: `RETURN <expr>`."""
    params = {}
    for name, expression in query.example_params.items():
        records, _, _ = driver.execute_query(f"RETURN {expression} AS value", database_=settings.neo4j_database)
        params[name] = records[0]["value"]
    return params


def run(driver: Driver, settings: Settings, query: GuideQuery) -> list[dict[str, Any]]:
    # The whole file, header comments included: exactly what an analyst pastes.
    records, _, _ = driver.execute_query(
        query.text, example_params(driver, settings, query), database_=settings.neo4j_database
    )
    return [record.data() for record in records]


def by_slug(slug: str) -> GuideQuery:
    return next(q for q in QUERIES if q.slug == slug)


# -- the queries ------------------------------------------------------------------
def test_there_are_at_least_fourteen_guide_queries_numbered_in_order() -> None:
    assert len(QUERIES) >= 14
    assert [q.number for q in QUERIES] == [f"{i:02d}" for i in range(1, len(QUERIES) + 1)]
    for query in QUERIES:
        assert query.title and query.answers and query.parameters, query.path


def test_header_params_match_the_statement() -> None:
    """A query that uses $parameters gives an example `:param` line for each one."""
    parameterised = [q for q in QUERIES if q.example_params]
    assert parameterised, "at least one guide query shows how to set parameters"
    for query in parameterised:
        assert set(re.findall(r"\$(\w+)", query.cypher)) == set(query.example_params)
        assert query.params_command and query.params_command.startswith(":param")


@pytest.mark.parametrize("query", QUERIES, ids=[q.path.stem for q in QUERIES])
def test_guide_query_runs_as_written_and_answers(
    driver: Driver, settings: Settings, loaded_graph: str, query: GuideQuery
) -> None:
    rows = run(driver, settings, query)
    assert len(rows) >= 1, f"{query.path.name} returned no rows on the seed graph"


def test_organisation_members_lists_ots_members_and_observers(
    driver: Driver, settings: Settings, loaded_graph: str
) -> None:
    rows = run(driver, settings, by_slug("organisation-members"))
    status = {row["actor"]: row["status"] for row in rows}
    # The Nakhchivan Agreement's founding members, and Hungary as an observer.
    for member in ("Azerbaijan", "Kazakhstan", "Kyrgyzstan", "Türkiye"):
        assert status.get(member) == "member"
    assert status.get("Hungary") == "observer"


def test_kazakhstan_turkiye_links_carry_their_evidence(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    rows = run(driver, settings, by_slug("kazakhstan-turkiye-evidence"))
    assert all(row["excerpt"] and row["source"] for row in rows)
    assert "RANKED_IN" not in {row["link"] for row in rows}
    # The two founded the International Kazakh-Turkish University by agreement in 1992.
    agreement_rows = [row for row in rows if row["link"] == "PARTY_TO" and "University" in row["to"]]
    assert {row["from"] for row in agreement_rows} == {"Kazakhstan", "Türkiye"}


def test_events_query_keeps_to_the_window(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    rows = run(driver, settings, by_slug("events-2022-2023"))
    assert rows
    for row in rows:
        assert row["start"][:4] <= "2023" and (row["end"] or row["start"])[:4] >= "2022", row
    assert any("10th" in row["event"] or "Summit" in row["event"] for row in rows)


def test_shortest_path_kazakhstan_hungary_goes_through_the_ots(
    driver: Driver, settings: Settings, loaded_graph: str
) -> None:
    query = by_slug("shortest-paths-between-states")
    records, _, _ = driver.execute_query(
        query.text, example_params(driver, settings, query), database_=settings.neo4j_database
    )
    assert records
    paths = [record["p"] for record in records]
    assert {(p.start_node["id"], p.end_node["id"]) for p in paths} == {("state:kazakhstan", "state:hungary")}
    middles = {node["id"] for p in paths for node in p.nodes[1:-1]}
    assert "org:ots" in middles


def test_find_by_any_name_finds_turkiye_without_diacritics(
    driver: Driver, settings: Settings, loaded_graph: str
) -> None:
    rows = run(driver, settings, by_slug("find-by-any-name"))
    assert rows[0]["id"] == "state:turkiye"


def test_undated_facts_really_are_undated(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    rows = run(driver, settings, by_slug("undated-facts"))
    records, _, _ = driver.execute_query(
        "MATCH (:Entity)-[r]->(:Entity) WHERE r.t_from IS NULL AND r.t_to IS NULL RETURN count(r) AS n",
        database_=settings.neo4j_database,
    )
    assert sum(row["undated"] for row in rows) == records[0]["n"]


def test_reference_tier_query_names_public_documents(driver: Driver, settings: Settings, loaded_graph: str) -> None:
    rows = run(driver, settings, by_slug("reference-tier-facts"))
    assert all(row["address"] for row in rows)
    assert any("Nakhchivan" in row["document"] for row in rows)


# -- the style sheet ---------------------------------------------------------------
def parse_grass_like_browser(text: str) -> dict[str, dict[str, str]]:
    """A port of Neo4j Browser's `parseGrassCSS` (src/shared/services/grassUtils.ts).

    Quotes toggle a string and are dropped; `{` inside a string or props is kept;
    the selector is the text outside braces with whitespace removed; props are
    split on `;`, each on `:`, and kept only when that gives exactly two parts.
    """
    inside_string = inside_props = inside_binding = False
    keyword = props = ""
    rules: dict[str, str] = {}
    for c in text:
        skip = True
        if c == "{":
            if inside_string:
                skip = False
            elif inside_props:
                inside_binding = True
            else:
                inside_props = True
        elif c == "}":
            if inside_string:
                skip = False
            elif inside_binding:
                inside_binding = False
            else:
                inside_props = False
                rules[keyword] = props
                keyword = props = ""
        elif c in "'\"":
            inside_string = not inside_string
        else:
            skip = False
        if skip:
            continue
        if inside_props:
            props += c
        elif not c.isspace():
            keyword += c
    parsed: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        parsed[selector] = {}
        for prop in body.split(";"):
            parts = prop.split(":")
            if len(parts) == 2:
                parsed[selector][parts[0].strip()] = parts[1].strip()
    return parsed


def style_text() -> str:
    return (get_settings().cypher_dir / "browser" / "style.grass").read_text(encoding="utf-8")


def test_style_grass_is_well_formed() -> None:
    text = style_text()
    assert "/*" not in text and "//" not in text, "Browser's GraSS parser has no comments"
    assert text.count("'") % 2 == 0 and text.count('"') % 2 == 0, "unterminated string"
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)  # braces in captions ('{name}') are not structure
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert 0 <= depth <= 1, "braces nest or close before they open"
    assert depth == 0, "unbalanced braces"
    blocks = re.findall(r"([^{}]+)\{([^{}]*)\}", text)
    assert blocks
    for selector, body in blocks:
        assert re.fullmatch(r"(node|relationship)(\.[A-Za-z_][A-Za-z0-9_]*)?", selector.strip()), selector
        for declaration in filter(str.strip, body.split(";")):
            assert declaration.count(":") == 1, f"{selector.strip()}: `{declaration.strip()}` is not `key: value`"


def test_style_grass_parses_as_browser_does_and_styles_every_label() -> None:
    rules = parse_grass_like_browser(style_text())
    assert set(rules) == {"node", "relationship", "node.Entity", *(f"node.{label}" for label in STYLE_LABELS)}
    # Every world entity is also :Entity; Browser merges rules in sheet order, so the types come after it.
    assert list(rules).index("node.Entity") < min(list(rules).index(f"node.{label}") for label in STYLE_LABELS)
    assert rules["relationship"]["caption"] == "<type>"
    colours = set()
    for label in STYLE_LABELS:
        rule = rules[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", rule["color"]), label
        assert re.fullmatch(r"\d+px", rule["diameter"]), label
        assert rule["caption"] == ("{title}" if label == "Source" else "{name}"), label
        colours.add(rule["color"].upper())
    assert len(colours) == len(STYLE_LABELS), "every label has its own colour"
    diameters = {label: int(rules[f"node.{label}"]["diameter"][:-2]) for label in STYLE_LABELS}
    assert max(diameters, key=diameters.__getitem__) == "State"


# -- the guide ---------------------------------------------------------------------
def test_guide_html_is_generated_from_the_query_files() -> None:
    built = build_guide()
    assert guide_path().read_text(encoding="utf-8") == built, "run `graphsvc browser-guide` to regenerate"
    assert built.count("<slide") == len(QUERIES) + 1
    assert built.strip().endswith("</article>") and '<article class="guide">' in built
    blocks = [html.unescape(b) for b in re.findall(r'<pre class="[^"]*\brunnable\b[^"]*">(.*?)</pre>', built, re.S)]
    for query in QUERIES:
        assert query.cypher in blocks, query.path.name
        if query.params_command:
            assert query.params_command in blocks, query.path.name
