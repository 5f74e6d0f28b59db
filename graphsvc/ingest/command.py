"""`graphsvc ingest PATH|evaluate`: the command line of ingestion."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from pathlib import Path

from graphsvc.errors import Problem
from graphsvc.ingest import intake, store
from graphsvc.ingest.evaluation import (
    evaluate_at,
    failures_markdown,
    report_markdown,
    sweep_markdown,
)
from graphsvc.settings import Settings

# The thresholds `evaluate` reports beside the default.
SWEEP = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
DOCS_PAGE = "docs/ingestion.md"
_MARKED = re.compile(r"(<!-- evaluation:start -->\n).*?(<!-- evaluation:end -->)", re.DOTALL)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", help="a .txt, .md, .html or .pdf file to ingest; or `evaluate`")
    parser.add_argument("--title")
    parser.add_argument("--authors", help="comma-separated")
    parser.add_argument("--published", help="ISO 8601 date, partial allowed")
    parser.add_argument("--url", help="where the text is published (metadata only: never fetched)")
    parser.add_argument("--lang", help="language code: en, tr, ru, ...")
    parser.add_argument("--dry-run", action="store_true", help="show the candidates, store nothing")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--threshold", type=float, default=None, help="default: GRAPHSVC_INGEST_THRESHOLD")
    parser.add_argument("--write-docs", action="store_true",
                        help=f"evaluate: write the figures into {DOCS_PAGE} (between its evaluation markers)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    threshold = settings.ingest_threshold if args.threshold is None else args.threshold
    if args.target == "evaluate":
        return _evaluate(settings, threshold, args.write_docs)
    return _ingest_file(args, settings, threshold)


def _evaluate(settings: Settings, threshold: float, write_docs: bool) -> int:
    started = time.perf_counter()
    by_threshold = evaluate_at(settings.seed_dir, settings.sources_dir, sorted({threshold, *SWEEP}))
    results = by_threshold[threshold]
    seconds = time.perf_counter() - started
    report = (report_markdown(results, threshold) + "\n\nAt other thresholds (relationship candidates between "
              "known entities):\n\n" + sweep_markdown(by_threshold))
    failures = failures_markdown(results)
    print(report)
    print(f"\n{seconds:.1f} s: the seed validated, the gazetteer built, the five texts at {len(by_threshold)} thresholds.")
    if write_docs:
        page = settings.seed_dir.parent / DOCS_PAGE
        text = page.read_text(encoding="utf-8")
        block = f"{report}\n\nWhat the rules miss, and what they propose that no curator stated:\n\n{failures}\n"
        page.write_text(_MARKED.sub(lambda m: m.group(1) + block + m.group(2), text), encoding="utf-8")
        print(f"written to {page}")
    return 0


def _ingest_file(args: argparse.Namespace, settings: Settings, threshold: float) -> int:
    from graphsvc.db import Database, QueryRegistry, connection_info

    path = Path(args.target)
    try:
        if not path.is_file():
            raise Problem(404, "No such file", f"{path} is not a file.")
        if path.stat().st_size > settings.ingest_max_bytes:
            raise intake.problem(413, "Too large", f"{path} is over {settings.ingest_max_bytes} bytes "
                                 "(GRAPHSVC_INGEST_MAX_BYTES).", "body-too-large")
        media_type, charset = intake.media_type_of(None, path.name)
        limits = intake.Limits(settings.ingest_max_bytes, settings.ingest_max_pdf_pages, settings.ingest_max_seconds)
        taken = intake.read(path.read_bytes(), media_type, charset, limits)
        meta = store.Bibliography(
            title=args.title, authors=[a.strip() for a in (args.authors or "").split(",") if a.strip()],
            published=args.published, url=args.url, language=args.lang)

        async def work() -> store.IngestResult:
            db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
            try:
                return await store.ingest(db, store.GazetteerCache(), taken, meta, dry_run=args.dry_run,
                                          threshold=threshold)
            finally:
                await db.close()

        result = asyncio.run(work())
    except Problem as problem:
        print(f"error: {problem.title}: {problem.detail}")
        return 2
    if args.format == "json":
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    _print_table(result)
    return 0


def _end(end: dict) -> str:
    return end.get("id") or f"NEW {end.get('type')} \"{end.get('name')}\""


def _print_table(result: store.IngestResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    source = result.source
    state = "dry run: nothing stored" if result.dry_run else ("new source" if result.created else "known source")
    console.print(f"[bold]{source.get('id')}[/bold] {source.get('title', '')!r} ({state})")
    console.print(", ".join(f"{k} {v}" for k, v in result.counts.items()))
    table = Table(show_lines=False)
    for column in ("conf.", "kind", "type", "from / name", "to", "date", "rule", "excerpt"):
        table.add_column(column, overflow="fold")
    for c in result.candidates:
        if c["kind"] == "relationship":
            date = c.get("start") or (f"hint {c['date_hint']}" if c.get("date_hint") else "")
            row = (f"{c['confidence']:.2f}", "fact", c["type"], _end(c["from"]), _end(c["to"]), date, c["rule"],
                   c["excerpt"])
        else:
            row = (f"{c['confidence']:.2f}", "entity", c["type"], c["name"], "", "", c["rule"], c["excerpt"])
        table.add_row(*row)
    console.print(table)
    if not result.dry_run and result.candidates:
        console.print("Review them at /review (or GET /candidates?source=" + str(source.get("id")) + ").")
