"""Ingestion speed: a text of about 10,000 words from bytes to candidates.

    .venv/bin/python benchmarks/ingest_bench.py [--repeat 5] [--file PATH]

The default text is the longest of the five source texts (../shared/sources/004_…,
about 10,000 words), read at run time, never copied here. Times, separately:
building the gazetteer from the seed (once per graph version in the service),
intake (bytes -> text), and the pipeline (paragraphs, mentions, proposals,
candidates). The median of --repeat runs is printed; BENCHMARKS.md or
docs/ingestion.md keep the figures.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from graphsvc.curation.seedfiles import validate
from graphsvc.ingest import intake
from graphsvc.ingest.evaluation import gazetteer_of
from graphsvc.ingest.pipeline import analyse
from graphsvc.settings import Settings


def main() -> None:
    settings = Settings()
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--file", type=Path, default=settings.sources_dir / "004_621a0df9fce2a344.txt")
    args = parser.parse_args()
    data = args.file.read_bytes()
    seed = validate(settings.seed_dir, settings.sources_dir).seed

    started = time.perf_counter()
    gazetteer = gazetteer_of(seed)
    built = time.perf_counter() - started

    limits = intake.Limits(settings.ingest_max_bytes, settings.ingest_max_pdf_pages, settings.ingest_max_seconds)
    intake_times, pipeline_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        taken = intake.read(data, intake.PLAIN, None, limits)
        middle = time.perf_counter()
        analysis = analyse(taken.text, gazetteer)
        done = time.perf_counter()
        intake_times.append(middle - started)
        pipeline_times.append(done - middle)
    words = len(taken.text.split())
    total = statistics.median(intake_times) + statistics.median(pipeline_times)
    print(f"text: {args.file.name}, {len(data)} bytes, {words} words")
    print(f"gazetteer: {gazetteer.size} keys from {len(seed.entities)} entities, built in {built * 1000:.0f} ms")
    print(f"intake: median {statistics.median(intake_times) * 1000:.1f} ms; "
          f"pipeline: median {statistics.median(pipeline_times) * 1000:.1f} ms ({args.repeat} runs)")
    print(f"mentions {len(analysis.mentions)}, candidates {len(analysis.candidates)} "
          f"({len(analysis.kept())} at the default threshold)")
    print(f"bytes to candidates: {total * 1000:.0f} ms for {words} words")


if __name__ == "__main__":
    main()
