"""The matrix panel's pair view in a real headless Chromium, against the service's own limits: the shared
things are named with one request (`GET /entities?ids=`, in batches the service takes when it is
configured lower), never one per thing, and the names a person sees are the graph's; on a service whose
GRAPHSVC_MAX_LIMIT is below a part's size, "List … of the …" and "Cite … relationships" ask for at most
that limit and the panel shows the answer, not an error."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Locator, Page, Request, expect

from graphsvc.settings import Settings
from tests.browser.explorer_support import get_waiting, serve

pytestmark = pytest.mark.browser

LOW_MAX_LIMIT = 3  # below the seed's largest parts (4 things, 17 relationships for Kazakhstan–Türkiye)


@pytest.fixture(scope="module")
def low_limit_server(settings: Settings, loaded_graph: str) -> Iterator[str]:
    """The service with GRAPHSVC_MAX_LIMIT at LOW_MAX_LIMIT (and no plan warm-up: one service warms them)."""
    with serve(settings.model_copy(update={"max_limit": LOW_MAX_LIMIT, "warm_plans": False})) as base:
        yield base


class Requests:
    """The page's requests from now on, as Chromium sends them: the pair's questions, the names asked."""

    def __init__(self, page: Page) -> None:
        self.pairs: list[dict[str, list[str]]] = []
        self.name_batches: list[list[str]] = []
        self.one_by_one: list[str] = []
        page.on("request", self._record)

    def _record(self, request: Request) -> None:
        url = urlsplit(request.url)
        path = unquote(url.path)
        if path.startswith("/cooperation/") and path != "/cooperation/matrix":
            self.pairs.append(parse_qs(url.query))
        elif path == "/entities":
            self.name_batches.append(parse_qs(url.query)["ids"][0].split(","))
        elif path.startswith("/entities/"):
            self.one_by_one.append(path)


def strongest_pair(base: str) -> tuple[str, str]:
    matrix = get_waiting(f"{base}/cooperation/matrix", type="State")
    ids = [e["id"] for e in matrix["entities"]]
    _, i, j = max((matrix["scores"][i][j], i, j) for i in range(len(ids)) for j in range(len(ids)) if i != j)
    return ids[i], ids[j]


def pair_shown(page: Page) -> None:
    """Once the panel has its answer (asked again while a cold service answers 503): the parts, not an error."""
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=400_000)
    expect(page.locator("#pair .error")).to_have_count(0)
    expect(page.locator("#pair-parts")).to_have_count(1)


def open_pair(page: Page, base: str, query: str, a: str, b: str) -> None:
    page.goto(f"{base}/explorer/matrix?type=State{query}")
    page.wait_for_selector("body[data-ready=true]", timeout=240_000)
    page.locator(f"#matrix rect[data-row='{a}'][data-col='{b}']").click()
    pair_shown(page)


def names_of(base: str, ids: list[str]) -> dict[str, str]:
    return {id_: str(get_waiting(f"{base}/entities/{id_}")["name"]) for id_ in ids}


def entity_things(partner: dict[str, Any]) -> list[str]:
    """The ids the panel names: every part's shared things but a direct link's (relationship ids)."""
    return list(dict.fromkeys(id_ for part in partner["parts"] if part["kind"] != "direct_link"
                              for id_ in part["via"]))


def expect_named(page: Page, base: str, partner: dict[str, Any]) -> None:
    names = names_of(base, entity_things(partner))
    for part in partner["parts"]:
        things = page.locator(f"#pair-parts .part[data-kind='{part['kind']}'] .via li")
        expect(things).to_have_count(len(part["via"]))
        for thing, via in zip(things.all(), part["via"], strict=True):
            expect(thing).to_be_visible()
            expect(thing).to_have_text(via if part["kind"] == "direct_link" else f"{names[via]} ({via})")


def test_the_pairs_things_are_named_with_one_request(page: Page, live_server: str) -> None:
    a, b = strongest_pair(live_server)
    asked = Requests(page)
    open_pair(page, live_server, "", a, b)
    (partner,) = get_waiting(f"{live_server}/cooperation/{a}", partner=b)["partners"]
    things = entity_things(partner)
    assert len(things) > 1
    assert asked.one_by_one == []
    assert asked.name_batches == [things]
    expect_named(page, live_server, partner)


def press(button: Locator) -> None:
    button.scroll_into_view_if_needed()
    expect(button).to_be_visible()
    button.click()


def test_a_service_with_a_lower_limit_is_asked_within_it(page: Page, low_limit_server: str) -> None:
    base = low_limit_server
    a, b = strongest_pair(base)
    (cut,) = get_waiting(f"{base}/cooperation/{a}", partner=b, via_limit=1, evidence_limit=1)["partners"]
    listed = next(part for part in cut["parts"] if part["kind"] != "direct_link" and part["things"] > LOW_MAX_LIMIT)
    asked = Requests(page)
    open_pair(page, base, "&via_limit=1&evidence_limit=1", a, b)
    expect_named(page, base, cut)

    # "List all": as many as the service gives, no more
    press(page.locator(f"#pair-parts .part[data-kind='{listed['kind']}'] button.more").first)
    pair_shown(page)
    (more,) = get_waiting(f"{base}/cooperation/{a}", partner=b, via_limit=LOW_MAX_LIMIT, evidence_limit=1)["partners"]
    part = page.locator(f"#pair-parts .part[data-kind='{listed['kind']}']")
    expect(part.locator(".things")).to_have_text(f"{listed['things']} shared things, the first {LOW_MAX_LIMIT} listed:")
    expect(part.locator(".via li")).to_have_count(LOW_MAX_LIMIT)
    expect_named(page, base, more)

    # "Cite all": as many as the service gives, no more (`relationships`: of the things listed)
    cited = next(part for part in more["parts"] if part["relationships"] > LOW_MAX_LIMIT)
    press(page.locator(f"#pair-parts .part[data-kind='{cited['kind']}'] button.more").last)
    pair_shown(page)
    (most,) = get_waiting(f"{base}/cooperation/{a}", partner=b, via_limit=LOW_MAX_LIMIT,
                          evidence_limit=LOW_MAX_LIMIT)["partners"]
    part = page.locator(f"#pair-parts .part[data-kind='{cited['kind']}']")
    expected = next(p for p in most["parts"] if p["kind"] == cited["kind"])
    expect(part.locator(".evidence-cut")).to_have_text(
        f"Evidence cited for {LOW_MAX_LIMIT} of {expected['relationships']} relationships.")
    assert part.locator(".excerpt").all_inner_texts() == [item["excerpt"] for item in expected["evidence"]]
    expect(part.locator("button.more")).to_have_count(0)  # nothing more the service would give

    # Every question within the service's limit (asked again, the same, while a cold service answers 503
    # ranking-in-progress); the names in batches of at most that many ids, each id asked once.
    questions = [(int(query["via_limit"][0]), int(query["evidence_limit"][0])) for query in asked.pairs]
    assert list(dict.fromkeys(questions)) == [(1, 1), (LOW_MAX_LIMIT, 1), (LOW_MAX_LIMIT, LOW_MAX_LIMIT)]
    assert asked.one_by_one == []
    assert all(len(batch) <= LOW_MAX_LIMIT for batch in asked.name_batches)
    named, batches = [], 0
    for answer in (cut, more, most):
        new = [id_ for id_ in entity_things(answer) if id_ not in named]
        named += new
        batches += math.ceil(len(new) / LOW_MAX_LIMIT)
    assert [id_ for batch in asked.name_batches for id_ in batch] == named
    assert len(asked.name_batches) == batches
