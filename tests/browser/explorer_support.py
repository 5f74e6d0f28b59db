"""What the explorer tests share: the service listening (with given settings), the API's answers for a view,
what the page draws, and the steps a person takes (typing in the search box, moving a slider)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from playwright.sync_api import Page

from graphsvc.app import create_app
from graphsvc.settings import Settings

KAZAKHSTAN = "state:kazakhstan"
TURKSOY = "org:turksoy"
FOUNDED_1993 = "founded:state:kazakhstan->org:turksoy"  # "TURKSOY ... founded in 1993"
MAX_HOPS = 4  # the page's default "Longest path"
K = 5  # the page asks for up to 5 paths


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """The service with these settings listening on a free port while the block runs: its base URL."""
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="graphsvc-live-server", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.2)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def api_get(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{base}{path}", params={k: v for k, v in params.items() if v is not None}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def get_waiting(url: str, **params: Any) -> Any:
    """GET that waits while the service says (503 + Retry-After) a computation goes on: the matrix, the
    network analysis."""
    deadline = time.monotonic() + 240
    while True:
        response = httpx.get(url, params=params, timeout=60)
        if response.status_code != 503 or time.monotonic() > deadline:
            assert response.status_code == 200, response.text
            return response.json()
        time.sleep(float(response.headers.get("Retry-After", "2")))


def expected(base: str, roots: list[str], path_to: str | None = None, **filters: Any) -> tuple[set[str], set[str]]:
    """The entity and relationship ids the page must draw: the roots' neighbourhoods and the paths,
    without an entity left with no relationship (other than a root)."""
    nodes: set[str] = set(roots)
    edges: set[str] = set()
    for root in roots:
        graph = api_get(base, f"/entities/{root}/neighbourhood", depth=1, **filters)
        edges |= {e["id"] for e in graph["edges"]}
        nodes |= {end for e in graph["edges"] for end in (e["from"], e["to"])}
    if path_to:
        answer = api_get(base, "/paths", **{"from": roots[0], "to": path_to, "max_hops": MAX_HOPS, "k": K}, **filters)
        nodes |= {n for path in answer["paths"] for n in path["nodes"]}
        edges |= {e["id"] for path in answer["paths"] for e in path["edges"]}
    return nodes, edges


def drawn(page: Page) -> tuple[set[str], set[str]]:
    """The entities and relationships in the drawing (a line standing for several counts as those)."""
    nodes, edges = page.evaluate("[cy.nodes().map(n => n.id()), window.explorer.drawnEdgeIds()]")
    return set(nodes), set(edges)


def pick_from_search(page: Page, text: str, entity_id: str) -> None:
    """Type into "Find an actor" as a person does; pick the entity from the list that appears."""
    box = page.get_by_label("Find an actor")
    box.fill("")
    box.press_sequentially(text, delay=30)
    option = page.locator(f"#search-results [role=option][data-id='{entity_id}']")
    option.wait_for(timeout=60_000)
    after_redraw(page, option.click)


def after_redraw(page: Page, action) -> None:
    """Run `action` (a UI step) and wait until the page has redrawn."""
    before = page.evaluate("window.explorer.loads")
    action()
    page.wait_for_function(
        f"window.explorer.loads > {before} && document.body.dataset.busy === 'false'", timeout=30_000
    )


def citation(base: str, item: dict[str, Any]) -> str:
    """What the evidence panel names as the source: "Author (year), Title" from /sources/{id} when the
    service has that route, the evidence's own short citation, else the source id."""
    response = httpx.get(f"{base}/sources/{item['source']}", timeout=30)
    record = response.json() if response.status_code == 200 else {}
    short = record.get("citation") or item.get("citation")
    title = record.get("title")
    if short and title:
        return f"{short}, {title}"
    return short or title or f"Source: {item['source']}"


def set_range(page: Page, selector: str, value: int) -> None:
    page.locator(selector).evaluate(
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }",
        value,
    )
