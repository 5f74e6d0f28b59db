"""The network analysis at scale: the whole computation's time and peak memory, and answers from the kept result.

    .venv/bin/python benchmarks/analysis_bench.py --scales 10k,100k [--method import]
    .venv/bin/python benchmarks/analysis_bench.py --scales 1m --no-load   # a shared, read-only graph

For each scale: `python -m benchmarks synth` builds the synthetic graph in the bench Neo4j
instance (GRAPHSVC_BENCH_* ports; reused when already loaded), then a child
process (so that peak memory is that scale's own) reads the actor graph,
computes every measure (`analysis_actor_ties.cypher`, `build_actor_graph`,
`analyse`, each timed), keeps the result as the service does
(`analysis_jobs`: JSON in the `:KeptAnswer` store, or in the process with
`--no-load`), and answers `/analysis/centrality` for each measure,
`/analysis/communities` and one actor's metrics from the kept result through
`network_analysis`, with the request's graph version given (the service reads
it once per request, or not at all within the answer cache's version TTL). Prints one JSON line per
scale and writes benchmarks/analysis-<scale>.json. Figures: docs/analysis.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


class _ProcessStore:
    """A `KeptAnswerStore` held in this process: for a graph shared read-only (`--no-load`), where the
    benchmark must not write `:KeptAnswer` nodes. Answers are kept as JSON text, as the real store's."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}

    async def get(self, db: Any, key: str) -> Any:
        from graphsvc.kept_answers import Kept

        answer = self.answers.get(key)
        return None if answer is None else Kept("done", answer, "bench", 0.0)

    async def keep(self, db: Any, key: str, what: str, version: Any, token: str, answer: Any, keep: int) -> None:
        self.answers[key] = answer


async def measure(scale: str, read_only: bool) -> dict[str, Any]:
    from benchmarks.synth import bench_instance
    from graphsvc import analysis_service
    from graphsvc.background_jobs import BackgroundJobs
    from graphsvc.db import ConnectionInfo, Database, QueryRegistry
    from graphsvc.graph import analysis
    from graphsvc.graph.analysis_projection import build_actor_graph, read_parameters
    from graphsvc.graph.filters import graph_filters
    from graphsvc.kept_answers import AnswerJson, KeptAnswerStore
    from graphsvc.settings import get_settings

    settings = get_settings()
    local = bench_instance(settings)
    db = Database(ConnectionInfo(local.bolt_uri, "neo4j", local.password(), "neo4j"),
                  QueryRegistry(settings.cypher_dir / "queries"), settings)
    filters = graph_filters()
    try:
        started = time.perf_counter()
        cpu_started = time.process_time()
        rows = await db.read("analysis_actor_ties", read_parameters(filters), timeout=1800)
        read_seconds = time.perf_counter() - started
        graph = build_actor_graph(rows[0]["ties"], rows[0]["shared"], rows[0]["actors"])
        del rows
        build_seconds = time.perf_counter() - started - read_seconds
        computed = await asyncio.to_thread(analysis.analyse, graph)
        whole_seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started  # this process only: not Neo4j's side of the read
        peak_before_keeping = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        kept_json = AnswerJson.of(computed.kept())
        encode_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        analysis.NetworkAnalysis.from_kept(kept_json.value())
        decode_seconds = time.perf_counter() - t0
        store: Any = _ProcessStore() if read_only else KeptAnswerStore()
        jobs = analysis_service.analysis_jobs(BackgroundJobs(1800.0, kind=analysis_service.ANALYSIS), store)
        version = await db.graph_version()

        async def already_computed() -> analysis.NetworkAnalysis:
            return computed

        await jobs.analysis(db, version, analysis_service.analysis_question(filters), already_computed)
        kept_ms: list[float] = []
        for _ in range(5):
            for measure_name in analysis.MEASURES:
                if measure_name == "constraint" and computed.constraint is None:
                    continue
                t0 = time.perf_counter()
                kept = await analysis_service.network_analysis(db, jobs, filters, version=version)
                analysis.centrality_answer(kept, measure_name, 50)
                kept_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            kept = await analysis_service.network_analysis(db, jobs, filters, version=version)
            analysis.communities_answer(kept)
            kept_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            kept = await analysis_service.network_analysis(db, jobs, filters, version=version)
            kept.metrics(kept.ids[len(kept.ids) // 2])
            kept_ms.append((time.perf_counter() - t0) * 1000)
        version_ms = []
        for _ in range(5):
            t0 = time.perf_counter()
            await db.graph_version()
            version_ms.append((time.perf_counter() - t0) * 1000)
        await jobs.close()
    finally:
        await db.close()
    return {
        "scale": scale,
        "actors": graph.size,
        "ties": graph.edge_count,
        "left_out_shared_things": graph.left_out,
        "read_seconds": round(read_seconds, 2),
        "build_seconds": round(build_seconds, 2),
        "measures_seconds": round(computed.seconds, 2),
        "whole_seconds": round(whole_seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "betweenness": computed.betweenness_method,
        "constraint": computed.constraint_method,
        "communities": len(computed.communities),
        "modularity": round(computed.modularity, 4),
        "peak_rss_mib": round(peak_before_keeping),
        "kept_json_mib": round(len(kept_json.text) / 2**20, 1),
        "kept_encode_seconds": round(encode_seconds, 2),
        "kept_decode_seconds": round(decode_seconds, 2),
        "kept_answer_ms_median": round(statistics.median(kept_ms), 3),
        "kept_answer_ms_max": round(max(kept_ms), 3),
        "graph_version_ms_median": round(statistics.median(version_ms), 2),
        "kept_store": "process (read-only graph)" if read_only else "neo4j",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10k,100k")
    parser.add_argument("--method", default=None, help="synth load method: unwind or import")
    parser.add_argument("--no-load", action="store_true",
                        help="measure the graph already loaded in the bench instance (one scale), read-only: "
                        "no synth load, kept answers held in the process, not written to Neo4j")
    parser.add_argument("--measure-only", default=None, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(asyncio.run(measure(args.measure_only, args.no_load))))
        return 0
    for scale in args.scales.split(","):
        if not args.no_load:
            # the bench Neo4j stays up: the measuring child process reads the graph from it
            synth = [sys.executable, "-m", "benchmarks", "synth", "--relationships", scale, "--quiet", "--keep-neo4j"]
            if args.method:
                synth += ["--method", args.method]
            subprocess.run(synth, check=True)
        child = subprocess.run([sys.executable, __file__, "--measure-only", scale]
                               + (["--no-load"] if args.no_load else []), check=True, capture_output=True, text=True)
        line = child.stdout.strip().splitlines()[-1]
        print(line, flush=True)
        (HERE / f"analysis-{scale}.json").write_text(json.dumps(json.loads(line), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
