"""Reconciliation speed on the loaded graph: a batch of 10 queries (p50/p95), and a 1,000-row CSV
through `graphsvc reconcile`.

Runs against the Neo4j the environment configures (the local dev server by
default: start it and `graphsvc seed load` first). The service runs in a real
uvicorn in this process; batches are posted as OpenRefine posts them
(form-encoded `queries`, 10 per batch) by one client, one after the other.

    .venv/bin/python benchmarks/reconcile_bench.py [--batches 200] [--rows 1000]

Prints a JSON summary; docs/reconciliation.md keeps the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphsvc.app import create_app  # noqa: E402
from graphsvc.settings import get_settings  # noqa: E402
from tests.integration.live_server import live_server  # noqa: E402
from tests.integration.test_reconcile_matching import LABELLED, MUST_NOT_MATCH  # noqa: E402

NAMES = [name for name, _, _ in LABELLED] + MUST_NOT_MATCH
BATCH = 10


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def batch_timings(base_url: str, batches: int) -> list[float]:
    timings = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for number in range(batches + 5):  # the first 5 warm the plans and are not counted
            start = (number * BATCH) % len(NAMES)
            names = [NAMES[(start + i) % len(NAMES)] for i in range(BATCH)]
            queries = json.dumps({f"q{i}": {"query": name} for i, name in enumerate(names)})
            began = time.perf_counter()
            response = client.post("/reconcile", data={"queries": queries})
            elapsed = time.perf_counter() - began
            if number < 5 and response.status_code == 504:
                continue  # a cold server plans the statements longer than a request may take
            response.raise_for_status()
            if number >= 5:
                timings.append(elapsed * 1000)
    return timings


def csv_run(rows: int) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "actors.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "name"])
            for number in range(rows):
                writer.writerow([number, NAMES[number % len(NAMES)]])
        began = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "graphsvc"), "reconcile", str(source), "--column", "name"],
                       check=True, capture_output=True, env=os.environ.copy())
        elapsed = time.perf_counter() - began
        with (Path(folder) / "actors-reconciled.csv").open(encoding="utf-8") as handle:
            written = list(csv.DictReader(handle))
    return {"rows": len(written), "seconds": round(elapsed, 2),
            "matched": sum(1 for row in written if row["match"] == "true")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    with live_server(create_app(get_settings())) as base_url:
        timings = batch_timings(base_url, args.batches)
    summary = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        "batch_of_10": {"batches": len(timings), "p50_ms": round(statistics.median(timings), 1),
                        "p95_ms": round(percentile(timings, 0.95), 1), "max_ms": round(max(timings), 1)},
        "csv_through_cli": csv_run(args.rows),
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
