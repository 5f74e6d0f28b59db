"""The explorer's drawing as a person sees it, in a real headless Chromium: label sizes and
overlaps on screen, positions kept when a node is expanded, the view in the URL and Back, the
year histogram, parallel lines, search as you type, the page within the window, the phone
layout and axe-core's accessibility rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from graphsvc import palette
from tests.browser.explorer_support import (
    KAZAKHSTAN,
    TURKSOY,
    after_redraw,
    api_get,
    drawn,
    expected,
    pick_from_search,
)

pytestmark = pytest.mark.browser

TURKIYE = "state:turkiye"
AXE = Path(__file__).resolve().parents[2] / "graphsvc" / "static" / "node_modules" / "axe-core" / "axe.min.js"

# What a person sees of the labels: each shown label's size on screen and its box on screen.
LABELS_ON_SCREEN = """() => {
  const zoom = cy.zoom();
  const shown = cy.nodes().filter((n) => n.style('label') !== '');
  const view = cy.container().getBoundingClientRect();
  return shown.map((n) => {
    const b = n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
    return {id: n.id(), px: parseFloat(n.style('font-size')) * zoom, x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2,
            inside: b.x1 >= -1 && b.y1 >= -1 && b.x2 <= view.width + 1 && b.y2 <= view.height + 1};
  });
}"""


# Records when each of a control's steps reaches the page (a key typed, a slider step): the event the page
# waits on before asking the service, at its target.
STEP_TIMES = """([selector, type]) => {
  window.stepTimes = [];
  document.querySelector(selector).addEventListener(type, () => window.stepTimes.push(performance.now()));
}"""


def _pauses(page: Page, control: str) -> dict[str, Any]:
    """The steps' times and how many pauses between them were as long as the page's wait before asking the
    service: a machine slowed by other work may pause there, and a person who pauses may be answered twice."""
    steps = page.evaluate("window.stepTimes")
    debounce = page.evaluate(f"window.explorer.debounceMs.{control}")
    return {"steps": steps, "long": sum(1 for a, b in zip(steps, steps[1:]) if b - a >= debounce)}


def _open(page: Page, base: str, query: str = "") -> None:
    _open_url(page, f"{base}/explorer{query}")


def _open_url(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=30_000)


def _free_points_of_line(page: Page, edge_id: str) -> list[list[float]]:
    """Points of a drawn line, in page coordinates, that no actor's shape covers, as a person would aim at it.

    The midpoint may lie under an actor; labels take no pointer events, so only the shapes count.
    """
    return page.evaluate(
        f"""(() => {{
          const line = cy.getElementById({edge_id!r});
          const a = line.renderedSourceEndpoint(), b = line.renderedTargetEndpoint();
          const boxes = cy.nodes(':visible').map((n) => n.renderedBoundingBox({{includeLabels: false}}));
          const covered = (p) => boxes.some((q) => p.x >= q.x1 - 4 && p.x <= q.x2 + 4 && p.y >= q.y1 - 4 && p.y <= q.y2 + 4);
          const r = cy.container().getBoundingClientRect();
          const free = [];
          for (let i = 0; i <= 16; i += 1) {{
            const t = 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.05;
            const p = {{x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t}};
            if (Number.isFinite(p.x) && Number.isFinite(p.y) && !covered(p)) free.push([r.left + p.x, r.top + p.y]);
          }}
          return free;
        }})()"""
    )


def _drag_away(page: Page, moved: str, anchor: str) -> None:
    """Drags actor `moved` with the mouse to the free spot of the canvas farthest from actor `anchor`."""
    start, target = page.evaluate(
        f"""(() => {{
          const r = cy.container().getBoundingClientRect();
          const from = cy.getElementById({moved!r}).renderedPosition();
          const anchor = cy.getElementById({anchor!r}).renderedPosition();
          const boxes = cy.nodes(':visible').map((n) => n.renderedBoundingBox({{includeLabels: true}}));
          let best = null, bestDistance = -1;
          for (let x = 40; x < r.width - 40; x += 20) {{
            for (let y = 40; y < r.height - 40; y += 20) {{
              if (boxes.some((q) => x >= q.x1 - 30 && x <= q.x2 + 30 && y >= q.y1 - 30 && y <= q.y2 + 30)) continue;
              const d = Math.hypot(x - anchor.x, y - anchor.y);
              if (d > bestDistance) {{ best = [x, y]; bestDistance = d; }}
            }}
          }}
          return [[r.left + from.x, r.top + from.y], best && [r.left + best[0], r.top + best[1]]];
        }})()"""
    )
    assert target, "the canvas has room to move an actor to"
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*target, steps=12)
    page.mouse.up()


def _overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]:
                pairs.append((a["id"], b["id"]))
    return pairs


def _hubs(base: str, depth: int) -> list[str]:
    """The most connected actors of the view, from the API's answer: they must be labelled."""
    graph = api_get(base, f"/entities/{KAZAKHSTAN}/neighbourhood", depth=depth)
    degree: dict[str, int] = {}
    for edge in graph["edges"]:
        for end in (edge["from"], edge["to"]):
            degree[end] = degree.get(end, 0) + 1
    return sorted(degree, key=lambda n: -degree[n])[:3]


