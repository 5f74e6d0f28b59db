"""The network analysis at scale: the whole computation's time and peak memory, and answers from the kept result.

    .venv/bin/python benchmarks/analysis_bench.py --scales 10k,100k [--method import]

For each scale: `python -m benchmarks synth` builds the synthetic graph in the bench Neo4j
instance (GRAPHSVC_BENCH_* ports; reused when already loaded), then a child
process (so that peak memory is that scale's own) reads the actor graph,
computes every measure (`graphsvc.graph.analysis.compute_analysis`), and
answers `/analysis/centrality` for each measure and `/analysis/communities`
from the kept result through `network_analysis`, as the service does (a graph
version read and the slicing of the kept result). Prints one JSON line per
scale and writes benchmarks/analysis-<scale>.json. Figures: docs/analysis.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


async def measure(scale: str) -> dict[str, Any]:
    from graphsvc.background_jobs import BackgroundJobs
    from graphsvc.db import Database, QueryRegistry, ConnectionInfo
    from graphsvc.graph import analysis
    from graphsvc.graph.analysis_projection import read_actor_graph
    from graphsvc.graph.filters import graph_filters
    from graphsvc.settings import get_settings
    from benchmarks.synth import bench_instance

    settings = get_settings()
    local = bench_instance(settings)
    db = Database(ConnectionInfo(local.bolt_uri, "neo4j", local.password(), "neo4j"),
                  QueryRegistry(settings.cypher_dir / "queries"), settings)
    filters = graph_filters()
    try:
        started = time.perf_counter()
        graph = await read_actor_graph(db, filters, timeout=600)
        read_seconds = time.perf_counter() - started
        computed = await asyncio.to_thread(analysis.analyse, graph)
        whole_seconds = time.perf_counter() - started
        jobs = BackgroundJobs(600.0, kind=analysis.ANALYSIS)
        await analysis.network_analysis(db, jobs, filters, timeout=600)  # computed again and kept
        kept_ms: list[float] = []
        for _ in range(5):
            for measure_name in analysis.MEASURES:
                t0 = time.perf_counter()
                kept = await analysis.network_analysis(db, jobs, filters, timeout=600)
                analysis.centrality_answer(kept, measure_name, 50)
                kept_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            kept = await analysis.network_analysis(db, jobs, filters, timeout=600)
            analysis.communities_answer(kept)
            kept_ms.append((time.perf_counter() - t0) * 1000)
    finally:
        await db.close()
    return {
        "scale": scale,
        "actors": graph.size,
        "ties": len(graph.edges),
        "left_out_shared_things": graph.left_out,
        "read_seconds": round(read_seconds, 2),
        "measures_seconds": round(computed.seconds, 2),
        "whole_seconds": round(whole_seconds, 2),
        "betweenness": computed.betweenness_method,
        "communities": len(computed.communities),
        "modularity": round(computed.modularity, 4),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "kept_answer_ms_median": round(statistics.median(kept_ms), 2),
        "kept_answer_ms_max": round(max(kept_ms), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10k,100k")
    parser.add_argument("--method", default=None, help="synth load method: unwind or import")
    parser.add_argument("--measure-only", default=None, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(asyncio.run(measure(args.measure_only))))
        return 0
    for scale in args.scales.split(","):
        # the bench Neo4j stays up: the measuring child process reads the graph from it
        synth = [sys.executable, "-m", "benchmarks", "synth", "--relationships", scale, "--quiet", "--keep-neo4j"]
        if args.method:
            synth += ["--method", args.method]
        subprocess.run(synth, check=True)
        child = subprocess.run([sys.executable, __file__, "--measure-only", scale], check=True,
                               capture_output=True, text=True)
        line = child.stdout.strip().splitlines()[-1]
        print(line, flush=True)
        (HERE / f"analysis-{scale}.json").write_text(json.dumps(json.loads(line), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
