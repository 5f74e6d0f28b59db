"""The explorer sized by a network measure and coloured by community, as a person sees it in a real
headless Chromium: sizes on screen in the order of the API's measure, one colour per community, the
choice kept in the URL, and the fall-back to degree while the analysis is being computed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route

from tests.browser.explorer_support import KAZAKHSTAN, after_redraw, get_waiting

pytestmark = pytest.mark.browser

# What a person sees of each actor: its size on screen and its fill.
NODES_ON_SCREEN = """() => cy.nodes().map((n) => ({
  id: n.id(), width: n.renderedWidth(), fill: n.style('background-color'),
}))"""


# The drawing shows the network measures (on a busy machine the analysis may answer 503 at first: the page
# then draws by degree and asks again after Retry-After), or says why it cannot.
SETTLED = """() => document.body.dataset.busy === 'false' && (window.explorer.state.metricsShown
  || /could not be had/.test(document.getElementById('status').textContent)
  || document.getElementById('status').classList.contains('error'))"""


def _wait_for_metrics(page: Page) -> None:
    page.wait_for_function(SETTLED, timeout=240_000)
    assert page.evaluate("window.explorer.state.metricsShown"), page.locator("#status").inner_text()


# The page's requests for the network metrics.
METRICS_REQUEST = re.compile(r"/neighbourhood\?.*metrics=true")

# Each node's size in the drawing, whatever the zoom (a redrawn view is fitted anew).
SIZES = "Object.fromEntries(cy.nodes().map((n) => [n.id(), n.width()]))"


def _open(page: Page, base: str, query: str) -> None:
    page.goto(f"{base}/explorer{query}")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    _wait_for_metrics(page)


def _metrics(base: str, depth: int = 1) -> dict[str, dict[str, Any]]:
    graph = get_waiting(f"{base}/entities/{KAZAKHSTAN}/neighbourhood", depth=depth, metrics="true")
    return {node["id"]: node["metrics"] for node in graph["nodes"] if node.get("metrics")}


def _on_screen(page: Page) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in page.evaluate(NODES_ON_SCREEN)}


def _assert_sized_by(page: Page, metrics: dict[str, dict[str, Any]], measure: str) -> None:
    shown = _on_screen(page)
    actors = sorted((metrics[i][measure], shown[i]["width"], i) for i in shown if i in metrics)
    assert len(actors) >= 10
    widths = [width for _, width, _ in actors]
    for (value_a, width_a, a), (value_b, width_b, b) in zip(actors, actors[1:]):
        assert width_a <= width_b + 0.01, f"{a} ({measure} {value_a}) is drawn larger than {b} ({value_b})"
        if value_a == value_b:
            assert width_a == pytest.approx(width_b), (a, b)
    assert widths[-1] >= 2 * widths[0], "the measure's range shows in the sizes"
    largest = max(metrics[i][measure] for i in shown if i in metrics)
    assert max(shown[i]["width"] for i in shown if i in metrics and metrics[i][measure] == largest) == max(widths)


@pytest.mark.parametrize("measure", ["pagerank", "betweenness"])
def test_actors_are_sized_in_the_order_of_the_chosen_measure(page: Page, live_server: str, measure: str) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}&size={measure}")
    assert page.get_by_label("Size of each actor").input_value() == measure
    _assert_sized_by(page, _metrics(live_server), measure)


def test_colour_by_community_gives_each_community_its_own_colour(page: Page, live_server: str,
                                                                 artifacts: Path) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}&depth=2&size=pagerank&colour=community")
    page.screenshot(path=str(artifacts / "explorer-communities.png"))
    metrics = _metrics(live_server, depth=2)
    shown = _on_screen(page)
    colours: dict[int, set[str]] = {}
    for node_id, node in shown.items():
        if node_id in metrics:
            colours.setdefault(metrics[node_id]["community"], set()).add(node["fill"])
    named = {community: fills for community, fills in colours.items() if community < 12}  # the palette's 12 fills
    assert len(named) >= 3, colours
    assert all(len(fills) == 1 for fills in named.values()), "one colour per community"
    assert len({next(iter(fills)) for fills in named.values()}) == len(named), "communities differ in colour"
    # The legend names the communities drawn, in their colour.
    legend = page.evaluate(
        "Array.from(document.querySelectorAll('#legend li[data-community]')).map(li => "
        "[Number(li.dataset.community), getComputedStyle(li.querySelector('.swatch')).backgroundColor])"
    )
    assert {community for community, _ in legend} == set(named)
    assert all({fill.replace(" ", "")} == named[community] for community, fill in legend)
    # A non-actor (an agreement, an event) is in the neutral grey, whatever its type's colour.
    things = [node["fill"] for node_id, node in shown.items() if node_id not in metrics]
    assert things and len(set(things)) == 1


def test_the_choice_is_kept_in_the_url_and_back_restores_it(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/explorer?actor={KAZAKHSTAN}")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=30_000)
    default_sizes = page.evaluate(SIZES)
    after_redraw(page, lambda: page.get_by_label("Size of each actor").select_option("betweenness"))
    after_redraw(page, lambda: page.get_by_label("Colour of each actor").select_option("community"))
    _wait_for_metrics(page)
    assert "size=betweenness" in page.url and "colour=community" in page.url
    metrics = _metrics(live_server)
    _assert_sized_by(page, metrics, "betweenness")
    # The URL alone restores the view, in a fresh page.
    other = page.context.new_page()
    try:
        _open(other, live_server, page.url[page.url.index("?"):])
        assert other.get_by_label("Size of each actor").input_value() == "betweenness"
        assert other.get_by_label("Colour of each actor").input_value() == "community"
        _assert_sized_by(other, metrics, "betweenness")
    finally:
        other.close()
    # Back twice: sized by relationships again, as first drawn, in the type colours.
    after_redraw(page, page.go_back)
    after_redraw(page, page.go_back)
    assert page.get_by_label("Size of each actor").input_value() == "degree"
    assert page.get_by_label("Colour of each actor").input_value() == "type"
    assert page.evaluate(SIZES) == pytest.approx(default_sizes)


def test_while_the_analysis_computes_the_drawing_falls_back_to_degree_and_says_so(page: Page, live_server: str) -> None:
    """The service's own 503 protocol (tests/integration/test_graph_metrics.py) answered to the page's first
    request for metrics: it draws by degree, says so, and asks again after Retry-After."""
    refused: list[str] = []

    def first_refused(route: Route) -> None:
        if not refused:
            refused.append(route.request.url)
            route.fulfill(
                status=503, headers={"Retry-After": "3", "Content-Type": "application/problem+json"},
                body='{"type": "about:blank/analysis-in-progress", "title": "The network analysis is being computed",'
                     ' "status": 503, "detail": "Ask again after 3 s."}',
            )
        else:
            route.continue_()

    page.route(METRICS_REQUEST, first_refused)
    page.goto(f"{live_server}/explorer?actor={KAZAKHSTAN}&size=pagerank")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=30_000)
    assert refused
    status = page.locator("#status").inner_text()
    assert "still being computed" in status and "relationships in view" in status
    degrees = page.evaluate("Object.fromEntries(cy.nodes().map(n => [n.id(), [n.data('degree'), n.renderedWidth()]]))")
    by_degree = sorted(degrees.values())
    assert all(a[1] <= b[1] + 0.01 for a, b in zip(by_degree, by_degree[1:])), "sized by relationships in view"
    # Retry-After later the page asks again, and sizes by PageRank.
    _wait_for_metrics(page)
    assert "still being computed" not in page.locator("#status").inner_text()
    _assert_sized_by(page, _metrics(live_server), "pagerank")


@pytest.mark.parametrize("status,said,asks_again", [
    (504, "did not come in time (The request ran longer than 15 s.)", True),  # the analysis goes on: ask again
    (500, "could not be had (The request ran longer than 15 s.)", False),
])
def test_when_the_metrics_fail_otherwise_the_view_is_still_drawn_and_the_page_says_why(
    page: Page, live_server: str, status: int, said: str, asks_again: bool
) -> None:
    asked: list[str] = []

    def refuse(route: Route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=status, headers={"Content-Type": "application/problem+json"},
                      body='{"type": "/problems/request-timeout", "title": "Failed", "status": %d,'
                           ' "detail": "The request ran longer than 15 s."}' % status)

    page.route(METRICS_REQUEST, refuse)
    page.goto(f"{live_server}/explorer?actor={KAZAKHSTAN}&colour=community")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=60_000)
    drawn_before = page.evaluate("window.explorer.loads")
    status_text = page.locator("#status").inner_text()
    assert f"The network measures {said}" in status_text and "colours show types" in status_text
    assert page.evaluate("cy.nodes().length") > 10
    assert page.evaluate("window.explorer.state.metricsShown") is False
    assert page.locator("#legend li[data-community]").count() == 0
    # After a 504 the page asks again (METRICS_RETRY_S, 5 s, later) and draws the answer; after another
    # failure it sets no time to ask again.
    if asks_again:
        assert page.evaluate("window.explorer.state.metricsRetry") is not None
        page.wait_for_function(f"window.explorer.loads > {drawn_before}", timeout=60_000)
        assert len(asked) > 1, asked
    else:
        assert page.evaluate("window.explorer.state.metricsRetry") is None
        assert len(asked) == 1, asked
