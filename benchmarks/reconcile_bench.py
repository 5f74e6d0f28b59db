"""Reconciliation speed on the loaded graph: a batch of 10 queries (p50/p95), and a 1,000-row CSV
through `graphsvc reconcile`.

Runs against the Neo4j the environment configures (the local dev server by
default: start it and `graphsvc seed load` first; NEO4J_URI / NEO4J_PASSWORD
for another, e.g. the benchmark's 1M graph). The service runs in a real
uvicorn in this process; batches are posted as OpenRefine posts them
(form-encoded `queries`, 10 per batch) by one client, one after the other.
The names are the labelled variants of the matching tests; on a graph other
than the seed, as many names of that graph's own entities are mixed in, so
that most queries find candidates there too.

    .venv/bin/python benchmarks/reconcile_bench.py --scale seed [--batches 200] [--rows 1000]

Writes benchmarks/reconcile-<scale>.json; `python -m benchmarks report` renders
it in BENCHMARKS.md (section "Reconciliation").
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
from typing import Any

import httpx
from neo4j import GraphDatabase

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphsvc.app import create_app  # noqa: E402
from graphsvc.db import connection_info  # noqa: E402
from graphsvc.settings import get_settings  # noqa: E402
from tests.integration.live_server import live_server  # noqa: E402
from tests.integration.test_reconcile_matching import LABELLED, MUST_NOT_MATCH  # noqa: E402

LABELLED_NAMES = [name for name, _, _ in LABELLED] + MUST_NOT_MATCH
BATCH = 10
HERE = Path(__file__).resolve().parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def graph_names(count: int) -> list[str]:
    """Names of `count` States and Organisations of the graph (read-only; spread over the first 4,000)."""
    info = connection_info(get_settings())
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n:Entity) WHERE n:State OR n:Organisation RETURN n.name AS name ORDER BY n.id LIMIT 4000",
            routing_="r")
    names = [record["name"] for record in records]
    step = max(1, len(names) // count)
    return names[::step][:count]


def graph_size(base_url: str) -> dict[str, Any]:
    return httpx.get(f"{base_url}/health", timeout=60).json()["graph"]


def batch_timings(base_url: str, batches: int, names: list[str]) -> list[float]:
    timings = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for number in range(batches + 5):  # the first 5 warm the plans and are not counted
            start = (number * BATCH) % len(names)
            batch = [names[(start + i) % len(names)] for i in range(BATCH)]
            queries = json.dumps({f"q{i}": {"query": name} for i, name in enumerate(batch)})
            began = time.perf_counter()
            response = client.post("/reconcile", data={"queries": queries})
            elapsed = time.perf_counter() - began
            if number < 5 and response.status_code == 504:
                continue  # a cold server plans the statements longer than a request may take
            response.raise_for_status()
            if number >= 5:
                timings.append(elapsed * 1000)
    return timings


def csv_run(rows: int, names: list[str]) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "actors.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "name"])
            for number in range(rows):
                writer.writerow([number, names[number % len(names)]])
        began = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "graphsvc"), "reconcile", str(source), "--column", "name"],
                       check=True, capture_output=True, env=os.environ.copy())
        elapsed = time.perf_counter() - began
        with (Path(folder) / "actors-reconciled.csv").open(encoding="utf-8") as handle:
            written = list(csv.DictReader(handle))
    return {"rows": len(written), "distinct_names": len(set(names[n % len(names)] for n in range(rows))),
            "seconds": round(elapsed, 2), "matched": sum(1 for row in written if row["match"] == "true")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", required=True, help="the graph's name in the results: seed, 1m, ...")
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with live_server(create_app(get_settings())) as base_url:
        graph = graph_size(base_url)
        names = LABELLED_NAMES if args.scale == "seed" else LABELLED_NAMES + graph_names(len(LABELLED_NAMES))
        timings = batch_timings(base_url, args.batches, names)
    csv = csv_run(args.rows, names)
    summary = {
        "scale": args.scale,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "graph": {"entities": graph.get("nodes"), "relationships": graph.get("relationships")},
        "names": len(names),
        "batch_of_10": {"batches": len(timings), "p50_ms": round(statistics.median(timings), 1),
                        "p95_ms": round(percentile(timings, 0.95), 1), "max_ms": round(max(timings), 1)},
        "csv_through_cli": csv,
    }
    out = HERE / f"reconcile-{args.scale}.json"
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
