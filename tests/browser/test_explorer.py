"""The explorer page and Neo4j Browser, driven in a real headless Chromium.

What the page draws is checked against what the API answers for the same
question: the drawing must show exactly the API's entities and relationships.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from graphsvc import palette
from tests.browser.explorer_support import (
    FOUNDED_1993,
    KAZAKHSTAN,
    MAX_HOPS,
    TURKSOY,
    K,
    after_redraw,
    api_get,
    citation,
    drawn,
    expected,
    pick_from_search,
    set_range,
)

pytestmark = pytest.mark.browser

def test_explorer_end_to_end(page: Page, live_server: str, artifacts: Path) -> None:
    base = live_server
    page.goto(f"{base}/explorer")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    assert page.title().startswith("Explorer")
    # Every input has a label a screen reader can read.
    for input_id in ("search-input", "path-input", "year-from", "year-to", "max-hops", "depth"):
        assert page.locator(f"label[for={input_id}]").count() == 1

    # 1. Type "Kazakhstan" and pick it from the list: its neighbourhood is drawn, as the API answers it.
    pick_from_search(page, "Kazakhstan", KAZAKHSTAN)
    assert page.locator("#search-results").is_hidden(), "the list closes on a pick"
    nodes, edges = drawn(page)
    expected_nodes, expected_edges = expected(base, [KAZAKHSTAN])
    assert (nodes, edges) == (expected_nodes, expected_edges)
    labels = set(page.evaluate("cy.nodes().map(n => n.data('label'))"))
    assert {"Kazakhstan", "TURKSOY", "Türkiye", "Organisation of Turkic States"} <= labels
    page.screenshot(path=str(artifacts / "explorer-kazakhstan.png"))

    # 2. Clicking a node in the drawing shows it in the side panel.
    x, y = page.evaluate(
        "(() => { const p = cy.getElementById('state:kazakhstan').renderedPosition();"
        " const r = cy.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()"
    )
    page.mouse.click(x, y)
    assert page.locator("#selection-title").inner_text() == "Kazakhstan"

    # 3. Expand a neighbour (TURKSOY) from the keyboard-usable list: the drawing grows by its neighbours.
    page.locator("#node-list-box summary").click()
    page.locator(f"#node-list button[data-id='{TURKSOY}']").click()
    assert page.locator("#selection-title").inner_text() == "TURKSOY"
    after_redraw(page, page.locator("#expand-button").click)
    grown_nodes, grown_edges = drawn(page)
    assert len(grown_nodes) > len(nodes)
    assert (grown_nodes, grown_edges) == expected(base, [KAZAKHSTAN, TURKSOY])

    # 4. Paths from Kazakhstan to TURKSOY: drawn, highlighted and listed as the API answers them.
    page.get_by_label("To", exact=True).fill("TURKSOY")
    page.locator("#path-search-button").click()
    after_redraw(page, page.locator(f"#path-candidates [role=option][data-id='{TURKSOY}']").click)
    answer = api_get(base, "/paths", **{"from": KAZAKHSTAN, "to": TURKSOY, "max_hops": MAX_HOPS, "k": K})
    assert answer["paths"], "Kazakhstan and TURKSOY are linked in the sources"
    items = page.locator("#path-list > li")
    assert items.count() == len(answer["paths"])
    names = {n["id"]: n["name"] for n in answer["nodes"]}
    for index, path in enumerate(answer["paths"]):
        assert " → ".join(names[i] for i in path["nodes"]) in items.nth(index).inner_text()
        for edge in path["edges"]:
            assert page.evaluate(f"cy.getElementById({edge['id']!r}).hasClass('path')"), edge["id"]
    assert drawn(page) == expected(base, [KAZAKHSTAN, TURKSOY], path_to=TURKSOY)

    # 5. Open an edge's evidence: the excerpts shown are the edge's excerpts in the API.
    first_edge = answer["paths"][0]["edges"][0]
    page.locator(f"#path-list button[data-id='{first_edge['id']}']").first.click()
    shown = page.locator("#evidence-list .excerpt").all_inner_texts()
    assert shown == [e["excerpt"] for e in first_edge["evidence"]]
    # the sources' records arrive after the panel is drawn: wait until every citation shows its title
    cited = [citation(base, e) for e in first_edge["evidence"]]
    shown_sources = "[...document.querySelectorAll('#evidence-list .source')].map((e) => e.innerText)"
    cited_json = json.dumps(cited, ensure_ascii=False, separators=(",", ":"))  # as JSON.stringify writes it
    page.wait_for_function(f"JSON.stringify({shown_sources}) === {json.dumps(cited_json)}")
    sources = page.locator("#evidence-list .source").all_inner_texts()
    assert sources == cited
    assert page.evaluate(f"cy.getElementById({first_edge['id']!r}).selected()")

    # 6. The time slider: from 2020 on, the drawing is what the API answers for since=2020.
    assert FOUNDED_1993 in drawn(page)[1]
    after_redraw(page, lambda: set_range(page, "#year-from", 2020))
    assert page.locator("#year-from-value").inner_text() == "2020"
    windowed = drawn(page)
    assert windowed == expected(base, [KAZAKHSTAN, TURKSOY], path_to=TURKSOY, since="2020")
    assert FOUNDED_1993 not in windowed[1]
    assert len(windowed[1]) < len(grown_edges)

    # ... and a sector filter narrows it the same way.
    after_redraw(page, page.get_by_label("culture", exact=True).check)
    assert drawn(page) == expected(base, [KAZAKHSTAN, TURKSOY], path_to=TURKSOY, since="2020", sectors="culture")

    page.screenshot(path=str(artifacts / "explorer.png"))


def test_api_cytoscape_format_loads_into_cytoscape(page: Page, live_server: str) -> None:
    """The API's `format=cytoscape` answer is what Cytoscape.js itself accepts."""
    page.goto(f"{live_server}/explorer")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    graph = api_get(live_server, f"/entities/{KAZAKHSTAN}/neighbourhood", depth=2)
    counts = page.evaluate(
        """async (url) => {
            const doc = await (await fetch(url)).json();
            const whole = cytoscape({ headless: true, elements: doc.elements });
            const added = cytoscape({ headless: true });
            added.add(doc.elements.nodes);
            added.add(doc.elements.edges);
            return [whole.nodes().length, whole.edges().length, added.nodes().length, added.edges().length,
                    whole.getElementById('state:kazakhstan').data('type')];
        }""",
        f"{live_server}/entities/{KAZAKHSTAN}/neighbourhood?depth=2&format=cytoscape",
    )
    n, e = len(graph["nodes"]), len(graph["edges"])
    assert counts == [n, e, n, e, "State"]
    export = api_get(live_server, "/export")
    total = page.evaluate(
        "async (url) => { const doc = await (await fetch(url)).json();"
        " const c = cytoscape({ headless: true, elements: doc.elements }); return [c.nodes().length, c.edges().length]; }",
        f"{live_server}/export?format=cytoscape",
    )
    assert total == [len(export["nodes"]), len(export["edges"])]


