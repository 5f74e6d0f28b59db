"""The reconciliation preview card in real Chromium, at the size the manifest asks OpenRefine for."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.browser.explorer_support import TURKSOY, drawn

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("entity_id", ["org:turksoy", "state:kazakhstan", "org:khoja-akhmet-yassawi-university"])
def test_the_preview_card_fits_openrefines_iframe(browser: Browser, live_server: str, artifacts: Path,
                                                  entity_id: str) -> None:
    manifest = httpx.get(f"{live_server}/reconcile", timeout=30).json()
    preview = manifest["preview"]
    width, height = preview["width"], preview["height"]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(preview["url"].replace("{{id}}", entity_id))
    assert response is not None and response.status == 200
    # nothing to scroll: the whole card is in the frame
    size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size[0] <= width and size[1] <= height, size
    title = page.locator("h1")
    box = title.bounding_box()
    assert box is not None and box["height"] > 10 and title.inner_text().strip()
    relations = page.locator("li")
    assert relations.count() >= 2
    for index in range(relations.count()):
        item = relations.nth(index).bounding_box()
        assert item is not None and item["x"] >= 0 and item["y"] + item["height"] <= height
        assert item["x"] + item["width"] <= width
    citation = page.locator(".cite")
    cited = citation.bounding_box()
    assert cited is not None and cited["y"] + cited["height"] <= height, "the citation is cut off"
    assert "Source:" in citation.inner_text()
    # legible: the card's text is dark on white
    colour = page.evaluate("() => getComputedStyle(document.querySelector('h1')).color")
    assert colour in ("rgb(29, 36, 48)",), colour
    assert errors == []
    page.screenshot(path=str(artifacts / f"reconcile-preview-{entity_id.replace(':', '-')}.png"))
    context.close()


@pytest.mark.parametrize("version_path, placeholder", [("/reconcile", "{{id}}"), ("/reconcile/v1", "{id}")])
def test_the_manifests_view_url_opens_the_explorer_on_the_actor(page: Page, live_server: str, version_path: str,
                                                                placeholder: str) -> None:
    """OpenRefine links a matched cell to the manifest's view URL with the id in place of the placeholder."""
    manifest = httpx.get(f"{live_server}{version_path}", timeout=30).json()
    template = manifest["view"]["url"]
    assert placeholder in template
    page.goto(template.replace(placeholder, TURKSOY))
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.wait_for_function("window.explorer.loads > 0 && document.body.dataset.busy === 'false'", timeout=30_000)
    nodes, _ = drawn(page)
    assert TURKSOY in nodes and len(nodes) > 1, nodes  # the actor with its neighbourhood
    selected = page.evaluate("cy.$(':selected').map(e => e.id())")
    assert selected == [TURKSOY]
    # what a person sees: the actor's name heads the selection panel, its shape inside the canvas
    assert "TURKSOY" in page.locator("#selection").inner_text()
    box = page.evaluate(f"cy.getElementById('{TURKSOY}').renderedBoundingBox()")
    canvas = page.locator("#cy").bounding_box()
    assert canvas is not None and 0 <= box["x1"] and box["x2"] <= canvas["width"]
    assert 0 <= box["y1"] and box["y2"] <= canvas["height"]
