"""The matrix and timeline pages in a real headless Chromium: the heat map shows the API's matrix, a
cell opens the pair's score parts, shared things and evidence as /cooperation/{id}?partner= answers them
(the only question it asks), a cut part says so where a person sees it, and the CSV download
holds the same numbers; the timeline's bars are the API's counts."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.explorer_support import get_waiting

pytestmark = pytest.mark.browser


def cooperation_requests(page: Page) -> list[tuple[str, dict[str, list[str]]]]:
    """The pages' requests to /cooperation/{id} from now on (path and query), as Chromium sends them."""
    seen: list[tuple[str, dict[str, list[str]]]] = []

    def record(request: Request) -> None:
        url = urlsplit(request.url)
        if url.path.startswith("/cooperation/") and url.path != "/cooperation/matrix":
            seen.append((unquote(url.path), parse_qs(url.query)))

    page.on("request", record)
    return seen


def entity_name(base: str, id_: str) -> str:
    return str(get_waiting(f"{base}/entities/{id_}")["name"])


def test_matrix_cell_opens_the_pairs_parts_and_evidence(page: Page, live_server: str, artifacts: Path) -> None:
    matrix = get_waiting(f"{live_server}/cooperation/matrix", type="State")
    ids = [e["id"] for e in matrix["entities"]]
    page.goto(f"{live_server}/explorer/matrix")
    page.wait_for_selector("body[data-ready=true]", timeout=240_000)
    cells = page.evaluate(
        "Array.from(document.querySelectorAll('#matrix rect')).map(r => [r.dataset.row, r.dataset.col, +r.dataset.score])"
    )
    assert len(cells) == len(ids) ** 2
    assert {(r, c): s for r, c, s in cells} == {
        (ids[i], ids[j]): matrix["scores"][i][j] for i in range(len(ids)) for j in range(len(ids))
    }
    page.screenshot(path=str(artifacts / "explorer-matrix.png"), full_page=True)

    # The strongest pair's cell, clicked as a person does: the panel asks the pair's question only.
    value, i, j = max((matrix["scores"][i][j], i, j) for i in range(len(ids)) for j in range(len(ids)) if i != j)
    assert value > 0
    asked = cooperation_requests(page)
    page.locator(f"#matrix rect[data-row='{ids[i]}'][data-col='{ids[j]}']").click()
    page.wait_for_function("document.body.dataset.busy === 'false' && document.getElementById('pair-parts')",
                           timeout=400_000)
    # (asked again while a cold service answers 503 ranking-in-progress)
    assert asked and all(request == (f"/cooperation/{ids[i]}", {"partner": [ids[j]]}) for request in asked)
    names = {e["id"]: e["name"] for e in matrix["entities"]}
    assert page.locator("#pair-title").inner_text() == f"{names[ids[i]]} – {names[ids[j]]}"
    (partner,) = get_waiting(f"{live_server}/cooperation/{ids[i]}", partner=ids[j])["partners"]
    ranking = get_waiting(f"{live_server}/cooperation/{ids[i]}", limit=1000)
    assert partner == next(p for p in ranking["partners"] if p["id"] == ids[j])
    shown_kinds = page.evaluate("Array.from(document.querySelectorAll('#pair-parts .part')).map(li => li.dataset.kind)")
    assert shown_kinds == [part["kind"] for part in partner["parts"]]
    shown = page.locator("#pair-parts .excerpt").all_inner_texts()
    assert shown == [item["excerpt"] for part in partner["parts"] for item in part["evidence"]]
    # each part's shared things, visible, by name where they are entities (their ids for a direct link)
    for part in partner["parts"]:
        things = page.locator(f"#pair-parts .part[data-kind='{part['kind']}'] .via li")
        expect(things).to_have_count(len(part["via"]))
        for thing, via in zip(things.all(), part["via"], strict=True):
            expect(thing).to_be_visible()
            if part["kind"] != "direct_link":
                expect(thing).to_have_text(f"{entity_name(live_server, via)} ({via})")
            else:
                expect(thing).to_have_text(via)
    assert any(part["kind"] != "direct_link" for part in partner["parts"])
    expect(page.locator("#pair-parts .evidence-cut")).to_have_count(0)  # every seed part cited whole by default

    # The CSV download is the matrix, in the page's order.
    with page.expect_download() as download:
        page.locator("#download-csv").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    order = rows[0][1:]
    assert sorted(order) == sorted(ids)
    for row in rows[1:]:
        for col, value_text in zip(order, row[1:], strict=True):
            assert float(value_text) == matrix["scores"][ids.index(row[0])][ids.index(col)]
    with page.expect_download() as svg_download:
        page.locator("#download-svg").click()
    assert Path(svg_download.value.path()).read_text(encoding="utf-8").startswith("<svg")


