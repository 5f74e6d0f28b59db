"""Browser-test fixtures: the real service on a free 127.0.0.1 port (uvicorn in a
thread, over the test Neo4j with the seed loaded) and Debian's Chromium driven
by Playwright. Never `playwright install`: the system's /usr/bin/chromium is used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from graphsvc.settings import Settings
from tests.browser.explorer_support import serve

CHROMIUM = Path("/usr/bin/chromium")
# expect(...)'s auto-wait, like a locator's: Playwright's 5 s default is short on a machine busy with other work.
expect.set_options(timeout=30_000)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(settings: Settings, loaded_graph: str) -> Iterator[str]:
    """The service, really listening: its base URL (http://127.0.0.1:<port>)."""
    with serve(settings) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install chromium (./dev test does it)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