@pytest.mark.parametrize("depth", [1, 2])
def test_labels_are_readable_and_never_overlap(page: Page, live_server: str, depth: int) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}&depth={depth}")
    labels = page.evaluate(LABELS_ON_SCREEN)
    shown = {label["id"] for label in labels}
    assert KAZAKHSTAN in shown, "the actor the view is built around is always labelled"
    assert set(_hubs(live_server, depth)) <= shown, "the most connected actors are labelled"
    assert len(labels) >= 12
    assert min(label["px"] for label in labels) >= 11
    assert _overlapping(labels) == []
    assert all(label["inside"] for label in labels), "no label is cut by the canvas edge"
    # The drawing uses the canvas: its nodes span most of its width and height.
    span = page.evaluate(
        "(() => { const b = cy.nodes().renderedBoundingBox(); return [b.w / cy.width(), b.h / cy.height()]; })()"
    )
    assert span[0] > 0.7 and span[1] > 0.6, span

    # Selecting an actor labels it and its neighbours as far as they fit, still without overlaps.
    after = page.evaluate(
        f"(() => {{ explorer.selectNode({TURKSOY!r}, {{center: false}});"
        f" return cy.getElementById({TURKSOY!r}).closedNeighborhood('node').map(n => n.id()); }})()"
    )
    labels = page.evaluate(LABELS_ON_SCREEN)
    shown = {label["id"] for label in labels}
    assert TURKSOY in shown and KAZAKHSTAN in shown
    assert len(shown & set(after)) >= min(len(after), 6)
    assert min(label["px"] for label in labels) >= 11
    assert _overlapping(labels) == []


def test_expanding_keeps_drawn_actors_in_place_and_marks_new_ones(page: Page, live_server: str) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}")
    before = page.evaluate("Object.fromEntries(cy.nodes().map(n => [n.id(), n.renderedPosition()]))")
    zoom_before = page.evaluate("[cy.zoom(), cy.pan()]")
    after_redraw(page, lambda: page.evaluate(f"explorer.expand({TURKSOY!r})"))
    after = page.evaluate("Object.fromEntries(cy.nodes().map(n => [n.id(), n.renderedPosition()]))")
    assert set(before) < set(after), "TURKSOY's neighbours were added"
    if page.evaluate("[cy.zoom(), cy.pan()]") != zoom_before:
        # The view zoomed out to show what is new: compare positions in the drawing's own coordinates.
        before_model = {k: _to_model(v, zoom_before) for k, v in before.items()}
        after_model = page.evaluate("Object.fromEntries(cy.nodes().map(n => [n.id(), n.position()]))")
        drift = [_distance(before_model[i], after_model[i]) for i in before]
    else:
        drift = [_distance(before[i], after[i]) for i in before]
    assert max(drift) <= 5, f"drawn actors moved by up to {max(drift):.1f} px"
    new = set(after) - set(before)
    marked = set(page.evaluate("cy.nodes().filter(n => n.style('underlay-opacity') > 0).map(n => n.id())"))
    assert marked == new
    assert "new (ringed in blue)" in page.locator("#status").inner_text()