def test_a_cut_part_says_so_and_its_button_cites_the_rest(page: Page, live_server: str) -> None:
    """With the page's via_limit and evidence_limit at 1, a part with more things or relationships says how many
    are listed or cited, where a person sees it; its button, pressed from the keyboard, asks the pair again
    citing them all."""
    matrix = get_waiting(f"{live_server}/cooperation/matrix", type="State")
    ids = [e["id"] for e in matrix["entities"]]
    value, i, j = max((matrix["scores"][i][j], i, j) for i in range(len(ids)) for j in range(len(ids)) if i != j)
    (cut,) = get_waiting(f"{live_server}/cooperation/{ids[i]}", partner=ids[j], evidence_limit=1,
                         via_limit=1)["partners"]
    (whole,) = get_waiting(f"{live_server}/cooperation/{ids[i]}", partner=ids[j], via_limit=1)["partners"]
    cut_parts = [part for part in cut["parts"] if part["evidence_truncated"]]
    assert cut_parts  # the strongest pair has parts of several relationships
    page.goto(f"{live_server}/explorer/matrix?type=State&evidence_limit=1&via_limit=1")
    page.wait_for_selector("body[data-ready=true]", timeout=240_000)
    asked = cooperation_requests(page)
    page.locator(f"#matrix rect[data-row='{ids[i]}'][data-col='{ids[j]}']").click()
    page.wait_for_function("document.body.dataset.busy === 'false' && document.getElementById('pair-parts')",
                           timeout=400_000)
    assert asked and all(request == (f"/cooperation/{ids[i]}", {"partner": [ids[j]], "via_limit": ["1"],
                                                                 "evidence_limit": ["1"]})
                         for request in asked)
    # a part with more things than it lists says so
    listed = next(part for part in cut["parts"] if part["via_truncated"])
    things = page.locator(f"#pair-parts .part[data-kind='{listed['kind']}'] .things")
    things.scroll_into_view_if_needed()
    expect(things).to_be_visible()
    expect(things).to_have_text(f"{listed['things']} shared things, the first 1 listed:")
    lines = page.locator("#pair-parts .evidence-cut")
    expect(lines).to_have_count(len(cut_parts))
    first = page.locator(f"#pair-parts .part[data-kind='{cut_parts[0]['kind']}']")
    line = first.locator(".evidence-cut")
    line.scroll_into_view_if_needed()
    expect(line).to_be_visible()
    expect(line).to_have_text(f"Evidence cited for 1 of {cut_parts[0]['relationships']} relationships.")
    box = line.bounding_box()
    assert box is not None and box["height"] > 5 and box["width"] > 50
    assert page.evaluate("el => getComputedStyle(el).color !== getComputedStyle(el).backgroundColor",
                         line.element_handle())
    # the part's button, from the keyboard: the same pair citing all its relationships
    more = first.locator("button.more").last
    expect(more).to_have_text(f"Cite all {cut_parts[0]['relationships']} relationships")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.dataset.busy === 'false' && document.getElementById('pair-parts')",
                           timeout=400_000)
    assert asked[-1] == (f"/cooperation/{ids[i]}", {"partner": [ids[j]], "via_limit": ["1"],
                                                    "evidence_limit": [str(cut_parts[0]["relationships"])]})
    again = page.locator(f"#pair-parts .part[data-kind='{cut_parts[0]['kind']}']")
    expect(again.locator(".evidence-cut")).to_have_count(0)
    whole_part = next(part for part in whole["parts"] if part["kind"] == cut_parts[0]["kind"])
    assert again.locator(".excerpt").all_inner_texts() == [item["excerpt"] for item in whole_part["evidence"]]


def test_timeline_shows_the_apis_counts(page: Page, live_server: str, artifacts: Path) -> None:
    """The timeline page draws /cooperation/{id}/timeline: each bar segment is the API's count for that
    year and kind."""
    actor = "state:kazakhstan"
    answer = get_waiting(f"{live_server}/cooperation/{actor}/timeline")
    page.set_viewport_size({"width": 1366, "height": 850})
    page.goto(f"{live_server}/explorer/timeline?actor={actor}")
    page.wait_for_selector("body[data-ready=true]", timeout=240_000)
    page.screenshot(path=str(artifacts / "explorer-timeline.png"), full_page=True)
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('#timeline rect')).map(r => [+r.dataset.year, r.dataset.kind, +r.dataset.count])"
    )
    expected = [(y["year"], kind, count) for y in answer["years"] for kind, count in y["parts"].items() if count]
    assert sorted(map(tuple, shown)) == sorted(expected)
    assert f"{answer['undated']} undated" in page.locator("#timeline-caption").inner_text()
