"""GET /cooperation/matrix: the score of every pair among the entities of one type.

The same score as /cooperation/{id} (definition.py), reached another way:
walking from every entity to every partner does not finish on large graphs,
so what each entity holds (memberships, agreements, events), reaches
(institutions abroad, programmes) and is directly linked to is read once per
entity and paired up here as sparse products (numpy, matrix_counts.py).
tests/integration/test_cooperation_parity.py checks every cell against the ranking.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from graphsvc.db import READS_AT_ONCE, Database
from graphsvc.errors import invalid_parameter
from graphsvc.graph.cooperation.definition import MATRIX_TYPES, filter_parameters
from graphsvc.graph.filters import GraphFilters
from graphsvc.graph.shapes import entity_shape

if TYPE_CHECKING:
    import numpy as np


def parse_matrix_type(raw: str) -> str:
    by_lower = {t.lower(): t for t in MATRIX_TYPES}
    value = by_lower.get(raw.strip().lower())
    if value is None:
        raise invalid_parameter("type", f"'{raw[:80]}' is not one of: {', '.join(MATRIX_TYPES)}")
    return value


async def cooperation_matrix(
    db: Database, type_: str, filters: GraphFilters, max_entities: int, *, query_timeout: float | None = None
) -> dict[str, Any]:
    """GET /cooperation/matrix: pairwise scores among the entities of one type.

    At most `max_entities` entities (the most connected ones) so that the
    answer stays computable and readable; `truncated` says when some were left out.
    Each query gets `query_timeout` seconds (default: the per-query limit).
    """
    # numpy only where a matrix is computed (matrix_counts.py says why)
    from graphsvc.graph.cooperation.matrix_counts import (
        direct_link_matrix,
        holding_matrices,
        operates_in_matrix,
        programme_matrix,
        score_matrix,
        without_domestic_pairs,
    )

    if type_ not in MATRIX_TYPES:  # the router parses; a second guard for other callers
        raise invalid_parameter("type", f"'{type_}' is not one of: {', '.join(MATRIX_TYPES)}")
    rows = await db.read("cooperation_matrix_entities", {"type": type_, "max_entities": max_entities},
                         timeout=query_timeout)
    total = rows[0]["total"] if rows else 0
    entities = [entity_shape(row["props"], row["type"]) for row in rows if row["props"] is not None]
    entities.sort(key=lambda e: (e["name"].casefold(), e["id"]))
    ids = [e["id"] for e in entities]
    truncated = total > len(ids)
    if not ids:
        return {"entities": [], "scores": [], "total": total, "truncated": False}
    # What each entity holds (memberships, agreements, events), reaches
    # (institutions abroad, programmes) and is directly linked to, read once
    # per entity and paired up here (walking from every entity to every
    # partner does not finish on large graphs).
    parameters = {"ids": ids, **filter_parameters(filters)}
    running = asyncio.Semaphore(READS_AT_ONCE)  # the matrix's reads are independent

    async def rows_of(name: str) -> list[dict[str, Any]]:
        # each statement sends its rows as one list in one record (see cooperation_matrix_institutions)
        async with running:
            return (await db.read(name, parameters, timeout=query_timeout))[0]["rows"]

    async def operates_in() -> np.ndarray:
        return operates_in_matrix(ids, await rows_of("cooperation_matrix_institutions"))

    async def programmes() -> np.ndarray:
        return programme_matrix(ids, await rows_of("cooperation_matrix_programmes"))

    async def holdings() -> dict[str, np.ndarray]:
        return holding_matrices(ids, await rows_of("cooperation_matrix_holdings"))

    async def direct_links() -> np.ndarray:
        return direct_link_matrix(ids, await rows_of("cooperation_matrix_direct"))

    async def domestic() -> list[dict[str, Any]]:
        async with running:
            return await db.read("cooperation_matrix_domestic", {"ids": ids}, timeout=query_timeout)

    # Started in this order, each as a slot frees up, so that the two running
    # at a time end close together at scale: institutions (the longest) on one
    # core, then direct links; holdings, then programmes on the other (the
    # holdings take longest to pair up: done while the programmes run). Each
    # part is paired up as soon as its rows are in, while the others run.
    operates, held, programme, linked, domestic_pairs = await asyncio.gather(
        operates_in(), holdings(), programmes(), direct_links(), domestic()
    )
    reach = without_domestic_pairs(ids, {"operates_in": operates, "programme": programme}, domestic_pairs)
    n_by_kind = {**held, "direct_link": linked, **reach}
    return {"entities": entities, "scores": score_matrix(ids, n_by_kind), "total": total, "truncated": truncated}