def _to_model(rendered: dict[str, float], view: list[Any]) -> dict[str, float]:
    zoom, pan = view
    return {"x": (rendered["x"] - pan["x"]) / zoom, "y": (rendered["y"] - pan["y"]) / zoom}


def _distance(a: dict[str, float], b: dict[str, float]) -> float:
    return float(((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5)


def test_the_url_holds_the_view_and_back_steps_through_views(page: Page, live_server: str, browser: Browser) -> None:
    base = live_server
    _open(page, base)
    pick_from_search(page, "Kazakhstan", KAZAKHSTAN)
    assert f"actor={KAZAKHSTAN.replace(':', '%3A')}" in page.url
    first_view = drawn(page)
    after_redraw(page, lambda: page.select_option("#depth", "2"))
    after_redraw(page, page.get_by_label("culture", exact=True).check)
    page.get_by_label("To", exact=True).fill("TURKSOY")
    page.locator("#path-search-button").click()
    after_redraw(page, page.locator(f"#path-candidates [role=option][data-id='{TURKSOY}']").click)
    page.evaluate(f"explorer.selectNode({TURKSOY!r})")
    url = page.url
    for part in ("depth=2", "sectors=culture", f"to={TURKSOY.replace(':', '%3A')}", f"sel={TURKSOY.replace(':', '%3A')}"):
        assert part in url, part
    view = drawn(page)

    # The same URL in a new window restores the same view.
    other = browser.new_context(viewport={"width": 1500, "height": 950}).new_page()
    try:
        other.goto(url)
        other.wait_for_selector("body[data-ready=true]", timeout=60_000)
        other.wait_for_function("document.body.dataset.busy === 'false'")
        assert drawn(other) == view
        assert other.locator("#depth").input_value() == "2"
        assert other.get_by_label("culture", exact=True).is_checked()
        assert other.locator("#selection-title").inner_text() == "TURKSOY"
        assert other.locator("#path-list > li").count() == page.locator("#path-list > li").count()
    finally:
        other.context.close()

    # Back steps through the views: before the path, before the sector, before depth 2, the first view.
    for _ in range(3):
        after_redraw(page, page.go_back)
    assert page.locator("#depth").input_value() == "1"
    assert drawn(page) == first_view == expected(base, [KAZAKHSTAN])
    after_redraw(page, page.go_forward)
    assert page.locator("#depth").input_value() == "2"


# What a person sees of a drawing: where each actor is on screen, and which labels are shown on which side.
PICTURE = """() => Object.fromEntries(cy.nodes(':visible').map((n) => {
  const p = n.renderedPosition();
  return [n.id(), [Math.round(p.x * 2) / 2, Math.round(p.y * 2) / 2, n.style('label'),
                   n.style('text-valign'), n.style('text-halign')]];
}))"""


def _picture_at(browser: Browser, url: str) -> dict[str, list[Any]]:
    """The picture a person opening `url` in a new window of the tests' size sees."""
    other = browser.new_context(viewport={"width": 1500, "height": 950}).new_page()
    try:
        _open_url(other, url)
        return other.evaluate(PICTURE)
    finally:
        other.context.close()


def _same_picture(seen: dict[str, list[Any]], picture: dict[str, list[Any]]) -> None:
    assert seen.keys() == picture.keys()
    moved = {i: (picture[i][:2], seen[i][:2]) for i in picture
             if _distance({"x": picture[i][0], "y": picture[i][1]}, {"x": seen[i][0], "y": seen[i][1]}) > 1}
    assert moved == {}, "each actor is where it was"
    assert {i: v[2:] for i, v in seen.items()} == {i: v[2:] for i, v in picture.items()}, "the same labels, placed alike"


def test_the_same_link_draws_the_same_picture(page: Page, live_server: str, browser: Browser) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}&depth=2")
    picture = page.evaluate(PICTURE)
    assert len(picture) > 20
    # The same link in another window of the same size, e.g. a colleague's, and again, e.g. a reload.
    for _ in range(2):
        _same_picture(_picture_at(browser, page.url), picture)
    # A link to an expanded view draws all its actors at once: the same picture each time it is opened.
    after_redraw(page, lambda: page.evaluate(f"explorer.expand({TURKSOY!r})"))
    assert "expand=" in page.url
    expanded = _picture_at(browser, page.url)
    assert len(expanded) > len(picture)
    _same_picture(_picture_at(browser, page.url), expanded)

def _years(value: str | None) -> int | None:
    if not value or not value[:3].isdigit():
        return None
    return int(value[:3] + ("0" if value[3] == "X" else value[3]))


def test_histogram_and_sliders_run_over_the_years_of_the_facts_in_view(page: Page, live_server: str) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}")
    graph = api_get(live_server, f"/entities/{KAZAKHSTAN}/neighbourhood", depth=1)
    years = [y for e in graph["edges"] for y in (_years(e.get("start")), _years(e.get("end"))) if y is not None]
    first, last = min(years), max(years)
    assert page.evaluate("[+document.getElementById('year-from').min, +document.getElementById('year-to').max]") == [
        first,
        last,
    ]
    bars = page.evaluate(
        "Array.from(document.querySelectorAll('#histogram rect')).map(r => [+r.dataset.year, +r.dataset.count,"
        " r.getBoundingClientRect().height])"
    )
    assert bars[0][0] == first and bars[-1][0] == last
    # Each fact is counted once, at the year it starts (or ends, when only that is known).
    dated = [e for e in graph["edges"] if e.get("start") or e.get("end")]
    assert sum(count for _, count, _ in bars) == len(dated)
    assert all((height > 0) == (count > 0) for _, count, height in bars), "a bar shows where facts fall"

    # Hiding undated facts leaves only dated relationships drawn, and no actor alone.
    after_redraw(page, page.get_by_label("Hide undated facts").check)
    nodes, edges = drawn(page)
    assert edges == {e["id"] for e in dated}
    assert "undated=hide" in page.url
    lonely = page.evaluate(f"cy.nodes().filter(n => n.id() !== {KAZAKHSTAN!r} && n.degree() === 0).length")
    assert lonely == 0


