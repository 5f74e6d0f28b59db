"""The matrix and timeline pages in a real headless Chromium: the heat map shows the API's matrix, a
cell opens the pair's score parts and evidence as /cooperation/{id} answers them, and the CSV download
holds the same numbers; the timeline's bars are the API's counts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.explorer_support import get_waiting

pytestmark = pytest.mark.browser


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

    # The strongest pair's cell, clicked as a person does.
    value, i, j = max((matrix["scores"][i][j], i, j) for i in range(len(ids)) for j in range(len(ids)) if i != j)
    assert value > 0
    page.locator(f"#matrix rect[data-row='{ids[i]}'][data-col='{ids[j]}']").click()
    page.wait_for_function("document.body.dataset.busy === 'false' && document.getElementById('pair-parts')",
                           timeout=400_000)
    names = {e["id"]: e["name"] for e in matrix["entities"]}
    assert page.locator("#pair-title").inner_text() == f"{names[ids[i]]} – {names[ids[j]]}"
    ranking = get_waiting(f"{live_server}/cooperation/{ids[i]}", limit=1000)
    partner = next(p for p in ranking["partners"] if p["id"] == ids[j])
    shown_kinds = page.evaluate("Array.from(document.querySelectorAll('#pair-parts .part')).map(li => li.dataset.kind)")
    assert shown_kinds == [part["kind"] for part in partner["parts"]]
    shown = page.locator("#pair-parts .excerpt").all_inner_texts()
    assert shown == [item["excerpt"] for part in partner["parts"] for item in part["evidence"]]

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
