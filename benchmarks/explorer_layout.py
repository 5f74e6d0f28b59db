"""How long the explorer takes to lay out Kazakhstan's depth-2 neighbourhood in Chromium.

Against a running service (`graphsvc run`; the URL is the first argument, default
http://127.0.0.1:8000), in Debian's headless Chromium: opens the explorer on the view, then
lays the same elements out again several times as a first drawing does (fcose, stretched to
the canvas, fitted) and, separately, places the labels. Writes the median and spread of each
in milliseconds, with the load average around the run, to benchmarks/explorer-layout.json
(`benchmarks/report.py` renders it as the "Explorer" section of BENCHMARKS.md) and prints it.

    python benchmarks/explorer_layout.py http://127.0.0.1:8000 --runs 9
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
VIEW = "/explorer?actor=state:kazakhstan&depth=2"
RESULT = Path(__file__).resolve().parent / "explorer-layout.json"
TARGET_MS = 500.0  # issue 20: depth-2 Kazakhstan laid out in under 0.5 s

# One first-drawing layout and one label placement of what is drawn, timed in the page.
MEASURE = """() => {
  const started = performance.now();
  cy.nodes().positions(() => ({x: 0, y: 0}));
  window.explorer.relayout();
  const laid = performance.now();
  window.explorer.updateLabels();
  return {layout: laid - started, labels: performance.now() - laid,
          nodes: cy.nodes().length, edges: window.explorer.drawnEdgeIds().length,
          labelled: cy.nodes('.labelled').length};
}"""


def measure(base: str, runs: int) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 850})
        page.goto(base.rstrip("/") + VIEW)
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        page.wait_for_function("document.body.dataset.busy === 'false'", timeout=120_000)
        if page.evaluate("cy.nodes().length") == 0:  # e.g. a 504 from a cold service: no figure to write
            raise SystemExit(f"nothing drawn: {page.locator('#status').inner_text()}")
        first = page.evaluate("window.explorer.state.lastLayoutMs")
        page.evaluate(MEASURE)  # warm-up: the first run also compiles the layout code
        samples = [page.evaluate(MEASURE) for _ in range(runs)]
        browser.close()
    layout = [s["layout"] for s in samples]
    labels = [s["labels"] for s in samples]
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "chromium": _chromium_version(),
        "cores": os.cpu_count(),
        "view": VIEW,
        "nodes": samples[0]["nodes"],
        "relationships": samples[0]["edges"],
        "labelled": samples[0]["labelled"],
        "runs": runs,
        "first_drawing_layout_ms": round(first, 1),
        "layout_ms": {"median": round(statistics.median(layout), 1), "min": round(min(layout), 1),
                      "max": round(max(layout), 1)},
        "labels_ms": {"median": round(statistics.median(labels), 1), "min": round(min(labels), 1),
                      "max": round(max(labels), 1)},
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "target_ms": TARGET_MS,
    }


def _chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, default=RESULT, help="where to write the JSON result")
    args = parser.parse_args()
    result = json.dumps(measure(args.base, args.runs), indent=2)
    args.out.write_text(result + "\n", encoding="utf-8")
    print(result)


if __name__ == "__main__":
    main()