def test_explorer_works_offline_and_reports_errors(page: Page, live_server: str) -> None:
    """Everything the page loads comes from the service itself; an unknown actor is said plainly."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/explorer")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.get_by_label("Find an actor").fill("zzqxv-no-such-actor")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("Nothing found").wait_for()
    assert "Nothing found" in page.locator("#search-results").inner_text()
    assert requested and all(url.startswith(live_server) or url.startswith("data:") for url in requested)


def test_neo4j_browser_runs_a_query(page: Page, test_neo4j, settings, driver, loaded_graph: str) -> None:
    """Neo4j Browser, served by the test Neo4j, connects with the local credentials and runs Cypher."""
    expected = [r["name"] for r in driver.execute_query("MATCH (n:State) RETURN n.name AS name ORDER BY name").records]
    assert "Kazakhstan" in expected
    page.goto(f"http://127.0.0.1:{settings.local_http_port}/browser/")
    page.wait_for_selector("[data-testid=boltaddress]", timeout=60_000)
    page.fill("[data-testid=boltaddress]", f"bolt://127.0.0.1:{settings.local_bolt_port}")
    page.fill("[data-testid=username]", "neo4j")
    page.fill("[data-testid=password]", test_neo4j.password())
    page.click("[data-testid=connect]")
    page.get_by_text("You are connected as user").wait_for(timeout=30_000)
    query = "MATCH (n:State) RETURN n.name AS name ORDER BY name"
    page.locator(".monaco-editor").first.click()
    page.keyboard.type(query)
    page.click("[data-testid=editor-Run]")
    frame = page.locator("[data-testid=frame]", has_text="Started streaming").first
    frame.wait_for(timeout=30_000)
    text = frame.inner_text()
    assert f"Started streaming {len(expected)} records" in text
    for name in expected:
        assert f'"{name}"' in text


def test_neo4j_browser_draws_each_type_in_its_palette_colour(
    page: Page, test_neo4j, settings, driver, loaded_graph: str, artifacts: Path
) -> None:
    """style.grass applied in Neo4j Browser itself: States and Organisations (which are also :Entity)
    are drawn in their own palette colours, not in the one colour Browser gives :Entity."""
    page.goto(f"http://127.0.0.1:{settings.local_http_port}/browser/")
    page.wait_for_selector("[data-testid=boltaddress]", timeout=60_000)
    page.fill("[data-testid=boltaddress]", f"bolt://127.0.0.1:{settings.local_bolt_port}")
    page.fill("[data-testid=username]", "neo4j")
    page.fill("[data-testid=password]", test_neo4j.password())
    page.click("[data-testid=connect]")
    page.get_by_text("You are connected as user").wait_for(timeout=30_000)

    def run(command: str) -> None:
        page.locator(".monaco-editor").first.click()
        page.keyboard.insert_text(command)
        page.click("[data-testid=editor-Run]")

    run(palette.style_command())
    page.get_by_text("node.Entity").first.wait_for(timeout=30_000)
    pattern = f"(s:State {{id: '{KAZAKHSTAN}'}})-[r]-(o:Organisation)"
    actors = driver.execute_query(f"MATCH {pattern} RETURN count(DISTINCT o) + 1 AS actors").records[0]["actors"]
    run(f"MATCH {pattern} RETURN s, r, o")
    # Browser draws the answer's nodes with their captions; the force layout moves them but not their colours.
    page.wait_for_function(
        """(actors) => {
          const nodes = Array.from(document.querySelectorAll('svg g.node'));
          return nodes.length === actors && nodes.every((g) => g.querySelector('circle.b-outline')?.getAttribute('fill')
            && g.querySelector('text.caption')?.textContent.trim());
        }""",
        arg=actors,
        timeout=30_000,
    )
    drawn_nodes = page.evaluate(
        "Array.from(document.querySelectorAll('svg g.node')).map(g => ["
        " g.querySelector('circle.b-outline').getAttribute('fill'),"
        " Array.from(g.querySelectorAll('text.caption')).map(t => t.textContent.trim()).join(' ')])"
    )
    fills = {fill.upper() for fill, _ in drawn_nodes}
    state_fill = palette.TYPES["State"].colour
    organisation_fill = palette.TYPES["Organisation"].colour
    assert fills == {state_fill, organisation_fill}, drawn_nodes
    kazakhstan = [fill.upper() for fill, caption in drawn_nodes if caption == "Kazakhstan"]
    assert kazakhstan == [state_fill]
    page.screenshot(path=str(artifacts / "neo4j-browser-style.png"))