def test_slider_steps_from_the_keyboard_send_one_request(page: Page, live_server: str) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/neighbourhood" in r.url else None)
    first = page.evaluate("+document.getElementById('year-from').min")
    page.evaluate(STEP_TIMES, ["#year-from", "change"])
    slider = page.locator("#year-from")
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # The page asks once the steps stop: the drawing is of the last step's year when that answer is drawn.
    page.wait_for_function(
        f"window.explorer.state.since === {first + 5} && document.body.dataset.busy === 'false'", timeout=30_000
    )
    pauses = _pauses(page, "slider")
    assert len(pauses["steps"]) == 5
    assert 1 <= len(requests) <= 1 + pauses["long"], (requests, pauses)
    assert page.locator("#year-from-value").inner_text() == str(first + 5)


def test_parallel_relationships_are_one_line_with_a_count_until_clicked(page: Page, live_server: str) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}")
    graph = api_get(live_server, f"/entities/{KAZAKHSTAN}/neighbourhood", depth=1)
    between = [e["id"] for e in graph["edges"] if {e["from"], e["to"]} == {KAZAKHSTAN, TURKIYE}]
    assert len(between) >= 2, "the sources link Kazakhstan and Türkiye several times"
    bundle = f"bundle:{'|'.join(sorted([KAZAKHSTAN, TURKIYE]))}"
    shown = page.evaluate(
        f"[cy.getElementById({bundle!r}).style('label'), cy.getElementById({bundle!r}).visible(),"
        f" {between!r}.filter(id => cy.getElementById(id).visible()).length]"
    )
    assert shown == [str(len(between)), True, 0]
    # Hovering it says what it stands for; clicking it draws the relationships one by one.
    points = _free_points_of_line(page, bundle)
    if not points:
        # The layout is random and may set the two actors so close that their shapes cover the whole line;
        # a person would drag one of them away to reach it, and so does the test.
        _drag_away(page, TURKIYE, KAZAKHSTAN)
        points = _free_points_of_line(page, bundle)
    assert points, "some stretch of the line is free of actors"
    tooltip = page.locator("#tooltip")
    count_shown = expanded = False
    all_drawn = f"{between!r}.filter(id => cy.getElementById(id).visible()).length === {len(between)}"
    # A point where the bundle's tooltip shows its count, then a click there: the pair's lines drawn one by
    # one. Another line may cross the bundle at a point, so the next free point is tried if one is not it.
    for x, y in points:
        page.mouse.move(x, y)
        tooltip.wait_for(state="visible")
        if f"{len(between)} relationships" not in tooltip.inner_text():
            continue
        count_shown = True
        page.mouse.click(x, y)
        # The click returns once the browser has the events; Cytoscape may handle the tap a little later.
        try:
            page.wait_for_function(all_drawn, timeout=5_000)
        except PlaywrightTimeoutError:
            continue
        expanded = True
        break
    assert count_shown, "the bundle's tooltip says how many relationships it holds"
    assert expanded, "a click on the bundle draws each of its relationships"
    assert page.evaluate(f"cy.getElementById({bundle!r}).empty()")


