"""The review page in a real headless Chromium: a hostile HTML text is ingested and
reviewed; nothing it carries runs, its text shows as text with the excerpt marked,
and one key press accepts or rejects a candidate."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from graphsvc.app import create_app
from graphsvc.settings import Settings
from tests.integration.live_server import live_server
from tests.integration.curation_support import Keys, keys, seed_state, write_settings  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

# Every way a page could try to run something: a script element, an event handler, a
# javascript: link, and markup written as text (&lt;img …&gt;) that would run if the
# review page ever put the text in as HTML.
HOSTILE = """<html><head><title>Hostile page</title><script>window.__ran = 'head script'</script></head><body>
<main>
<p onmouseover="window.__ran='handler'">Turkmenistan became a member of the
<a href="javascript:window.__ran='link'">Turkic Academy</a> in 2015 &lt;img src=x onerror="window.__ran='text'"&gt;.</p>
<script>window.__ran = 'body script'</script>
<p>The Yunus Emre Institute opened a new centre in Kyrgyzstan in May 2024.</p>
<img src="x" onerror="window.__ran='img'"></main></body></html>"""


@pytest.fixture(scope="module")
def review_server(settings: Settings, keys: Keys, seed_state: str, driver: Driver) -> Iterator[str]:  # noqa: F811
    clean = ("MATCH (c:Candidate) DETACH DELETE c", "MATCH (s:Source {origin: 'ingest'}) DETACH DELETE s")
    for statement in clean:
        driver.execute_query(statement, database_=settings.neo4j_database)  # type: ignore[arg-type]
    with live_server(create_app(write_settings(settings, keys))) as base:
        yield base
    for statement in clean:
        driver.execute_query(statement, database_=settings.neo4j_database)  # type: ignore[arg-type]


def _status(base: str, cand_id: str) -> str:
    return httpx.get(f"{base}/candidates/{cand_id}", timeout=30).json()["status"]


def test_review_hostile_text_nothing_runs_and_keys_decide(review_server: str, keys: Keys, page: Page) -> None:  # noqa: F811
    response = httpx.post(f"{review_server}/ingest", content=HOSTILE.encode(), timeout=60,
                          headers={**keys.header(), "Content-Type": "text/html"})
    assert response.status_code == 200, response.text
    answer = response.json()
    member = next(c for c in answer["candidates"] if c["type"] == "MEMBER_OF")
    centre = next(c for c in answer["candidates"] if c["type"] == "OPERATES_IN")
    assert "<img src=x" in member["excerpt"]  # the markup-like text is kept, as text

    page.goto(f"{review_server}/review")
    page.fill("#key", keys.alice)
    page.press("#key", "Enter")
    queue = page.locator("#queue li")
    expect(queue).to_have_count(len(answer["candidates"]))

    # select the membership and see its paragraph, the excerpt marked, all as text
    page.locator(f"#queue li[data-id='{member['id']}']").click()
    expect(page.locator("#context mark")).to_have_text(member["excerpt"])
    context_text = page.locator("#context").inner_text()
    assert "Turkmenistan became a member of the" in context_text and "onerror=" in context_text
    # nothing the text carried became an element or ran
    assert page.locator("#context *").count() == 1  # only the <mark>
    assert page.locator("img").count() == 0 and page.locator("a[href^='javascript']").count() == 0
    page.locator("#context").hover()
    assert page.evaluate("window.__ran === undefined")
    expect(page.locator("#facts")).to_contain_text("org:turkic-academy")

    # one key press accepts; the queue moves on; the fact is in the graph
    page.keyboard.press("a")
    expect(page.locator("#message")).to_contain_text("Accepted")
    expect(queue).to_have_count(len(answer["candidates"]) - 1)
    assert _status(review_server, member["id"]) == "accepted"
    hood = httpx.get(f"{review_server}/entities/state:turkmenistan/neighbourhood", params={"depth": 1}, timeout=30).json()
    assert any(e["type"] == "MEMBER_OF" and e["to"] == "org:turkic-academy" for e in hood["edges"])

    # fix the date from the keyboard, then reject with one key
    page.locator(f"#queue li[data-id='{centre['id']}']").click()
    expect(page.locator("#title")).to_contain_text("OPERATES_IN")
    page.keyboard.press("d")
    expect(page.locator("#edit-start")).to_be_focused()
    page.keyboard.type("2024-06")
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_contain_text("Saved: start")
    assert httpx.get(f"{review_server}/candidates/{centre['id']}", timeout=30).json()["start"] == "2024-06"
    page.locator(f"#queue li[data-id='{centre['id']}']").click()
    expect(page.locator("#title")).to_contain_text("OPERATES_IN")
    page.keyboard.press("x")
    expect(page.locator("#message")).to_contain_text("Rejected")
    assert _status(review_server, centre["id"]) == "rejected"
    assert page.evaluate("window.__ran === undefined")


# A text written for this test: one fact read through a word standing for a name, one
# through a subject carried over from the sentence before, one stated outright.
WEAKER = ("Kyrgyzstan reformed its schools in 1992. A year later it became a member of TURKSOY.\n\n"
          "Венгрия провела реформу школ в 1992 году. Через год вступила в ТЮРКСОЙ.\n\n"
          "Hungary became an observer of the Turkic Academy in 2021.\n")


def test_review_shows_why_a_candidate_is_weaker(review_server: str, keys: Keys, page: Page) -> None:  # noqa: F811
    response = httpx.post(f"{review_server}/ingest", content=WEAKER.encode(), timeout=60,
                          headers={**keys.header(), "Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200, response.text
    candidates = response.json()["candidates"]
    by_flag = {flag: c for c in candidates for flag in c.get("flags", [])}
    coreferent, carried = by_flag["coreference"], by_flag["carried-subject"]
    stated = next(c for c in candidates if c["type"] == "OBSERVER_OF")
    assert not stated.get("flags")

    page.goto(f"{review_server}/review")
    page.fill("#key", keys.alice)
    page.press("#key", "Enter")
    # the queue says which candidates are weaker, before one is opened
    carried_row = page.locator(f"#queue li[data-id='{carried['id']}']")
    expect(carried_row.locator(".queue-flags")).to_be_visible()
    expect(carried_row.locator(".queue-flags")).to_have_text("carried-subject")
    expect(page.locator(f"#queue li[data-id='{coreferent['id']}'] .queue-flags")).to_have_text("coreference")

    # the selected candidate says why, in words, next to its rule
    carried_row.click()
    expect(page.locator("#title")).to_contain_text("MEMBER_OF")
    flags = page.locator("#flags")
    expect(flags).to_be_visible()
    expect(flags).to_contain_text("carried-subject")
    expect(flags).to_contain_text("carried over from the sentence before")
    box = flags.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    page.locator(f"#queue li[data-id='{coreferent['id']}']").click()
    expect(page.locator("#flags")).to_contain_text("stand")
    expect(page.locator("#flags li")).to_have_count(len(coreferent["flags"]))
    # a candidate stated outright shows no such line, in the queue or beside it
    stated_row = page.locator(f"#queue li[data-id='{stated['id']}']")
    expect(stated_row.locator(".queue-flags")).to_have_count(0)
    stated_row.click()
    expect(page.locator("#title")).to_contain_text("OBSERVER_OF")
    expect(page.locator("#flags")).to_have_count(0)
