"""`graphsvc reconcile FILE.csv --column name [--type State]`: reconciliation without OpenRefine.

Reads the CSV, matches every cell of the column exactly as POST /reconcile
does (matching.reconcile_batch, each distinct cell once), and writes the
CSV back with four more columns: `id`, `name` (the best candidate), `score`
(0-100) and `match` (true only for an unambiguous exact name). A column the
file already has with one of those names gets the new one as `reconciled_<name>`.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sys
import time
from pathlib import Path
from typing import TextIO

from graphsvc.db import Database, QueryRegistry, connection_info
from graphsvc.errors import Problem
from graphsvc.reconcile.matching import reconcile_batch
from graphsvc.reconcile.requests import ReconQuery
from graphsvc.reconcile.spec import MAX_BATCH, MAX_QUERY_CHARS, TYPE_NAMES, type_id
from graphsvc.settings import Settings

ADDED_COLUMNS = ("id", "name", "score", "match")


def output_columns(header: list[str]) -> list[str]:
    """The names of the four added columns, clear of the file's own."""
    return [f"reconciled_{name}" if name in header else name for name in ADDED_COLUMNS]


async def reconcile_rows(db: Database, cells: list[str], types: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(id, name, score, match) of the best candidate for each cell ('' when none).

    Each distinct cell is matched once (a spreadsheet repeats its values; OpenRefine too
    reconciles distinct values), in batches of spec.MAX_BATCH: one batch is a few statements.
    """
    distinct = list(dict.fromkeys(cell[:MAX_QUERY_CHARS] for cell in cells))
    best: dict[str, tuple[str, str, str, str]] = {}
    for start in range(0, len(distinct), MAX_BATCH):
        chunk = distinct[start:start + MAX_BATCH]
        queries = [ReconQuery(key=str(i), text=cell, types=types, limit=1) for i, cell in enumerate(chunk)]
        answer = await reconcile_batch(db, queries)
        for i, cell in enumerate(chunk):
            result = answer[str(i)]["result"]
            if result:
                top = result[0]
                best[cell] = (top["id"], top["name"], f"{top['score']:g}", "true" if top["match"] else "false")
            else:
                best[cell] = ("", "", "", "false")
    return [best[cell[:MAX_QUERY_CHARS]] for cell in cells]


def reconcile_csv(db_rows: list[tuple[str, str, str, str]], header: list[str], rows: list[list[str]],
                  out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header + output_columns(header))
    for row, added in zip(rows, db_rows, strict=True):
        writer.writerow(row + list(added))


async def _reconcile_with_settings(settings: Settings, cells: list[str], types: tuple[str, ...]):
    db = Database(connection_info(settings), QueryRegistry(settings.cypher_dir / "queries"), settings)
    try:
        return await reconcile_rows(db, cells, types)
    finally:
        await db.close()


def reconcile_command(settings: Settings, path: Path, column: str, type_raw: str | None, out_path: str | None) -> int:
    """Exit code: 0 done, 2 bad argument (file, column, type), 1 database problem."""
    types: tuple[str, ...] = ()
    if type_raw:
        found = type_id(type_raw)
        if found is None:
            print(f"graphsvc reconcile: unknown type {type_raw!r}; the types are {', '.join(TYPE_NAMES)}",
                  file=sys.stderr)
            return 2
        types = (found,)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"graphsvc reconcile: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    table = list(csv.reader(io.StringIO(text)))
    if not table:
        print(f"graphsvc reconcile: {path} is empty", file=sys.stderr)
        return 2
    header, rows = table[0], table[1:]
    if column not in header:
        print(f"graphsvc reconcile: no column {column!r} in {path}; its columns are {', '.join(header)}",
              file=sys.stderr)
        return 2
    index = header.index(column)
    rows = [row + [""] * (len(header) - len(row)) for row in rows]
    started = time.perf_counter()
    try:
        found = asyncio.run(_reconcile_with_settings(settings, [row[index] for row in rows], types))
    except Problem as problem:
        print(f"graphsvc reconcile: {problem.title}: {problem.detail}", file=sys.stderr)
        return 1
    target = out_path or str(path.with_name(path.stem + "-reconciled.csv"))
    if target == "-":
        reconcile_csv(found, header, rows, sys.stdout)
    else:
        with open(target, "w", encoding="utf-8", newline="") as out:
            reconcile_csv(found, header, rows, out)
    matched = sum(1 for added in found if added[3] == "true")
    print(f"{len(rows)} rows, {matched} matched, {sum(1 for a in found if a[0])} with a candidate, "
          f"in {time.perf_counter() - started:.2f} s -> {target}", file=sys.stderr)
    return 0