def test_search_as_you_type_is_a_keyboard_combobox(page: Page, live_server: str) -> None:
    _open(page, live_server)
    searches: list[str] = []
    page.on("request", lambda r: searches.append(r.url) if "/entities?" in r.url else None)
    page.evaluate(STEP_TIMES, ["#search-input", "input"])
    box = page.get_by_role("combobox", name="Find an actor")
    box.press_sequentially("Kazakh", delay=40)
    page.locator("#search-results [role=option]").first.wait_for()
    pauses = _pauses(page, "search")
    assert len(pauses["steps"]) == len("Kazakh")
    assert len(searches) <= 1 + pauses["long"], f"typing waits for a pause before searching: {searches}, {pauses}"
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    picked = page.locator(f"#{active}").get_attribute("data-id")
    after_redraw(page, lambda: box.press("Enter"))
    assert page.locator("#search-results").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert picked in drawn(page)[0]


def test_the_page_fits_the_window(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 850})
    _open(page, live_server, f"?actor={KAZAKHSTAN}")
    sizes = page.evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
    assert sizes[0] <= sizes[1], sizes


def test_no_lonely_actor_after_a_filtered_no_path(page: Page, live_server: str) -> None:
    """Under a sector filter with no path to TURKSOY, TURKSOY is not drawn alone."""
    sectors = api_get(live_server, "/explorer/assets/vocabulary.json")["sectors"]
    for sector in sectors:
        answer = api_get(live_server, "/paths", **{"from": KAZAKHSTAN, "to": TURKSOY, "max_hops": 4, "k": 5,
                                                   "sectors": sector})
        near = api_get(live_server, f"/entities/{KAZAKHSTAN}/neighbourhood", depth=1, sectors=sector)
        if not answer["paths"] and TURKSOY not in {n["id"] for n in near["nodes"]}:
            break
    else:
        pytest.fail("every sector links Kazakhstan and TURKSOY: pick another pair for this test")
    _open(page, live_server, f"?actor={KAZAKHSTAN}&sectors={sector}&to={TURKSOY}")
    assert "No path" in page.locator("#status").inner_text()
    nodes, _ = drawn(page)
    assert TURKSOY not in nodes
    assert page.evaluate(f"cy.nodes().filter(n => n.id() !== {KAZAKHSTAN!r} && n.degree() === 0).length") == 0


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def test_phone_draws_first_with_filters_in_a_drawer_and_details_in_a_sheet(phone: Page, live_server: str,
                                                                          artifacts: Path) -> None:
    phone.goto(f"{live_server}/explorer")
    phone.wait_for_selector("body[data-ready=true]", timeout=60_000)
    pick_from_search(phone, "Kazakhstan", KAZAKHSTAN)
    box = phone.locator("#cy").bounding_box()
    assert box is not None and box["y"] < 844 * 0.4 and box["height"] > 844 * 0.45, box
    assert phone.locator("#controls").is_hidden() or not phone.locator("#sector-filter").is_visible()
    # Every control a finger reaches is at least 44 px high.
    small = phone.evaluate(
        "Array.from(document.querySelectorAll('button, select, input, summary, a, [role=option]'))"
        ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right > 0"
        " && getComputedStyle(e).visibility !== 'hidden'; })"
        ".filter(e => { const r = (e.closest('label') || e).getBoundingClientRect(); return r.height < 44; })"
        ".map(e => e.id || e.textContent.trim().slice(0, 30))"
    )
    assert small == []
    # The drawer opens over the drawing; the details come up from the bottom when an actor is tapped.
    phone.get_by_role("button", name="Filters", exact=True).tap()
    phone.get_by_label("culture", exact=True).wait_for(state="visible")
    phone.get_by_role("button", name="Close filters").tap()
    phone.locator("#controls").wait_for(state="hidden")
    assert phone.evaluate(f"cy.getElementById({KAZAKHSTAN!r}).nonempty()"), phone.evaluate(
        "[cy.nodes().length, location.href, document.getElementById('status').textContent]"
    )
    x, y = phone.evaluate(
        f"(() => {{ const p = cy.getElementById({KAZAKHSTAN!r}).renderedPosition();"
        " const r = cy.container().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()"
    )
    phone.touchscreen.tap(x, y)
    sheet = phone.locator("#details")
    sheet.wait_for(state="visible")
    # The sheet slides in (a CSS transition): it is measured where it comes to rest.
    phone.wait_for_function(
        "(() => { const sheet = document.getElementById('details'); return sheet.classList.contains('open')"
        " && sheet.getAnimations().length === 0 && getComputedStyle(sheet).transform === 'none'; })()"
    )
    rect = sheet.bounding_box()
    assert rect is not None and rect["y"] > 844 * 0.4 and rect["y"] + rect["height"] <= 845
    assert phone.locator("#selection-title").is_visible()
    phone.screenshot(path=str(artifacts / "explorer-phone.png"))
    # One finger does not pan the drawing (the page scrolls); two fingers do.
    assert phone.evaluate("cy.userPanningEnabled()") is False


@pytest.mark.parametrize("drawing", ["", "&size=pagerank&colour=community"])
@pytest.mark.parametrize("width,height", [(1366, 850), (390, 844)])
def test_axe_finds_no_violations(browser: Browser, live_server: str, width: int, height: int, drawing: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        _open(page, live_server, f"?actor={KAZAKHSTAN}&sel={KAZAKHSTAN}{drawing}")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.nodes.length])")
        assert violations == []
    finally:
        context.close()


def test_the_explorer_uses_the_palette_style_grass_is_made_of(page: Page, live_server: str) -> None:
    _open(page, live_server, f"?actor={KAZAKHSTAN}")
    colours = page.evaluate(
        "Object.fromEntries(cy.nodes().map(n => [n.data('type'), n.style('background-color')]))"
    )
    for type_, colour in colours.items():
        r, g, b = (int(palette.TYPES[type_].colour[i : i + 2], 16) for i in (1, 3, 5))
        assert colour == f"rgb({r},{g},{b})", type_
